// Unit tests of www/charts.js: geometry and words of the SVG charts, checked on the element
// tree the pure builders return (no browser, no DOM). Run: node --test tests/unit/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  el, toMarkup, mount, formatNumber, dayNumber, dateOfDay, linearScale, niceTicks, textWidth,
  pathData, spreadLabels, timeChart, sparkline, nearestDay, readoutBox, calendar, mergeLines, fitText,
} from '../../www/charts.js';

// ---- helpers ---------------------------------------------------------------------------------

/** Every node of `tree` for which `pred` holds. */
function findAll(tree, pred, out = []) {
  if (typeof tree !== 'object') return out;
  if (pred(tree)) out.push(tree);
  for (const child of tree.children) findAll(child, pred, out);
  return out;
}
const byClass = (tree, cls) => findAll(tree, (n) => String(n.attrs.class ?? '').split(/\s+/).includes(cls));
const textOf = (node) => (typeof node === 'string' ? node : node.children.map(textOf).join(''));
/** Points of a path's d attribute, with the command letter. */
const pathPoints = (d) => [...d.matchAll(/([ML])(-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({ cmd: m[1], x: Number(m[2]), y: Number(m[3]) }));

/** n consecutive days from `start`, values from f(i). */
function days(start, n, f) {
  return Array.from({ length: n }, (_, i) => ({ date: dateOfDay(dayNumber(start) + i), value: f(i) }));
}

const ZH = { total: '总分', product: '商品体验', forecast: '预测：无新差评', title: '体验分走势', today: '今天', campaign: '官方活动 7 天均分' };
const EN = { total: 'Total', product: 'Product', forecast: 'Forecast: no new bad records', title: 'Score over time', today: 'today', campaign: 'Campaigns 7-day average' };

function sampleChart(words, width = 640, extra = {}) {
  return timeChart({
    width,
    yDomain: [50, 100],
    series: [
      { id: 'total', label: words.total, points: days('2026-10-01', 30, (i) => 70 + i * 0.5) },
      { id: 'product', label: words.product, points: days('2026-10-01', 30, () => 80) },
    ],
    forecasts: [{ id: 'no_new_bad', label: words.forecast, points: days('2026-10-31', 14, (i) => 85 + i * 0.2) }],
    lines: [{ value: 70, label: words.campaign, kind: 'eligibility' }, { value: 80, label: 'P', kind: 'tier' }],
    labels: { title: words.title, today: words.today },
    ...extra,
  });
}

// ---- the element tree ------------------------------------------------------------------------

test('markup escapes every text and attribute: a label can never become markup', () => {
  const tree = el('svg', { 'aria-label': '"><script>x</script>' }, el('text', {}, '<img src=x onerror=alert(1)> & co'));
  const markup = toMarkup(tree);
  assert.ok(!markup.includes('<img'));
  assert.ok(!markup.includes('<script'));
  assert.ok(markup.includes('&lt;img src=x onerror=alert(1)&gt; &amp; co'));
  assert.ok(markup.includes('aria-label="&quot;&gt;&lt;script&gt;'));
  assert.ok(markup.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
});

test('a chart label with markup stays text in the chart markup', () => {
  const chart = sampleChart({ ...ZH, total: '<b>总分</b>' });
  const markup = toMarkup(chart.tree);
  assert.ok(!markup.includes('<b>'));
  assert.ok(markup.includes('&lt;b&gt;总分&lt;/b&gt;'));
});

test('mount builds elements with text nodes only (a stand-in document records the calls)', () => {
  const calls = [];
  const node = (kind, value) => ({ kind, value, attrs: {}, kids: [], setAttribute(k, v) { this.attrs[k] = v; }, append(c) { this.kids.push(c); } });
  const doc = {
    createElementNS: (ns, tag) => { calls.push(['element', ns, tag]); return node('element', tag); },
    createTextNode: (t) => { calls.push(['text', t]); return node('text', t); },
  };
  const out = mount(el('svg', { width: 10, hidden: null }, el('text', { x: 1 }, '<b>x</b>')), doc);
  assert.equal(out.value, 'svg');
  assert.deepEqual(out.attrs, { width: '10' });
  assert.equal(out.kids[0].kids[0].kind, 'text');
  assert.equal(out.kids[0].kids[0].value, '<b>x</b>');
  assert.ok(calls.every((c) => c[0] === 'text' || c[1] === 'http://www.w3.org/2000/svg'));
});

// ---- numbers, dates, scales ------------------------------------------------------------------

test('numbers lose trailing zeros and never show -0; no number is a dash', () => {
  assert.equal(formatNumber(82.5), '82.5');
  assert.equal(formatNumber(80), '80');
  assert.equal(formatNumber(4.7912, 2), '4.79');
  assert.equal(formatNumber(-0.001), '0');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(NaN), '—');
});

test('calendar days: month, year and leap-day boundaries; bad dates are null', () => {
  assert.equal(dayNumber('2026-03-01') - dayNumber('2026-02-28'), 1);
  assert.equal(dayNumber('2024-03-01') - dayNumber('2024-02-28'), 2);
  assert.equal(dayNumber('2027-01-01') - dayNumber('2026-12-31'), 1);
  assert.equal(dateOfDay(dayNumber('2026-09-08')), '2026-09-08');
  assert.equal(dayNumber('2026-9-8'), null);
  assert.equal(dayNumber('not a date'), null);
});

test('linear scale and nice ticks', () => {
  const s = linearScale([50, 100], [200, 0]);
  assert.equal(s(50), 200);
  assert.equal(s(100), 0);
  assert.equal(s(75), 100);
  assert.equal(linearScale([3, 3], [0, 10])(3), 5);
  assert.deepEqual(niceTicks(50, 100, 5), [50, 60, 70, 80, 90, 100]);
  assert.deepEqual(niceTicks(3, 5, 4), [3, 3.5, 4, 4.5, 5]);
  assert.deepEqual(niceTicks(0, 100, 3), [0, 50, 100]);
  assert.deepEqual(niceTicks(NaN, 1), []);
});

test('text width counts CJK characters as square', () => {
  assert.equal(textWidth('总分', 10), 20);
  assert.equal(textWidth('ab', 10), 12);
});

test('a path breaks at a gap and restarts with a move', () => {
  assert.equal(pathData([{ x: 0, y: 0 }, { x: 1, y: 1 }, null, { x: 3, y: 3 }]), 'M0 0 L1 1 M3 3');
  assert.equal(pathData([]), '');
});

test('end labels are pushed apart and kept inside the plot', () => {
  const placed = spreadLabels([{ y: 50 }, { y: 51 }, { y: 52 }, { y: 198 }, { y: 199 }], 12, 10, 200);
  const ys = placed.map((l) => l.labelY).sort((a, b) => a - b);
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] >= 12 - 1e-9, `labels ${i - 1} and ${i} overlap`);
  assert.ok(ys.at(-1) <= 200 && ys[0] >= 10);
});

