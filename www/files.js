// The shop's own files (page side): pick or drop several exports, each read in the file worker
// (bytes never leave the browser and never go into a link) with its progress — bytes, rows,
// speed, time left — and a Cancel; then the data-quality summary per file with its own message,
// a kind picker and a column-mapping step for unknown headers (the mapping is remembered, never
// the data), templates to download, and the drill-down of bad records behind each indicator,
// fetched a page at a time from the session (the CSV export is the core's, every record).

import { h, replace, fmt } from './dom.js';
import { t, isZh } from './i18n.js';
import { txt, words, amountWords } from './view.js';
import { download } from './export.js';

export const FILE_KINDS = ['orders', 'logistics', 'after_sales', 'reviews', 'feige_rounds', 'feige_agents', 'values'];
const MAPPING_KEY = 'shopscore.mapping';

// This module's own words (the shared table in i18n.js is for the page's fixed labels).
const WORDS = {
  'progress.queued': { zh: '等待读取', en: 'Waiting to be read' },
  'progress.queued_line': { zh: '前面的文件读完后开始（文件逐个读取）', en: 'Starts once the files before it are read (files are read one at a time)' },
  'progress.reading': { zh: '读取中', en: 'Reading' },
  'progress.finishing': { zh: '正在整理', en: 'Finishing' },
  'progress.workbook': { zh: '正在读取工作表（XLSX 在文件全部载入后读取）', en: 'Reading the workbook (an XLSX is read once all of it has arrived)' },
  'progress.done_of': { zh: '{done} / {size}', en: '{done} of {size}' },
  'progress.rows': { zh: '{n} 行', en: '{n} rows' },
  'progress.speed': { zh: '{speed}/秒', en: '{speed}/s' },
  'progress.left': { zh: '约剩 {time}', en: 'about {time} left' },
  'progress.seconds': { zh: '{n} 秒', en: '{n} s' },
  'progress.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'progress.cancel': { zh: '取消', en: 'Cancel' },
  'progress.cancel_label': { zh: '取消读取 {name}', en: 'Cancel reading {name}' },
  'progress.label': { zh: '{name} 读取进度', en: 'Progress of {name}' },
  'files.cancelled': { zh: '已取消读取 {name}；其他文件照常计算。', en: 'Reading {name} was cancelled; the other files still count.' },
  'files.failed': { zh: '无法读取：{message}', en: 'Could not be read: {message}' },
  'files.broken': { zh: '读取此文件时计算引擎出错，已跳过此文件（其他文件已重新读取）：{message}', en: 'The engine failed while reading this file, so it was left out (the other files were read again): {message}' },
  'files.reading_n': { zh: '正在读取 {n} 个文件… 读取期间可以继续填写和拖动滑块。', en: 'Reading {n} file(s)… You can keep typing and moving sliders meanwhile.' },
  'dd.page': { zh: '第 {from}–{to} 条，共 {n} 条', en: 'Records {from}–{to} of {n}' },
  'dd.prev': { zh: '上一页', en: 'Previous' },
  'dd.next': { zh: '下一页', en: 'Next' },
  'dd.loading': { zh: '正在查找问题记录…', en: 'Finding the records…' },
  'dd.failed': { zh: '无法列出记录：{message}', en: 'The records could not be listed: {message}' },
  'dd.file_line': { zh: '{file} 第 {line} 行', en: '{file} line {line}' },
  'dd.where': { zh: '来源', en: 'Source' },
};

/** One of this module's sentences in the page's language, `{slot}`s filled from `vars`. */
export function say(key, vars) {
  let text = txt(WORDS[key]) || key;
  for (const [name, value] of Object.entries(vars || {})) text = text.split(`{${name}}`).join(String(value));
  return text;
}

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

/**
 * Wire the picker and the drop zone; `onFiles(list)` gets browser File objects; `onIntent()`
 * (optional) says files are probably coming: the picker was opened, or something is dragged
 * over the page or the pointer is on the drop zone.
 */
