// Exports made in the browser: the report JSON and the indicator table as CSV. Files are built
// locally and handed to the browser as a download; nothing is sent anywhere.

/**
 * Spreadsheet programs run a cell starting with = + - @ (and tab or CR, which some strip first)
 * as a formula. A leading apostrophe makes it plain text (OWASP "CSV injection").
 */
export function neutralizeCell(value) {
  const text = value == null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value) {
  const text = neutralizeCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows) {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const CSV_COLUMNS = [
  'id', 'zh', 'en', 'dimension', 'value', 'unit', 'direction', 'score', 'weight', 'contribution',
  'next_band_score', 'next_band_threshold', 'best_band_score', 'best_band_threshold',
  'numerator', 'denominator', 'small_sample', 'estimated', 'source',
];

/** The indicator table of a report as CSV rows (header first). */
export function indicatorRows(report) {
  const rows = [CSV_COLUMNS];
  for (const i of report.indicators || []) {
    rows.push([
      i.id, i.zh, i.en, i.dimension, i.value, i.unit, i.direction, i.score, i.weight, i.contribution,
      i.next_band && i.next_band.score, i.next_band && i.next_band.threshold,
      i.best_band && i.best_band.score, i.best_band && i.best_band.threshold,
      i.numerator, i.denominator, i.small_sample, i.estimated, i.source,
    ]);
  }
  return rows;
}

export function download(filename, text, mime) {
  // A BOM so that Chinese Excel opens UTF-8 CSV correctly.
  const body = mime.startsWith('text/csv') ? '\uFEFF' + text : text;
  const url = URL.createObjectURL(new Blob([body], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportReportJson(report, shopName) {
  const doc = shopName ? { shop_name: shopName, ...report } : report;
  download(`shopscore-report-${report.rule_set}.json`, JSON.stringify(doc, null, 2) + '\n', 'application/json');
}

export function exportIndicatorCsv(report) {
  download(`shopscore-indicators-${report.rule_set}.csv`, toCsv(indicatorRows(report)), 'text/csv;charset=utf-8');
}