// ---- the time chart: geometry ----------------------------------------------------------------

test('dates and values land where the scales say: first/last day at the plot edges, 50 and 100 at bottom and top', () => {
  const chart = sampleChart(ZH);
  const { plot } = chart.geometry;
  assert.equal(chart.x('2026-10-01'), plot.left);
  assert.equal(chart.x('2026-11-13'), plot.right); // last forecast day
  assert.equal(chart.y(50), plot.bottom);
  assert.equal(chart.y(100), plot.top);
  // A value outside the scale is drawn at its edge, not outside the chart.
  assert.equal(chart.y(120), plot.top);
  const total = byClass(chart.tree, 'chart-line-total')[0];
  const points = pathPoints(findAll(total, (n) => n.tag === 'path')[0].attrs.d);
  assert.equal(points.length, 30);
  assert.equal(points[0].x, plot.left);
  assert.equal(points[0].y, Math.round(chart.y(70) * 10) / 10);
  // Days are evenly spaced.
  const step = points[1].x - points[0].x;
  for (let i = 2; i < points.length; i++) assert.ok(Math.abs(points[i].x - points[i - 1].x - step) < 0.11);
});

test('a missing day breaks the line instead of joining across it', () => {
  const points = days('2026-10-01', 10, () => 80).filter((p) => p.date !== '2026-10-05');
  points.push({ date: '2026-10-12', value: null });
  const chart = timeChart({ width: 500, yDomain: [50, 100], series: [{ id: 'total', label: 'T', points }], labels: { title: 't' } });
  const d = findAll(byClass(chart.tree, 'chart-line-total')[0], (n) => n.tag === 'path')[0].attrs.d;
  assert.equal(pathPoints(d).filter((p) => p.cmd === 'M').length, 2);
  assert.equal(pathPoints(d).length, 9);
});

