// Feature specs of the page (issue 3 "Done when" a–f), run against the served www/ page AND the
// shipped dist/shopscore.html opened from file://. Run: node --test tests/e2e/
// Needs: www/pkg built (make build) for the served page, dist/shopscore.html for the file:// one.
// SHOPSCORE_UI_ONLY=served|file limits the run to one target while developing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStatic, launch, openPage, isOwnFile, WWW, DIST } from './ui-helpers.mjs';

const only = process.env.SHOPSCORE_UI_ONLY;
const TARGETS = [
  { name: 'served', kind: 'served' },
  { name: 'file', kind: 'file', url: pathToFileURL(DIST).href },
].filter((t) => !only || t.name === only);

const XSS = '<img src=x onerror="window.__xss=1;alert(1)">';

let browser;
let server;

before(async () => {
  server = await serveStatic(WWW);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function urlOf(target, hash = '') {
  return (target.kind === 'file' ? target.url : server.url) + hash;
}

function requireBuilt(target) {
  if (target.kind === 'file') assert.ok(fs.existsSync(DIST), `missing ${DIST}: run the build (make build) first`);
  else assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'shopscore.js')), 'missing www/pkg: run the build (make build) first');
}

async function openScored(target, hash = '', opts) {
  requireBuilt(target);
  const opened = await openPage(browser, urlOf(target, hash), opts);
  await opened.page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])', { timeout: 20_000 });
  return opened;
}

/** Nothing but the page's own files was requested, and nothing went wrong in the page. */
function assertClean(log, target) {
  const foreign = log.requests.filter((r) => !isOwnFile(r, target, server.url));
  assert.deepEqual(foreign, [], 'requests to anything but the page\u2019s own files');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors');
  assert.deepEqual(log.dialogs, [], 'dialogs opened');
}

async function totalOf(page) {
  return Number(await page.getAttribute('[data-testid=total]', 'data-value'));
}

