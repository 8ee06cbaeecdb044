// What to fix first: the ranked advice cards (gain to the next band and to the best band, the
// target value, the actions), each citing its source by the document's own name.

import { h, replace, fmtDelta } from '../dom.js';
import { t, pick } from '../i18n.js';
import { estimateMark, lowerIsBetter, withUnit } from '../render.js';
import { txt, adviceActions, nameOf } from '../view.js';

/** What an advice item is about: an indicator, a dimension or an event, named from the report or rule set. */
function subject(id, report, detail) {
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
  return adj ? { ...adj, unit: '' } : { id, unit: id === 'growth_stage' ? 'orders' : '', name: nameOf(id) };
}

const SHOWN_CARDS = 5;
const SHOWN_ACTIONS = 2;

function card(a, rank, report, detail) {
  const ind = subject(a.indicator, report, detail);
  const actions = adviceActions(a);
  const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
  const source = txt(a.source);
  return h('li', { class: 'advice-card', 'data-testid': 'advice-card' },
    h('div', { class: 'advice-head' },
      h('span', { class: 'advice-rank', 'aria-hidden': 'true' }, String(rank + 1)),
      h('strong', null, ind.name || pick(ind) || txt(a.name) || nameOf(a.indicator)),
      ind.estimated ? estimateMark() : null),
    h('div', { class: 'advice-gains' },
      h('span', { class: 'gain', 'data-testid': 'advice-gain' }, t('advice.gain_next', { gain: fmtDelta(a.gain) }),
        a.target_next != null ? h('small', null, ` (${t('advice.target')} ${cmp} ${withUnit(a.target_next, ind.unit, 3)})`) : null),
      h('span', { class: 'gain gain-best' }, t('advice.gain_best', { gain: fmtDelta(a.gain_best) }),
        a.target_best != null ? h('small', null, ` (${t('advice.target')} ${cmp} ${withUnit(a.target_best, ind.unit, 3)})`) : null)),
    actions.length ? h('ul', { class: 'actions' }, actions.slice(0, SHOWN_ACTIONS).map((x) => h('li', null, x))) : null,
    actions.length > SHOWN_ACTIONS
      ? h('details', { class: 'more-actions' },
        h('summary', null, t('advice.more_actions', { n: actions.length - SHOWN_ACTIONS })),
        h('ul', { class: 'actions' }, actions.slice(SHOWN_ACTIONS).map((x) => h('li', null, x))))
      : null,
    source ? h('p', { class: 'advice-source' }, `${t('col.source')}：${source}`) : null);
}

export default {
  id: 'advice',
  title: 'section.advice',
  render(el, { report, detail }) {
    if (!report) return replace(el);
    const list = [...(report.advice || [])].sort((a, b) => (b.gain || 0) - (a.gain || 0) || (b.gain_best || 0) - (a.gain_best || 0));
    if (list.length === 0) return replace(el, h('p', { class: 'muted' }, t('advice.none')));
    const cards = list.map((a, rank) => card(a, rank, report, detail));
    // The first few fixes carry most of the points; the rest stay one click away.
    return replace(el,
      h('ol', { class: 'advice-list' }, cards.slice(0, SHOWN_CARDS)),
      cards.length > SHOWN_CARDS
        ? h('details', { class: 'more-advice' },
          h('summary', null, t('advice.more', { n: cards.length - SHOWN_CARDS })),
          h('ol', { class: 'advice-list', start: String(SHOWN_CARDS + 1) }, cards.slice(SHOWN_CARDS)))
        : null);
  },
};
