// Calibration (issue 9): the shop's daily back-end readings (typed in a table, or pasted from the
// back end), what the core learns from them (dimension and indicator weights, band thresholds,
// the 2026-09 mapping) with the evidence of each fit and the reading that would narrow it, and
// the overlay: applied to the score, exported, imported. The readings are kept with the shop in
// this browser (shop.readings = {header, rows} of text cells), never in a link.

import { h, replace, fmt } from '../dom.js';
import { t, pick, addStrings } from '../i18n.js';
import { txt, words } from '../view.js';
import { download } from '../export.js';
import TEXT from '../calibration-text.js';

addStrings(TEXT);

// What the panel says between renders (not part of the shop): the last paste or import.
let message = null;
// The view of the last render (the drop handler, attached once, acts on the current shop).
let current = null;
// The last calibration, by the request it answered (re-rendering must not refit).
let cached = { key: null, result: null, error: null };
const headerCache = new Map();

function headersOf(api, ruleSet) {
  if (!headerCache.has(ruleSet)) headerCache.set(ruleSet, api.readingsHeaders(ruleSet) || []);
  return headerCache.get(ruleSet);
}

/** The shop's table laid out under the rule set's columns (columns of another rule set kept after them). */
function tableOf(shop, headers) {
  const names = headers.map((x) => x.zh);
  const stored = shop.readings;
  if (!stored || !Array.isArray(stored.header) || !Array.isArray(stored.rows)) return { header: names, rows: [] };
  const header = [...names, ...stored.header.filter((x) => !names.includes(x))];
  const rows = stored.rows.map((row) => header.map((name) => {
    const at = stored.header.indexOf(name);
    return at >= 0 && row[at] != null ? String(row[at]) : '';
  }));
  return { header, rows };
}

function save(view, table) {
  view.act.updateShop((shop) => {
    shop.readings = { header: table.header, rows: table.rows };
  });
}

function calibrationOf(view, ruleSet, table) {
  const input = view.input;
  const name = view.shop.name || t('cal.default_name');
  const request = { header: table.header, rows: table.rows, first_line: 1, name, industry: input.industry || null, shop_type: input.shop_type || null };
  const key = JSON.stringify([ruleSet, request]);
  if (cached.key !== key) {
    try {
      cached = { key, result: view.api.calibrate(ruleSet, request), error: null };
    } catch (error) {
      cached = { key, result: null, error };
    }
  }
  return cached;
}

// ---- the readings table -----------------------------------------------------------------------

function readingsTable(view, headers, table) {
  const label = (i) => (headers[i] ? pick(headers[i]) : table.header[i]);
  const setCell = (r, c, value) => {
    const rows = table.rows.map((row) => [...row]);
    rows[r][c] = value.trim();
    save(view, { header: table.header, rows });
  };
  const remove = (r) => save(view, { header: table.header, rows: table.rows.filter((_, i) => i !== r) });
  return h('div', { class: 'table-wrap cal-table-wrap' },
    h('table', { class: 'cal-table', 'data-testid': 'cal-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, '#'),
        table.header.map((_, c) => h('th', { scope: 'col' }, label(c))),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('cal.delete'))))),
      h('tbody', null, table.rows.map((row, r) => h('tr', { 'data-testid': 'cal-row' },
        h('th', { scope: 'row', class: 'muted' }, String(r + 1)),
        row.map((cell, c) => h('td', null, h('input', {
          type: 'text', inputmode: c === 0 ? 'numeric' : 'decimal', value: cell, size: c === 0 ? 10 : 6,
          'aria-label': `${t('cal.row', { n: r + 1 })} ${label(c)}`,
          'data-key': `cal:${r}:${c}`, 'data-testid': `cal-cell-${r}-${c}`,
          onchange: (ev) => setCell(r, c, ev.target.value),
        }))),
        h('td', null, h('button', {
          type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `${t('cal.delete')} ${t('cal.row', { n: r + 1 })}`,
          'data-testid': 'cal-delete', onclick: () => remove(r),
        }, '×')))))));
}

function addRow(view, table) {
  save(view, { header: table.header, rows: [...table.rows, table.header.map(() => '')] });
}

