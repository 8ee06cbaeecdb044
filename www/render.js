// Draws a report (the core's report JSON) into the page. Pure DOM building with text nodes;
// state and events live in app.js, which passes the handlers in.

import { h, svg, replace, fmt, fmtDelta } from './dom.js';
import { t, pick, isZh, localized } from './i18n.js';
import { indicatorEntry } from './model.js';

// ---- small pieces ---------------------------------------------------------------------------

/** The "估算 estimate" mark: focusable, with the explanation as tooltip and accessible name. */
export function estimateMark(extra) {
  const tip = t('estimate.tip') + (extra ? ` (${extra})` : '');
  return h('span', { class: 'mark mark-estimate', title: tip, tabindex: '0', role: 'note', 'aria-label': tip, 'data-testid': 'estimate-mark' }, isZh() ? '估算' : 'estimate');
}

function smallSampleMark() {
  return h('span', { class: 'mark mark-small', title: t('small_sample.tip'), tabindex: '0', role: 'note', 'aria-label': t('small_sample.tip') }, t('small_sample.mark'));
}

const UNIT_LABELS = {
  percent: { zh: '%', en: '%' },
  '%': { zh: '%', en: '%' },
  seconds: { zh: '秒', en: 's' },
  second: { zh: '秒', en: 's' },
  s: { zh: '秒', en: 's' },
  minutes: { zh: '分钟', en: 'min' },
  hours: { zh: '小时', en: 'h' },
  hour: { zh: '小时', en: 'h' },
  h: { zh: '小时', en: 'h' },
  days: { zh: '天', en: 'days' },
  stars: { zh: '分', en: '' },
  points: { zh: '分', en: 'pts' },
  score: { zh: '分', en: 'pts' },
  count: { zh: '次', en: '' },
};

export function unitLabel(unit) {
  if (!unit) return '';
  const known = UNIT_LABELS[String(unit).toLowerCase()];
  if (!known) return String(unit);
  return isZh() ? known.zh : known.en;
}

export function withUnit(value, unit, digits = 2) {
  if (value == null) return '—';
  const u = unitLabel(unit);
  if (!u) return fmt(value, digits);
  return u === '%' ? `${fmt(value, digits)}%` : `${fmt(value, digits)} ${u}`;
}

export function lowerIsBetter(direction) {
  return /low|less|down|desc|min|smaller/i.test(String(direction || ''));
}

function bandText(band, ind) {
  if (!band) return '—';
  const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
  return `${cmp} ${withUnit(band.threshold, ind.unit, 3)} → ${fmt(band.score, 1)}`;
}