test('the forecast continues the total from its last point, dashed', () => {
  const chart = sampleChart(EN);
  const total = pathPoints(findAll(byClass(chart.tree, 'chart-line-total')[0], (n) => n.tag === 'path')[0].attrs.d);
  const forecastPath = findAll(byClass(chart.tree, 'chart-forecast-no_new_bad')[0], (n) => n.tag === 'path')[0];
  const forecast = pathPoints(forecastPath.attrs.d);
  assert.deepEqual([forecast[0].x, forecast[0].y], [total.at(-1).x, total.at(-1).y]);
  assert.equal(forecast.length, 15);
  assert.ok(forecastPath.attrs['stroke-dasharray'], 'forecast is dashed');
  assert.equal(byClass(chart.tree, 'chart-line-total')[0].children[0].attrs['stroke-dasharray'], null, 'the total is solid');
});

test('tier and eligibility lines are drawn at their value with their label; lines outside the scale are left out', () => {
  const chart = sampleChart(ZH, 640, { lines: [{ value: 70, label: ZH.campaign, kind: 'eligibility' }, { value: 80, label: '优选', kind: 'tier' }, { value: 4.6, label: 'off-scale', kind: 'tier' }] });
  const lines = byClass(chart.tree, 'chart-reference');
  assert.equal(lines.length, 2);
  const at70 = lines.find((l) => l.attrs['data-value'] === 70);
  assert.equal(at70.attrs.y1, Math.round(chart.y(70) * 10) / 10);
  assert.ok(at70.attrs.class.includes('chart-reference-eligibility'));
  assert.notEqual(at70.attrs['stroke-dasharray'], lines.find((l) => l.attrs['data-value'] === 80).attrs['stroke-dasharray'], 'kinds differ without colour');
  const labels = byClass(chart.tree, 'chart-reference-label').map(textOf);
  assert.deepEqual(labels, ['官方活动 7 天均分 70', '优选 80']);
  assert.ok(!toMarkup(chart.tree).includes('off-scale'));
});

test('a rule switch shows as a labelled vertical marker on its day', () => {
  const chart = sampleChart(EN, 640, { markers: [{ date: '2026-10-10', label: 'Rules 2026-10-10' }, { date: '2025-01-01', label: 'outside' }] });
  const markers = byClass(chart.tree, 'chart-marker-line');
  assert.equal(markers.length, 1);
  assert.equal(markers[0].attrs.x1, Math.round(chart.x('2026-10-10') * 10) / 10);
  assert.deepEqual(byClass(chart.tree, 'chart-marker-label').map(textOf), ['Rules 2026-10-10']);
});

test('print and black-and-white: every series has its own dash pattern and marker, and its last value written', () => {
  const chart = timeChart({
    width: 640,
    yDomain: [50, 100],
    series: ['total', 'product', 'logistics', 'service'].map((id, k) => ({ id, label: id, points: days('2026-10-01', 5, () => 60 + k * 9.13) })),
    labels: { title: 't' },
  });
  const lines = byClass(chart.tree, 'chart-line');
  const looks = lines.map((g) => `${g.children[0].attrs['stroke-dasharray']}|${g.children[1].tag}${g.children[1].attrs.d ? 'p' : ''}`);
  assert.equal(new Set(looks).size, 4, looks.join(', '));
  const written = byClass(chart.tree, 'chart-end-label').map((g) => textOf(g));
  assert.deepEqual(written.sort(), ['60', '69.13', '78.26', '87.39']);
  // The read-out is screen-only.
  assert.ok(byClass(chart.tree, 'chart-readout')[0].attrs.class.includes('no-print'));
});