function pasteDay(view, ruleSet, table, text) {
  let row;
  try {
    row = view.api.readingRow(text, ruleSet);
  } catch (error) {
    message = { error: true, text: t('cal.failed', { message: error.message }) };
    return;
  }
  const took = ((row && row.reading && row.reading.took) || []).length;
  if (!row || !took) {
    message = { error: true, text: t('cal.pasted_nothing') };
    save(view, table);
    return;
  }
  const cells = table.header.map((_, i) => (row.cells[i] == null ? '' : String(row.cells[i])));
  const date = cells[0];
  const same = date ? table.rows.findIndex((r) => r[0] === date) : -1;
  const rows = table.rows.map((r) => [...r]);
  if (same >= 0) rows[same] = cells;
  else rows.push(cells);
  message = { error: false, text: date ? t(same >= 0 ? 'cal.pasted_replaced' : 'cal.pasted', { date, n: took }) : t('cal.pasted_undated', { n: took }) };
  save(view, { header: table.header, rows });
}

/** Days from a readings file: each replaces the row of its date, the rest are added; rows by date. */
function importReadings(view, ruleSet, table, file) {
  file.arrayBuffer().then((buffer) => {
    let read;
    try {
      read = view.api.readingsFile(ruleSet, { name: file.name, bytes: new Uint8Array(buffer) });
    } catch (error) {
      message = { error: true, text: t('cal.file_failed', { file: file.name, message: error.message }) };
      save(view, table);
      return;
    }
    const rows = table.rows.map((r) => [...r]);
    for (const cells of read.rows) {
      const row = table.header.map((_, i) => (cells[i] == null ? '' : String(cells[i])));
      const same = row[0] ? rows.findIndex((r) => r[0] === row[0]) : -1;
      if (same >= 0) rows[same] = row;
      else rows.push(row);
    }
    rows.sort((a, b) => (a[0] || '\uffff').localeCompare(b[0] || '\uffff'));
    message = {
      error: false,
      text: t('cal.file_read', { file: file.name, n: read.rows.length }),
      notes: (read.warnings || []).map((w) => words(txt(w.text))),
    };
    save(view, { header: table.header, rows });
  });
}

function downloadTemplate(view, ruleSet) {
  // download() adds the BOM itself.
  const text = String(view.api.readingsTemplate(ruleSet) || '').replace(/^\uFEFF/, '');
  download(`shopscore-readings-${ruleSet}.csv`, text, 'text/csv;charset=utf-8');
}

// ---- the fits -----------------------------------------------------------------------------------

const percent = (x) => `${fmt(x * 100, 2)}%`;

function evidence(fit) {
  return h('p', { class: 'muted cal-evidence' }, t('cal.evidence', { n: fit.readings_used, residual: fmt(fit.residual_max, 3) }));
}

function nextReading(hint) {
  return hint ? h('p', { class: 'hint cal-next', 'data-testid': 'cal-next' }, h('strong', null, t('cal.next')), txt(hint.text)) : null;
}

