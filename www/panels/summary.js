// The result: the total with how complete it is right beside it (coverage), stage, the score
// consumers see, the tier, the rule set, what is still missing in words and where to get it,
// and — when there is too little to score — what IS known and the next step. Also the sticky
// score bar that keeps the total and the what-if delta in view while the user scrolls or drags.

import { h, replace, fmt, fmtDelta } from '../dom.js';
import { t, pick, isZh } from '../i18n.js';
import { gauge, stars, estimateMark, withUnit } from '../render.js';
import { txt, coverage, consumerNote, tierNote, nameOf } from '../view.js';

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, ...value));
}

function estimated(report, detail) {
  const estimates = (report.estimates || []).map(txt);
  const consumer = estimates.some((e) => /consumer display|消费者展示/i.test(e));
  const tierRule = report.tier && detail && (detail.tiers || []).find((x) => x.id === report.tier.id);
  const tier = Boolean(tierRule && tierRule.estimated) || estimates.some((e) => /tier|流量层级/i.test(e));
  return { consumer, tier };
}

/** "based on 3 of 9 indicators" with a partial mark, as one line. */
export function coverageLine(report, testid = 'coverage') {
  const c = coverage(report);
  if (!c || !c.indicators_needed) return null;
  const complete = c.complete || c.indicators_known >= c.indicators_needed;
  return h('p', { class: `coverage-line${complete ? ' is-complete' : ' is-partial'}`, 'data-testid': testid, 'data-known': c.indicators_known, 'data-needed': c.indicators_needed },
    complete ? t('coverage.complete', { needed: c.indicators_needed }) : t('coverage.based', { known: c.indicators_known, needed: c.indicators_needed }),
    complete ? null : h('span', { class: 'pill pill-partial', title: t('coverage.partial_tip') }, t('coverage.partial_mark')));
}

function missingList(view) {
  const { report } = view;
  const c = coverage(report);
  if (!c || !c.missing || c.missing.length === 0) return null;
  const names = new Map((report.indicators || []).map((i) => [i.id, pick(i)]));
  // Indicators got the same way are one line: "商品综合评分、商品品质退货率 — 评价导出 …".
  const groups = new Map();
  for (const m of c.missing) {
    const how = txt(m.how) || t('coverage.how_default');
    if (!groups.has(how)) groups.set(how, []);
    groups.get(how).push(m.indicator);
  }
  return h('div', { class: 'missing', 'data-testid': 'coverage-missing' },
    h('h3', null, t('coverage.missing_title')),
    h('ul', null, [...groups].map(([how, ids]) => h('li', { 'data-indicators': ids.join(' ') },
      h('strong', null, ids.map((id) => names.get(id) || nameOf(id)).join(isZh() ? '、' : ', ')),
      ' — ',
      h('span', { class: 'how' }, how)))),
    (c.dimensions || []).length
      ? h('p', { class: 'muted small' }, c.dimensions.map((d) => t('coverage.dimension', {
        name: pick((report.dimensions || []).find((x) => x.id === d.id)) || d.id, known: d.known, needed: d.needed,
      })).join(isZh() ? '；' : '; '))
      : null);
}

/** With no total: the window, the orders and every indicator that is known, then the next step. */
function knownSoFar(view) {
  const { report } = view;
  const inputs = report.inputs || {};
  const window = inputs.window || (view.shop.derived && view.shop.derived.window);
  const orders = inputs.valid_paid_orders_30d ?? view.input.valid_paid_orders_30d ?? (view.shop.derived && view.shop.derived.valid_paid_orders_30d);
  const known = (report.indicators || []).filter((i) => i.value != null || i.score != null);
  const items = [
    window && window.start ? t('partial.window', { start: window.start, end: window.end }) : null,
    orders != null ? t('partial.orders', { n: fmt(orders, 0) }) : null,
    ...known.map((i) => (i.score != null
      ? t('partial.indicator', { name: pick(i), value: withUnit(i.value, i.unit, 4), score: fmt(i.score, 2) })
      : t('partial.indicator_noscore', { name: pick(i), value: withUnit(i.value, i.unit, 4) }))),
  ].filter(Boolean);
  return h('div', { class: 'partial', 'data-testid': 'known-so-far' },
    h('h3', null, t('partial.title')),
    items.length ? [h('p', { class: 'muted small' }, t('partial.known')), h('ul', null, items.map((x) => h('li', null, x)))] : null,
    h('p', null, h('strong', null, `${t('partial.next')}：`), t('partial.next_text')));
}

function backendLine(view) {
  const b = view.shop.backend;
  if (!b || b.total == null) return null;
  const ours = view.report.total;
  return h('p', { class: 'backend-line', 'data-testid': 'backend-total' },
    ours != null ? t('paste.compare', { backend: fmt(b.total), ours: fmt(ours) }) : t('paste.backend_total', { total: fmt(b.total) }),
    b.date ? t('paste.backend_date', { date: b.date }) : '');
}