export function wireFileInputs({ input, zone, onFiles, onIntent = () => {} }) {
  input.addEventListener('click', () => onIntent());
  zone.addEventListener('pointerenter', () => onIntent());
  window.addEventListener('dragenter', () => onIntent());
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
  if (bytes < 1024 * 1024 * 1024) return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
  return `${fmt(bytes / 1024 / 1024 / 1024, 2)} GiB`;
}

function durationText(seconds) {
  if (seconds < 90) return say('progress.seconds', { n: Math.max(1, Math.round(seconds)) });
  return say('progress.minutes', { n: Math.round(seconds / 60) });
}

function where(w) {
  const parts = [];
  if (w.line != null) parts.push(isZh() ? `第 ${w.line} 行` : `line ${w.line}`);
  if (w.column) parts.push(w.column);
  return parts.join(' · ');
}

// The messages that say what a file is as a whole (the others are in the report's notes).
const FILE_LEVEL = new Set(['unreadable_file', 'empty_file', 'unknown_columns', 'guessed_kind', 'kind_guessed', 'no_rows', 'no_data_rows', 'too_large', 'bad_file', 'unknown_value']);

/** A file's own messages about itself (unreadable, empty, unknown headers …), in words. */
function fileMessages(summary) {
  const own = ((summary && summary.warnings) || []).filter((w) => FILE_LEVEL.has(w.code));
  // A file that cannot be read at all has that one message: its "unknown headers" follows from it.
  const fatal = own.filter((w) => w.code === 'unreadable_file' || w.code === 'empty_file');
  return fatal.length ? fatal : own;
}

/** A file's message without the file name it starts with (the card already shows it). */
function withoutName(text, name) {
  const prefix = [`${name}: `, `${name}：`].find((p) => text.startsWith(p));
  return prefix ? text.slice(prefix.length) : text;
}

/** A file still on its way: waiting, being read, or being finished. */
export function isPending(file) {
  return file.status === 'queued' || file.status === 'reading' || file.status === 'finishing';
}

// ---- progress -------------------------------------------------------------------------------

/** The progress line of a file being read: bytes, rows, speed, time left. */
function progressText(file) {
  if (file.status === 'queued') return say('progress.queued_line');
  const p = file.progress || {};
  if (file.status === 'finishing') return /\.xls[xm]$/i.test(file.name) ? say('progress.workbook') : say('progress.finishing');
  const parts = [say('progress.done_of', { done: sizeText(p.bytes || 0), size: sizeText(file.size) })];
  if (p.rows) parts.push(say('progress.rows', { n: fmt(p.rows, 0) }));
  const seconds = p.started != null && p.at != null ? (p.at - p.started) / 1000 : 0;
  if (seconds > 0.2 && p.bytes > 0) {
    const rate = p.bytes / seconds;
    parts.push(say('progress.speed', { speed: sizeText(Math.round(rate)) }));
    if (file.size > p.bytes) parts.push(say('progress.left', { time: durationText((file.size - p.bytes) / rate) }));
  }
  return parts.join(' · ');
}

function progressBlock(file, onCancel) {
  const value = file.status === 'queued' ? 0 : Math.min(file.size || 0, (file.progress && file.progress.bytes) || 0);
  const bar = h('progress', {
    max: String(Math.max(1, file.size || 0)), 'data-testid': 'file-progress-bar',
    'aria-label': say('progress.label', { name: file.name }), style: { width: '100%', height: '0.75rem' },
  });
  // Indeterminate (no value) while a workbook is read: its rows arrive only at the end.
  if (file.status !== 'finishing') bar.value = value;
  return h('div', { class: 'quality-file file-progress', 'data-testid': 'file-progress', 'data-file': file.name, 'data-status': file.status, 'data-key': `file-progress:${file.key}` },
    h('div', { class: 'quality-title' },
      h('strong', { class: 'file-name' }, file.name),
      h('span', { class: 'pill' }, say(`progress.${file.status === 'queued' ? 'queued' : file.status === 'finishing' ? 'finishing' : 'reading'}`)),
      h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'file-cancel',
        'aria-label': say('progress.cancel_label', { name: file.name }), onclick: () => onCancel(file.key),
      }, say('progress.cancel'))),
    bar,
    h('p', { class: 'muted small', 'data-testid': 'file-progress-text', role: 'status', style: { margin: '.25rem 0 0' } }, progressText(file)));
}

