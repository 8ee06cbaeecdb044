// The score over time: the daily total and dimensions (recomputed from dated records, and the
// back-end totals the user typed, each labelled) with the tier and eligibility lines, the
// forecast continuing dashed under two stated assumptions, "if evaluated on" any day of the
// forecast, the eligibility calendar, alerts linked to their advice and records, one
// sparkline per indicator, and the rule versions side by side. Charts come from charts.js.

import { colon, semicolon, comma, inParens } from '../timeline-words.js';
import { h, replace, fmt } from '../dom.js';
import { t, isZh, lang } from '../i18n.js';
import { download } from '../export.js';
import { txt, nameOf } from '../view.js';
import { withUnit } from '../render.js';
import { timeChart, sparkline, calendar, mount, interact } from '../charts.js';
import { answer } from '../answer.js';

// The timeline of the last input asked for, so a redraw (language switch, another panel's
// change) does not recompute it.
const cache = { key: null, value: null, error: null };
// Panel-local choices and what the last render drew with (for redraws on resize).
// `drawn`: the timeline and language on the page now.
const local = { evaluate: null, last: null, width: 0, drawn: null };

/**
 * What the panel asks the core: the files read (their session in the worker answers from what
 * it kept, never reading a file again: its answers are promises), the demo's dated days, or
 * typed values only (answered here, at once).
 */
export function ask(view) {
  if (view.history) {
    return {
      key: view.history.key(),
      timeline: () => view.history.timeline(),
      csv: (lang) => view.history.csv(lang),
      plan: (target) => view.history.plan(target),
    };
  }
  return {
    key: JSON.stringify([view.coreInput, view.isDemo]),
    timeline: () => view.api.timeline(view.coreInput, { demo: view.isDemo }),
    csv: (lang) => view.api.timelineCsv(view.coreInput, { demo: view.isDemo }, lang),
    plan: (target) => view.api.plan(view.coreInput, target),
  };
}

/**
 * The timeline for this view: computed once per input. An answer still on its way (from the
 * files' session) leaves the last one drawn until it comes, then `redraw()`; an answer for an
 * input that has changed since is dropped.
 */
function compute(view, redraw) {
  const asked = ask(view);
  if (cache.key === asked.key) return cache;
  const key = asked.key;
  cache.key = key;
  cache.error = null;
  cache.pending = answer(asked.timeline, (error, value, later) => {
    if (cache.key !== key) return;
    cache.value = error ? null : value;
    cache.error = error;
    cache.pending = false;
    // A session closed under the question (its files were removed) has nothing to say.
    if (error && error.code === 'session_closed') cache.key = null;
    if (later) redraw();
  });
  return cache;
}

/** A readable range for the total: the rule set's scale, trimmed to the values drawn. */
function yDomain(tl, values) {
  const { min, max } = tl.scale;
  const known = values.filter((v) => v != null && Number.isFinite(v));
  if (!known.length) return [min, max];
  const span = max - min;
  const step = span / 10;
  const low = Math.max(min, Math.floor((Math.min(...known) - step / 2) / step) * step);
  return [low, max];
}

function totalsChart(tl, width, view) {
  const recomputed = tl.days.some((d) => d.source === 'records');
  const dims = (view.report.dimensions || []).map((d) => ({ id: d.id, label: nameOf(d.id) }));
  const series = [
    { id: 'total', label: t(recomputed ? 'timeline.series.total' : 'timeline.series.total_typed'), points: tl.days.map((d) => ({ date: d.date, value: d.total })) },
    ...dims.map((d) => ({ id: d.id, label: d.label, points: tl.days.map((day) => ({ date: day.date, value: day.dimensions[d.id] ?? null })) })),
  ];
  if (recomputed && tl.backend.length) {
    series.splice(1, 0, { id: 'backend', label: t('timeline.series.backend'), points: tl.backend.map((b) => ({ date: b.date, value: b.total })) });
  }
  const forecasts = [
    { id: 'no_new_bad', label: t('timeline.forecast.no_new_bad'), points: tl.forecast.no_new_bad.map((f) => ({ date: f.date, value: f.total })) },
    { id: 'trend', label: t('timeline.forecast.trend'), points: tl.forecast.trend.map((f) => ({ date: f.date, value: f.total })) },
  ].filter((f) => f.points.length);
  const values = [...series, ...forecasts].flatMap((s) => s.points.map((p) => p.value));
  const domain = yDomain(tl, values);
  return timeChart({
    width,
    yDomain: domain,
    series,
    forecasts,
    lines: tl.lines.map((l) => ({ value: l.value, label: txt(l.name), kind: l.kind })),
    markers: tl.versions.switches.map((s) => ({ date: s.date, label: `${t('timeline.switch')} ${s.date.slice(5)}` })),
    labels: { title: t('timeline.chart.title', { n: tl.days.length }), today: t('timeline.today') },
    formatValue: (v) => fmt(v, 2),
  });
}