function adjustments(report) {
  const list = report.adjustments || [];
  if (list.length === 0) return null;
  return h('ul', { class: 'adjustments', 'data-testid': 'adjustments' },
    list.map((a) => h('li', { class: `adj adj-${a.kind}` },
      h('span', { class: 'adj-kind' }, t(`adjustment.${a.kind}`)), ' ', pick(a), ' ',
      h('strong', null, fmtDelta(a.points)),
      a.capped ? h('span', null, ` (${t('adjustment.capped')})`) : null)));
}

export default {
  id: 'summary',
  title: 'section.result',
  headingId: 'h-result',
  wide: true,
  render(el, view) {
    const { report, detail } = view;
    el.closest('section').dataset.testid = 'summary';
    if (!report) return replace(el);
    const info = report.rule_set_info || {};
    const marks = estimated(report, detail);
    const stageKey = `stage.${report.stage}`;
    const noTotal = report.total == null;
    return replace(el,
      h('div', { class: 'summary-body' },
        h('div', { class: 'gauge-box' },
          noTotal ? null : gauge(report.total, report.scale, null),
          h('p', { class: 'total-line' },
            h('span', { class: 'total-label' }, t('result.total')), ' ',
            h('strong', { class: 'total-value', 'data-testid': 'total', 'data-value': report.total ?? '' }, fmt(report.total)),
            h('span', { class: 'total-scale' }, ` / ${fmt(report.scale && report.scale.max)}`)),
          coverageLine(report),
          h('p', { class: 'whatif-line is-idle', 'data-testid': 'whatif', 'aria-live': 'polite', 'data-value': '' }),
          backendLine(view)),
        h('dl', { class: 'facts' },
          fact(t('result.stage'), h('span', { class: `pill pill-${report.stage}`, 'data-testid': 'stage' }, t(stageKey)),
            report.stage === 'growth'
              ? h('small', { class: 'muted block' }, t('stage.growth_hint', { n: fmt(detail && detail.stage ? detail.stage.min_orders : 30, 0) }))
              : null),
          fact(t('result.consumer'), report.consumer
            ? h('span', { class: 'consumer', 'data-testid': 'consumer' }, h('strong', null, fmt(report.consumer.score, 1)), ' ', stars(report.consumer.stars),
              marks.consumer ? estimateMark(isZh() ? '取整方式未公布' : 'rounding unpublished') : null)
            : h('span', { class: 'muted', 'data-testid': 'consumer-note' }, consumerNote(report, detail))),
          fact(t('result.tier'), report.tier
            ? h('span', { 'data-testid': 'tier' }, pick(report.tier), marks.tier ? estimateMark(isZh() ? '档位门槛未公布' : 'thresholds unpublished') : null)
            : h('span', { class: 'muted', 'data-testid': 'tier-note' }, tierNote(report, detail))),
          fact(t('result.rule_set'), h('span', { 'data-testid': 'rule-set-name' }, pick(info)), h('small', { class: 'muted block' }, txt(info.source_text || info.source))),
          fact(t('result.confidence'), h('span', { class: `pill pill-conf-${info.confidence}` }, t(`confidence.${info.confidence}`)),
            info.confidence && info.confidence !== 'official' ? estimateMark() : null)),
        adjustments(report)),
      noTotal ? knownSoFar(view) : null,
      missingList(view),
      h('p', { class: 'print-only print-note' }, t('print.note')));
  },
};

/** The sticky bar: total, what-if delta while dragging, stars, tier, coverage. */
export function renderScorebar(el, view, preview) {
  const { report } = view;
  if (!report) return replace(el);
  const shown = preview && preview.total != null ? preview.total : report.total;
  const delta = preview && preview.total != null && report.total != null ? preview.total - report.total : null;
  const consumer = (preview || report).consumer;
  const c = coverage(report);
  return replace(el,
    h('span', { class: 'sb-total' },
      h('span', { class: 'sb-label' }, t('result.total')), ' ',
      h('strong', { 'data-testid': 'scorebar-total', 'data-value': shown ?? '' }, fmt(shown)),
      h('span', { class: 'total-scale' }, ` / ${fmt(report.scale && report.scale.max)}`)),
    delta != null ? h('span', { class: `delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`, 'data-testid': 'scorebar-delta' }, fmtDelta(delta)) : null,
    consumer ? h('span', { class: 'sb-stars' }, fmt(consumer.score, 1), ' ', stars(consumer.stars)) : null,
    report.tier ? h('span', { class: 'sb-tier' }, pick(report.tier)) : null,
    c && c.indicators_needed && !c.complete ? h('span', { class: 'sb-coverage' }, t('coverage.based', { known: c.indicators_known, needed: c.indicators_needed })) : null);
}

/** While a slider moves: the what-if total and its delta in the summary. */
export function showWhatif(root, report, preview) {
  const line = root.querySelector('[data-testid=whatif]');
  if (!line) return;
  const whatif = preview && preview.total != null && report.total != null ? preview.total : null;
  line.dataset.value = whatif ?? '';
  line.classList.toggle('is-idle', whatif == null);
  line.textContent = whatif == null ? '' : `${t('result.whatif')}: ${fmt(whatif)} (${fmtDelta(whatif - report.total)})`;
}