function niceStep(span) {
  if (!(span > 0)) return 1;
  const raw = span / 200;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

/**
 * The slider range of an indicator: from the rule set detail when the core provides one,
 * otherwise derived from the value and the band thresholds so that every band is reachable.
 */
export function sliderSpec(ind, detailInd) {
  const d = detailInd && (detailInd.slider || detailInd.range || detailInd);
  const min = d && Number.isFinite(d.min) ? d.min : d && Number.isFinite(d.slider_min) ? d.slider_min : null;
  const max = d && Number.isFinite(d.max) ? d.max : d && Number.isFinite(d.slider_max) ? d.slider_max : null;
  const step = d && Number.isFinite(d.step) && d.step > 0 ? d.step : d && Number.isFinite(d.slider_step) ? d.slider_step : null;
  if (min != null && max != null && max > min) {
    return { min, max, step: step || niceStep(max - min) };
  }
  const points = [ind.value, ind.next_band && ind.next_band.threshold, ind.best_band && ind.best_band.threshold];
  if (detailInd && Array.isArray(detailInd.bands)) points.push(...detailInd.bands);
  const known = points.filter((x) => x != null && Number.isFinite(Number(x))).map(Number);
  const isPercent = /^(%|percent)$/i.test(String(ind.unit || ''));
  if (known.length === 0) return { min: 0, max: isPercent ? 100 : 100, step: isPercent ? 0.1 : 1 };
  let lo = Math.min(...known);
  let hi = Math.max(...known);
  if (hi <= 5 && lo >= 1 && !isPercent) {
    lo = Math.max(0, Math.floor(lo) - 1);
    hi = 5;
  } else if (lowerIsBetter(ind.direction)) {
    lo = 0;
    hi = hi <= 0 ? 1 : hi * 2;
  } else {
    const pad = Math.max((hi - lo) * 0.5, Math.abs(hi) * 0.1, 1);
    lo = Math.max(0, lo - pad);
    hi = hi + pad;
  }
  if (isPercent) hi = Math.min(hi, 100);
  const stepSize = niceStep(hi - lo);
  lo = Math.floor(lo / stepSize) * stepSize;
  hi = Math.ceil(hi / stepSize) * stepSize;
  return { min: Number(lo.toFixed(6)), max: Number(hi.toFixed(6)), step: stepSize };
}

// ---- summary: gauge, stage, consumer stars, tier -------------------------------------------

/** A half-circle gauge of `total` on [min, max], with the scale's end and middle marks. */
export function gauge(total, scale, whatif) {
  const min = scale ? scale.min : 0;
  const max = scale ? scale.max : 100;
  const frac = (v) => Math.min(1, Math.max(0, (v - min) / (max - min || 1)));
  const point = (f, r = 80) => {
    const a = Math.PI * (1 - f);
    return [100 + r * Math.cos(a), 100 - r * Math.sin(a)];
  };
  const arc = (f) => {
    const [x, y] = point(f);
    return `M 20 100 A 80 80 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
  };
  const shown = whatif != null ? whatif : total;
  const f = shown == null ? 0 : frac(shown);
  const level = f >= 0.8 ? 'good' : f >= 0.5 ? 'mid' : 'low';
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((tf) => {
    const [x1, y1] = point(tf, 88);
    const [x2, y2] = point(tf, 94);
    return svg('line', { x1, y1, x2, y2, class: 'gauge-tick' });
  });
  // Scale labels: the two ends under the arc's feet, the middle above the arc's top.
  const tickLabels = [
    svg('text', { x: 20, y: 116, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(min, 2)),
    svg('text', { x: 100, y: 9, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(min + (max - min) / 2, 2)),
    svg('text', { x: 180, y: 116, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(max, 2)),
  ];
  return svg(
    'svg',
    { viewBox: '0 -2 200 122', class: 'gauge', role: 'img', 'aria-label': `${t('result.total')} ${fmt(shown)} / ${fmt(max)}` },
    svg('path', { d: 'M 20 100 A 80 80 0 0 1 180 100', class: 'gauge-track' }),
    shown == null ? null : svg('path', { d: arc(Math.max(f, 0.001)), class: `gauge-value gauge-${level}` }),
    ...ticks,
    ...tickLabels,
    svg('text', { x: 100, y: 88, class: 'gauge-number', 'text-anchor': 'middle' }, shown == null ? '—' : fmt(shown)),
  );
}

/** Stars as glyphs with a partial fill, plus the number for screen readers and print. */
export function stars(value) {
  const pct = Math.max(0, Math.min(100, (value / 5) * 100));
  return h(
    'span',
    { class: 'stars', role: 'img', 'aria-label': `${fmt(value, 1)} / 5 ★`, 'data-testid': 'stars', 'data-value': value },
    h('span', { class: 'stars-empty', 'aria-hidden': 'true' }, '★★★★★'),
    h('span', { class: 'stars-full', 'aria-hidden': 'true', style: { width: `${pct}%` } }, '★★★★★'),
  );
}

export function renderSummary(el, report, preview, detail) {
  if (!report) return replace(el);
  const estimates = report.estimates || [];
  const consumerEstimated = estimates.some((e) => /consumer display|消费者展示/i.test(e));
  const tierRule = report.tier && detail && (detail.tiers || []).find((x) => x.id === report.tier.id);
  const tierEstimated = Boolean(tierRule && tierRule.estimated) || estimates.some((e) => /tier|流量层级/i.test(e));
  const info = report.rule_set_info || {};
  const whatif = preview && preview.total != null && report.total != null ? preview.total : null;
  const delta = whatif != null ? whatif - report.total : null;
  const stageKey = `stage.${report.stage}`;
  return replace(
    el,
    h(
      'div',
      { class: 'gauge-box' },
      gauge(report.total, report.scale, whatif),
      h('p', { class: 'total-line' },
        h('span', { class: 'total-label' }, t('result.total')), ' ',
        h('strong', { class: 'total-value', 'data-testid': 'total', 'data-value': report.total ?? '' }, fmt(report.total)),
        h('span', { class: 'total-scale' }, ` / ${fmt(report.scale && report.scale.max)}`),
      ),
      h('p', { class: `whatif-line${whatif == null ? ' is-idle' : ''}`, 'data-testid': 'whatif', 'aria-live': 'polite', 'data-value': whatif ?? '' },
        whatif == null ? '' : `${t('result.whatif')}: ${fmt(whatif)} (${fmtDelta(delta)})`),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact(t('result.stage'), h('span', { class: `pill pill-${report.stage}`, 'data-testid': 'stage' }, t(stageKey)),
        report.stage === 'growth'
          ? h('small', { class: 'muted block' }, t('stage.growth_hint', { n: fmt(detail && detail.stage ? detail.stage.min_orders : 30, 0) }))
          : report.stage === 'no_score' ? h('small', { class: 'muted block' }, t('stage.no_score_hint')) : null),
      fact(t('result.scale'), `${fmt(report.scale && report.scale.min)}–${fmt(report.scale && report.scale.max)}`),
      fact(
        t('result.consumer'),
        report.consumer
          ? h('span', { class: 'consumer', 'data-testid': 'consumer' }, h('strong', null, fmt(report.consumer.score, 1)), ' ', stars(report.consumer.stars), consumerEstimated ? estimateMark(isZh() ? '取整方式未公布' : 'rounding unpublished') : null)
          : h('span', { class: 'muted' }, t('result.consumer.none')),
      ),
      fact(t('result.tier'), report.tier ? h('span', { 'data-testid': 'tier' }, pick(report.tier), tierEstimated ? estimateMark(isZh() ? '档位门槛未公布' : 'thresholds unpublished') : null) : h('span', { class: 'muted' }, t('result.tier.none'))),
      fact(t('result.rule_set'), h('span', { 'data-testid': 'rule-set-name' }, pick(info)), h('small', { class: 'muted block' }, info.source || '')),
      fact(
        t('result.confidence'),
        h('span', { class: `pill pill-conf-${info.confidence}` }, t(`confidence.${info.confidence}`)),
        info.confidence && info.confidence !== 'official' ? estimateMark() : null,
      ),
    ),
    renderAdjustments(report),
  );
}

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, ...value));
}

function renderAdjustments(report) {
  const list = report.adjustments || [];
  if (list.length === 0) return h('p', { class: 'muted adjustments' }, t('adjustment.none'));
  return h(
    'ul',
    { class: 'adjustments', 'data-testid': 'adjustments' },
    list.map((a) =>
      h('li', { class: `adj adj-${a.kind}` },
        h('span', { class: 'adj-kind' }, t(`adjustment.${a.kind}`)), ' ',
        pick(a), ' ',
        h('strong', null, fmtDelta(a.points)),
        a.capped ? h('span', { class: 'muted' }, ` (${t('adjustment.capped')})`) : null,
      ),
    ),
  );
}

// ---- dimensions -----------------------------------------------------------------------------

export function renderDimensions(el, report, input, onTyped, onTypedWeight) {
  if (!report) return replace(el);
  const scaleMin = 50;
  const rows = report.dimensions.map((d) => {
    const typed = input.dimensions[d.id];
    const pct = d.score == null ? 0 : Math.max(2, Math.min(100, ((d.score - Math.min(scaleMin, d.score)) / (100 - Math.min(scaleMin, d.score) || 1)) * 100));
    return h(
      'div',
      { class: 'dim', 'data-testid': `dimension-${d.id}` },
      h('div', { class: 'dim-head' },
        h('span', { class: 'dim-name' }, pick(d)),
        d.estimated ? estimateMark() : null,
        h('span', { class: 'dim-score', 'data-testid': `dimension-score-${d.id}` }, fmt(d.score)),
      ),
      h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: { width: `${pct}%` } })),
      h('div', { class: 'dim-meta' },
        h('span', null, `${t('col.weight')} ${fmt(d.weight, 1)}%`),
        h('span', null, `${t('col.contribution')} ${fmt(d.contribution)}`),
        h('span', { class: 'muted' }, t(`source.${d.source}`)),
      ),
      h('div', { class: 'field-inline no-print' },
       h('label', { class: 'field field-inline' },
        h('span', null, `${t('col.weight')} %`),
        h('input', {
          type: 'number', step: 'any', min: '0', value: input.weights.dimensions[d.id] ?? '', placeholder: fmt(d.weight, 2),
          class: 'weight-input', 'data-key': `dimweight:${d.id}`, 'data-testid': `dimension-weight-${d.id}`,
          onchange: (ev) => onTypedWeight('dimensions', d.id, ev.target),
        })),
       h('label', { class: 'field field-inline grow' },
        h('span', null, t('col.typed_dimension')),
        h('input', {
          type: 'number', step: 'any', min: '0', value: typed ?? '', placeholder: t('dimension.typed_hint'),
          'data-key': `dim:${d.id}`, 'data-testid': `dimension-input-${d.id}`,
          onchange: (ev) => onTyped(d.id, ev.target),
        }))),
    );
  });
  return replace(el, h('div', { class: 'dims' }, rows));
}

// ---- indicators with what-if sliders --------------------------------------------------------

export function renderIndicators(el, report, input, detail, handlers) {
  if (!report) return replace(el);
  const detailById = new Map(((detail && detail.indicators) || []).map((d) => [d.id, d]));
  const dimName = new Map(report.dimensions.map((d) => [d.id, pick(d)]));
  const head = [
    'col.indicator', 'col.value', 'col.whatif', 'col.score', 'col.weight', 'col.contribution', 'col.next_band', 'col.best_band', 'col.typed_score',
  ];
  const body = report.indicators.map((ind) => {
    const entry = indicatorEntry(input, ind.id);
    const spec = sliderSpec(ind, detailById.get(ind.id));
    const current = entry.value ?? ind.value;
    const sliderValue = current == null ? (lowerIsBetter(ind.direction) ? spec.min : spec.max) : Math.min(spec.max, Math.max(spec.min, current));
    const name = pick(ind);
    const cells = [
      h('th', { scope: 'row', class: 'ind-name', 'data-label': t('col.indicator') },
        h('span', null, name),
        h('small', { class: 'muted block' }, `${dimName.get(ind.dimension) || ind.dimension} · ${t(`source.${ind.source}`)}`),
        ind.estimated ? estimateMark() : null,
        ind.small_sample ? smallSampleMark() : null,
        ind.numerator != null && ind.denominator != null ? h('small', { class: 'muted block' }, `${fmt(ind.numerator, 0)} / ${fmt(ind.denominator, 0)}`) : null,
        tuneEditor(ind, input, detailById.get(ind.id), detail, handlers),
      ),
      h('td', { 'data-label': t('col.value') },
        h('span', { class: 'value-input' },
          h('input', {
            type: 'number', step: 'any', value: entry.value ?? '', placeholder: ind.value == null ? t('value.missing') : fmt(ind.value, 4),
            'aria-label': `${name} ${t('col.value')}`, 'data-key': `val:${ind.id}`, 'data-testid': `value-${ind.id}`,
            onchange: (ev) => handlers.onValue(ind.id, ev.target),
          }),
          h('span', { class: 'unit' }, unitLabel(ind.unit)),
        ),
      ),
      h('td', { class: 'whatif-cell', 'data-label': t('col.whatif') },
        h('input', {
          type: 'range', min: spec.min, max: spec.max, step: spec.step, value: sliderValue,
          'aria-label': `${name} ${t('col.whatif')}`, 'aria-valuetext': withUnit(sliderValue, ind.unit, 4),
          'data-key': `slider:${ind.id}`, 'data-testid': `slider-${ind.id}`,
          oninput: (ev) => handlers.onSlide(ind.id, Number(ev.target.value), ev.target),
          onchange: (ev) => handlers.onSlideEnd(ind.id, Number(ev.target.value), ev.target),
        }),
        h('span', { class: 'slider-readout' },
          h('span', { class: 'slider-value', 'data-testid': `slider-value-${ind.id}` }, withUnit(sliderValue, ind.unit, 4)),
          ' ',
          h('span', { class: 'delta', 'data-testid': `delta-${ind.id}`, 'aria-live': 'polite' }),
        ),
      ),
      h('td', { class: 'num', 'data-label': t('col.score'), 'data-testid': `score-${ind.id}` }, fmt(ind.score, 2)),
      h('td', { class: 'num', 'data-label': t('col.weight') }, `${fmt(ind.weight, 1)}%`),
      h('td', { class: 'num', 'data-label': t('col.contribution') }, fmt(ind.contribution, 2)),
      h('td', { 'data-label': t('col.next_band') }, bandText(ind.next_band, ind)),
      h('td', { 'data-label': t('col.best_band') }, bandText(ind.best_band, ind)),
      h('td', { 'data-label': t('col.typed_score'), class: 'no-print' },
        h('input', {
          type: 'number', step: 'any', min: '0', value: entry.score ?? '', class: 'score-input',
          'aria-label': `${name} ${t('col.typed_score')}`, 'data-key': `score:${ind.id}`, 'data-testid': `typed-score-${ind.id}`,
          onchange: (ev) => handlers.onScore(ind.id, ev.target),
        }),
      ),
    ];
    return h('tr', { 'data-testid': `indicator-${ind.id}`, 'data-indicator': ind.id }, cells);
  });
  return replace(
    el,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'ind-table' },
        h('thead', null, h('tr', null, head.map((k, i) => h('th', { scope: 'col', class: i === 8 || i === 2 ? 'no-print' : null }, t(k))))),
        h('tbody', null, body),
      ),
    ),
  );
}

/**
 * The unpublished numbers of one indicator, editable: the value needed for each band and the
 * weight inside its dimension. Empty fields keep the rule set's default (shown as placeholder).
 */
function tuneEditor(ind, input, detailInd, detail, handlers) {
  const bandScores = (detail && detail.band_scores) || [60, 70, 80, 90, 100];
  const defaults = (detailInd && detailInd.bands) || [];
  const typed = input.bands[ind.id] || [];
  const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
  const read = (box) => [...box.querySelectorAll('input[data-band]')].map((el) => el.value);
  const bands = h('div', { class: 'tune-bands' }, bandScores.slice(0, 5).map((score, i) =>
    h('label', { class: 'tune-field' },
      h('span', null, `${fmt(score)} ${isZh() ? '分' : 'pts'} ${cmp}`),
      h('input', {
        type: 'number', step: 'any', value: typed[i] ?? '', placeholder: defaults[i] != null ? fmt(defaults[i], 4) : '',
        'data-band': String(i), 'data-key': `band:${ind.id}:${i}`, 'data-testid': `band-${ind.id}-${i}`,
        onchange: (ev) => handlers.onBands(ind.id, read(ev.target.closest('.tune'))),
      }))));
  const weight = h('label', { class: 'tune-field' },
    h('span', null, `${t('col.weight')} %`),
    h('input', {
      type: 'number', step: 'any', min: '0', value: input.weights.indicators[ind.id] ?? '', placeholder: fmt(ind.weight, 2),
      'data-key': `weight:${ind.id}`, 'data-testid': `weight-${ind.id}`,
      onchange: (ev) => handlers.onWeight('indicators', ind.id, ev.target),
    }));
  const open = input.bands[ind.id] != null || input.weights.indicators[ind.id] != null;
  return h('details', { class: 'tune no-print', open },
    h('summary', null, t('tune.summary')),
    h('p', { class: 'hint' }, t('tune.hint')),
    bands, weight);
}

/** Show the live what-if value and total change next to a slider while it is dragged. */
export function showSliderPreview(root, id, value, unit, delta) {
  const row = root.querySelector(`[data-indicator="${CSS.escape(id)}"]`);
  if (!row) return;
  const out = row.querySelector('.slider-value');
  if (out) out.textContent = withUnit(value, unit, 4);
  const slider = row.querySelector('input[type=range]');
  if (slider) slider.setAttribute('aria-valuetext', withUnit(value, unit, 4));
  const d = row.querySelector('.delta');
  if (d) {
    d.textContent = delta == null ? '' : `${t('col.delta')} ${fmtDelta(delta)}`;
    d.className = `delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`;
  }
}

// ---- events (deductions and bonuses) --------------------------------------------------------

/**
 * The events a rule set takes: every event of its deduction buckets (counts) and the event
 * behind each bonus (a flag, a percentage or the {orders, share} pair), plus any event the
 * input already carries.
 */
function knownEvents(report, input, detail) {
  const known = new Map();
  for (const d of (detail && detail.deductions) || []) {
    for (const id of d.events || [d.id]) {
      known.set(id, { id, label: (d.events || []).length > 1 ? `${pick(d)} · ${id}` : pick(d), kind: 'deduction', control: 'number', ruleId: d.id, hint: `−${fmt(d.per_case)} / ≤ ${fmt(d.cap)}` });
    }
  }
  for (const b of (detail && detail.bonuses) || []) {
    const type = b.condition && b.condition.type;
    const control = type === 'flag' ? 'flag' : type === 'installation' ? 'pair' : 'number';
    const hint = type === 'share_min' ? `≥ ${fmt(b.condition.min)}% → +${fmt(b.points)}`
      : type === 'installation' ? `≥ ${fmt(b.condition.min_orders)} · ≥ ${fmt(b.condition.min_share)}% → +${fmt(b.points)}` : `+${fmt(b.points)}`;
    known.set(b.event || b.id, { id: b.event || b.id, label: pick(b), kind: 'bonus', control, ruleId: b.id, hint, percent: type === 'share_min' });
  }
  for (const [id, value] of Object.entries(input.events)) {
    const ev = known.get(id) || { id, label: id, control: 'number' };
    // The typed value decides the control when it does not fit the rule set's default.
    if (typeof value === 'boolean') ev.control = 'flag';
    else if (value && typeof value === 'object') ev.control = 'pair';
    else if (typeof value === 'number' && ev.control === 'flag') ev.control = 'number';
    known.set(id, ev);
  }
  for (const a of report.adjustments || []) {
    if (![...known.values()].some((ev) => ev.ruleId === a.id || ev.id === a.id)) known.set(a.id, { id: a.id, label: pick(a), kind: a.kind, control: 'number', ruleId: a.id });
  }
  return [...known.values()];
}

export function renderEvents(el, report, input, detail, onEvent) {
  if (!report) return replace(el);
  const events = knownEvents(report, input, detail);
  if (events.length === 0) return replace(el, h('p', { class: 'muted' }, t('events.none')));
  const rows = events.map((ev) => {
    const current = input.events[ev.id];
    const name = ev.label || ev.id;
    let control;
    if (ev.control === 'flag') {
      control = h('label', { class: 'check' },
        h('input', { type: 'checkbox', checked: current === true, 'aria-label': name, 'data-key': `ev:${ev.id}`, 'data-testid': `event-${ev.id}`, onchange: (e) => onEvent(ev.id, e.target.checked ? true : null) }),
        h('span', null, t('event.yes')));
    } else if (ev.control === 'pair') {
      const pair = current && typeof current === 'object' ? current : {};
      const read = (row) => {
        const [o, s] = row.querySelectorAll('input');
        return { orders: o.value, share: s.value };
      };
      control = h('span', { class: 'pair' },
        h('input', { type: 'number', step: 'any', min: '0', value: pair.orders ?? '', placeholder: isZh() ? '订单数' : 'orders', 'aria-label': `${name} ${isZh() ? '订单数' : 'orders'}`, 'data-key': `ev:${ev.id}:o`, onchange: (e) => onEvent(ev.id, read(e.target.parentNode), 'pair') }),
        h('input', { type: 'number', step: 'any', min: '0', value: pair.share ?? '', placeholder: '%', 'aria-label': `${name} %`, 'data-key': `ev:${ev.id}:s`, onchange: (e) => onEvent(ev.id, read(e.target.parentNode), 'pair') }));
    } else {
      control = h('span', { class: 'value-input' },
        h('input', {
          type: 'number', step: 'any', min: '0', value: typeof current === 'number' ? current : current === true ? 1 : '',
          'aria-label': name, 'data-key': `ev:${ev.id}`, 'data-testid': `event-${ev.id}`,
          onchange: (e) => onEvent(ev.id, e.target, 'number'),
        }),
        ev.percent ? h('span', { class: 'unit' }, '%') : null);
    }
    const applied = (report.adjustments || []).find((a) => a.id === ev.ruleId || a.id === ev.id);
    return h('tr', null,
      h('th', { scope: 'row' }, name,
        h('small', { class: 'muted block' }, [ev.kind ? t(`adjustment.${ev.kind}`) : null, ev.hint].filter(Boolean).join(' · '))),
      h('td', null, control),
      h('td', { class: 'num' }, applied ? fmtDelta(applied.points) : '—'));
  });
  return replace(el,
    h('p', { class: 'hint' }, t('events.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('col.event')), h('th', { scope: 'col' }, t('col.event_value')), h('th', { scope: 'col', class: 'num' }, t('col.points')))),
      h('tbody', null, rows))));
}

// ---- eligibility, advice, warnings, estimates ----------------------------------------------

export function renderEligibility(el, report) {
  if (!report) return replace(el);
  const items = report.eligibility || [];
  return replace(el, h('ul', { class: 'checklist' }, items.map((e) => {
    const state = e.ok === true ? 'ok' : e.ok === false ? 'fail' : 'unknown';
    const icon = state === 'ok' ? '✓' : state === 'fail' ? '✗' : '?';
    return h('li', { class: `check-${state}`, 'data-testid': `eligibility-${e.id}` },
      h('span', { class: 'check-icon', 'aria-hidden': 'true' }, icon),
      h('span', { class: 'check-text' },
        h('strong', null, pick(e)), ' ',
        h('span', { class: `pill pill-${state}` }, t(`eligibility.${state}`)),
        e.detail ? h('small', { class: 'muted block' }, e.detail) : null));
  })));
}

/**
 * What an advice item is about: an indicator, a dimension (typed dimension scores) or an event
 * (deductions and bonuses), named from the report or the rule set detail.
 */
function adviceSubject(id, report, detail) {
  const ind = report.indicators.find((i) => i.id === id);
  if (ind) return ind;
  const dim = report.dimensions.find((d) => d.id === id);
  if (dim) return { ...dim, unit: 'points', direction: 'higher_better' };
  for (const d of (detail && detail.deductions) || []) {
    if ((d.events || []).includes(id) || d.id === id) return { id, zh: d.zh, en: d.en, unit: 'count', direction: 'lower_better' };
  }
  for (const b of (detail && detail.bonuses) || []) {
    if (b.event === id || b.id === id) return { id, zh: b.zh, en: b.en, unit: b.condition && b.condition.type === 'share_min' ? 'percent' : '', direction: 'higher_better' };
  }
  const adj = (report.adjustments || []).find((a) => a.id === id);
  return adj ? { ...adj, unit: '' } : { id, unit: '' };
}

const SHOWN_CARDS = 5;
const SHOWN_ACTIONS = 2;

export function renderAdvice(el, report, detail) {
  if (!report) return replace(el);
  const list = [...(report.advice || [])].sort((a, b) => (b.gain || 0) - (a.gain || 0) || (b.gain_best || 0) - (a.gain_best || 0));
  if (list.length === 0) return replace(el, h('p', { class: 'muted' }, t('advice.none')));
  const cards = list.map((a, rank) => {
    const ind = adviceSubject(a.indicator, report, detail);
    const actions = isZh() ? (a.actions_zh.length ? a.actions_zh : a.actions_en) : (a.actions_en.length ? a.actions_en : a.actions_zh);
    const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
    return h('li', { class: 'advice-card', 'data-testid': 'advice-card' },
      h('div', { class: 'advice-head' },
        h('span', { class: 'advice-rank' }, String(rank + 1)),
        h('strong', null, pick(ind) || a.indicator),
        ind.estimated ? estimateMark() : null),
      h('div', { class: 'advice-gains' },
        h('span', { class: 'gain', 'data-testid': 'advice-gain' }, t('advice.gain_next', { gain: fmt(a.gain) }),
          a.target_next != null ? h('small', null, ` (${t('advice.target')} ${cmp} ${withUnit(a.target_next, ind.unit, 3)})`) : null),
        h('span', { class: 'gain gain-best' }, t('advice.gain_best', { gain: fmt(a.gain_best) }),
          a.target_best != null ? h('small', null, ` (${t('advice.target')} ${cmp} ${withUnit(a.target_best, ind.unit, 3)})`) : null)),
      actions.length ? h('ul', { class: 'actions' }, actions.slice(0, SHOWN_ACTIONS).map((x) => h('li', null, x))) : null,
      actions.length > SHOWN_ACTIONS
        ? h('details', { class: 'more-actions' },
          h('summary', null, t('advice.more_actions', { n: actions.length - SHOWN_ACTIONS })),
          h('ul', { class: 'actions' }, actions.slice(SHOWN_ACTIONS).map((x) => h('li', null, x))))
        : null);
  });
  // The first few fixes carry most of the points; the rest stay one click away.
  return replace(el,
    h('ol', { class: 'advice-list' }, cards.slice(0, SHOWN_CARDS)),
    cards.length > SHOWN_CARDS
      ? h('details', { class: 'more-advice' },
        h('summary', null, t('advice.more', { n: cards.length - SHOWN_CARDS })),
        h('ol', { class: 'advice-list', start: String(SHOWN_CARDS + 1) }, cards.slice(SHOWN_CARDS)))
      : null);
}

export function renderWarnings(el, report, pageWarnings = []) {
  if (!report && !pageWarnings.length) return replace(el);
  const list = [...pageWarnings, ...((report && report.warnings) || [])];
  if (list.length === 0) return replace(el, h('p', { class: 'muted' }, t('warnings.none')));
  return replace(el, h('ul', { class: 'warnings' }, list.map((w) => {
    const where = [w.file, w.line != null ? `${isZh() ? '第' : 'line '}${w.line}${isZh() ? '行' : ''}` : null, w.column].filter(Boolean).join(' · ');
    return h('li', { 'data-testid': 'warning', 'data-code': w.code },
      h('code', { class: 'code' }, w.code), ' ', pick(w.text),
      where ? h('small', { class: 'muted block' }, where) : null);
  })));
}

export function renderEstimates(el, report) {
  if (!report) return replace(el);
  const list = report.estimates || [];
  if (list.length === 0) return replace(el);
  return replace(el,
    h('p', { class: 'hint' }, estimateMark(), ' ', t('estimate.tip')),
    h('ul', { class: 'estimates' }, list.map((x) => h('li', null, localized(x)))));
}

// ---- comparison -----------------------------------------------------------------------------

export function renderCompare(el, rows) {
  if (!rows) return replace(el);
  return replace(el, h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table compare-table' },
    h('thead', null, h('tr', null, ['col.rule_set', 'col.total', 'col.stage', 'col.consumer', 'col.tier', 'result.confidence'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, rows.map(({ ruleSet, report, error }) => h('tr', { 'data-testid': `compare-${ruleSet.id}` },
      h('th', { scope: 'row' }, pick(ruleSet), h('small', { class: 'muted block' }, ruleSet.id)),
      error
        ? h('td', { colspan: '5', class: 'error-text' }, `${error.code}: ${error.message}`)
        : [
          h('td', { class: 'num' }, h('strong', null, fmt(report.total)), h('small', { class: 'muted' }, ` / ${fmt(report.scale.max)}`)),
          h('td', null, t(`stage.${report.stage}`)),
          h('td', null, report.consumer ? [fmt(report.consumer.score, 1), ' ', stars(report.consumer.stars)] : '—'),
          h('td', null, report.tier ? pick(report.tier) : '—'),
          h('td', null, t(`confidence.${report.rule_set_info.confidence}`), report.rule_set_info.confidence !== 'official' ? estimateMark() : null),
        ]))))));
}

/** The error banner for a stable-coded core error. */
export function renderError(el, error) {
  if (!error) {
    el.hidden = true;
    return replace(el);
  }
  el.hidden = false;
  return replace(el,
    h('strong', null, t('error.title')), ' ',
    h('code', { class: 'code' }, error.code || 'internal'), ' ',
    error.message || '',
    error.field ? h('span', { class: 'block' }, `${t('error.field')}: `, h('code', null, error.field)) : null);
}
