#!/usr/bin/env node
// The browser side of `make bench` (scripts/bench.sh runs it after the native figures, on the
// same generated files in target/bench-shop/N/). Headless Chromium, one fresh browser context
// (so one fresh renderer process) per measurement:
//
//   wasm       dist/shopscore.html from file://, the files given to its file input: the real
//              path (File.stream() → the worker → the wasm Shop), first call included (worker
//              start, wasm compile, reading, the first score drawn); then re-scores with the
//              files loaded; then orders.xlsx the same way.
//   papaparse  PapaParse in the same Chromium, step mode, UTF-8 decoding included, with the
//              same kind of aggregation in JavaScript (ids interned, every date cell parsed to a
//              day, per-day counts, valid paid orders of the 30-day window).
//   sheetjs    orders.xlsx through SheetJS (dense mode), each row's payment time read.
//   page       dist/shopscore.html raw and gzipped, page load → demo score drawn.
//
// Memory: the worker's wasm memory (it only grows, so its size at the end is its peak), the
// page's JS heap (performance.memory), and the renderer process's peak RSS (VmHWM, which holds
// the worker too). Writes `key value` lines to target/bench-shop/<source>-<N>.txt (and page.txt),
// which scripts/bench_table.py lays side by side.
//
//   node scripts/bench-browser.mjs N [--only wasm,papaparse,sheetjs,page]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, loadConfig } from './serve.mjs';

const CONFIG = loadConfig();
const MIB = 1024 * 1024;
const args = process.argv.slice(2);
const N = args.find((a) => /^\d+$/.test(a)) || '100000';
const only = (args.includes('--only') ? args[args.indexOf('--only') + 1] : 'page,wasm,papaparse,sheetjs').split(',');
const OUT = path.join(ROOT, 'target', 'bench-shop');
const DIR = path.join(OUT, N);
const CSV = ['orders.csv', 'logistics.csv', 'after_sales.csv', 'reviews.csv', 'feige_rounds.csv'];
const SINGLE = path.join(ROOT, CONFIG.bundle.output);
const TIMEOUT = 3_600_000;

const log = (...a) => console.error('bench-browser:', ...a);
const fixed = (n, d = 1) => (n == null || !Number.isFinite(n) ? '-' : n.toFixed(d));

function write(name, figures) {
  // The machine may be shared: the load average says how far to trust the times.
  const all = { ...figures, load_average: os.loadavg()[0].toFixed(2) };
  const lines = Object.entries(all).map(([k, v]) => `${k} ${v}`);
  fs.writeFileSync(path.join(OUT, name), lines.join('\n') + '\n');
  process.stderr.write(lines.map((l) => `  ${name}: ${l}\n`).join(''));
}

/** The peak resident memory of a process (MiB), from /proc. */
function peakRss(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || CONFIG.tools.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--enable-precise-memory-info'],
});
const cdp = await browser.newBrowserCDPSession();

async function renderers() {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return new Set(processInfo.filter((p) => p.type === 'renderer').map((p) => p.id));
}

/** A fresh context and page, with the pid of the renderer it got (for its peak RSS). */
async function freshPage(url) {
  const before = await renderers();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  page.setDefaultTimeout(TIMEOUT);
  if (url) await page.goto(url);
  const pids = [...(await renderers())].filter((p) => !before.has(p));
  return { context, page, rss: () => Math.max(0, ...pids.map(peakRss).filter((x) => x != null)) };
}

function filesMiB(names) {
  return names.reduce((sum, n) => sum + fs.statSync(path.join(DIR, n)).size, 0) / MIB;
}

// ---- the page: size and load → demo score ----------------------------------------------------

async function benchPage() {
  const html = fs.readFileSync(SINGLE);
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const { context, page } = await freshPage(pathToFileURL(SINGLE).href);
    await page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])');
    loads.push(await page.evaluate(() => performance.getEntriesByName('shopscore:scored')[0]?.startTime ?? NaN));
    await context.close();
  }
  loads.sort((a, b) => a - b);
  write('page.txt', {
    html_bytes: html.length,
    html_gzip_bytes: zlib.gzipSync(html, { level: 9 }).length,
    load_to_demo_score_ms: fixed(loads[Math.floor(loads.length / 2)], 0),
    load_to_demo_score_ms_runs: loads.map((x) => x.toFixed(0)).join(','),
  });
}