/** A mounted chart with its read-out, and a status line screen readers hear. */
function chartBlock(chart, testid) {
  const status = h('p', { class: 'chart-status visually-hidden', 'aria-live': 'polite' });
  const svgEl = mount(chart.tree);
  svgEl.setAttribute('data-testid', testid);
  interact(svgEl, chart, { status });
  return h('figure', { class: 'chart-figure' }, svgEl, status);
}

function assumptions(tl) {
  if (!tl.forecast.assumptions.length) return null;
  return h('div', { class: 'timeline-assumptions', 'data-testid': 'timeline-assumptions' },
    h('h3', null, t('timeline.assumptions', { n: tl.forecast.no_new_bad.length })),
    h('ol', null, tl.forecast.assumptions.map((a) => h('li', null, txt(a.text)))));
}

/** "If evaluated on date X": the projected figures of one forecast day under both assumptions. */
function evaluateOn(tl, rerender) {
  const a = tl.forecast.no_new_bad;
  if (!a.length) return null;
  const dates = a.map((f) => f.date);
  if (!dates.includes(local.evaluate)) local.evaluate = dates[0];
  const i = dates.indexOf(local.evaluate);
  const dayA = a[i];
  const dayB = tl.forecast.trend[i];
  const select = h('select', {
    id: 'timeline-evaluate', 'data-testid': 'timeline-evaluate',
    onchange: (e) => { local.evaluate = e.target.value; rerender(); },
  }, dates.map((d) => h('option', { value: d, selected: d === local.evaluate }, d)));
  return h('div', { class: 'timeline-evaluate no-print' },
    h('label', { for: 'timeline-evaluate' }, `${t('timeline.evaluate')}${colon()}`), select,
    h('dl', { class: 'timeline-evaluate-figures', 'data-testid': 'timeline-evaluate-figures' },
      h('dt', null, `${t('timeline.evaluate.total')}${inParens(t('timeline.forecast.no_new_bad'))}`), h('dd', { class: 'num' }, fmt(dayA.total, 2)),
      dayB ? [h('dt', null, `${t('timeline.evaluate.total')}${inParens(t('timeline.forecast.trend'))}`), h('dd', { class: 'num' }, fmt(dayB.total, 2))] : null,
      h('dt', null, t('timeline.evaluate.stage')), h('dd', null, t(`stage.${dayA.stage}`))),
    h('p', { class: 'small' }, h('strong', null, `${t('timeline.leaving')}${colon()}`),
      dayA.leaving.length
        ? dayA.leaving.map((l) => t('timeline.leaving.item', { indicator: nameOf(l.indicator), n: fmt(l.records, 0), date: l.from_date })).join(semicolon())
        : t('timeline.leaving.none')));
}

function changeText(row, change) {
  const risk = row.kind === 'risk';
  const key = risk ? (change.ok ? 'timeline.change.risk_off' : 'timeline.change.risk_on') : (change.ok ? 'timeline.change.gained' : 'timeline.change.lost');
  const text = t(key, { date: change.date });
  return change.forecast ? `${t('timeline.change.forecast')} ${text}` : text;
}