function weightsBlock(title, fit, nameOf, testid) {
  const ids = Object.keys(fit.ranges);
  return h('div', { class: 'cal-fit', 'data-testid': testid },
    h('h3', null, title),
    h('table', { class: 'plain-table' },
      h('thead', null, h('tr', null, ['cal.col.item', 'cal.col.weight', 'cal.col.range'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, ids.map((id) => h('tr', { 'data-testid': `cal-weight-${id}` },
        h('th', { scope: 'row' }, nameOf(id)),
        h('td', { class: 'num' }, percent(fit[id])),
        h('td', { class: 'num' }, `${percent(fit.ranges[id][0])} – ${percent(fit.ranges[id][1])}`))))),
    evidence(fit),
    h('p', { class: 'muted cal-evidence' }, t(fit.determined ? 'cal.determined' : 'cal.not_determined')),
    nextReading(fit.next_reading));
}

function bandsBlock(title, bands) {
  const side = (x) => (x == null ? t('cal.open') : fmt(x, 4));
  const hints = bands.map((b) => b.next_reading).filter(Boolean);
  return h('div', { class: 'cal-fit', 'data-testid': 'cal-bands' },
    h('h3', null, title),
    h('table', { class: 'plain-table' },
      h('thead', null, h('tr', null, ['cal.col.band', 'cal.col.interval', 'cal.col.threshold', 'cal.col.default'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, bands.map((b) => h('tr', null,
        h('th', { scope: 'row' }, fmt(b.score)),
        h('td', { class: 'num' }, `${side(b.threshold_min)} – ${side(b.threshold_max)}`),
        h('td', { class: 'num' }, fmt(b.threshold, 4)),
        h('td', { class: 'num muted' }, fmt(b.default, 4)))))),
    h('p', { class: 'muted cal-evidence' }, t('cal.evidence_bands', { n: bands.length ? bands[0].readings_used : 0 })),
    hints.length ? nextReading(hints[0]) : null);
}

function mappingBlock(title, mapping, nameOf) {
  return h('div', { class: 'cal-fit', 'data-testid': 'cal-mapping' },
    h('h3', null, title),
    mapping.usable ? null : h('p', { class: 'error-text', 'data-testid': 'cal-mapping-unused' }, t('cal.mapping_unused')),
    h('table', { class: 'plain-table' },
      h('thead', null, h('tr', null, ['cal.col.item', 'cal.col.seen', 'cal.col.span'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, Object.entries(mapping.indicators).map(([id, c]) => h('tr', null,
        h('th', { scope: 'row' }, nameOf(id)),
        h('td', { class: 'num' }, `${fmt(c.seen_min, 4)} – ${fmt(c.seen_max, 4)}`),
        h('td', { class: 'num' }, t('cal.points', { n: fmt(c.span) })))))),
    evidence(mapping),
    nextReading(mapping.next_reading));
}

function fits(view, result) {
  const report = view.report;
  const dimName = new Map((report.dimensions || []).map((d) => [d.id, pick(d)]));
  const indName = new Map((report.indicators || []).map((i) => [i.id, pick(i)]));
  const dim = (id) => dimName.get(id) || id;
  const ind = (id) => indName.get(id) || id;
  const f = result.fits;
  return [
    f.dimension_weights ? weightsBlock(t('cal.dimension_weights'), f.dimension_weights, dim, 'cal-dimension-weights') : null,
    Object.entries(f.indicator_weights).map(([d, fit]) => weightsBlock(t('cal.indicator_weights', { dimension: dim(d) }), fit, ind, `cal-indicator-weights-${d}`)),
    Object.entries(f.bands).map(([id, bands]) => bandsBlock(t('cal.bands', { indicator: ind(id) }), bands)),
    Object.entries(f.mapping).map(([d, m]) => mappingBlock(t('cal.mapping', { dimension: dim(d) }), m, ind)),
  ];
}

// ---- applying, exporting, importing -------------------------------------------------------------

function setCalibration(view, overlay) {
  view.act.updateShop((shop) => {
    if (overlay) shop.input.calibration = overlay;
    else delete shop.input.calibration;
  });
}

function importFile(view, file) {
  file.text().then((text) => {
    try {
      const overlay = view.api.readCalibration(text);
      message = { error: false, text: t('cal.imported', { name: overlay.name }) };
      setCalibration(view, overlay);
    } catch (error) {
      message = { error: true, text: t('cal.import_failed', { message: error.message }) };
      view.act.updateShop(() => {});
    }
  });
}

function status(view, result) {
  const applied = view.input.calibration;
  const used = view.report && view.report.calibration;
  if (!applied) return h('p', { class: 'cal-status', 'data-testid': 'cal-status' }, t('cal.not_applied'));
  const stale = result && JSON.stringify(result.overlay) !== JSON.stringify(applied);
  return h('div', { class: 'cal-status is-applied', 'data-testid': 'cal-status' },
    h('p', null, h('strong', null, t('cal.applied', { name: applied.name }))),
    used ? h('ul', { class: 'cal-parts' }, h('li', null, txt(used.text)), used.parts.map((p) => h('li', { 'data-testid': 'cal-part' }, txt(p.text))))
      : h('p', { class: 'error-text' }, t('cal.applied_unused')),
    stale ? h('p', { class: 'hint' }, t('cal.applied_stale')) : null);
}

function actions(view, result) {
  const applied = view.input.calibration;
  const fresh = result && JSON.stringify(result.overlay) !== JSON.stringify(applied);
  const fileInput = h('input', {
    type: 'file', accept: '.json,application/json', class: 'visually-hidden', 'data-testid': 'cal-import-file',
    onchange: (ev) => ev.target.files[0] && importFile(view, ev.target.files[0]),
  });
  const exportable = applied || (result && result.overlay);
  return h('div', { class: 'button-row no-print' },
    result && fresh ? h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'cal-apply', onclick: () => setCalibration(view, result.overlay) }, t(applied ? 'cal.reapply' : 'cal.apply')) : null,
    applied ? h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-remove', onclick: () => setCalibration(view, null) }, t('cal.remove')) : null,
    exportable ? h('button', {
      type: 'button', class: 'btn', 'data-testid': 'cal-export', title: t('cal.export_note'),
      onclick: () => download(`shopscore-calibration-${exportable.rule_set}.json`, JSON.stringify(exportable, null, 2) + '\n', 'application/json'),
    }, t('cal.export')) : null,
    h('label', { class: 'btn' }, fileInput, h('span', null, t('cal.import'))));
}

export default {
  id: 'calibration',
  title: 'section.calibration',
  wide: true,
  print: false,
  mount(body, view) {
    // A readings file dropped anywhere on the panel (the page's own drop zone takes the shop's exports).
    body.addEventListener('dragover', (ev) => {
      if ([...(ev.dataTransfer?.types || [])].includes('Files')) ev.preventDefault();
    });
    body.addEventListener('drop', (ev) => {
      const file = ev.dataTransfer?.files?.[0];
      if (!file || !view.api) return;
      ev.preventDefault();
      ev.stopPropagation();
      const report = current.report;
      if (!report) return;
      const table = tableOf(current.shop, headersOf(view.api, report.rule_set));
      importReadings(current, report.rule_set, table, file);
    });
  },
  render(el, view) {
    current = view;
    const { report, api } = view;
    if (!report || !api || typeof api.calibrate !== 'function') return replace(el);
    const ruleSet = report.rule_set;
    const headers = headersOf(api, ruleSet);
    const table = tableOf(view.shop, headers);
    const { result, error } = table.rows.length ? calibrationOf(view, ruleSet, table) : { result: null, error: null };
    const area = h('textarea', { rows: '3', 'data-testid': 'cal-paste-text', spellcheck: 'false', 'aria-label': t('cal.paste_label') });
    const readings = result && result.readings;
    return replace(el,
      h('p', { class: 'hint' }, t('cal.hint')),
      status(view, result),
      h('h3', null, t('cal.table', { n: table.rows.length })),
      h('p', { class: 'muted' }, t('cal.rule_set', { rule: pick((view.ruleSets || []).find((r) => r.id === ruleSet) || { zh: ruleSet, en: ruleSet }) })),
      table.rows.length ? readingsTable(view, headers, table) : h('p', { class: 'muted', 'data-testid': 'cal-empty' }, t('cal.none_yet')),
      h('div', { class: 'button-row no-print' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-add', onclick: () => addRow(view, table) }, t('cal.add')),
        h('label', { class: 'btn' },
          h('input', {
            type: 'file', accept: '.csv,.tsv,.txt,.xlsx', class: 'visually-hidden', 'data-testid': 'cal-readings-file',
            onchange: (ev) => ev.target.files[0] && importReadings(view, ruleSet, table, ev.target.files[0]),
          }),
          h('span', null, t('cal.file'))),
        h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'cal-template', onclick: () => downloadTemplate(view, ruleSet) }, t('cal.template'))),
      h('label', { class: 'field no-print' }, h('span', null, t('cal.paste_label')), area),
      h('div', { class: 'button-row no-print' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-paste-apply', onclick: () => pasteDay(view, ruleSet, table, area.value) }, t('cal.paste_apply'))),
      message ? h('div', { role: 'status' },
        h('p', { class: message.error ? 'error-text' : 'hint', 'data-testid': 'cal-message' }, message.text),
        message.notes && message.notes.length ? h('ul', { class: 'warnings' }, message.notes.map((n) => h('li', { 'data-testid': 'cal-file-note' }, n))) : null) : null,
      error ? h('p', { class: 'error-text' }, t('cal.failed', { message: error.message })) : null,
      readings ? h('p', { 'data-testid': 'cal-used' },
        t('cal.used', { used: readings.used, given: readings.given }),
        readings.from ? t('cal.period', { from: readings.from, to: readings.to }) : '',
        readings.left_out.length ? h('span', { class: 'muted block' }, t('cal.left_out', { rows: readings.left_out.join(', ') })) : null) : null,
      result && result.warnings.length
        ? h('ul', { class: 'warnings' }, result.warnings.map((w) => h('li', { 'data-testid': 'cal-warning', 'data-code': w.code }, words(txt(w.text)))))
        : null,
      result ? h('div', { class: 'cal-fits' }, fits(view, result)) : null,
      actions(view, result));
  },
};
