// The shop's export files: picker and drop zone, templates, one compact summary per file (its
// own message when it cannot be used, a kind picker, the mapping step), and — after a reload —
// the summaries of the files imported before, whose computed values are still in use.

import { h, replace, fmt } from '../dom.js';
import { t } from '../i18n.js';
import { renderQuality, renderTemplates, wireFileInputs, kindName } from '../files.js';

export default {
  id: 'files',
  sectionId: 'files-card',
  title: 'section.files',
  headingId: 'h-files',
  wide: true,
  print: false,
  mount(body, view) {
    // Built once: the file input and the drop zone keep their listeners across renders.
    const input = h('input', {
      id: 'file-input', class: 'visually-hidden', type: 'file', multiple: true, 'data-testid': 'file-input',
      accept: '.csv,.tsv,.txt,.xlsx,.xlsm,.xls,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const zone = h('div', { id: 'drop-zone', class: 'drop-zone', 'data-testid': 'drop-zone' },
      h('label', { class: 'btn btn-primary file-button' }, h('span', { 'data-i18n': 'files.pick' }, t('files.pick')), input),
      h('span', { class: 'muted', 'data-i18n': 'files.drop' }, t('files.drop')),
      h('button', { type: 'button', id: 'files-clear', class: 'btn btn-ghost', 'data-testid': 'files-clear', hidden: true, onclick: () => view.act.clearFiles() }, t('files.clear')));
    body.append(
      h('p', { class: 'hint', 'data-i18n': 'files.hint' }, t('files.hint')),
      zone,
      h('p', { id: 'files-status', class: 'hint', role: 'status', 'data-testid': 'files-status' }),
      h('div', { id: 'saved-files', 'data-testid': 'saved-files' }),
      h('div', { id: 'file-quality', class: 'file-quality', 'data-testid': 'file-quality' }),
      h('div', { id: 'templates', class: 'button-row templates' }));
    wireFileInputs({ input, zone, onFiles: (list) => view.act.addFiles(list), onIntent: () => view.act.filesSoon() });
  },
  render(body, view) {
    const section = body.closest('section');
    section.hidden = !view.api.hasFiles();
    if (section.hidden) return;
    for (const el of body.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    body.querySelector('#files-clear').hidden = view.files.length === 0;
    body.querySelector('#files-clear').textContent = t('files.clear');
    body.querySelector('#files-status').textContent = view.filesStatus || '';
    renderSaved(body.querySelector('#saved-files'), view);
    renderQuality(body.querySelector('#file-quality'), {
      files: view.files,
      report: view.report,
      mapping: view.mapping,
      onMapping: view.act.mapping,
      onRemove: view.act.removeFile,
      onKind: view.act.fileKind,
      onCancel: view.act.cancelFile,
    });
    renderTemplates(body.querySelector('#templates'), (kind) => view.api.template(kind));
  },
};

/** Files imported in an earlier visit: their summaries only, and a way to stop using their values. */
function renderSaved(el, view) {
  const saved = view.shop.files || [];
  if (view.files.length || !saved.length || !view.derivedIds.size) return replace(el);
  return replace(el, h('div', { class: 'saved-files' },
    h('p', { class: 'quality-head' }, t('files.saved_title')),
    h('ul', null, saved.map((f) => h('li', null, h('strong', null, f.name), ' · ', kindName(f.kind),
      f.rows != null ? ` · ${t('files.rows')} ${fmt(f.rows, 0)}` : ''))),
    h('p', { class: 'hint' }, t('files.saved_hint')),
    h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'saved-files-forget', onclick: view.act.forgetDerived }, t('files.saved_forget'))));
}
