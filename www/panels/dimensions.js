// Dimension scores: a bar per dimension with its weight and contribution, where each came
// from, and a field to type the dimension score the back end shows (it then wins over the
// indicators) or to change the (estimated) weight.

import { h, replace, fmt } from '../dom.js';
import { t, pick } from '../i18n.js';
import { estimateMark, calibratedMark } from '../render.js';

export default {
  id: 'dimensions',
  title: 'section.dimensions',
  render(el, { report, input, act }) {
    if (!report) return replace(el);
    const rows = report.dimensions.map((d) => {
      const typed = input.dimensions[d.id];
      const known = d.score != null;
      const floor = Math.min(50, known ? d.score : 50);
      const pct = known ? Math.max(2, Math.min(100, ((d.score - floor) / (100 - floor || 1)) * 100)) : 0;
      const name = pick(d);
      return h('div', { class: `dim${known ? '' : ' is-missing'}`, 'data-testid': `dimension-${d.id}` },
        h('div', { class: 'dim-head' },
          h('span', { class: 'dim-name' }, name),
          d.estimated ? estimateMark() : null,
          d.calibrated ? calibratedMark() : null,
          h('span', { class: 'dim-score', 'data-testid': `dimension-score-${d.id}` }, fmt(d.score))),
        h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: { width: `${pct}%` } })),
        h('div', { class: 'dim-meta' },
          known ? h('span', null, `${t('col.weight')} ${fmt(d.weight, 1)}%`) : null,
          known ? h('span', null, `${t('col.contribution')} ${fmt(d.contribution)}`) : null,
          h('span', { class: 'muted' }, t(`source.${d.source}`))),
        h('div', { class: 'field-inline no-print' },
          h('label', { class: 'field field-inline' },
            h('span', null, `${t('col.weight')} %`),
            h('input', {
              type: 'number', step: 'any', min: '0', value: input.weights.dimensions[d.id] ?? '', placeholder: known ? fmt(d.weight, 2) : '',
              class: 'weight-input', 'data-key': `dimweight:${d.id}`, 'data-testid': `dimension-weight-${d.id}`,
              onchange: (ev) => act.weight('dimensions', d.id, ev.target),
            })),
          h('label', { class: 'field field-inline grow' },
            h('span', null, t('col.typed_dimension')),
            h('input', {
              type: 'number', step: 'any', min: '0', value: typed ?? '', placeholder: t('dimension.typed_hint'),
              'data-key': `dim:${d.id}`, 'data-testid': `dimension-input-${d.id}`,
              onchange: (ev) => act.dimension(d.id, ev.target),
            }))));
    });
    return replace(el, h('div', { class: 'dims' }, rows));
  },
};
