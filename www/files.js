// The shop's own files (issue 4, page side): pick or drop several exports, read them in the
// browser (bytes never leave it and never go into a link), show the data-quality summary per
// file, a column-mapping step for unknown headers (the mapping is remembered, never the data),
// templates to download, and the drill-down of bad records behind each indicator.

import { h, replace, fmt } from './dom.js';
import { t, pick, isZh, localized } from './i18n.js';
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

function kindName(kind) {
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

/**
 * The data-quality summary: one block per file (kind, encoding, delimiter, rows read, rows
 * skipped with line, column and reason) and the window the files cover.
 * `inspections` maps a file name to `inspect_file` output for files that need a mapping.
 */
export function renderQuality(el, { files, report, inspections, mapping, onMapping, onRemove }) {
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
      notCounted.map(([why, n]) => `${t(`why.${why}`) === `why.${why}` ? why : t(`why.${why}`)} ${fmt(n, 0)}`).join(' · '))
    : null;
  const blocks = files.map((file) => {
    const s = summaries.get(file.name) || { name: file.name };
    const inspection = inspections.get(file.name);
    const unknown = !s.kind;
    const skippedRows = s.skipped_rows || [];
    return h('div', { class: `quality-file${unknown ? ' is-unknown' : ''}`, 'data-testid': 'file-summary', 'data-file': file.name },
      h('div', { class: 'quality-title' },
        h('strong', null, file.name),
        h('span', { class: `pill ${unknown ? 'pill-fail' : 'pill-ok'}`, 'data-testid': 'file-kind' }, kindName(s.kind)),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onRemove(file.name), 'aria-label': `${t('files.remove_one')} ${file.name}` }, t('files.remove_one'))),
      h('dl', { class: 'quality-facts' },
        fact(t('files.size'), sizeText(file.size ?? file.bytes.length)),
        fact(t('files.encoding'), s.encoding || '—'),
        fact(t('files.delimiter'), s.delimiter == null ? (s.sheet ? `${t('files.sheet')} ${s.sheet}` : '—') : s.delimiter === '\t' ? 'Tab' : s.delimiter),
        fact(t('files.rows'), h('span', { 'data-testid': 'file-rows' }, fmt(s.rows ?? 0, 0))),
        fact(t('files.skipped'), h('span', { 'data-testid': 'file-skipped' }, fmt(s.skipped ?? 0, 0)))),
      skippedRows.length
        ? h('details', { class: 'skipped' },
          h('summary', null, t('files.skipped_rows', { n: skippedRows.length, total: s.skipped })),
          h('ul', null, skippedRows.map((w) => h('li', null, where(w) ? h('code', null, where(w)) : null, ' ', pick(w.text)))))
        : null,
      unknown ? mappingStep(file, inspection, mapping, onMapping) : null);
  });
  const remembered = Object.keys(mapping).length
    ? h('p', { class: 'hint' }, `${t('files.mapping_saved')}: `,
      h('code', null, Object.entries(mapping).map(([k, v]) => `${k} → ${v}`).join('; ')), ' ',
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'mapping-forget', onclick: () => onMapping({}) }, t('files.mapping_forget')))
    : null;
  return replace(el, head, notCountedLine, blocks, remembered);
}

function fact(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

/**
 * Column mapping for a file whose headers were not recognised: pick which header holds each
 * required field. Only header names are stored (localStorage), never the file's data.
 */
function mappingStep(file, inspection, mapping, onMapping) {
  if (!inspection) return h('p', { class: 'hint' }, t('files.unknown'));
  const headers = inspection.headers || [];
  const missing = inspection.missing_required || [];
  const guess = inspection.kind;
  const rows = missing.map((field) =>
    h('label', { class: 'field' },
      h('span', null, field),
      h('select', {
        'data-testid': `map-${field}`,
        onchange: (e) => onMapping({ ...mapping, [field]: e.target.value || undefined }),
      },
      h('option', { value: '' }, '—'),
      headers.map((hd) => h('option', { value: hd, selected: mapping[field] === hd }, hd)))));
  return h('div', { class: 'mapping', 'data-testid': 'mapping' },
    h('p', { class: 'hint' }, guess ? t('files.mapping_guess', { kind: kindName(guess) }) : missing.length ? t('files.mapping_needed') : t('files.unknown')),
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
export function drilldownRows(drilldown, id) {
  const rows = [['指标', '订单编号', '商品', '快递公司', '省份', '客服', '原因', '时间']];
  const bad = (drilldown && drilldown[id] && drilldown[id].bad) || [];
  for (const record of bad) rows.push([id, ...BAD_COLUMNS.map(([key]) => record[key] ?? '')]);
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
        h('span', { class: 'muted' }, `${fmt(d.numerator, 2)} / ${fmt(d.denominator, 2)}`),
        ' · ',
        h('span', { class: d.bad_total ? 'bad-count' : 'muted' }, t('dd.bad_total', { n: fmt(d.bad_total ?? bad.length, 0) })),
        d.estimated ? h('span', { class: 'mark mark-estimate', title: t('estimate.tip') }, isZh() ? '估算' : 'estimate') : null),
      tops.length ? h('div', { class: 'top-grid' }, tops) : null,
      bad.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table bad-table' },
          h('thead', null, h('tr', null, BAD_COLUMNS.map(([, key]) => h('th', { scope: 'col' }, t(key))))),
          h('tbody', null, bad.slice(0, SHOWN_ROWS).map((r) => h('tr', null, BAD_COLUMNS.map(([key]) => h('td', null, r[key] ?? '')))))))
        : null,
      bad.length > SHOWN_ROWS ? h('p', { class: 'hint' }, t('dd.more', { shown: SHOWN_ROWS, n: bad.length })) : null,
      bad.length
        ? h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': `drilldown-csv-${id}`,
          onclick: () => download(`shopscore-bad-${id}.csv`, toCsv(drilldownRows(dd, id)), 'text/csv;charset=utf-8'),
        }, t('dd.export'))
        : null,
      d.bad_total > bad.length ? h('p', { class: 'hint' }, t('dd.cut', { n: bad.length, total: d.bad_total })) : null);
  });
  return replace(el, blocks);
}
