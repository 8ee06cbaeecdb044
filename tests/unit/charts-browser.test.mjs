// www/charts.js in a real browser: a chart mounted under the served page's strict CSP, read
// with the mouse, a tap and the keyboard. (Geometry and words are in charts.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, loadConfig, startServer } from '../../scripts/serve.mjs';

const CONFIG = loadConfig();
let server;
let browser;
let root;

before(async () => {
  // A blank page beside the module, served with the page's own headers (CSP included).
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'shopscore-charts-'));
  fs.copyFileSync(path.join(ROOT, 'www/charts.js'), path.join(root, 'charts.js'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>charts</title></head><body><button id="before">before</button></body></html>');
  server = await startServer({ root, port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || CONFIG.tools.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A page of the served origin (same CSP as the app) with one chart mounted and made interactive. */
async function chartPage(viewport, hasTouch = false) {
  const context = await browser.newContext({ viewport, hasTouch });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await page.evaluate(async (width) => {
    const charts = await import('/charts.js');
    const day = (i) => charts.dateOfDay(charts.dayNumber('2026-10-01') + i);
    const chart = charts.timeChart({
      width,
      yDomain: [50, 100],
      series: [
        { id: 'total', label: '总分', points: Array.from({ length: 30 }, (_, i) => ({ date: day(i), value: 70 + i / 2 })) },
        { id: 'product', label: '商品体验', points: Array.from({ length: 30 }, (_, i) => ({ date: day(i), value: 80 })) },
      ],
      forecasts: [{ id: 'a', label: '预测', points: Array.from({ length: 14 }, (_, i) => ({ date: day(30 + i), value: 85 })) }],
      lines: [{ value: 70, label: '官方活动', kind: 'eligibility' }],
      labels: { title: '体验分走势', today: '今天' },
    });
    const status = document.createElement('p');
    status.id = 'status';
    status.setAttribute('aria-live', 'polite');
    const svg = charts.mount(chart.tree);
    svg.id = 'chart';
    document.body.append(svg, status);
    charts.interact(svg, chart, { status });
    window.chartDays = chart.days;
  }, viewport.width - 20);
  return { page, errors, context };
}

const readout = (page) => page.evaluate(() => [...document.querySelectorAll('#chart .chart-readout text')].map((t) => t.textContent));

test('keyboard: Tab reaches the chart, it reads the last day, arrows and Home move day by day', async () => {
  const { page, errors, context } = await chartPage({ width: 1366, height: 900 });
  await page.focus('#before');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'chart');
  assert.deepEqual(await readout(page), ['2026-11-13', '预测 85']);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await readout(page), ['2026-11-11', '预测 85']);
  await page.keyboard.press('Home');
  assert.deepEqual(await readout(page), ['2026-10-01', '总分 70', '商品体验 80']);
  assert.equal(await page.textContent('#status'), '2026-10-01, 总分 70, 商品体验 80');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await readout(page), ['2026-10-02', '总分 70.5', '商品体验 80']);
  // Leaving the chart hides the read-out.
  await page.keyboard.press('Tab');
  assert.deepEqual(await readout(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('mouse: hovering over a day shows that day; the box stays inside the chart', async () => {
  const { page, errors, context } = await chartPage({ width: 1366, height: 900 });
  const box = await page.locator('#chart').boundingBox();
  const { x, vw } = await page.evaluate(() => ({ x: window.chartDays[9].x, vw: Number(document.querySelector('#chart').getAttribute('viewBox').split(' ')[2]) }));
  await page.mouse.move(box.x + (x / vw) * box.width, box.y + box.height / 2);
  assert.deepEqual(await readout(page), ['2026-10-10', '总分 74.5', '商品体验 80']);
  const inside = await page.evaluate(() => {
    const svg = document.querySelector('#chart').getBoundingClientRect();
    const r = document.querySelector('#chart .chart-readout rect').getBoundingClientRect();
    return r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
  });
  assert.ok(inside);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: the chart fits 390 px and a tap shows the day', async () => {
  const { page, errors, context } = await chartPage({ width: 390, height: 844 }, true);
  const box = await page.locator('#chart').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `chart spans ${box.x}…${box.x + box.width}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 390), true, 'no horizontal scroll');
  const { x, vw } = await page.evaluate(() => ({ x: window.chartDays[29].x, vw: Number(document.querySelector('#chart').getAttribute('viewBox').split(' ')[2]) }));
  await page.touchscreen.tap(box.x + (x / vw) * box.width, box.y + box.height / 2);
  assert.deepEqual(await readout(page), ['2026-10-30', '总分 84.5', '商品体验 80']);
  assert.deepEqual(errors, []);
  await context.close();
});
