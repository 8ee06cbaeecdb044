// Which platform programmes the score opens: met, not met, or "can't tell" with the reason —
// an unknown answer is never a red cross. With no total at all, one line says so instead of a
// wall of rows that cannot be judged.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { eligibilityRow } from '../view.js';

export default {
  id: 'eligibility',
  title: 'section.eligibility',
  render(el, { report }) {
    if (!report) return replace(el);
    const rows = (report.eligibility || []).map(eligibilityRow);
    if (rows.length === 0) return replace(el, h('p', { class: 'muted' }, t('eligibility.none')));
    // Without a total nothing can be judged: the legacy core said "not met" for every row.
    const noTotal = report.total == null;
    return replace(el,
      noTotal ? h('p', { class: 'muted', 'data-testid': 'eligibility-needs-total' }, t('eligibility.needs_total')) : null,
      h('ul', { class: 'checklist' }, rows.map((e) => {
        const ok = noTotal ? null : e.ok;
        const state = ok === true ? 'ok' : ok === false ? 'fail' : 'unknown';
        const icon = state === 'ok' ? '✓' : state === 'fail' ? '✗' : '?';
        const why = ok === null ? (e.reason || (noTotal ? '' : e.detail)) : e.detail;
        return h('li', { class: `check-${state}`, 'data-testid': `eligibility-${e.id}`, 'data-state': state },
          h('span', { class: 'check-icon', 'aria-hidden': 'true' }, icon),
          h('span', { class: 'check-text' },
            h('strong', null, e.name), ' ',
            h('span', { class: `pill pill-${state}` }, t(`eligibility.${state}`)),
            e.atRisk ? h('span', { class: 'pill pill-fail' }, t('eligibility.at_risk')) : null,
            why ? h('small', { class: 'muted block' }, ok === null && e.reason ? `${t('eligibility.unknown_reason')}：${why}` : why) : null,
            e.source ? h('small', { class: 'muted block source' }, e.source) : null));
      })));
  },
};