test('every number in the markup is finite (no NaN or Infinity), also for one day and for no data', () => {
  for (const spec of [
    { width: 640, series: [{ id: 'total', label: 'T', points: [{ date: '2026-10-01', value: 80 }] }], labels: { title: 'one day' } },
    { width: 390, series: [], labels: { title: 'empty' } },
    { width: 300, yDomain: [3, 5], series: [{ id: 'total', label: 'T', points: days('2026-01-01', 90, (i) => 3 + i / 45) }], labels: { title: '5 points' } },
  ]) {
    const markup = toMarkup(timeChart(spec).tree);
    assert.ok(!/NaN|Infinity|undefined/.test(markup), spec.labels.title);
  }
});

test('on a phone width the chart is laid out for it: fewer date ticks, at least 44 px apart, everything inside', () => {
  const wide = sampleChart(ZH, 1000);
  const narrow = sampleChart(ZH, 358);
  const ticks = (c) => byClass(byClass(c.tree, 'chart-axis-x')[0], 'chart-tick').map((t) => t.children[0].attrs.x1);
  assert.ok(ticks(narrow).length < ticks(wide).length);
  const xs = ticks(narrow);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] - xs[i - 1] >= 44, `ticks ${xs[i - 1]} and ${xs[i]} too close`);
  assert.equal(narrow.tree.attrs.viewBox, `0 0 358 ${narrow.geometry.height}`);
  assert.equal(narrow.tree.attrs.width, '100%');
  // Nothing is placed beyond the width: end labels fit in the right margin.
  for (const t of findAll(narrow.tree, (n) => n.tag === 'text' && n.attrs.x != null)) {
    const right = Number(t.attrs.x) + (t.attrs['text-anchor'] === 'middle' ? textWidth(textOf(t)) / 2 : t.attrs['text-anchor'] === 'end' ? 0 : textWidth(textOf(t)));
    assert.ok(right <= 358 + 1, `"${textOf(t)}" ends at ${right}`);
  }
});

test('the legend wraps into rows on a narrow chart and the plot starts below it', () => {
  const wide = sampleChart(EN, 900);
  const narrow = sampleChart(EN, 300);
  const rows = (c) => new Set(byClass(c.tree, 'chart-legend-item').map((g) => g.children[0].attrs.y1)).size;
  assert.equal(rows(wide), 1);
  assert.ok(rows(narrow) >= 2);
  assert.ok(narrow.geometry.plot.top > wide.geometry.plot.top);
});

// ---- the time chart: words -------------------------------------------------------------------

test('hover read-out: each day lists its date and every figure, in the language of the labels given', () => {
  const zh = sampleChart(ZH);
  const day = zh.days.find((d) => d.date === '2026-10-11');
  assert.deepEqual(day.lines, ['2026-10-11', '总分 75', '商品体验 80']);
  const forecastDay = zh.days.find((d) => d.date === '2026-11-01');
  assert.deepEqual(forecastDay.lines, ['2026-11-01', '预测：无新差评 85.2']);
  const en = sampleChart(EN, 640, { formatDayLong: (d) => `Day ${d}` });
  assert.deepEqual(en.days.find((d) => d.date === '2026-10-11').lines, ['Day 2026-10-11', 'Total 75', 'Product 80']);
  assert.equal(zh.days.length, 44);
  // Each day has a hit area carrying the same words as a native tooltip (no script needed).
  const hits = byClass(zh.tree, 'chart-hit');
  assert.equal(hits.length, 44);
  assert.equal(textOf(hits[10]), '2026-10-11\n总分 75\n商品体验 80');
});

test('keyboard and screen readers: the chart is focusable, names its keys and says the latest figures', () => {
  const chart = sampleChart(EN);
  assert.equal(chart.tree.attrs.tabindex, 0);
  assert.equal(chart.tree.attrs.role, 'img');
  assert.match(chart.tree.attrs['aria-keyshortcuts'], /ArrowLeft/);
  assert.equal(chart.tree.attrs['aria-label'], 'Score over time; Total 84.5; Product 80; Forecast: no new bad records 2026-11-13 87.6');
  assert.equal(textOf(findAll(chart.tree, (n) => n.tag === 'title')[0]), 'Score over time');
});

