// Notes on the data (the core's warnings, in the reader's language, with file, line and column
// in words) and the list of numbers that are estimates, not official.

import { h, replace } from '../dom.js';
import { t, isZh } from '../i18n.js';
import { estimateMark } from '../render.js';
import { txt, words } from '../view.js';

function where(w) {
  const line = w.line != null ? (isZh() ? `第 ${w.line} 行` : `line ${w.line}`) : null;
  const column = w.column ? (isZh() ? `“${w.column}”列` : `column “${w.column}”`) : null;
  return [w.file, line, column].filter(Boolean).join(' · ');
}

export default {
  id: 'notes',
  title: 'section.warnings',
  render(el, { report, pageWarnings }) {
    if (!report && !pageWarnings.length) return replace(el);
    const list = [...pageWarnings, ...((report && report.warnings) || [])];
    const estimates = (report && report.estimates) || [];
    return replace(el,
      list.length === 0
        ? h('p', { class: 'muted' }, t('warnings.none'))
        : h('ul', { class: 'warnings' }, list.map((w) => h('li', { 'data-testid': 'warning', 'data-code': w.code },
          words(txt(w.text)),
          where(w) ? h('small', { class: 'muted block' }, where(w)) : null))),
      estimates.length
        ? [h('h3', null, t('section.estimates')),
          h('p', { class: 'hint' }, estimateMark(), ' ', t('estimate.tip')),
          h('ul', { class: 'estimates', 'data-testid': 'estimates' }, estimates.map((x) => h('li', null, words(txt(x)))))]
        : null);
  },
};