/**
 * Update a file's progress in place (no redraw of the page: progress arrives ten times a second
 * while the user may be typing or dragging a slider). False when its block is not on the page.
 */
export function updateProgress(root, file) {
  const block = root && root.querySelector(`[data-key="file-progress:${file.key}"]`);
  if (!block || block.dataset.status !== file.status) return false;
  const bar = block.querySelector('progress');
  if (bar && file.status === 'reading') bar.value = Math.min(file.size || 0, file.progress.bytes || 0);
  const text = block.querySelector('[data-testid=file-progress-text]');
  if (text) text.textContent = progressText(file);
  return true;
}

// ---- the quality summary --------------------------------------------------------------------

/**
 * The files: one block per file — while it is read, its progress and Cancel; once read, its kind
 * (detected, guessed or picked by hand), its own message when it could not be used, rows read
 * and skipped with line, column and reason, encoding and delimiter under "details", and the
 * mapping step when its headers fit no kind — and the window the files cover.
 */
export function renderQuality(el, { files, report, mapping, onMapping, onRemove, onKind, onCancel }) {
  if (!files.length) return replace(el);
  const inputs = (report && report.inputs) || {};
  const window = inputs.window;
  // Nothing is dated before a file is read: no window line while every file is still on its way.
  const head = files.every(isPending) ? null : h('p', { class: 'quality-head', 'data-testid': 'files-window' },
    window ? `${t('files.window')}: ${window.start} – ${window.end}` : t('files.window_none'),
    inputs.valid_paid_orders_30d != null ? ` · ${t('field.orders')}: ${fmt(inputs.valid_paid_orders_30d, 0)}` : '');
  // Why the other orders are not valid paid orders (the stage rule counts only those).
  const notCounted = Object.entries(inputs.orders_not_counted || {}).filter(([, n]) => n > 0);
  const notCountedLine = notCounted.length
    ? h('p', { class: 'hint', 'data-testid': 'orders-not-counted' }, `${t('files.not_counted')}: `,
      notCounted.map(([why, n]) => `${t(`why.${why}`) === `why.${why}` ? why.replace(/_/g, ' ') : t(`why.${why}`)} ${fmt(n, 0)}`).join(' · '))
    : null;
  const blocks = files.map((file) => {
    if (isPending(file)) return progressBlock(file, onCancel);
    if (file.status === 'failed') return failedBlock(file, onRemove);
    return summaryBlock(file, mapping, { onMapping, onRemove, onKind });
  });
  const remembered = Object.keys(mapping).length
    ? h('p', { class: 'hint' }, `${t('files.mapping_saved')}: `,
      Object.entries(mapping).map(([k, v]) => `${fieldLabel(k)} → ${v}`).join('；'), ' ',
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'mapping-forget', onclick: () => onMapping({}) }, t('files.mapping_forget')))
    : null;
  return replace(el, head, notCountedLine, blocks, remembered);
}

function removeButton(file, onRemove) {
  return h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onRemove(file.key), 'aria-label': `${t('files.remove_one')} ${file.name}` }, t('files.remove_one'));
}

/** A file the browser or the engine could not read: what happened, and a way to remove it. */
function failedBlock(file, onRemove) {
  const message = words(String((file.error && file.error.message) || '').replace(/^[a-z_]+(?: \([^)]*\))?:\s*/, ''));
  return h('div', { class: 'quality-file is-unknown', 'data-testid': 'file-summary', 'data-file': file.name, 'data-status': 'failed' },
    h('div', { class: 'quality-title' },
      h('strong', { class: 'file-name' }, file.name),
      h('span', { class: 'pill pill-fail', 'data-testid': 'file-kind' }, kindName(null)),
      removeButton(file, onRemove)),
    h('ul', { class: 'file-messages', 'data-testid': 'file-message' },
      h('li', { 'data-code': file.error && file.error.code }, say(file.broken ? 'files.broken' : 'files.failed', { message }))));
}