test('the axis shows the scale of the rule set: 3–5 for a 5-point set', () => {
  const chart = timeChart({ width: 640, yDomain: [3, 5], series: [{ id: 'total', label: 'T', points: days('2026-01-01', 5, () => 4.6) }], labels: { title: 't' } });
  const labels = byClass(byClass(chart.tree, 'chart-axis-y')[0], 'chart-tick').map((t) => textOf(t.children[1]));
  assert.deepEqual(labels, ['3', '3.5', '4', '4.5', '5']);
});

// ---- sparkline -------------------------------------------------------------------------------

test('sparkline: fits its box, marks the last day, and the worst day by the indicator direction', () => {
  const points = [{ date: '2026-10-01', value: 30 }, { date: '2026-10-02', value: 50 }, { date: '2026-10-03', value: 20 }];
  const lower = sparkline({ points, width: 100, height: 24, label: '飞鸽平均响应时长', unit: '秒', direction: 'lower_better' });
  const pts = pathPoints(findAll(lower.tree, (n) => n.attrs.class === 'chart-path')[0].attrs.d);
  assert.equal(pts[0].x, 3);
  assert.equal(pts.at(-1).x, 97);
  assert.ok(pts.every((p) => p.y >= 3 && p.y <= 21));
  assert.equal(lower.geometry.worst.value, 50);
  assert.equal(lower.geometry.best.value, 20);
  const higher = sparkline({ points, width: 100, height: 24, label: 'x', direction: 'higher_better' });
  assert.equal(higher.geometry.worst.value, 20);
  assert.equal(byClass(lower.tree, 'chart-last')[0].attrs.cx, 97);
  assert.equal(lower.tree.attrs['aria-label'], '飞鸽平均响应时长: 30 → 20 秒');
  assert.deepEqual(lower.days[1].lines, ['2026-10-02', '飞鸽平均响应时长 50 秒']);
});

test('sparkline forecast continues dashed from the last point', () => {
  const s = sparkline({ points: days('2026-10-01', 5, (i) => i), forecast: days('2026-10-06', 3, () => 4), label: 'x' });
  const forecast = pathPoints(byClass(s.tree, 'chart-forecast')[0].attrs.d);
  const line = pathPoints(byClass(s.tree, 'chart-path')[0].attrs.d);
  assert.deepEqual([forecast[0].x, forecast[0].y], [line.at(-1).x, line.at(-1).y]);
  assert.equal(forecast.length, 4);
});

// ---- read-out placement ----------------------------------------------------------------------

test('the nearest day to a pointer, and the read-out box flipping left near the right edge', () => {
  const ds = [{ x: 10 }, { x: 20 }, { x: 30 }];
  assert.equal(nearestDay(ds, 0), 0);
  assert.equal(nearestDay(ds, 24), 1);
  assert.equal(nearestDay(ds, 99), 2);
  assert.equal(nearestDay([], 5), -1);
  const right = readoutBox(['2026-10-01', 'Total 80'], 600, 640, 20);
  assert.ok(right.x + right.width <= 600);
  const left = readoutBox(['2026-10-01', 'Total 80'], 40, 640, 20);
  assert.equal(left.x, 48);
});

// ---- lines that meet, long labels --------------------------------------------------------------

test('lines at the same value are drawn once with both names, the eligibility look winning', () => {
  const merged = mergeLines([
    { value: 80, label: 'Preferred', kind: 'tier' },
    { value: 80, label: 'Brand label', kind: 'eligibility' },
    { value: 70, label: 'Campaigns', kind: 'eligibility' },
  ]);
  assert.equal(merged.length, 2);
  assert.deepEqual(merged[0], { value: 80, label: 'Brand label · Preferred', kind: 'eligibility' });
  const chart = sampleChart(EN, 640, { lines: [{ value: 80, label: 'Preferred', kind: 'tier' }, { value: 80, label: 'Brand label', kind: 'eligibility' }] });
  assert.equal(byClass(chart.tree, 'chart-reference').length, 1);
  assert.deepEqual(byClass(chart.tree, 'chart-reference-label').map(textOf), ['Brand label · Preferred 80']);
});