function eligibilityCalendar(tl, width) {
  const history = tl.days.length;
  const dates = [...tl.days.map((d) => d.date), ...tl.forecast.no_new_bad.map((f) => f.date)];
  const rows = tl.eligibility
    .filter((r) => r.days.some((d) => d != null))
    .map((r) => ({ id: r.id, label: txt(r.name), days: r.days, row: r }));
  if (!rows.length) return null;
  const words = {
    ok: t('timeline.calendar.ok'), fail: t('timeline.calendar.fail'), unknown: t('timeline.calendar.unknown'), forecast: t('timeline.calendar.forecast'),
  };
  // Every day that fits the width (the builder leaves out the oldest), then the forecast.
  const chart = calendar({ width, dates, rows, forecastFrom: history, labels: { ...words, title: t('section.timeline') } });
  const shown = history - chart.geometry.dropped;
  const title = t('timeline.calendar.title', { n: shown, m: tl.forecast.no_new_bad.length });
  const svgEl = mount(chart.tree);
  svgEl.setAttribute('data-testid', 'timeline-calendar');
  svgEl.setAttribute('aria-label', title);
  const changed = rows.filter((r) => r.row.changes.length);
  return h('div', { class: 'timeline-calendar' },
    h('h3', null, title),
    h('figure', { class: 'chart-figure' }, svgEl),
    changed.length
      ? h('ul', { class: 'timeline-changes', 'data-testid': 'timeline-changes' }, changed.map((r) => h('li', null,
        h('strong', null, r.label), colon(), r.row.changes.map((c) => changeText(r.row, c)).join(comma()))))
      : h('p', { class: 'muted small' }, t('timeline.changes.none')));
}

