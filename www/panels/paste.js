// Paste from the back end: the text a user copies from the 体验分 pages is read by the core's
// paste reader; the values it recognises are filled in and what it took and what it left are
// listed. A share link pasted here is applied too (how a saved page's recipient opens one).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { txt } from '../view.js';

export default {
  id: 'paste',
  title: 'paste.title',
  wide: false,
  print: false,
  mount(body, view) {
    const area = h('textarea', { id: 'paste-text', rows: '5', 'data-testid': 'paste-text', spellcheck: 'false' });
    body.append(
      h('p', { class: 'hint', 'data-i18n': 'paste.hint' }, t('paste.hint')),
      h('label', { class: 'field' }, h('span', { 'data-i18n': 'paste.label' }, t('paste.label')), area),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'paste-apply', 'data-i18n': 'paste.apply', onclick: () => view.act.paste(area.value) }, t('paste.apply')),
        h('button', { type: 'button', class: 'btn btn-ghost', 'data-i18n': 'paste.clear', onclick: () => { area.value = ''; view.act.paste(null); } }, t('paste.clear'))),
      h('div', { class: 'paste-result', 'data-testid': 'paste-result', role: 'status' }));
  },
  render(body, view) {
    for (const el of body.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    const out = body.querySelector('.paste-result');
    const result = view.pasteResult;
    if (!result) return replace(out);
    if (result.link) return replace(out, h('p', null, t('paste.link_applied')));
    if (result.error) return replace(out, h('p', { class: 'error-text' }, result.error));
    const r = result.reading;
    const took = r.took || [];
    const left = r.left || [];
    if (!took.length) return replace(out, h('p', { class: 'muted', 'data-testid': 'paste-nothing' }, t('paste.nothing')));
    return replace(out,
      h('h3', null, t('paste.took', { n: took.length })),
      h('ul', { class: 'paste-took' }, took.map((n) => h('li', { 'data-testid': 'paste-took' }, txt(n.text)))),
      left.length
        ? [h('h3', null, t('paste.left', { n: left.length })),
          h('ul', { class: 'paste-left' }, left.map((n) => h('li', { 'data-testid': 'paste-left' }, h('q', null, n.raw), ' — ', txt(n.text))))]
        : null);
  },
};
