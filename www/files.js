// The shop's own files (page side): pick or drop several exports, read them in the browser
// (bytes never leave it and never go into a link), show the data-quality summary per file with
// its own message, a kind picker and a column-mapping step for unknown headers (the mapping is
// remembered, never the data), templates to download, and the drill-down of bad records behind
// each indicator. Reading stays behind `readFiles` so it can move into a worker alone.

import { h, replace, fmt } from './dom.js';
import { t, pick, isZh } from './i18n.js';
import { txt, words, amountWords } from './view.js';
import { toCsv, download } from './export.js';

export const FILE_KINDS = ['orders', 'logistics', 'after_sales', 'reviews', 'feige_rounds', 'feige_agents', 'values'];
const MAPPING_KEY = 'shopscore.mapping';

/** The remembered column mapping (header names only). */
export function loadMapping() {
  try {
    const parsed = JSON.parse(localStorage.getItem(MAPPING_KEY) || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function saveMapping(mapping) {
  try {
    localStorage.setItem(MAPPING_KEY, JSON.stringify(mapping));
  } catch {
    // Storage refused: the mapping lasts for this visit.
  }
}

/** Read browser File objects into {name, bytes} (in memory only). */
export async function readFiles(fileList) {
  const out = [];
  for (const file of fileList) out.push({ name: file.name, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) });
  return out;
}

/** Wire the picker and the drop zone; `onFiles(list)` gets browser File objects. */
export function wireFileInputs({ input, zone, onFiles }) {
  input.addEventListener('change', () => {
    if (input.files && input.files.length) onFiles([...input.files]);
    input.value = '';
  });
  const stop = (e) => {
    e.preventDefault();
    e.stopPropagation();
  };
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      stop(e);
      zone.classList.add('is-dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) zone.addEventListener(type, (e) => {
    stop(e);
    zone.classList.remove('is-dragging');
  });
  zone.addEventListener('drop', (e) => {
    const list = e.dataTransfer && e.dataTransfer.files ? [...e.dataTransfer.files] : [];
    if (list.length) onFiles(list);
  });
  // A file dropped next to the zone must not make the browser navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
}

export function kindName(kind) {
  return kind ? t(`kind.${kind}`) : t('kind.unknown');
}

function sizeText(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024, 1)} KiB`;
  return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
}

function where(w) {
  const parts = [];
  if (w.line != null) parts.push(isZh() ? `第 ${w.line} 行` : `line ${w.line}`);
  if (w.column) parts.push(w.column);
  return parts.join(' · ');
}

/** The core's messages about one file (unreadable, empty, unknown headers …), in words. */
function fileMessages(report, name) {
  const own = ((report && report.warnings) || []).filter((w) => w.file === name && FILE_LEVEL.has(w.code));
  // A file that cannot be read at all has that one message: its "unknown headers" follows from it.
  const fatal = own.filter((w) => w.code === 'unreadable_file' || w.code === 'empty_file');
  return fatal.length ? fatal : own;
}

/** A file's message without the file name it starts with (the card already shows it). */
function withoutName(text, name) {
  const prefix = [`${name}: `, `${name}：`].find((p) => text.startsWith(p));
  return prefix ? text.slice(prefix.length) : text;
}
const FILE_LEVEL = new Set(['unreadable_file', 'empty_file', 'unknown_columns', 'guessed_kind', 'kind_guessed', 'no_rows', 'too_large', 'bad_file', 'unknown_value']);

/**
 * The data-quality summary: one block per file (kind — detected, guessed or picked by hand —
 * its own message when it could not be used, rows read and skipped with line, column and
 * reason, encoding and delimiter under "details") and the window the files cover.
 * `inspections` maps a file name to `inspect_file` output for files that need a mapping.
 */
export function renderQuality(el, { files, report, inspections, mapping, kinds, onMapping, onRemove, onKind }) {
  if (!files.length) return replace(el);
  const inputs = (report && report.inputs) || {};
  const summaries = new Map((inputs.files || []).map((f) => [f.name, f]));
  const window = inputs.window;
  const head = h('p', { class: 'quality-head', 'data-testid': 'files-window' },
    window ? `${t('files.window')}: ${window.start} – ${window.end}` : t('files.window_none'),
    inputs.valid_paid_orders_30d != null ? ` · ${t('field.orders')}: ${fmt(inputs.valid_paid_orders_30d, 0)}` : '');
  // Why the other orders are not valid paid orders (the stage rule counts only those).
  const notCounted = Object.entries(inputs.orders_not_counted || {}).filter(([, n]) => n > 0);
  const notCountedLine = notCounted.length
    ? h('p', { class: 'hint', 'data-testid': 'orders-not-counted' }, `${t('files.not_counted')}: `,
      notCounted.map(([why, n]) => `${t(`why.${why}`) === `why.${why}` ? why.replace(/_/g, ' ') : t(`why.${why}`)} ${fmt(n, 0)}`).join(' · '))
    : null;
  const blocks = files.map((file) => {
    const s = summaries.get(file.name) || { name: file.name };
    const inspection = inspections.get(file.name);
    const unknown = !s.kind;
    const messages = fileMessages(report, file.name);
    const unreadable = messages.some((w) => w.code === 'unreadable_file' || w.code === 'empty_file');
    const skippedRows = s.skipped_rows || [];
    const picked = kinds[file.name] || '';
    const guess = inspection && inspection.guess;
    return h('div', { class: `quality-file${unknown ? ' is-unknown' : ''}`, 'data-testid': 'file-summary', 'data-file': file.name },
      h('div', { class: 'quality-title' },
        h('strong', { class: 'file-name' }, file.name),
        h('span', { class: `pill ${unknown ? 'pill-fail' : 'pill-ok'}`, 'data-testid': 'file-kind' }, kindName(s.kind)),
        h('span', { class: 'muted small', 'data-testid': 'file-rows-line' }, `${t('files.rows')} `, h('span', { 'data-testid': 'file-rows' }, fmt(s.rows ?? 0, 0)),
          ` · ${t('files.skipped')} `, h('span', { 'data-testid': 'file-skipped' }, fmt(s.skipped ?? 0, 0))),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onRemove(file.name), 'aria-label': `${t('files.remove_one')} ${file.name}` }, t('files.remove_one'))),
      messages.length
        ? h('ul', { class: 'file-messages', 'data-testid': 'file-message' }, messages.map((w) => h('li', { 'data-code': w.code }, withoutName(words(txt(w.text)), file.name))))
        : null,
      unreadable ? null : kindPicker(file, s, picked, guess, onKind),
      skippedRows.length
        ? h('details', { class: 'skipped' },
          h('summary', null, t('files.skipped_rows', { n: skippedRows.length, total: s.skipped })),
          h('ul', null, skippedRows.map((w) => h('li', null, where(w) ? h('code', null, where(w)) : null, ' ', words(txt(w.text))))))
        : null,
      h('details', { class: 'file-details' },
        h('summary', null, t('files.details')),
        h('dl', { class: 'quality-facts' },
          fact(t('files.size'), sizeText(file.size ?? file.bytes.length)),
          fact(t('files.encoding'), s.encoding || '—'),
          fact(t('files.delimiter'), s.delimiter == null ? (s.sheet ? `${t('files.sheet')} ${s.sheet}` : '—') : s.delimiter === '\t' ? 'Tab' : s.delimiter),
          (s.columns || []).length
            ? fact(t('files.columns_used'), h('ul', { class: 'columns-used', 'data-testid': 'columns-used' },
              s.columns.map((c) => h('li', null, h('code', null, c.header), ' → ', txt(c.used_for)))))
            : null)),
      unknown && !unreadable ? mappingStep(file, inspection, mapping, onMapping) : null);
  });
  const remembered = Object.keys(mapping).length
    ? h('p', { class: 'hint' }, `${t('files.mapping_saved')}: `,
      Object.entries(mapping).map(([k, v]) => `${fieldLabel(k)} → ${v}`).join('；'), ' ',
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'mapping-forget', onclick: () => onMapping({}) }, t('files.mapping_forget')))
    : null;
  return replace(el, head, notCountedLine, blocks, remembered);
}

/** Pick a file's kind by hand (or leave it to detection); a guessed kind says so. */
function kindPicker(file, summary, picked, guess, onKind) {
  const select = h('select', {
    'data-testid': 'file-kind-pick', 'aria-label': `${t('files.kind_pick')}: ${file.name}`,
    onchange: (e) => onKind(file.name, e.target.value || null),
  },
  h('option', { value: '' }, t('files.kind_auto')),
  FILE_KINDS.map((k) => h('option', { value: k }, kindName(k))));
  select.value = picked;
  const note = picked ? t('files.kind_picked', { kind: kindName(picked) }) : !summary.kind && guess ? t('files.kind_guessed', { kind: kindName(guess) }) : null;
  return h('div', { class: 'kind-pick' },
    h('label', { class: 'field field-inline' }, h('span', null, t('files.kind_pick')), select),
    note ? h('small', { class: 'muted' }, note) : null);
}

function fact(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

/** A canonical column of a file kind in words (the core's label when it sends one). */
export function fieldLabel(key, label) {
  if (label) return txt(label);
  const own = t(`mapfield.${key}`);
  return own === `mapfield.${key}` ? key.replace(/_/g, ' ') : own;
}

/**
 * Column mapping for a file whose headers were not recognised: pick which header holds each
 * required field. Only header names are stored (localStorage), never the file's data.
 */
function mappingStep(file, inspection, mapping, onMapping) {
  if (!inspection) return h('p', { class: 'hint' }, t('files.unknown'));
  const headers = inspection.headers || [];
  const missing = inspection.missing_required || [];
  const labels = inspection.missing_labels || {};
  const guess = inspection.kind || inspection.guess;
  const rows = missing.map((field) =>
    h('label', { class: 'field' },
      h('span', null, fieldLabel(field, labels[field])),
      h('select', {
        'data-testid': `map-${field}`,
        onchange: (e) => onMapping({ ...mapping, [field]: e.target.value || undefined }),
      },
      h('option', { value: '' }, '—'),
      headers.map((hd) => h('option', { value: hd, selected: mapping[field] === hd }, hd)))));
  return h('div', { class: 'mapping', 'data-testid': 'mapping' },
    h('p', { class: 'hint' }, guess && missing.length ? t('files.mapping_guess', { kind: kindName(guess) }) : missing.length ? t('files.mapping_needed') : t('files.unknown')),
    headers.length ? h('p', { class: 'muted small' }, `${t('files.headers')}: ${headers.join(' | ')}`) : null,
    rows.length ? h('div', { class: 'form-grid' }, rows) : null);
}

/** Buttons that download an empty template (CSV, UTF-8 with BOM) for each file kind. */
export function renderTemplates(el, templateOf) {
  const buttons = FILE_KINDS.map((kind) => h('button', {
    type: 'button', class: 'btn btn-small', 'data-testid': `template-${kind}`,
    onclick: () => {
      const text = templateOf(kind);
      if (text) download(`shopscore-template-${kind}.csv`, text.replace(/^\uFEFF/, ''), 'text/csv;charset=utf-8');
    },
  }, kindName(kind)));
  return replace(el, h('span', { class: 'muted' }, `${t('files.templates')}: `), buttons);
}

// ---- drill-down -----------------------------------------------------------------------------

const BAD_COLUMNS = [
  ['order_id', 'dd.order'], ['product', 'dd.product'], ['courier', 'dd.courier'], ['province', 'dd.province'],
  ['agent', 'dd.agent'], ['reason', 'dd.reason'], ['time', 'dd.time'],
];
const SHOWN_ROWS = 50;

/** The bad records of one indicator as CSV rows (same columns as the CLI's export). */
export function drilldownRows(drilldown, id, name = id) {
  const rows = [['指标', '订单编号', '商品', '快递公司', '省份', '客服', '原因', '时间']];
  const bad = (drilldown && drilldown[id] && drilldown[id].bad) || [];
  for (const record of bad) rows.push([name, ...BAD_COLUMNS.map(([key]) => txt(record[key]) || '')]);
  return rows;
}

export function renderDrilldown(el, report) {
  const dd = report && report.drilldown;
  if (!dd || typeof dd !== 'object' || !Object.keys(dd).length) return replace(el);
  const names = new Map((report.indicators || []).map((i) => [i.id, i]));
  const blocks = Object.entries(dd).map(([id, d]) => {
    const ind = names.get(id) || { id };
    const bad = d.bad || [];
    const top = d.top || {};
    const tops = ['product', 'courier', 'province', 'agent']
      .filter((key) => (top[key] || []).length)
      .map((key) => h('div', { class: 'top-list' },
        h('h4', null, t(`dd.${key}`)),
        h('ol', null, top[key].map(([name, count]) => h('li', null, h('span', null, name), h('span', { class: 'num' }, fmt(count, 0)))))));
    return h('details', { class: 'drill', 'data-testid': `drilldown-${id}` },
      h('summary', null,
        h('strong', null, pick(ind) || id), ' ',
        h('span', { class: 'muted' }, amountWords(d.numerator, d.denominator, ind.unit)),
        ' · ',
        h('span', { class: d.bad_total ? 'bad-count' : 'muted' }, t('dd.bad_total', { n: fmt(d.bad_total ?? bad.length, 0) })),
        d.estimated ? h('span', { class: 'mark mark-estimate', title: t('estimate.tip') }, isZh() ? '估算' : 'estimate') : null),
      tops.length ? h('div', { class: 'top-grid' }, tops) : null,
      bad.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table bad-table' },
          h('thead', null, h('tr', null, BAD_COLUMNS.map(([, key]) => h('th', { scope: 'col' }, t(key))))),
          h('tbody', null, bad.slice(0, SHOWN_ROWS).map((r) => h('tr', null, BAD_COLUMNS.map(([key]) => h('td', null, txt(r[key]) || '')))))))
        : null,
      bad.length > SHOWN_ROWS ? h('p', { class: 'hint' }, t('dd.more', { shown: SHOWN_ROWS, n: bad.length })) : null,
      bad.length
        ? h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': `drilldown-csv-${id}`,
          onclick: () => download(`shopscore-bad-${id}.csv`, toCsv(drilldownRows(dd, id, ind.zh || id)), 'text/csv;charset=utf-8'),
        }, t('dd.export'))
        : null,
      d.bad_total > bad.length ? h('p', { class: 'hint' }, t('dd.cut', { n: bad.length, total: d.bad_total })) : null);
  });
  return replace(el, blocks);
}