function summaryBlock(file, mapping, { onMapping, onRemove, onKind }) {
  const s = file.summary || { name: file.name };
  const unknown = !s.kind;
  const messages = fileMessages(s);
  const unreadable = s.status === 'unreadable' || messages.some((w) => w.code === 'unreadable_file' || w.code === 'empty_file');
  const skippedRows = s.skipped_rows || [];
  return h('div', { class: `quality-file${unknown ? ' is-unknown' : ''}`, 'data-testid': 'file-summary', 'data-file': file.name, 'data-status': s.status || 'finished' },
    h('div', { class: 'quality-title' },
      h('strong', { class: 'file-name' }, file.name),
      h('span', { class: `pill ${unknown ? 'pill-fail' : 'pill-ok'}`, 'data-testid': 'file-kind' }, kindName(s.kind)),
      h('span', { class: 'muted small', 'data-testid': 'file-rows-line' }, `${t('files.rows')} `, h('span', { 'data-testid': 'file-rows' }, fmt(s.rows ?? 0, 0)),
        ` · ${t('files.skipped')} `, h('span', { 'data-testid': 'file-skipped' }, fmt(s.skipped ?? 0, 0))),
      removeButton(file, onRemove)),
    messages.length
      ? h('ul', { class: 'file-messages', 'data-testid': 'file-message' }, messages.map((w) => h('li', { 'data-code': w.code }, withoutName(txt(w.text), file.name))))
      : null,
    unreadable ? null : kindPicker(file, s, onKind),
    skippedRows.length
      ? h('details', { class: 'skipped' },
        h('summary', null, t('files.skipped_rows', { n: skippedRows.length, total: s.skipped })),
        h('ul', null, skippedRows.map((w) => h('li', null, where(w) ? h('code', null, where(w)) : null, ' ', txt(w.text)))))
      : null,
    h('details', { class: 'file-details' },
      h('summary', null, t('files.details')),
      h('dl', { class: 'quality-facts' },
        fact(t('files.size'), sizeText(file.size ?? s.bytes)),
        fact(t('files.encoding'), s.encoding || '—'),
        fact(t('files.delimiter'), s.delimiter == null ? (s.sheet ? `${t('files.sheet')} ${s.sheet}` : '—') : s.delimiter === '\t' ? 'Tab' : s.delimiter),
        (s.columns || []).length
          ? fact(t('files.columns_used'), h('ul', { class: 'columns-used', 'data-testid': 'columns-used' },
            s.columns.map((c) => h('li', null, h('code', null, c.header), ' → ', txt(c.used_for)))))
          : null)),
    unknown && !unreadable ? mappingStep(s, mapping, onMapping) : null);
}

