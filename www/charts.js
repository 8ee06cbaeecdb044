// Plain SVG charts for the score over time, built by our own small module (no chart library).
//
// Building and showing are separate steps. `timeChart` and `sparkline` are pure: they take the
// figures, the words (every label arrives as an argument, in whatever language the page shows)
// and the pixel width to lay out for, and return a small element tree `{tag, attrs, children}`
// plus the geometry of every day, so node's test runner can check positions and words without
// a DOM. `mount` turns a tree into SVG elements (text always as text nodes, never markup),
// `toMarkup` into a string, and `interact` adds the hover/tap/keyboard read-out to a mounted
// chart.
//
// Readable without hover and in black and white: every series has its own dash pattern and
// end marker, its last value is written at the line's end, reference lines carry their label,
// and the forecast continues the line dashed. The read-out and cursor are `no-print`.

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 11;
const MS_PER_DAY = 86400000;

// Series looks, in drawing order: the first series (the total) is solid and heavy.
// Colour helps on screen; the dash pattern and the marker shape carry it on paper.
const SERIES_STYLES = [
  { stroke: '#1d2129', width: 2.4, dash: null, marker: 'circle' },
  { stroke: '#165dff', width: 1.6, dash: '7 3', marker: 'square' },
  { stroke: '#d25f00', width: 1.6, dash: '2 2.5', marker: 'triangle' },
  { stroke: '#00875a', width: 1.6, dash: '9 3 2 3', marker: 'diamond' },
  { stroke: '#8e44ad', width: 1.6, dash: '4 2 4 6', marker: 'cross' },
];
const FORECAST_DASHES = ['5 4', '1.5 3.5', '8 4 1.5 4'];
const LINE_DASH = { tier: '1 3', eligibility: '5 3', marker: '3 3' };
// Labels drawn over the plot get a white outline so lines behind them do not cross the words.
const HALO = { stroke: '#ffffff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };

// ---- the element tree ------------------------------------------------------------------------

/** el('path', {d: 'M0 0'}, child …): a node of the tree. Null/false children are dropped. */
export function el(tag, attrs = {}, ...children) {
  const kept = children.flat(Infinity).filter((c) => c != null && c !== false);
  return { tag, attrs, children: kept.map((c) => (typeof c === 'object' ? c : String(c))) };
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeText(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The tree as SVG markup (for tests, and for saving a chart as a file). */
export function toMarkup(node) {
  if (typeof node === 'string') return escapeText(node);
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v != null && v !== false)
    .map(([k, v]) => ` ${k}="${escapeText(v)}"`)
    .join('');
  const root = node.tag === 'svg' ? ` xmlns="${SVG_NS}"` : '';
  const inner = node.children.map(toMarkup).join('');
  return `<${node.tag}${root}${attrs}>${inner}</${node.tag}>`;
}

/** The tree as live SVG elements of `doc`. Text goes in as text nodes: it can never run. */
export function mount(node, doc = globalThis.document) {
  if (typeof node === 'string') return doc.createTextNode(node);
  const element = doc.createElementNS(SVG_NS, node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v != null && v !== false) element.setAttribute(k, String(v));
  }
  for (const child of node.children) element.append(mount(child, doc));
  return element;
}

// ---- numbers, dates and scales ---------------------------------------------------------------

/** At most `digits` decimals, trailing zeros dropped, never "-0"; '—' for no number. */
export function formatNumber(value, digits = 2) {
  if (value == null || !Number.isFinite(Number(value))) return '—';
  const text = String(Number(Number(value).toFixed(digits)));
  return text === '-0' ? '0' : text;
}

/** 'YYYY-MM-DD' → days since 1970-01-01 (calendar days; no time zone involved). */
export function dayNumber(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date));
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? Math.round(ms / MS_PER_DAY) : null;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dateOfDay(day) {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A linear map from `domain` to `range` (a domain of one value maps to the range's middle). */
export function linearScale([d0, d1], [r0, r1]) {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** Round numbers (1, 2 or 5 × 10^k apart) covering [min, max], about `count` of them. */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)));
  }
  return ticks;
}

/** Day steps for date ticks, the smallest keeping labels `minGap` pixels apart. */
function dayStep(days, pixels, minGap) {
  const steps = [1, 2, 3, 7, 14, 30, 60, 91, 182, 365];
  const perDay = days > 0 ? pixels / days : pixels;
  return steps.find((s) => s * perDay >= minGap) ?? 365;
}

/** Rough width of `text` at `size` px: CJK characters are square, others about 0.6 em. */
export function textWidth(text, size = FONT) {
  let width = 0;
  for (const ch of String(text)) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.6;
  return width;
}

/** Short default date label: MM-DD (the same in both languages). */
function shortDate(date) {
  return String(date).slice(5);
}

// ---- pieces shared by the charts -------------------------------------------------------------