test('a label longer than the plot is cut with an ellipsis, never past the edge', () => {
  assert.equal(fitText('short', 100), 'short');
  const cut = fitText('精选联盟准入 · 良好流量 · 很长很长的名字', 80, 10);
  assert.ok(cut.endsWith('…'));
  assert.ok(textWidth(cut, 10) <= 80);
  const chart = sampleChart(ZH, 300, { lines: [{ value: 70, label: '精选联盟准入精选联盟准入精选联盟准入精选联盟准入', kind: 'eligibility' }] });
  const label = byClass(chart.tree, 'chart-reference-label')[0];
  assert.ok(Number(label.attrs.x) + textWidth(textOf(label), 10) <= chart.geometry.plot.right);
});

test('a sparkline does not blow a tiny wobble up to its full height', () => {
  const flat = sparkline({ points: [{ date: '2026-10-01', value: 20.5 }, { date: '2026-10-02', value: 20.6 }], width: 100, height: 30, label: 'x' });
  const ys = pathPoints(byClass(flat.tree, 'chart-path')[0].attrs.d).map((p) => p.y);
  assert.ok(Math.abs(ys[0] - ys[1]) < 5, `a 0.5% change drawn ${Math.abs(ys[0] - ys[1])} px apart`);
});

// ---- eligibility calendar ----------------------------------------------------------------------

test('calendar: one cell per row and day, a shape per answer (prints without colour), forecast cells lighter', () => {
  const dates = days('2026-11-01', 6, () => 0).map((p) => p.date);
  const cal = calendar({
    width: 390,
    dates,
    rows: [{ id: 'a', label: '官方活动', days: [null, false, false, true, true, true] }, { id: 'b', label: '品牌标识', days: [true, true, true, true, false, false] }],
    forecastFrom: 4,
    labels: { title: '资格日历', ok: '满足', fail: '未满足', unknown: '无法判断', forecast: '预测' },
  });
  assert.equal(cal.cells.length, 12);
  assert.deepEqual(cal.cells.filter((c) => c.row === 0).map((c) => c.state), ['unknown', 'fail', 'fail', 'ok', 'ok', 'ok']);
  // Shapes differ: a dot, a box with a diagonal, a filled box.
  const cells = byClass(cal.tree, 'cal-cell');
  assert.equal(cells.find((c) => c.attrs.class.includes('cal-unknown')).tag, 'circle');
  const fail = cells.find((c) => c.attrs.class.includes('cal-fail'));
  assert.ok(fail.children.some((k) => k.tag === 'line'), 'a not-met day carries a diagonal');
  assert.equal(cells.filter((c) => c.attrs.class.includes('cal-forecast')).length, 4);
  // Cells fit the width and sit in order.
  const xs = cal.cells.filter((c) => c.row === 0).map((c) => c.x);
  assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]));
  assert.ok(xs.at(-1) + cal.cells[0].size <= 390);
  // Each cell names its day and answer for hover and screen readers.
  assert.equal(textOf(findAll(cells[1], (n) => n.tag === 'title')[0]), '2026-11-02 官方活动: 未满足');
  assert.ok(textOf(findAll(cells[5], (n) => n.tag === 'title')[0]).endsWith('(预测)'));
  // The legend says what each shape means.
  assert.deepEqual(byClass(cal.tree, 'cal-legend-item').map(textOf).slice(0, 3), ['满足', '未满足', '无法判断']);
  assert.ok(!/NaN|undefined/.test(toMarkup(cal.tree)));
});

test('calendar cells shrink to fit a phone, never below 3 px: the oldest days that do not fit are left out', () => {
  const dates = days('2026-08-01', 104, () => 0).map((p) => p.date);
  const cal = calendar({ width: 358, dates, rows: [{ id: 'a', label: 'a', days: dates.map((_, i) => i % 2 === 0) }], forecastFrom: 90, labels: { forecast: 'f' } });
  assert.ok(cal.geometry.size >= 3);
  assert.equal(cal.cells.length, 104 - cal.geometry.dropped);
  assert.ok(cal.geometry.dropped > 0);
  // The days kept are the latest, with their own answers, and the forecast still starts on day 90.
  assert.equal(cal.cells.at(-1).state, 'fail');
  assert.equal(byClass(cal.tree, 'cal-forecast').length, 14);
  const last = cal.cells.at(-1);
  assert.ok(last.x + last.size <= 358 + 0.5, `last cell ends at ${last.x + last.size}`);
});
