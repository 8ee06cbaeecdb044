// Export and share: the report as JSON, the indicator table as CSV, print, the share link
// (what it carries, and what a recipient of a saved page needs), and the data this page keeps
// on this device with the control that clears it.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

export default {
  id: 'share',
  title: 'section.export',
  headingId: 'h-export',
  wide: true,
  print: false,
  render(body, view) {
    const { act, share, storage } = view;
    return replace(body,
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-json', onclick: act.exportJson }, t('button.export_json')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'export-csv', onclick: act.exportCsv }, t('button.export_csv')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'print-button', onclick: () => window.print() }, t('button.print')),
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'share-button', onclick: act.share }, t('button.share'))),
      h('div', { class: 'share-out', 'data-testid': 'share-out', role: 'status' }, share
        ? [
          h('p', { 'data-testid': 'share-contains' }, `${share.copied ? t('share.copied_short') : t('share.manual_short')} ${t('share.contains', { typed: share.typed, derived: share.derived })}`),
          share.local ? h('p', { class: 'warn', 'data-testid': 'share-local' }, t('share.local_file')) : null,
          h('input', { type: 'text', readOnly: true, value: share.url, class: 'share-url', 'aria-label': t('button.share'), 'data-testid': 'share-url', onfocus: (e) => e.target.select() }),
        ]
        : null),
      h('div', { class: 'storage' },
        h('h3', null, t('storage.title')),
        h('p', { class: 'hint' }, storage.available ? t('storage.hint') : t('storage.unavailable')),
        h('p', { class: 'muted small', 'data-testid': 'storage-count' }, t('storage.count', { n: storage.shops })),
        storage.confirming
          ? h('div', { class: 'button-row', role: 'group', 'aria-label': t('storage.confirm') },
            h('span', { class: 'warn' }, t('storage.confirm')),
            h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'storage-clear-confirm', onclick: act.clearStorage }, t('storage.confirm_yes')),
            h('button', { type: 'button', class: 'btn btn-ghost', onclick: act.cancelClear }, t('storage.cancel')))
          : h('button', { type: 'button', class: 'btn', 'data-testid': 'storage-clear', onclick: act.askClear }, t('storage.clear')),
        storage.cleared ? h('p', { class: 'hint', role: 'status', 'data-testid': 'storage-cleared' }, t('storage.cleared')) : null));
  },
};