/** Path data through `points` ({x, y} or null for a gap); a gap starts a new piece. */
export function pathData(points) {
  const parts = [];
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round(p.x)} ${round(p.y)}`);
    pen = true;
  }
  return parts.join(' ');
}

function round(v) {
  return Math.round(v * 10) / 10;
}

/** A small marker shape centred on (x, y), drawn with the series' stroke. */
function markerShape(shape, x, y, stroke, cls) {
  const r = 3.2;
  const common = { class: cls, stroke, 'stroke-width': 1.4, fill: '#ffffff' };
  switch (shape) {
    case 'square':
      return el('rect', { ...common, x: round(x - r), y: round(y - r), width: 2 * r, height: 2 * r });
    case 'triangle':
      return el('path', { ...common, d: `M${round(x)} ${round(y - r - 0.6)} L${round(x + r)} ${round(y + r)} L${round(x - r)} ${round(y + r)} Z` });
    case 'diamond':
      return el('path', { ...common, d: `M${round(x)} ${round(y - r - 0.6)} L${round(x + r + 0.6)} ${round(y)} L${round(x)} ${round(y + r + 0.6)} L${round(x - r - 0.6)} ${round(y)} Z` });
    case 'cross':
      return el('path', { ...common, d: `M${round(x - r)} ${round(y - r)} L${round(x + r)} ${round(y + r)} M${round(x - r)} ${round(y + r)} L${round(x + r)} ${round(y - r)}` });
    default:
      return el('circle', { ...common, cx: round(x), cy: round(y), r });
  }
}

/**
 * End labels placed at their lines' last y, pushed apart so no two overlap (`gap` px), kept
 * inside [top, bottom]. Input and output: [{y, …}] in any order; output adds `labelY`.
 */
export function spreadLabels(labels, gap, top, bottom) {
  const sorted = [...labels].sort((a, b) => a.y - b.y).map((l) => ({ ...l, labelY: l.y }));
  for (let i = 1; i < sorted.length; i++) {
    sorted[i].labelY = Math.max(sorted[i].labelY, sorted[i - 1].labelY + gap);
  }
  const overflow = sorted.length ? sorted[sorted.length - 1].labelY - bottom : 0;
  if (overflow > 0) {
    for (const l of sorted) l.labelY -= overflow;
    for (let i = sorted.length - 2; i >= 0; i--) {
      sorted[i].labelY = Math.min(sorted[i].labelY, sorted[i + 1].labelY - gap);
    }
  }
  for (const l of sorted) l.labelY = Math.max(top, l.labelY);
  return sorted;
}

/** Legend items laid out in rows that fit `width`: [{x, y, item}]. */
function legendLayout(items, width, left) {
  const placed = [];
  let x = left;
  let row = 0;
  for (const item of items) {
    const w = 26 + textWidth(item.label) + 14;
    if (x > left && x + w > width) {
      x = left;
      row += 1;
    }
    placed.push({ x, y: row, item });
    x += w;
  }
  return { placed, rows: placed.length ? row + 1 : 0 };
}

// ---- the time chart --------------------------------------------------------------------------

/**
 * Total and dimensions over time, with tier and eligibility lines, rule-switch markers and
 * the forecast continuing the first series dashed.
 *
 * spec = {
 *   width, height?,                     pixels to lay out for (the container's width)
 *   yDomain: [min, max],                the rule set's scale
 *   series: [{id, label, points: [{date, value}]}],   first = the emphasised one (total)
 *   forecasts: [{id, label, points: [{date, value}]}], each continues series[0] dashed
 *   lines: [{value, label, kind: 'tier' | 'eligibility'}],
 *   markers: [{date, label}],           vertical lines (a rule-set switch)
 *   labels: {title, description?, today?},
 *   formatDate?, formatValue?,          date → axis text; number → text
 * }
 * Returns {tree, days: [{date, x, lines: [text…]}], geometry}.
 */
export function timeChart(spec) {
  const layout = chartLayout(spec);
  const { x, y, plot } = layout;
  const fv = spec.formatValue ?? ((v) => formatNumber(v, 2));
  const series = (spec.series ?? []).map((s, i) => ({ ...s, style: SERIES_STYLES[i % SERIES_STYLES.length] }));
  const forecasts = (spec.forecasts ?? []).map((f, i) => ({ ...f, dash: FORECAST_DASHES[i % FORECAST_DASHES.length] }));

  const seriesPaths = series.map((s) => seriesPath(s, layout));
  const forecastPaths = forecasts.map((f) => forecastPath(f, series[0], layout));
  const endLabels = spreadLabels(
    [
      ...series.map((s, i) => lastPoint(s.points, layout) && { ...lastPoint(s.points, layout), text: fv(lastValue(s.points)), style: s.style, key: `s${i}` }),
      ...forecasts.map((f, i) => lastPoint(f.points, layout) && { ...lastPoint(f.points, layout), text: fv(lastValue(f.points)), style: { stroke: '#4e5969', dash: f.dash }, key: `f${i}` }),
    ].filter(Boolean),
    FONT + 1,
    plot.top + FONT / 2,
    plot.bottom,
  );
  const days = dayReadouts(spec, series, forecasts, layout, fv);
  const guideLines = guides(spec, series, layout, fv);

  const tree = el(
    'svg',
    {
      class: 'chart chart-time',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: '100%',
      preserveAspectRatio: 'xMidYMid meet',
      role: 'img',
      tabindex: 0,
      'aria-label': summaryText(spec, series, forecasts, fv),
      'aria-keyshortcuts': 'ArrowLeft ArrowRight Home End',
      'font-size': FONT,
      'font-family': 'inherit',
      'data-days': days.length,
    },
    el('title', {}, spec.labels?.title ?? ''),
    spec.labels?.description ? el('desc', {}, spec.labels.description) : null,
    el('text', { class: 'chart-title', x: plot.left, y: FONT + 2, 'font-weight': 600, fill: '#1d2129' }, spec.labels?.title ?? ''),
    legend(series, forecasts, layout),
    yAxis(layout, fv),
    xAxis(layout, spec.formatDate ?? shortDate),
    guideLines.under,
    el('g', { class: 'chart-forecasts' }, forecastPaths),
    el('g', { class: 'chart-series' }, seriesPaths),
    guideLines.over,
    el('g', { class: 'chart-end-labels' }, endLabels.map((l) => endLabel(l, plot))),
    el('g', { class: 'chart-hits' }, days.map((d, i) => el('rect', { class: 'chart-hit', 'data-index': i, x: round(d.x - layout.dayWidth / 2), y: plot.top, width: round(Math.max(layout.dayWidth, 1)), height: round(plot.bottom - plot.top), fill: 'transparent' }, el('title', {}, d.lines.join('\n'))))),
    el('g', { class: 'chart-readout no-print', 'aria-hidden': 'true' }),
  );
  const { width, height, first, last, dayWidth, yDomain } = layout;
  return { tree, days, geometry: { width, height, plot, first, last, dayWidth, yDomain }, x, y };
}

/**
 * A line's last value in the right margin, led by the line's own mark (its marker shape, or a
 * dash sample for a forecast) so it reads on paper without colour.
 */
function endLabel(l, plot) {
  const x = plot.right + 4;
  const y = l.labelY;
  const mark = l.style.marker
    ? markerShape(l.style.marker, x + 4, y, l.style.stroke, 'chart-end-marker')
    : el('line', { x1: x, y1: round(y), x2: x + 9, y2: round(y), stroke: l.style.stroke, 'stroke-width': 1.6, 'stroke-dasharray': '3 1.5' });
  return el('g', { class: 'chart-end-label', 'data-key': l.key }, mark, el('text', { x: x + 11, y: round(y + FONT / 3), fill: l.style.stroke }, l.text));
}

/** Sizes, the plot area and the scales of a time chart. */
function chartLayout(spec) {
  const width = Math.max(240, Math.round(spec.width ?? 640));
  const narrow = width < 480;
  const height = Math.round(spec.height ?? (narrow ? 230 : 290));
  const seriesItems = (spec.series ?? []).map((s) => ({ label: s.label }));
  const forecastItems = (spec.forecasts ?? []).map((f) => ({ label: f.label }));
  const legendRows = legendLayout([...seriesItems, ...forecastItems], width - 8, 8).rows;
  const top = FONT + 10 + legendRows * (FONT + 6) + 6;
  const plot = { left: narrow ? 30 : 38, right: width - (narrow ? 50 : 56), top, bottom: height - FONT - 12 };

  const dates = [
    ...(spec.series ?? []).flatMap((s) => s.points.map((p) => p.date)),
    ...(spec.forecasts ?? []).flatMap((f) => f.points.map((p) => p.date)),
  ]
    .map(dayNumber)
    .filter((d) => d != null);
  const first = dates.length ? Math.min(...dates) : 0;
  const last = dates.length ? Math.max(...dates) : 0;
  const [yMin, yMax] = spec.yDomain ?? valueDomain(spec);
  const span = Math.max(1, last - first);
  const dayWidth = (plot.right - plot.left) / span;
  const xOfDay = linearScale([first, last], [plot.left, plot.right]);
  return {
    width,
    height,
    narrow,
    plot,
    first,
    last,
    dayWidth: last === first ? plot.right - plot.left : dayWidth,
    yDomain: [yMin, yMax],
    x: (date) => xOfDay(dayNumber(date)),
    y: (value) => linearScale([yMin, yMax], [plot.bottom, plot.top])(Math.min(yMax, Math.max(yMin, value))),
  };
}

/** The extent of every value when no scale is given (a little room above and below). */
function valueDomain(spec) {
  const values = [...(spec.series ?? []), ...(spec.forecasts ?? [])]
    .flatMap((s) => s.points.map((p) => p.value))
    .filter((v) => v != null && Number.isFinite(v));
  if (!values.length) return [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  return [lo - pad, hi + pad];
}

/** Points of a series on the chart, a null wherever a day is missing or has no value. */
function plotted(points, layout) {
  const byDay = new Map();
  for (const p of points) {
    const d = dayNumber(p.date);
    if (d != null) byDay.set(d, p.value);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < days.length; i++) {
    if (i > 0 && days[i] - days[i - 1] > 1) out.push(null);
    const v = byDay.get(days[i]);
    out.push(v == null || !Number.isFinite(v) ? null : { x: layout.x(dateOfDay(days[i])), y: layout.y(v), day: days[i], value: v });
  }
  return out;
}

function lastValue(points) {
  const withValue = points.filter((p) => p.value != null && Number.isFinite(p.value) && dayNumber(p.date) != null);
  if (!withValue.length) return null;
  return withValue.reduce((a, b) => (dayNumber(b.date) > dayNumber(a.date) ? b : a)).value;
}

function lastPoint(points, layout) {
  const kept = plotted(points, layout).filter(Boolean);
  return kept.length ? kept[kept.length - 1] : null;
}

function seriesPath(s, layout) {
  const points = plotted(s.points, layout);
  const end = points.filter(Boolean).at(-1);
  return el(
    'g',
    { class: `chart-line chart-line-${s.id}`, 'data-series': s.id },
    el('path', { class: 'chart-path', d: pathData(points), fill: 'none', stroke: s.style.stroke, 'stroke-width': s.style.width, 'stroke-dasharray': s.style.dash, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }),
    end ? markerShape(s.style.marker, end.x, end.y, s.style.stroke, 'chart-marker') : null,
  );
}

/** A forecast continues the first series from its last point. */
function forecastPath(f, base, layout) {
  const start = base ? lastPoint(base.points, layout) : null;
  const points = plotted(f.points, layout).filter((p) => !start || !p || p.day > start.day);
  const joined = start ? [start, ...points] : points;
  return el(
    'g',
    { class: `chart-forecast chart-forecast-${f.id}`, 'data-series': f.id },
    el('path', { class: 'chart-path', d: pathData(joined), fill: 'none', stroke: '#4e5969', 'stroke-width': 1.8, 'stroke-dasharray': f.dash, 'stroke-linecap': 'round' }),
  );
}

function legend(series, forecasts, layout) {
  const items = [
    ...series.map((s) => ({ label: s.label, stroke: s.style.stroke, dash: s.style.dash, width: s.style.width, marker: s.style.marker })),
    ...forecasts.map((f) => ({ label: f.label, stroke: '#4e5969', dash: f.dash, width: 1.8 })),
  ];
  const { placed } = legendLayout(items, layout.width - 8, 8);
  const top = FONT + 10;
  return el(
    'g',
    { class: 'chart-legend' },
    placed.map(({ x, y, item }) => {
      const cy = top + y * (FONT + 6) + FONT / 2;
      return el(
        'g',
        { class: 'chart-legend-item' },
        el('line', { x1: x, y1: round(cy), x2: x + 20, y2: round(cy), stroke: item.stroke, 'stroke-width': item.width, 'stroke-dasharray': item.dash }),
        item.marker ? markerShape(item.marker, x + 10, cy, item.stroke, 'chart-legend-marker') : null,
        el('text', { x: x + 24, y: round(cy + FONT / 3), fill: '#1d2129' }, item.label),
      );
    }),
  );
}

function yAxis(layout, fv) {
  const { plot } = layout;
  const [lo, hi] = layout.yDomain;
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((plot.bottom - plot.top) / 40)));
  return el(
    'g',
    { class: 'chart-axis chart-axis-y' },
    ticks.map((t) =>
      el(
        'g',
        { class: 'chart-tick' },
        el('line', { x1: plot.left, y1: round(layout.y(t)), x2: plot.right, y2: round(layout.y(t)), stroke: '#e5e6eb', 'stroke-width': 1 }),
        el('text', { x: plot.left - 4, y: round(layout.y(t) + FONT / 3), 'text-anchor': 'end', fill: '#4e5969' }, fv(t)),
      ),
    ),
  );
}

function xAxis(layout, formatDate) {
  const { plot, first, last } = layout;
  const labelWidth = textWidth(formatDate(dateOfDay(last))) + 10;
  const step = dayStep(last - first, plot.right - plot.left, Math.max(44, labelWidth));
  const ticks = [];
  for (let d = last; d >= first; d -= step) ticks.unshift(d);
  return el(
    'g',
    { class: 'chart-axis chart-axis-x' },
    el('line', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: '#86909c', 'stroke-width': 1 }),
    ticks.map((d) => {
      const x = round(layout.x(dateOfDay(d)));
      return el(
        'g',
        { class: 'chart-tick', 'data-date': dateOfDay(d) },
        el('line', { x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + 4, stroke: '#86909c' }),
        el('text', { x, y: plot.bottom + FONT + 4, 'text-anchor': 'middle', fill: '#4e5969' }, formatDate(dateOfDay(d))),
      );
    }),
  );
}

/**
 * Lines at the same value drawn once, their labels joined (a tier and an eligibility line at
 * 80 would otherwise write over each other); an eligibility line wins the look.
 */
export function mergeLines(lines) {
  const out = [];
  for (const l of lines) {
    const same = out.find((o) => Math.abs(o.value - l.value) < 1e-9);
    if (!same) {
      out.push({ ...l });
      continue;
    }
    const eligibilityFirst = l.kind === 'eligibility' && same.kind !== 'eligibility';
    same.label = eligibilityFirst ? `${l.label} · ${same.label}` : `${same.label} · ${l.label}`;
    if (l.kind === 'eligibility') same.kind = 'eligibility';
  }
  return out;
}

/** `text` cut to fit `width` pixels at `size`, ending in "…" when cut. */
export function fitText(text, width, size = FONT) {
  if (textWidth(text, size) <= width) return text;
  let out = '';
  for (const ch of String(text)) {
    if (textWidth(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Horizontal tier and eligibility lines, vertical rule-switch markers and the "today" line.
 * Returns the lines (drawn under the series) and their labels (drawn over them, haloed).
 */
function guides(spec, series, layout, fv) {
  const { plot, first, last } = layout;
  const [lo, hi] = layout.yDomain;
  const under = [];
  const over = [];
  for (const l of mergeLines(spec.lines ?? [])) {
    if (!Number.isFinite(l.value) || l.value < lo || l.value > hi) continue;
    const y = round(layout.y(l.value));
    const kind = l.kind === 'eligibility' ? 'eligibility' : 'tier';
    const colour = kind === 'eligibility' ? '#c4173b' : '#86909c';
    under.push(el('line', { class: `chart-reference chart-reference-${kind}`, 'data-value': l.value, x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: colour, 'stroke-width': kind === 'eligibility' ? 1.2 : 1, 'stroke-dasharray': LINE_DASH[kind] }));
    const text = fitText(`${l.label} ${fv(l.value)}`, plot.right - plot.left - 8, FONT - 1);
    over.push(el('text', { ...HALO, class: 'chart-reference-label', x: plot.left + 4, y: y - 3, fill: kind === 'eligibility' ? colour : '#4e5969', 'font-size': FONT - 1 }, text));
  }
  for (const m of spec.markers ?? []) {
    const day = dayNumber(m.date);
    if (day == null || day < first || day > last) continue;
    const x = round(layout.x(m.date));
    const anchor = x > (plot.left + plot.right) / 2 ? 'end' : 'start';
    under.push(el('line', { class: 'chart-marker-line', 'data-date': m.date, x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: '#4e5969', 'stroke-dasharray': LINE_DASH.marker }));
    over.push(el('text', { ...HALO, class: 'chart-marker-label', x: anchor === 'end' ? x - 3 : x + 3, y: plot.top + FONT, 'text-anchor': anchor, fill: '#4e5969', 'font-size': FONT - 1 }, m.label));
  }
  // Where the forecast begins: the last day with data.
  const end = spec.forecasts?.length && series[0] ? lastPoint(series[0].points, layout) : null;
  if (end) {
    under.push(el('line', { class: 'chart-today', x1: round(end.x), y1: plot.top, x2: round(end.x), y2: plot.bottom, stroke: '#c9cdd4', 'stroke-width': 1 }));
    if (spec.labels?.today) {
      over.push(el('text', { ...HALO, class: 'chart-today-label', x: round(end.x) - 3, y: plot.bottom - 4, 'text-anchor': 'end', fill: '#86909c', 'font-size': FONT - 1 }, spec.labels.today));
    }
  }
  return { under: el('g', { class: 'chart-guides' }, under), over: el('g', { class: 'chart-guide-labels' }, over) };
}

/** Every day on the chart with the figures the read-out shows for it. */
function dayReadouts(spec, series, forecasts, layout, fv) {
  const formatLong = spec.formatDayLong ?? ((d) => d);
  const all = new Set();
  const valueOf = (points) => {
    const map = new Map();
    for (const p of points) if (dayNumber(p.date) != null) map.set(dayNumber(p.date), p.value);
    return map;
  };
  const seriesValues = series.map((s) => valueOf(s.points));
  const forecastValues = forecasts.map((f) => valueOf(f.points));
  for (const m of [...seriesValues, ...forecastValues]) for (const d of m.keys()) all.add(d);
  return [...all]
    .sort((a, b) => a - b)
    .map((d) => {
      const date = dateOfDay(d);
      const lines = [formatLong(date)];
      series.forEach((s, i) => {
        if (seriesValues[i].has(d)) lines.push(`${s.label} ${fv(seriesValues[i].get(d))}`);
      });
      forecasts.forEach((f, i) => {
        if (forecastValues[i].has(d)) lines.push(`${f.label} ${fv(forecastValues[i].get(d))}`);
      });
      return { date, x: round(layout.x(date)), lines };
    });
}

/** One sentence for screen readers: the title and each series' latest figure. */
function summaryText(spec, series, forecasts, fv) {
  const parts = [spec.labels?.title ?? ''];
  for (const s of series) {
    const v = lastValue(s.points);
    if (v != null) parts.push(`${s.label} ${fv(v)}`);
  }
  for (const f of forecasts) {
    const v = lastValue(f.points);
    const d = f.points.length ? f.points[f.points.length - 1].date : null;
    if (v != null) parts.push(`${f.label} ${d ? `${d} ` : ''}${fv(v)}`);
  }
  return parts.filter(Boolean).join('; ');
}

// ---- sparkline -------------------------------------------------------------------------------

/**
 * One indicator over time, small: its line, the last value marked, the best and worst days
 * marked, the forecast (if any) continuing dashed.
 * spec = {points: [{date, value}], forecast?: [{date, value}], width?, height?, label, unit?,
 *         direction?: 'higher_better' | 'lower_better', formatValue?}
 */
export function sparkline(spec) {
  const width = Math.max(60, Math.round(spec.width ?? 120));
  const height = Math.max(16, Math.round(spec.height ?? 30));
  const fv = spec.formatValue ?? ((v) => formatNumber(v, 2));
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const all = [...(spec.points ?? []), ...(spec.forecast ?? [])];
  const days = all.map((p) => dayNumber(p.date)).filter((d) => d != null);
  const values = all.map((p) => p.value).filter((v) => v != null && Number.isFinite(v));
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 0;
  // A small wobble is drawn small: the vertical range is at least 5% of the values' size.
  const rawLo = values.length ? Math.min(...values) : 0;
  const rawHi = values.length ? Math.max(...values) : 1;
  const least = Math.max(Math.abs((rawLo + rawHi) / 2) * 0.05, 1e-9);
  const extra = Math.max(0, least - (rawHi - rawLo)) / 2;
  const lo = rawLo - extra;
  const hi = rawHi + extra;
  const pad = 3;
  const layout = {
    x: (date) => linearScale([first, last], [pad, width - pad])(dayNumber(date)),
    y: (v) => linearScale([lo, hi], [height - pad, pad])(v),
  };
  const line = plotted(spec.points ?? [], layout);
  const end = line.filter(Boolean).at(-1);
  const forecast = end ? [end, ...plotted(spec.forecast ?? [], layout).filter((p) => !p || p.day > end.day)] : plotted(spec.forecast ?? [], layout);
  const kept = line.filter(Boolean);
  const goodIsHigh = spec.direction !== 'lower_better';
  const best = kept.length ? kept.reduce((a, b) => ((goodIsHigh ? b.value > a.value : b.value < a.value) ? b : a)) : null;
  const worst = kept.length ? kept.reduce((a, b) => ((goodIsHigh ? b.value < a.value : b.value > a.value) ? b : a)) : null;
  const readouts = (spec.points ?? [])
    .concat(spec.forecast ?? [])
    .filter((p) => dayNumber(p.date) != null)
    .map((p) => ({ date: p.date, x: round(layout.x(p.date)), lines: [p.date, `${spec.label ?? ''} ${fv(p.value)}${unit}`.trim()] }));
  const firstValue = kept.length ? kept[0].value : null;
  const label = [spec.label, kept.length ? `${fv(firstValue)} → ${fv(end.value)}${unit}` : '—'].filter(Boolean).join(': ');
  const tree = el(
    'svg',
    { class: 'chart chart-spark', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    el('title', {}, label),
    el('path', { class: 'chart-path', d: pathData(line), fill: 'none', stroke: '#1d2129', 'stroke-width': 1.4, 'stroke-linejoin': 'round' }),
    spec.forecast?.length ? el('path', { class: 'chart-forecast', d: pathData(forecast), fill: 'none', stroke: '#4e5969', 'stroke-width': 1.2, 'stroke-dasharray': '3 2' }) : null,
    worst && worst !== best ? el('circle', { class: 'chart-worst', cx: round(worst.x), cy: round(worst.y), r: 1.8, fill: '#ffffff', stroke: '#c4173b', 'stroke-width': 1 }) : null,
    end ? el('circle', { class: 'chart-last', cx: round(end.x), cy: round(end.y), r: 2.2, fill: '#1d2129' }) : null,
    el('g', { class: 'chart-readout no-print', 'aria-hidden': 'true' }),
  );
  return { tree, days: readouts, geometry: { width, height, first, last, lo, hi, best, worst } };
}

// ---- eligibility calendar --------------------------------------------------------------------

const CELL_LOOK = {
  ok: { fill: '#00875a', stroke: '#00875a' },
  fail: { fill: '#ffffff', stroke: '#c4173b' },
  unknown: { fill: '#c9cdd4', stroke: 'none' },
};

/**
 * One row per eligibility rule, one cell per day: met is a filled square, not met an outlined
 * square with a diagonal, can't-tell a small grey dot (shapes, not colour alone, so it prints
 * in black and white). Days from `forecastFrom` on are the forecast: lighter, after a line.
 * spec = {width, dates: ['YYYY-MM-DD'…], rows: [{id, label, days: [true|false|null]}],
 *         forecastFrom?, labels: {title, ok, fail, unknown, forecast?}, formatDate?}
 * Returns {tree, cells: [{row, day, x, y, size, state}], geometry}.
 */
export function calendar(spec) {
  const width = Math.max(240, Math.round(spec.width ?? 640));
  const labels = spec.labels ?? {};
  const formatDate = spec.formatDate ?? shortDate;
  const left = 4;
  const allDates = spec.dates ?? [];
  const gap = allDates.length > 60 ? 0.5 : 1;
  // Cells are at least 3 px: the oldest days that do not fit are left out.
  const fitting = Math.max(1, Math.floor((width - 2 * left + gap) / (3 + gap)));
  const dropped = Math.max(0, allDates.length - fitting);
  const dates = allDates.slice(dropped);
  const rows = (spec.rows ?? []).map((r) => ({ ...r, days: r.days.slice(dropped) }));
  const size = Math.max(3, Math.min(14, (width - 2 * left + gap) / Math.max(1, dates.length) - gap));
  const step = size + gap;
  const rowHeight = FONT + 4 + size + 8;
  const legendHeight = FONT + 10;
  const top = legendHeight + 4;
  const height = top + rows.length * rowHeight + FONT + 8;
  const forecastFrom = Math.max(0, (spec.forecastFrom ?? allDates.length) - dropped);
  const stateOf = (v) => (v === true ? 'ok' : v === false ? 'fail' : 'unknown');
  const cells = [];
  const drawnRows = rows.map((row, r) => {
    const y = top + r * rowHeight + FONT + 4;
    const boxes = dates.map((date, d) => {
      const state = stateOf(row.days[d]);
      const x = left + d * step;
      cells.push({ row: r, day: d, x: round(x), y: round(y), size: round(size), state });
      const look = CELL_LOOK[state];
      const forecast = d >= forecastFrom;
      const title = el('title', {}, `${date} ${row.label}: ${labels[state] ?? state}${forecast && labels.forecast ? ` (${labels.forecast})` : ''}`);
      const common = { class: `cal-cell cal-${state}${forecast ? ' cal-forecast' : ''}`, 'data-date': date, opacity: forecast ? 0.55 : null };
      if (state === 'unknown') {
        return el('circle', { ...common, cx: round(x + size / 2), cy: round(y + size / 2), r: round(Math.max(1, size / 5)), fill: look.fill }, title);
      }
      const box = el('rect', { x: round(x + 0.5), y: round(y + 0.5), width: round(size - 1), height: round(size - 1), fill: look.fill, stroke: look.stroke, 'stroke-width': 1 });
      const cross = state === 'fail' ? el('line', { x1: round(x + 1), y1: round(y + size - 1), x2: round(x + size - 1), y2: round(y + 1), stroke: look.stroke, 'stroke-width': 1 }) : null;
      return el('g', common, title, box, cross);
    });
    return el('g', { class: 'cal-row', 'data-id': row.id },
      el('text', { x: left, y: top + r * rowHeight + FONT, fill: '#1d2129' }, row.label),
      boxes);
  });
  const todayX = forecastFrom < dates.length ? round(left + forecastFrom * step - gap / 2) : null;
  const legendItems = ['ok', 'fail', 'unknown'].map((state) => ({ state, label: labels[state] ?? state }));
  let lx = left;
  const legend = legendItems.map((item) => {
    const look = CELL_LOOK[item.state];
    const y = 2;
    const shape = item.state === 'unknown'
      ? el('circle', { cx: lx + 5, cy: y + 5, r: 2, fill: look.fill })
      : el('g', {}, el('rect', { x: lx + 0.5, y: y + 0.5, width: 9, height: 9, fill: look.fill, stroke: look.stroke }),
        item.state === 'fail' ? el('line', { x1: lx + 1, y1: y + 9, x2: lx + 9, y2: y + 1, stroke: look.stroke }) : null);
    const node = el('g', { class: 'cal-legend-item' }, shape, el('text', { x: lx + 13, y: y + 9, fill: '#4e5969' }, item.label));
    lx += 13 + textWidth(item.label) + 14;
    return node;
  });
  const axisY = top + rows.length * rowHeight + FONT;
  const axisDates = [0, forecastFrom < dates.length ? forecastFrom - 1 : null, dates.length - 1].filter((d, i, a) => d != null && d >= 0 && a.indexOf(d) === i);
  const tree = el(
    'svg',
    { class: 'chart chart-calendar', viewBox: `0 0 ${width} ${height}`, width: '100%', preserveAspectRatio: 'xMidYMid meet', role: 'img', 'aria-label': labels.title ?? '', 'font-size': FONT, 'font-family': 'inherit' },
    el('title', {}, labels.title ?? ''),
    el('g', { class: 'cal-legend' }, legend, labels.forecast && todayX != null
      ? el('g', { class: 'cal-legend-item' }, el('text', { x: lx, y: 11, fill: '#4e5969' }, `┆ ${labels.forecast}`))
      : null),
    drawnRows,
    todayX != null ? el('line', { class: 'cal-today', x1: todayX, y1: top, x2: todayX, y2: axisY - FONT + 2, stroke: '#4e5969', 'stroke-dasharray': '2 2' }) : null,
    el('g', { class: 'cal-axis' }, axisDates.map((d, i) => {
      const x = round(left + d * step + size / 2);
      const anchor = i === 0 ? 'start' : d === dates.length - 1 ? 'end' : 'middle';
      return el('text', { x: anchor === 'start' ? left : anchor === 'end' ? round(left + d * step + size) : x, y: axisY + 4, 'text-anchor': anchor, fill: '#4e5969' }, formatDate(dates[d]));
    })),
  );
  return { tree, cells, geometry: { width, height, size, step, top, rowHeight, dropped } };
}

// ---- interaction (browser only) --------------------------------------------------------------

/** The index of the day nearest to `x` among `days` (sorted by x). */
export function nearestDay(days, x) {
  let best = -1;
  let bestDistance = Infinity;
  days.forEach((d, i) => {
    const distance = Math.abs(d.x - x);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

/** Where the read-out box goes for a day at `x`: beside the cursor, flipped near the right edge. */
export function readoutBox(lines, x, width, top) {
  const boxWidth = Math.ceil(Math.max(...lines.map((l) => textWidth(l))) + 12);
  const boxHeight = lines.length * (FONT + 4) + 6;
  const left = x + 8 + boxWidth > width ? Math.max(0, x - 8 - boxWidth) : x + 8;
  return { x: left, y: top, width: boxWidth, height: boxHeight };
}

/**
 * Hover, tap and keys on a mounted chart: a cursor and a read-out of the day's figures.
 * Arrow keys move a day, Home/End jump to the ends; `status` (an aria-live element, optional)
 * gets the same words for screen readers; `onDay(index)` is told too. Returns a function that
 * shows a day programmatically.
 */
export function interact(svgElement, chart, { status, onDay } = {}) {
  const doc = svgElement.ownerDocument;
  const readout = svgElement.querySelector('.chart-readout');
  const [vx, , vw, vh] = (svgElement.getAttribute('viewBox') || '0 0 0 0').split(/\s+/).map(Number);
  let current = -1;

  function show(index) {
    if (index < 0 || index >= chart.days.length || !readout) return;
    current = index;
    const day = chart.days[index];
    const top = chart.geometry.plot ? chart.geometry.plot.top : 0;
    const bottom = chart.geometry.plot ? chart.geometry.plot.bottom : vh;
    const box = readoutBox(day.lines, day.x, vw, top);
    // A chart too short for the box (a sparkline) shows the cursor; the words go to `status`.
    const fits = box.y + box.height <= vh;
    const tree = el(
      'g',
      {},
      el('line', { class: 'chart-cursor', x1: day.x, y1: top, x2: day.x, y2: bottom, stroke: '#165dff', 'stroke-width': 1 }),
      fits ? el('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 4, fill: '#ffffff', stroke: '#c9cdd4' }) : null,
      fits ? day.lines.map((line, i) => el('text', { x: box.x + 6, y: box.y + 4 + (i + 1) * (FONT + 4) - 3, fill: '#1d2129', 'font-weight': i === 0 ? 600 : 400 }, line)) : null,
    );
    readout.replaceChildren(...mount(tree, doc).childNodes);
    if (status) status.textContent = day.lines.join(', ');
    if (onDay) onDay(index);
  }

  function hide() {
    if (readout) readout.replaceChildren();
    current = -1;
  }

  function fromPointer(event) {
    const rect = svgElement.getBoundingClientRect();
    if (!rect.width) return;
    const x = vx + ((event.clientX - rect.left) / rect.width) * vw;
    show(nearestDay(chart.days, x));
  }

  svgElement.addEventListener('pointermove', fromPointer);
  svgElement.addEventListener('pointerdown', fromPointer);
  svgElement.addEventListener('pointerleave', (e) => {
    if (e.pointerType === 'mouse' && doc.activeElement !== svgElement) hide();
  });
  svgElement.addEventListener('blur', hide);
  svgElement.addEventListener('focus', () => {
    if (current < 0) show(chart.days.length - 1);
  });
  svgElement.addEventListener('keydown', (e) => {
    const last = chart.days.length - 1;
    const moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: last };
    if (!(e.key in moves)) return;
    e.preventDefault();
    show(Math.min(last, Math.max(0, current < 0 ? last : moves[e.key])));
  });
  return show;
}
