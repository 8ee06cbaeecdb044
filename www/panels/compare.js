// The same input scored under every rule set, side by side (a card per rule set on a phone).

import { h, replace, fmt } from '../dom.js';
import { t, pick } from '../i18n.js';
import { stars, estimateMark } from '../render.js';
import { words } from '../view.js';

export default {
  id: 'compare',
  title: 'section.compare',
  wide: true,
  printWhenEmpty: false,
  render(el, { compare, act }) {
    const rows = compare;
    return replace(el,
      h('p', { class: 'hint no-print' }, t('compare.hint')),
      h('button', { type: 'button', class: 'btn no-print', 'data-testid': 'compare-button', onclick: act.compare }, t('button.compare')),
      h('div', { 'data-testid': 'compare' }, rows
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table compare-table cards-on-phone' },
          h('thead', null, h('tr', null, ['col.rule_set', 'col.total', 'col.stage', 'col.consumer', 'col.tier', 'result.confidence'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', null, rows.map(({ ruleSet, report, error }) => h('tr', { 'data-testid': `compare-${ruleSet.id}` },
            h('th', { scope: 'row', 'data-label': t('col.rule_set') }, pick(ruleSet)),
            error
              ? h('td', { colspan: '5', class: 'error-text' }, words(error.message))
              : [
                h('td', { class: 'num', 'data-label': t('col.total') }, h('strong', null, fmt(report.total)), h('small', { class: 'muted' }, ` / ${fmt(report.scale.max)}`)),
                h('td', { 'data-label': t('col.stage') }, t(`stage.${report.stage}`)),
                h('td', { 'data-label': t('col.consumer') }, report.consumer ? [fmt(report.consumer.score, 1), ' ', stars(report.consumer.stars)] : '—'),
                h('td', { 'data-label': t('col.tier'), 'data-testid': `compare-tier-${ruleSet.id}` }, report.tier
                  ? [pick(report.tier), report.tier.estimated ? estimateMark() : null] : '—'),
                h('td', { 'data-label': t('result.confidence') }, t(`confidence.${report.rule_set_info.confidence}`), report.rule_set_info.confidence !== 'official' ? estimateMark() : null),
              ])))))
        : null));
  },
};
