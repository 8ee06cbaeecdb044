// The records behind each recomputed indicator that counted as bad, by product, courier,
// province and agent, exportable as CSV (only while the files are loaded).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { renderDrilldown } from '../files.js';

export default {
  id: 'drilldown',
  sectionId: 'drilldown-card',
  title: 'section.drilldown',
  headingId: 'h-drilldown',
  wide: true,
  print: false,
  render(body, view) {
    const has = Boolean(view.files.length && view.report && view.report.drilldown && Object.keys(view.report.drilldown).length);
    body.closest('section').hidden = !has;
    body.replaceChildren(h('p', { class: 'hint' }, t('dd.hint')), h('div', { 'data-testid': 'drilldown' }));
    renderDrilldown(body.lastChild, has ? view.report : null, view.drill);
  },
};