function goTo(sectionId) {
  const target = document.getElementById(sectionId);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  const heading = target.querySelector('h2');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function alertsList(tl, report) {
  const advised = new Set((report.advice || []).map((a) => a.indicator));
  const drillable = new Set(Object.keys(report.drilldown || {}));
  const printed = tl.alerts.some((a) => a.severity !== 'low');
  return h('div', { class: `timeline-alerts${printed ? '' : ' no-print'}` },
    h('h3', null, t('timeline.alerts')),
    tl.alerts.length
      ? h('ul', { class: 'alert-list', 'data-testid': 'timeline-alerts' }, tl.alerts.map((a) => h('li', { class: `alert alert-${a.severity}${a.severity === 'low' ? ' no-print' : ''}`, 'data-code': a.code },
        h('span', { class: `pill${a.severity === 'high' ? ' pill-fail' : a.severity === 'medium' ? ' pill-unknown' : ''}` }, t(`timeline.severity.${a.severity}`)),
        ' ', h('span', { class: 'alert-date' }, a.date), a.forecast ? h('small', { class: 'muted' }, ` (${t('timeline.alert.forecast')})`) : null,
        h('span', { class: 'block' }, txt(a.message)),
        h('span', { class: 'alert-links no-print' },
          a.advice && advised.has(a.advice) ? h('button', { type: 'button', class: 'btn btn-small btn-link', onclick: () => goTo('panel-advice') }, t('timeline.alert.advice')) : null,
          a.drilldown && drillable.has(a.drilldown) ? h('button', { type: 'button', class: 'btn btn-small btn-link', onclick: () => goTo('drilldown-card') }, t('timeline.alert.drilldown')) : null))))
      : h('p', { class: 'muted small' }, t('timeline.alerts.none')));
}

function indicatorTable(tl, report) {
  const last = tl.days[tl.days.length - 1];
  const ids = Object.keys(last.indicators).filter((id) => tl.days.filter((d) => d.indicators[id]).length > 1);
  if (!ids.length) return null;
  const byId = new Map((report.indicators || []).map((i) => [i.id, i]));
  return h('div', { class: 'timeline-indicators no-print' },
    h('h3', null, t('timeline.indicators')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table spark-table cards-on-phone' },
      h('thead', null, h('tr', null, ['timeline.col.indicator', 'timeline.col.trend', 'timeline.col.window', 'timeline.col.daily'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, ids.map((id) => {
        const ind = byId.get(id) || {};
        const points = tl.days.map((d) => ({ date: d.date, value: d.indicators[id] ? d.indicators[id].value : null }));
        const forecast = tl.forecast.no_new_bad.map((f) => ({ date: f.date, value: f.indicators[id] ? f.indicators[id].value : null }));
        const spark = sparkline({ points, forecast, width: 120, height: 28, label: nameOf(id), direction: ind.direction });
        const now = last.indicators[id];
        return h('tr', { 'data-testid': `spark-${id}` },
          h('th', { scope: 'row' }, nameOf(id)),
          h('td', { 'data-label': t('timeline.col.trend') }, mount(spark.tree)),
          h('td', { class: 'num', 'data-label': t('timeline.col.window') }, withUnit(now.value, ind.unit, 3)),
          h('td', { class: 'num', 'data-label': t('timeline.col.daily') }, now.daily != null ? withUnit(now.daily, ind.unit, 3) : '—'));
      })))));
}

function versionsBlock(tl, width) {
  const v = tl.versions;
  if (!v.switches.length) {
    return v.series.length ? h('p', { class: 'muted small' }, t('timeline.versions.none')) : null;
  }
  const chart = timeChart({
    width,
    yDomain: yDomain(tl, v.series.flatMap((s) => s.days.map((d) => d.total))),
    series: v.series.map((s) => ({ id: s.rule_set, label: txt(s.name), points: s.days.map((d) => ({ date: d.date, value: d.total })) })),
    markers: v.switches.map((s) => ({ date: s.date, label: `${t('timeline.switch')} ${s.date.slice(5)}` })),
    labels: { title: t('timeline.versions.title') },
    formatValue: (x) => fmt(x, 2),
  });
  return h('div', { class: 'timeline-versions no-print' },
    h('h3', null, t('timeline.versions')),
    chartBlock(chart, 'timeline-versions-chart'),
    h('ul', { class: 'small' }, v.switches.map((s) => h('li', null, txt(s.text)))));
}

function draw(el, view) {
  local.last = view;
  if (!view.report || !view.api || typeof view.api.timeline !== 'function') return replace(el);
  const rerender = () => draw(el, local.last);
  const { value: tl, error, pending } = compute(view, rerender);
  el.setAttribute('aria-busy', pending ? 'true' : 'false');
  if (error) return replace(el, h('p', { class: 'error-text' }, t('timeline.error', { message: error.message })));
  if (!tl) return replace(el, pending ? h('p', { class: 'muted', 'data-testid': 'timeline-working' }, t('timeline.working')) : null);
  // The last charts stay as they are until the next answer comes (drawing them again for
  // nothing costs a typed edit tens of milliseconds on the main thread).
  if (pending && local.drawn && local.drawn.tl === tl && local.drawn.lang === lang() && el.firstChild) return el;
  local.drawn = { tl, lang: lang() };
  const width = Math.max(280, Math.min(1100, el.clientWidth || 640));
  local.width = el.clientWidth || width;
  const notes = [...tl.notes, tl.forecast.note].filter(Boolean);
  if (tl.days.length < 2) {
    return replace(el, h('p', { class: 'muted', 'data-testid': 'timeline-no-days' }, t('timeline.no_days')),
      notes.length ? h('ul', { class: 'small muted' }, notes.map((n) => h('li', null, txt(n)))) : null);
  }
  const exportCsv = async (e) => {
    const button = e.currentTarget;
    try {
      const text = await ask(view).csv(isZh() ? 'zh' : 'en');
      if (text) download(`shopscore-history-${tl.as_of}.csv`, text, 'text/csv;charset=utf-8');
    } catch (error) {
      button.after(h('span', { class: 'error-text small', role: 'alert' }, ` ${t('timeline.csv_error', { message: error.message })}`));
    }
  };
  return replace(el,
    h('p', { class: 'hint' }, t('timeline.window', { days: tl.window_days, rule_set: txt(tl.rule_set_name), date: tl.as_of }),
      ' ', h('button', { type: 'button', class: 'btn btn-small no-print', 'data-testid': 'timeline-csv', onclick: exportCsv }, t('timeline.csv'))),
    chartBlock(totalsChart(tl, width, view), 'timeline-chart'),
    h('p', { class: 'hint no-print small' }, t('timeline.readout_hint')),
    assumptions(tl),
    evaluateOn(tl, rerender),
    alertsList(tl, view.report),
    eligibilityCalendar(tl, width),
    indicatorTable(tl, view.report),
    versionsBlock(tl, width),
    notes.length ? h('div', { class: 'timeline-notes no-print' }, h('h3', null, t('timeline.notes')), h('ul', { class: 'small' }, notes.map((n) => h('li', null, txt(n))))) : null);
}

export default {
  id: 'timeline',
  title: 'section.timeline',
  wide: true,
  mount(el) {
    // Charts are laid out for their width: draw again when the width changes noticeably.
    if (typeof ResizeObserver !== 'function') return;
    new ResizeObserver(() => {
      const width = el.clientWidth;
      if (local.last && width && Math.abs(width - local.width) > 24) draw(el, local.last);
    }).observe(el);
  },
  render: draw,
};