for (const target of TARGETS) {
  test(`${target.name}: (a) opens on the demo shop, scored, with every section filled`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await openScored(target);
    const total = await totalOf(page);
    assert.ok(Number.isFinite(total), 'total is a number');
    const report = await page.evaluate(() => window.shopscore.currentReport());
    assert.equal(total, report.total);
    // The demo is what the core calls the demo: the page scores exactly demo_input().
    const expected = await page.evaluate(() => window.shopscore.score(window.shopscore.demoInput()).total);
    assert.equal(total, expected);
    assert.ok((await page.locator('[data-testid^=indicator-]').count()) >= 3, 'indicator rows');
    assert.ok((await page.locator('[data-testid^=slider-]').count()) >= 3, 'a slider per indicator');
    assert.ok((await page.locator('[data-testid^=dimension-score-]').count()) >= 3, 'dimension bars');
    assert.ok(await page.locator('[data-testid=stage]').isVisible());
    assert.ok((await page.locator('[data-testid=rule-set] option').count()) >= 2, 'rule sets listed');
    assert.ok((await page.locator('#industry-list option').count()) >= 10, 'industries listed for the search');
    assert.ok((await page.locator('[data-testid=estimate-mark]').count()) >= 1, 'estimate marks shown');
    const title = await page.locator('[data-testid=estimate-mark]').first().getAttribute('title');
    assert.match(title, /估算|estimate/i);
    // Every control has an accessible name (a <label>, aria-label, or its own text).
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#app input, #app select, #app button, #app textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
      .map((el) => el.outerHTML.slice(0, 120)));
    assert.deepEqual(unlabelled, [], 'controls without a label');
    assertClean(log, target);
    await context.close();
  });

  test(`${target.name}: (b) a slider moved by keyboard changes the total by exactly what the core computes`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await openScored(target);
    const before = await totalOf(page);
    const report = await page.evaluate(() => window.shopscore.currentReport());
    // An indicator that is not in its best band: moving it to the good end must gain points.
    const ind = report.indicators.find((i) => i.best_band && i.value != null) || report.indicators.find((i) => i.value != null);
    assert.ok(ind, 'the demo has an indicator with a value');
    const slider = page.locator(`[data-testid="slider-${ind.id}"]`);
    await slider.focus();
    await page.keyboard.press(/lower/.test(ind.direction) ? 'Home' : 'End');
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=total]').dataset.value) !== b, before, { timeout: 10_000 });
    const moved = Number(await slider.inputValue());
    const after = await totalOf(page);
    const expected = await page.evaluate(({ id, value }) => {
      const base = window.shopscore.demoInput();
      const raw = base.indicators[id];
      const entry = typeof raw === 'number' ? { value: raw } : { ...(raw || {}) };
      delete entry.score;
      entry.value = value;
      return window.shopscore.simulate(base, { indicators: { [id]: entry } }).total;
    }, { id: ind.id, value: moved });
    assert.equal(after, expected, 'total after the move equals simulate() of the core');
    assert.notEqual(after, before);
    // Keyboard focus stays on the slider after the re-render, so arrow keys keep working.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), `slider-${ind.id}`);
    // Dragging (input events without release) previews the what-if total and the delta.
    await page.evaluate((id) => {
      const el = document.querySelector(`[data-testid="slider-${id}"]`);
      el.value = el.min;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, ind.id);
    const preview = await page.getAttribute('[data-testid=whatif]', 'data-value');
    assert.ok(preview !== '' && Number.isFinite(Number(preview)), 'what-if preview shown while dragging');
    assert.match(await page.textContent(`[data-testid="delta-${ind.id}"]`), /[+−±]/);
    assertClean(log, target);
    await context.close();
  });

  test(`${target.name}: (c) language switch to English and back, remembered across reloads`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await openScored(target);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await page.textContent('#h-result'), '评分结果');
    await page.click('[data-testid=lang-switch]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.textContent('#h-result'), 'Result');
    await page.reload();
    await page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])');
    assert.equal(await page.textContent('#h-result'), 'Result', 'English remembered');
    await page.click('[data-testid=lang-switch]');
    assert.equal(await page.textContent('#h-result'), '评分结果');
    assertClean(log, target);
    await context.close();
  });

  test(`${target.name}: (d) the embed view shows the compact widget with the preset values`, { timeout: 60_000 }, async () => {
    requireBuilt(target);
    // Learn an indicator id and its slider range from the full page first.
    const probe = await openScored(target);
    const report = await probe.page.evaluate(() => window.shopscore.currentReport());
    await probe.context.close();
    const ind = report.indicators.find((i) => i.value != null);
    const value = ind.next_band ? ind.next_band.threshold : ind.value;
    const { page, log, context } = await openPage(browser, urlOf(target, `#embed&rule=${report.rule_set}&${ind.id}=${value}`));
    await page.waitForSelector('[data-testid=embed-total][data-value]:not([data-value=""])', { timeout: 20_000 });
    assert.ok(await page.locator('[data-testid=embed]').isVisible());
    assert.equal(await page.locator('#app').isVisible(), false, 'full page hidden in embed mode');
    const slider = page.locator(`[data-testid="embed-slider-${ind.id}"]`);
    assert.equal(await slider.count(), 1, 'a slider for the preset indicator');
    const total = Number(await page.getAttribute('[data-testid=embed-total]', 'data-value'));
    const expected = await page.evaluate(({ rule, id, value }) => {
      const base = window.shopscore.demoInput();
      const raw = base.indicators[id];
      const entry = typeof raw === 'number' ? { value } : { ...(raw || {}), value };
      return window.shopscore.simulate(base, { rule_set: rule, indicators: { [id]: entry } }).total;
    }, { rule: report.rule_set, id: ind.id, value });
    assert.equal(total, expected, 'embed total = core score of the preset values');
    assertClean(log, target);
    await context.close();
  });

  test(`${target.name}: (e) markup typed into the shop name is shown as text and never runs`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await openScored(target);
    await page.fill('[data-testid=shop-name]', XSS);
    await page.fill('[data-testid=industry]', XSS);
    await page.locator('[data-testid=industry]').press('Enter');
    await page.locator('[data-testid=industry]').blur();
    await page.waitForTimeout(200);
    assert.equal(await page.textContent('[data-testid=shop-name-display]'), XSS);
    // Share link round trip: the name comes back from the fragment, still as text.
    await page.click('[data-testid=share-button]');
    const url = await page.inputValue('[data-testid=share-url]');
    assert.ok(url.includes('#'), 'share link has a fragment');
    const restored = await openScored(target, url.slice(url.indexOf('#')));
    assert.equal(await restored.page.textContent('[data-testid=shop-name-display]'), XSS);
    for (const p of [page, restored.page]) {
      assert.equal(await p.locator('img[src=x]').count(), 0, 'no <img> element was created');
      assert.equal(await p.evaluate(() => window.__xss), undefined, 'no script ran');
    }
    assertClean(log, target);
    assertClean(restored.log, target);
    await restored.context.close();
    await context.close();
  });

  test(`${target.name}: (f) only the page's own files are requested, through every feature`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await openScored(target);
    await page.click('[data-testid=compare-button]');
    await page.waitForSelector('[data-testid^=compare-] td');
    const rows = await page.locator('[data-testid=compare] tbody tr').count();
    const ruleSets = await page.evaluate(() => window.shopscore.ruleSets().length);
    assert.equal(rows, ruleSets, 'one comparison row per rule set');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFFid,zh,en,dimension,value'), 'CSV with BOM and header');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
    const exported = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
    assert.equal(exported.total, await totalOf(page));
    await page.selectOption('[data-testid=rule-set]', { index: 2 });
    await page.waitForTimeout(100);
    await page.click('[data-testid=demo-button]');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-testid=shop-name]').isVisible(), false, 'controls hidden in print');
    assert.ok(await page.locator('[data-testid=summary]').isVisible(), 'report shown in print');
    await page.emulateMedia({ media: 'screen' });
    assertClean(log, target);
    const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /connect-src/);
    await context.close();
  });

  test(`${target.name}: a value the core rejects says which field in words (code and field kept as data), keeps the last report, and clears when fixed`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await openScored(target);
    const before = await totalOf(page);
    await page.fill('[data-testid=orders]', '-5');
    await page.locator('[data-testid=orders]').press('Tab');
    const box = page.locator('[data-testid=error]');
    await box.waitFor({ state: 'visible' });
    assert.equal(await box.getAttribute('data-code'), 'bad_field');
    assert.equal(await box.getAttribute('data-field'), 'valid_paid_orders_30d');
    // Operators read the field's name, never its path or the error code.
    assert.match(await box.textContent(), /近30天有效支付订单数/);
    assert.doesNotMatch(await box.textContent(), /bad_field|valid_paid_orders_30d/);
    assert.equal(await page.getAttribute('[data-testid=orders]', 'aria-invalid'), 'true');
    assert.equal(await totalOf(page), before, 'the last good report stays on screen');
    await page.fill('[data-testid=orders]', '812');
    await page.locator('[data-testid=orders]').press('Tab');
    await box.waitFor({ state: 'hidden' });
    assertClean(log, target);
    await context.close();
  });

  test(`${target.name}: fits a 360 px wide phone without sideways scrolling (page and embed)`, { timeout: 60_000 }, async () => {
    for (const hash of ['', '#embed']) {
      requireBuilt(target);
      const { page, log, context } = await openPage(browser, urlOf(target, hash), { viewport: { width: 360, height: 740 } });
      await page.waitForSelector(hash ? '[data-testid=embed-total][data-value]' : '[data-testid=total][data-value]:not([data-value=""])', { timeout: 20_000 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, `no horizontal overflow (${hash || 'page'})`);
      assertClean(log, target);
      await context.close();
    }
  });

  test(`${target.name}: without WebAssembly the page says so plainly instead of going blank`, { timeout: 60_000 }, async () => {
    requireBuilt(target);
    for (const hash of ['', '#embed']) {
      const context = await browser.newContext();
      await context.addInitScript(() => {
        delete globalThis.WebAssembly;
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(urlOf(target, hash));
      const message = page.locator('[data-testid=engine-unavailable]');
      await message.waitFor({ timeout: 20_000 });
      assert.match(await message.textContent(), /WebAssembly/);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test('served: the <shop-score> custom element builds the embed iframe from its attributes', { timeout: 60_000 }, async (t) => {
  if (only && only !== 'served') return t.skip('served only');
  requireBuilt({ kind: 'served' });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const host = `${server.url}__host.html`;
  // A host page of a training site: it only loads the element script.
  await page.route(host, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><meta charset=utf-8><title>host</title><h1>课程</h1>
      <script type="module" src="shopscore-embed.js"></script>
      <shop-score src="index.html" lang="en" product_rating="4.7" sliders="product_rating" title="trainer"></shop-score>`,
  }));
  await page.goto(host);
  const frameEl = page.locator('shop-score iframe');
  await frameEl.waitFor();
  const src = await frameEl.getAttribute('src');
  assert.match(src, /^index\.html#embed&/);
  assert.match(src, /product_rating=4\.7/);
  assert.match(src, /lang=en/);
  const frame = page.frameLocator('shop-score iframe');
  await frame.locator('[data-testid=embed-total][data-value]:not([data-value=""])').waitFor({ timeout: 20_000 });
  assert.equal(await frame.locator('[data-testid="embed-slider-product_rating"]').count(), 1);
  assert.match(await frame.locator('.embed-head strong').textContent(), /trainer/i);
  assert.deepEqual(errors, []);
  await context.close();
});