// ---- wasm through the real worker path ---------------------------------------------------------

async function readThroughPage(page, names) {
  const started = Date.now();
  await page.setInputFiles('[data-testid=file-input]', names.map((n) => path.join(DIR, n)));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-summary]').length === n && !window.shopscore.filesBusy()
    && (window.shopscore.currentReport()?.inputs?.files || []).filter((f) => f.status !== 'reading').length === n, names.length, { timeout: TIMEOUT, polling: 100 });
  return (Date.now() - started) / 1000;
}

async function benchWasm() {
  const { context, page, rss } = await freshPage(pathToFileURL(SINGLE).href);
  await page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])');
  const pipeline = await readThroughPage(page, CSV);
  const stats = await page.evaluate(() => window.shopscore.fileStats());
  const report = await page.evaluate(() => window.shopscore.currentReport());
  const files = report.inputs.files;
  const rows = files.reduce((s, f) => s + f.rows + f.skipped, 0);
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  // The same window as the native run (its as_of: the last payment day), else the orders'.
  const native = fs.existsSync(path.join(OUT, `native-${N}.txt`)) ? fs.readFileSync(path.join(OUT, `native-${N}.txt`), 'utf8') : '';
  const asOf = (native.match(/^as_of (\S+)$/m) || [])[1] || files.find((f) => f.name === 'orders.csv')?.valid_paid_orders?.end;
  // One re-score with the files loaded: the worker's answer as the page receives it (median of
  // 21), and a typed edit until the page is drawn again.
  const timing = await page.evaluate(async (as_of) => {
    const times = [];
    const inside = [];
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now();
      await window.shopscore.sessionScore({ as_of, valid_paid_orders_30d: 1000 + i });
      times.push(performance.now() - t0);
      inside.push((await window.shopscore.fileStats()).last_ms.score);
    }
    times.sort((a, b) => a - b);
    inside.sort((a, b) => a - b);
    const asOfBox = document.getElementById('as-of');
    const t0 = performance.now();
    asOfBox.value = as_of;
    asOfBox.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((resolve) => {
      const check = () => (window.shopscore.currentReport()?.inputs?.window?.end === as_of ? resolve() : setTimeout(check, 1));
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => r()));
    return { rescore: times[10], inside: inside[10], edit: performance.now() - t0, heap: performance.memory ? performance.memory.usedJSHeapSize : null };
  }, asOf);
  const scored = await page.evaluate(() => window.shopscore.currentReport());
  const after = await page.evaluate(() => window.shopscore.fileStats());
  const readSeconds = (stats.last_finish_at - stats.first_read_at) / 1000;
  const figures = {
    orders: N,
    files_mb: fixed(bytes / MIB),
    rows,
    pipeline_s: fixed(pipeline, 2),
    read_s: fixed(readSeconds, 2),
    read_mb_s: fixed(bytes / MIB / pipeline),
    read_rows_s: fixed(rows / pipeline, 0),
    worker_read_mb_s: fixed(bytes / MIB / readSeconds),
    wasm_memory_mb: fixed(after.peak_memory / MIB),
    state_bytes_per_order: fixed(after.state_bytes / Number(N)),
    page_heap_mb: fixed(timing.heap / MIB),
    renderer_peak_rss_mb: fixed(rss(), 0),
    rescore_ms: fixed(timing.rescore, 2),
    rescore_in_worker_ms: fixed(timing.inside, 2),
    edit_to_drawn_ms: fixed(timing.edit, 1),
    reads: after.reads,
    pushes: after.pushes,
    valid_paid_orders: scored.inputs.valid_paid_orders_30d,
    total: scored.total ?? '-',
    as_of: asOf || '-',
  };
  await context.close();

  if (fs.existsSync(path.join(DIR, 'orders.xlsx'))) {
    const x = await freshPage(pathToFileURL(SINGLE).href);
    await x.page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])');
    const seconds = await readThroughPage(x.page, ['orders.xlsx']);
    const s = await x.page.evaluate(() => window.shopscore.fileStats());
    const f = (await x.page.evaluate(() => window.shopscore.currentReport())).inputs.files[0];
    Object.assign(figures, {
      xlsx_mb: fixed(f.bytes / MIB),
      xlsx_rows: f.rows + f.skipped,
      xlsx_s: fixed(seconds, 2),
      xlsx_rows_s: fixed((f.rows + f.skipped) / seconds, 0),
      xlsx_wasm_memory_mb: fixed(s.peak_memory / MIB),
      xlsx_renderer_peak_rss_mb: fixed(x.rss(), 0),
    });
    await x.context.close();
  }
  write(`wasm-${N}.txt`, figures);
}

