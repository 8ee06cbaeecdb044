// Feature specs of the score over time and the planner (issue 8, page side), on the served page
// and on dist/shopscore.html from file://, at desktop (1366×900) and phone (390×844) sizes:
// the demo's 90 days drawn as the core computes them, read with the keyboard; the forecast's
// two assumptions and "if evaluated on"; the eligibility calendar; alerts leading to their
// advice; the planner's plan equal to the core's; dropped files; nothing but the page's files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, isOwnFile, TARGETS, sharedBrowser, ROOT, WWW, DIST } from './ui-helpers.mjs';
import { before, after } from 'node:test';

const env = sharedBrowser(before, after);
const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

async function open(target, size, lang = 'zh') {
  if (target.kind === 'file') assert.ok(fs.existsSync(DIST), 'run the build first');
  else assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'shopscore.js')), 'run the build first');
  const opened = await openPage(env.browser, env.urlOf(target), { viewport: size.viewport });
  await opened.page.waitForSelector('[data-testid=timeline-chart]', { timeout: 30_000 });
  if (lang === 'en') {
    await opened.page.click('[data-testid=lang-switch]');
    await opened.page.waitForSelector('html[lang=en]');
  }
  return opened;
}

function clean(log, target) {
  assert.deepEqual(log.requests.filter((r) => !isOwnFile(r, target, env.server.url)), [], 'only the page\u2019s own files requested');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors');
}

for (const target of TARGETS) {
  for (const size of SIZES) {
    test(`${target.name} ${size.name}: the demo's score over time is the core's, readable by keyboard, inside the width`, { timeout: 90_000 }, async () => {
      const { page, log, context } = await open(target, size);
      const core = await page.evaluate(() => window.shopscore.timeline(window.shopscore.currentInput(), { demo: true }));
      assert.equal(core.days.length, 90);
      const chart = page.locator('[data-testid=timeline-chart]');
      // One read-out per day shown: 90 days and 14 forecast days.
      assert.equal(Number(await chart.getAttribute('data-days')), 90 + core.forecast.no_new_bad.length);
      // The total's last value written at its end is the core's last day.
      const written = await page.locator('[data-testid=timeline-chart] .chart-end-label[data-key=s0] text').textContent();
      assert.equal(Number(written), Math.round(core.days[89].total * 100) / 100);
      // Keyboard: focus the chart, End is the last forecast day, Home the first day.
      await chart.focus();
      await page.keyboard.press('Home');
      const first = await page.locator('[data-testid=timeline-chart] .chart-readout text').allTextContents();
      assert.equal(first[0], core.days[0].date);
      assert.ok(first.some((line) => line.includes(String(Math.round(core.days[0].total * 100) / 100))), first.join(' | '));
      await page.keyboard.press('ArrowRight');
      assert.equal((await page.locator('[data-testid=timeline-chart] .chart-readout text').allTextContents())[0], core.days[1].date);
      // Inside the width: no sideways scroll, the chart within the viewport.
      const box = await chart.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= size.viewport.width + 1, `chart ${box.x}…${box.x + box.width}`);
      assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, size.viewport.width));
      clean(log, target);
      await context.close();
    });
  }

  test(`${target.name}: the forecast states its assumptions, "if evaluated on" shows the core's projection`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target, SIZES[0], 'en');
    const core = await page.evaluate(() => window.shopscore.timeline(window.shopscore.currentInput(), { demo: true }));
    const assumptions = await page.locator('[data-testid=timeline-assumptions] li').allTextContents();
    assert.deepEqual(assumptions, core.forecast.assumptions.map((a) => a.text.en));
    const day = core.forecast.no_new_bad[1];
    await page.selectOption('[data-testid=timeline-evaluate]', day.date);
    const figures = await page.locator('[data-testid=timeline-evaluate-figures] dd').allTextContents();
    assert.equal(Number(figures[0]), Math.round(day.total * 100) / 100);
    assert.equal(Number(figures[1]), Math.round(core.forecast.trend[1].total * 100) / 100);
    // The calendar has a row per eligibility rule that can be judged, and the changes in words.
    assert.ok(await page.locator('[data-testid=timeline-calendar] .cal-row').count() >= 5);
    assert.match(await page.textContent('[data-testid=timeline-changes]'), /Brand label/);
    // The days as CSV, named in the page's language: one row per day and per forecast day.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=timeline-csv]')]);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + core.days.length + core.forecast.no_new_bad.length + core.forecast.trend.length);
    assert.match(lines[0], /^date,source,stage,total,/);
    // An alert leads to its advice.
    const fall = page.locator('[data-testid=timeline-alerts] li[data-code=indicator_fall]');
    assert.equal(await fall.count(), 1);
    await fall.locator('button').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.closest('section').id), 'panel-advice');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: the planner's plan is the core's, and each change says what to do`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target, SIZES[1]);
    await page.selectOption('[data-testid=planner-target]', 'score');
    await page.fill('[data-testid=planner-score]', '92');
    await page.click('[data-testid=planner-button]');
    await page.waitForSelector('[data-testid=plan-result]');
    const core = await page.evaluate(() => window.shopscore.plan(window.shopscore.currentInput(), '92'));
    assert.equal(core.reachable, true);
    assert.match(await page.textContent('[data-testid=plan-verdict]'), new RegExp(String(Math.round(core.total_after * 100) / 100)));
    const items = await page.locator('[data-testid=plan-change]').allTextContents();
    assert.equal(items.length, core.changes.length);
    core.changes.forEach((c, i) => assert.ok(items[i].includes(c.amount.zh), `${items[i]} ⊇ ${c.amount.zh}`));
    assert.match(await page.textContent('[data-testid=plan-notes]'), /刷单/);
    // A tier target from the list.
    await page.selectOption('[data-testid=planner-target]', 'top');
    await page.click('[data-testid=planner-button]');
    assert.match(await page.textContent('[data-testid=plan-result]'), /头部流量/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: dropped files give the days and the plan`, { timeout: 90_000 }, async (t) => {
    const fixtures = path.join(ROOT, 'tests', 'fixtures');
    const { page, log, context } = await open(target, SIZES[0]);
    if (await page.evaluate(() => document.getElementById('files-card').hidden)) {
      await context.close();
      return t.skip('the bindings do not read files');
    }
    const names = ['orders.csv', 'after_sales.csv', 'reviews.tsv'].map((n) => path.join(fixtures, n)).filter((f) => fs.existsSync(f));
    await page.setInputFiles('[data-testid=file-input]', names);
    await page.waitForFunction(() => window.shopscore.currentReport() && window.shopscore.currentReport().inputs && !window.shopscore.filesBusy());
    // The files' per-day counts give the days: the chart is drawn from them (the files' session
    // answers after the score: the panel is busy until then), ending on the files' last day.
    await page.waitForFunction(() => document.querySelector('#panel-timeline .panel-body[aria-busy=false] [data-testid=timeline-chart]'), null, { timeout: 20_000 });
    assert.ok(Number(await page.locator('[data-testid=timeline-chart]').getAttribute('data-days')) >= 2);
    assert.match(await page.textContent('#panel-timeline .hint'), /2026-11-26/);
    await page.selectOption('[data-testid=planner-target]', 'score');
    await page.fill('[data-testid=planner-score]', '95');
    await page.click('[data-testid=planner-button]');
    await page.waitForSelector('[data-testid=plan-result]');
    assert.match(await page.textContent('[data-testid=plan-result]'), /总分 95/);
    clean(log, target);
    await context.close();
  });
}