/** Pick a file's kind by hand (or leave it to detection); a guessed kind says so. */
function kindPicker(file, summary, onKind) {
  const picked = file.kind || '';
  const select = h('select', {
    'data-testid': 'file-kind-pick', 'aria-label': `${t('files.kind_pick')}: ${file.name}`,
    onchange: (e) => onKind(file.key, e.target.value || null),
  },
  h('option', { value: '' }, t('files.kind_auto')),
  FILE_KINDS.map((k) => h('option', { value: k }, kindName(k))));
  select.value = picked;
  const guess = summary.kind_guessed ? summary.kind : !summary.kind ? summary.closest_kind : null;
  const note = picked ? t('files.kind_picked', { kind: kindName(picked) }) : guess ? t('files.kind_guessed', { kind: kindName(guess) }) : null;
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
function mappingStep(summary, mapping, onMapping) {
  const headers = summary.headers || [];
  const missing = summary.missing_required || [];
  const guess = summary.closest_kind;
  const rows = missing.map(({ field, label }) =>
    h('label', { class: 'field' },
      h('span', null, fieldLabel(field, label)),
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
const PAGE_SIZE = 50;
// Which blocks are open and on which page, so a re-score (a typed edit) keeps them open.
const opened = new Map();

/**
 * The indicators recomputed from the files, with their bad-record counts; opening one asks the
 * session for a page of its records (`source.page(id, page, size)` → a DrilldownPage) and where
 * they concentrate; the CSV export is every record (`source.csv(id)`).
 */
export function renderDrilldown(el, report, source) {
  const dd = report && report.drilldown;
  if (!dd || typeof dd !== 'object' || !Object.keys(dd).length || !source) {
    opened.clear();
    return replace(el);
  }
  const names = new Map((report.indicators || []).map((i) => [i.id, i]));
  for (const id of [...opened.keys()]) if (!(id in dd)) opened.delete(id);
  const blocks = Object.entries(dd).map(([id, d]) => {
    const ind = names.get(id) || { id };
    const body = h('div', { class: 'drill-body' });
    const details = h('details', { class: 'drill', 'data-testid': `drilldown-${id}` },
      h('summary', null,
        h('strong', null, txt(ind) || id), ' ',
        h('span', { class: 'muted' }, amountWords(d.numerator, d.denominator, ind.unit)),
        ' · ',
        h('span', { class: d.bad_total ? 'bad-count' : 'muted' }, t('dd.bad_total', { n: fmt(d.bad_total ?? 0, 0) })),
        d.estimated ? h('span', { class: 'mark mark-estimate', title: t('estimate.tip') }, isZh() ? '估算' : 'estimate') : null),
      body);
    const show = (page) => showPage(body, id, d, page, source);
    details.addEventListener('toggle', () => {
      if (details.open) {
        if (!opened.has(id)) opened.set(id, 0);
        show(opened.get(id));
      } else {
        opened.delete(id);
      }
    });
    if (opened.has(id)) details.open = true;
    return details;
  });
  return replace(el, blocks);
}

async function showPage(body, id, d, page, source) {
  if (!d.bad_total) return replace(body);
  opened.set(id, page);
  replace(body, h('p', { class: 'hint', role: 'status' }, say('dd.loading')));
  let found;
  try {
    found = await source.page(id, page, PAGE_SIZE);
  } catch (e) {
    return replace(body, h('p', { class: 'error-text' }, say('dd.failed', { message: words(e.message) })));
  }
  if (opened.get(id) !== page) return; // closed, or another page asked meanwhile
  const top = found.top || {};
  const tops = ['product', 'courier', 'province', 'agent']
    .filter((key) => (top[key] || []).length)
    .map((key) => h('div', { class: 'top-list' },
      h('h4', null, t(`dd.${key}`)),
      h('ol', null, top[key].map(([name, count]) => h('li', null, h('span', null, name), h('span', { class: 'num' }, fmt(count, 0)))))));
  const rows = found.rows || [];
  const first = found.page * found.page_size;
  const pages = Math.ceil(found.total / found.page_size);
  const pager = pages > 1
    ? h('div', { class: 'button-row', 'data-testid': `drilldown-pager-${id}` },
      h('button', { type: 'button', class: 'btn btn-small', disabled: page === 0, 'data-testid': `drilldown-prev-${id}`, onclick: () => showPage(body, id, d, page - 1, source) }, say('dd.prev')),
      h('button', { type: 'button', class: 'btn btn-small', disabled: page + 1 >= pages, 'data-testid': `drilldown-next-${id}`, onclick: () => showPage(body, id, d, page + 1, source) }, say('dd.next')))
    : null;
  return replace(body,
    tops.length ? h('div', { class: 'top-grid' }, tops) : null,
    rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table bad-table' },
        h('thead', null, h('tr', null, BAD_COLUMNS.map(([, key]) => h('th', { scope: 'col' }, t(key))), h('th', { scope: 'col' }, say('dd.where')))),
        h('tbody', null, rows.map((r) => h('tr', null,
          BAD_COLUMNS.map(([key]) => h('td', null, txt(r[key]) || '')),
          h('td', null, r.line != null ? say('dd.file_line', { file: r.file || '', line: r.line }) : r.file || ''))))))
      : null,
    h('p', { class: 'hint', 'data-testid': `drilldown-page-${id}` }, say('dd.page', { from: fmt(Math.min(first + 1, found.total), 0), to: fmt(first + rows.length, 0), n: fmt(found.total, 0) })),
    pager,
    h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': `drilldown-csv-${id}`,
      onclick: () => source.csv(id),
    }, t('dd.export')));
}