// ---- PapaParse and SheetJS in the same Chromium ------------------------------------------------

/** A page with a file input and the library, opened from a temp dir (nothing served). */
function libraryPage(script) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopscore-bench-'));
  fs.copyFileSync(path.join(ROOT, 'node_modules', script.from), path.join(dir, script.name));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><input type="file" id="f" multiple><script src="${script.name}"></script>`);
  return { url: pathToFileURL(path.join(dir, 'index.html')).href, dir };
}

// The aggregation PapaParse's rows go through: the shape of what the wasm sinks do (ids
// interned, date cells parsed to days, per-day counts; orders: valid paid orders per day).
const AGGREGATE = String.raw`
window.aggregate = function (name) {
  const ids = new Map();
  const perDay = new Map();
  const paidDay = new Map();
  let header = null, idCol = 0, dateCols = [], paidCol = -1, statusCol = -1, amountCol = -1, rows = 0, lastPaid = 0;
  const day = (text) => {
    if (!text || text.length < 10) return null;
    const y = +text.slice(0, 4), m = +text.slice(5, 7), d = +text.slice(8, 10);
    if (!y || !m || !d) return null;
    return Math.floor(Date.UTC(y, m - 1, d) / 86400000);
  };
  return {
    row(cells) {
      if (!header) {
        header = cells.map((c) => String(c).replace(/^\uFEFF/, ''));
        idCol = Math.max(0, header.findIndex((h) => /订单编号|订单号|单号|会话/.test(h)));
        dateCols = header.map((h, i) => (/时间|日期/.test(h) ? i : -1)).filter((i) => i >= 0);
        paidCol = header.indexOf('支付完成时间');
        statusCol = header.indexOf('订单状态');
        amountCol = header.indexOf('订单应付金额');
        return;
      }
      rows += 1;
      const id = String(cells[idCol] || '').replace(/^\t/, '');
      ids.set(id, (ids.get(id) || 0) + 1);
      for (const i of dateCols) {
        const d = day(cells[i]);
        if (d != null) perDay.set(d, (perDay.get(d) || 0) + 1);
      }
      if (paidCol >= 0) {
        const d = day(cells[paidCol]);
        const valid = d != null && cells[statusCol] !== '已关闭' && Number(cells[amountCol]) > 0;
        if (valid && !paidDay.has(id)) paidDay.set(id, d);
        if (d != null && d > lastPaid) lastPaid = d;
      }
    },
    done() {
      let valid = 0;
      for (const d of paidDay.values()) if (d > lastPaid - 30 && d <= lastPaid) valid += 1;
      return { name, rows, ids: ids.size, days: perDay.size, valid_paid_orders: paidCol >= 0 ? valid : null };
    },
  };
};`;

async function benchPapaParse() {
  const lib = libraryPage({ from: 'papaparse/papaparse.min.js', name: 'papaparse.min.js' });
  const { context, page, rss } = await freshPage(lib.url);
  await page.addScriptTag({ content: AGGREGATE });
  await page.setInputFiles('#f', CSV.map((n) => path.join(DIR, n)));
  const result = await page.evaluate(async () => {
    const started = performance.now();
    let peakHeap = 0;
    const out = [];
    for (const file of document.getElementById('f').files) {
      const sink = window.aggregate(file.name);
      await new Promise((resolve, reject) => {
        let n = 0;
        window.Papa.parse(file, {
          encoding: 'UTF-8',
          skipEmptyLines: true,
          step: (r) => {
            sink.row(r.data);
            if (++n % 65536 === 0 && performance.memory) peakHeap = Math.max(peakHeap, performance.memory.usedJSHeapSize);
          },
          complete: resolve,
          error: reject,
        });
      });
      if (performance.memory) peakHeap = Math.max(peakHeap, performance.memory.usedJSHeapSize);
      out.push(sink.done());
    }
    return { seconds: (performance.now() - started) / 1000, files: out, peakHeap };
  });
  const rows = result.files.reduce((s, f) => s + f.rows, 0);
  const mib = filesMiB(CSV);
  write(`papaparse-${N}.txt`, {
    orders: N,
    files_mb: fixed(mib),
    rows,
    read_s: fixed(result.seconds, 2),
    read_mb_s: fixed(mib / result.seconds),
    read_rows_s: fixed(rows / result.seconds, 0),
    page_heap_mb: fixed(result.peakHeap / MIB),
    renderer_peak_rss_mb: fixed(rss(), 0),
    valid_paid_orders: result.files.find((f) => f.name === 'orders.csv')?.valid_paid_orders ?? '-',
  });
  await context.close();
  fs.rmSync(lib.dir, { recursive: true, force: true });
}

async function benchSheetJs() {
  const xlsx = path.join(DIR, 'orders.xlsx');
  if (!fs.existsSync(xlsx)) return log(`no ${xlsx}: SheetJS skipped`);
  const lib = libraryPage({ from: 'xlsx/dist/xlsx.full.min.js', name: 'xlsx.full.min.js' });
  const { context, page, rss } = await freshPage(lib.url);
  await page.setInputFiles('#f', xlsx);
  let figures;
  try {
    const result = await page.evaluate(async () => {
      const started = performance.now();
      const buffer = await document.getElementById('f').files[0].arrayBuffer();
      const book = window.XLSX.read(buffer, { type: 'array', dense: true });
      const sheet = book.Sheets[book.SheetNames[0]];
      const data = sheet['!data'] || [];
      const header = (data[0] || []).map((c) => (c ? String(c.v) : ''));
      const paid = header.indexOf('支付完成时间');
      const days = new Set();
      for (let r = 1; r < data.length; r++) {
        const cell = data[r] && data[r][paid];
        if (cell && cell.v) days.add(String(cell.v).slice(0, 10));
      }
      return { seconds: (performance.now() - started) / 1000, rows: data.length - 1, days: days.size, heap: performance.memory ? performance.memory.usedJSHeapSize : null };
    });
    figures = {
      xlsx_mb: fixed(fs.statSync(xlsx).size / MIB),
      xlsx_rows: result.rows,
      xlsx_s: fixed(result.seconds, 2),
      xlsx_rows_s: fixed(result.rows / result.seconds, 0),
      page_heap_mb: fixed(result.heap / MIB),
      xlsx_renderer_peak_rss_mb: fixed(rss(), 0),
    };
  } catch (e) {
    figures = { xlsx_mb: fixed(fs.statSync(xlsx).size / MIB), xlsx_failed: JSON.stringify(String(e.message).split('\n')[0]), xlsx_renderer_peak_rss_mb: fixed(rss(), 0) };
  }
  write(`sheetjs-${N}.txt`, { orders: N, ...figures });
  await context.close().catch(() => {});
  fs.rmSync(lib.dir, { recursive: true, force: true });
}

try {
  if (!fs.existsSync(SINGLE)) throw new Error(`${SINGLE} is missing: run make build first`);
  if (only.includes('page')) await benchPage();
  for (const [name, run] of [['wasm', benchWasm], ['papaparse', benchPapaParse], ['sheetjs', benchSheetJs]]) {
    if (!only.includes(name)) continue;
    log(`${name}, ${N} main orders …`);
    try {
      await run();
    } catch (e) {
      log(`${name} ${N} failed: ${e.message}`);
      write(`${name}-${N}.txt`, { orders: N, failed: JSON.stringify(String(e.message).split('\n')[0]) });
    }
  }
} finally {
  await browser.close();
}
