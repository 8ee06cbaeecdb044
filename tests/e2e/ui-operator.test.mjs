// The page as a shop operator meets it (issue 12 "Done when"), against the served www/ page AND
// the shipped dist/shopscore.html from file://, at desktop (1366×900) and phone (390×844) sizes:
// honest partial results, bad files with their own messages, coverage beside the total, nothing
// lost on reload, share links with file-derived values, exact sliders, phone first, words not
// field paths, print on ≤ 3 pages, paste from the back end, axe-core, <shop-score> from disk.
// SHOPSCORE_UI_ONLY=served|file limits the run to one target while developing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { openPage, isOwnFile, DIST, ROOT, tempDir, TARGETS, ONLY, sharedBrowser } from './ui-helpers.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DEV_TEXT = /indicators\.|other_rule_set_input|RULES§|seed-0/;
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** exports.md §5: the 2026-09 overview as a user copies it, with the menu and line breaks around it. */
const OVERVIEW = '首页\t店铺\n体验分概览 更新时间：2026-11-20 11:00:37（今日已更新）\n我的总分 84 分 较前1日持平\n'
  + '商品体验 71 分\t物流体验\n97 分 服务体验 88 分\n商品综合评分 4.7310 分 商品品质退货率 1.205 % 平均揽收时长 6.1200 小时\n'
  + '运单配送时效达成率 99.100 % 飞鸽人工会话平响时长 14.210 秒 售后平均审核时长 2.9000 小时\n'
  + '飞鸽人工会话不满意率 4.800 % 平台求助率 0.5100 % 加分项 +2 分 扣分项 0 分 虚假交易刷体验分 0 分\n影响消费者体验 0 次\n查看详情';

const env = sharedBrowser(before, after);
const urlOf = (target, hash) => env.urlOf(target, hash);

async function open(target, { viewport = DESKTOP, hash = '', context } = {}) {
  if (target.kind === 'file') assert.ok(fs.existsSync(DIST), `missing ${DIST}: run make build first`);
  let opened;
  if (context) {
    const page = await context.newPage();
    const log = { requests: [], errors: [], consoleErrors: [], dialogs: [] };
    page.on('pageerror', (e) => log.errors.push(String(e)));
    page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.goto(urlOf(target, hash));
    opened = { page, log, context };
  } else {
    opened = await openPage(env.browser, urlOf(target, hash), { viewport });
  }
  await opened.page.waitForSelector('[data-testid=summary] [data-testid=total]', { timeout: 20_000 });
  return opened;
}

function clean(log, target) {
  assert.deepEqual((log.requests || []).filter((r) => !isOwnFile(r, target, env.server.url)), [], 'only the page\u2019s own files requested');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.dialogs, [], 'dialogs');
}

const report = (page) => page.evaluate(() => window.shopscore.currentReport());
const input = (page) => page.evaluate(() => window.shopscore.currentInput());

async function setFiles(page, files) {
  await page.setInputFiles('[data-testid=file-input]', files);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-summary]').length === n, files.length, { timeout: 20_000 });
}

async function typeValue(page, id, value) {
  await page.fill(`[data-testid="value-${id}"]`, String(value));
  await page.locator(`[data-testid="value-${id}"]`).press('Enter');
  await page.waitForFunction(([i, v]) => {
    const e = window.shopscore.currentInput().indicators?.[i];
    return e === v || (e && e.value === v);
  }, [id, value]);
}

async function visibleText(page) {
  return page.evaluate(() => document.body.innerText);
}

async function switchLanguage(page) {
  await page.click('[data-testid=lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

for (const target of TARGETS) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['390 px', PHONE]]) {
    test(`${target.name} ${size}: only an order export → coverage and what is missing in words, no ✗ for what cannot be told`, { timeout: 90_000 }, async () => {
      const { page, log, context } = await open(target, { viewport });
      await setFiles(page, [path.join(FIXTURES, 'orders.csv')]);
      const r = await report(page);
      const coverage = page.locator('[data-testid=coverage]');
      const known = Number(await coverage.getAttribute('data-known'));
      const needed = Number(await coverage.getAttribute('data-needed'));
      assert.ok(known < needed, `partial coverage shown (${known}/${needed})`);
      assert.match(await coverage.textContent(), new RegExp(`${known} / ${needed}`));
      // Beside the total: in the same box, just under it.
      const [totalBox, coverageBox] = [await page.locator('[data-testid=total]').boundingBox(), await coverage.boundingBox()];
      assert.ok(coverageBox.y - (totalBox.y + totalBox.height) < 60, 'coverage right under the total');
      // What is missing, by name, with where to get it.
      const missing = page.locator('[data-testid=coverage-missing] li');
      const listed = (await missing.evaluateAll((lis) => lis.map((li) => li.dataset.indicators))).join(' ').split(' ').filter(Boolean);
      assert.equal(listed.length, needed - known, 'every missing indicator listed');
      const lines = await missing.allTextContents();
      for (const ind of r.indicators.filter((i) => i.score == null)) {
        assert.ok(lines.some((l) => l.includes(ind.zh)), `${ind.zh} named as missing`);
      }
      for (const l of lines) assert.doesNotMatch(l, /[a-z]+_[a-z]+/, `no ids: ${l}`);
      if (r.coverage) {
        // The core says where to get each one: the export files by name.
        assert.ok(lines.some((l) => /评价|售后|物流|飞鸽/.test(l)), `files named: ${lines.join(' | ')}`);
      }
      // The product dimension has no score: Selected Alliance (product ≥ 65) cannot be told — never ✗.
      const alliance = page.locator('[data-testid=eligibility-selected_alliance]');
      if (await alliance.count()) assert.notEqual(await alliance.getAttribute('data-state'), 'fail');
      for (const e of r.eligibility.filter((x) => x.ok == null)) {
        assert.equal(await page.getAttribute(`[data-testid="eligibility-${e.id}"]`, 'data-state'), 'unknown', `${e.id} shown as can't tell`);
      }
      // The order count the file gave is shown in the form, not left blank.
      assert.match(await page.textContent('[data-testid=orders-derived]'), /\d/);
      if (viewport === PHONE) {
        const box = await page.locator('[data-testid=total]').boundingBox();
        assert.ok(box.y + box.height <= PHONE.height, `total within the first screen (${box.y})`);
      }
      clean(log, target);
      await context.close();
    });
  }

  test(`${target.name}: a PDF, an empty file and unknown headers each say what they are; the other file still scores`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'report.csv', mimeType: 'text/csv', buffer: Buffer.from('%PDF-1.4\n\u0000\u0001\u0002binary') },
      { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) },
      { name: 'weird.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar,baz\n1,2,3\n') },
      { name: 'values.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF指标,数值,得分\n商品综合评分,4.85,90\n') },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-summary]').length === 4, null, { timeout: 20_000 });
    const messageOf = (name) => page.locator(`[data-testid=file-summary][data-file="${name}"] [data-testid=file-message]`).textContent();
    const pdf = await messageOf('report.csv');
    const empty = await messageOf('empty.csv');
    const weird = await messageOf('weird.csv');
    assert.notEqual(empty, weird, 'the empty file and the unknown headers have different messages');
    assert.notEqual(pdf, weird);
    assert.notEqual(pdf, empty);
    await switchLanguage(page);
    assert.match(await messageOf('report.csv'), /PDF/, 'the PDF is called a PDF');
    // Unreadable files offer no mapping step; the unknown table offers the kind picker and mapping.
    assert.equal(await page.locator('[data-file="report.csv"] [data-testid=mapping]').count(), 0);
    assert.equal(await page.locator('[data-file="weird.csv"] [data-testid=file-kind-pick]').count(), 1);
    // Picking the kind by hand asks for that kind's required columns, by name.
    await page.selectOption('[data-file="weird.csv"] [data-testid=file-kind-pick]', 'reviews');
    await page.waitForSelector('[data-file="weird.csv"] [data-testid=mapping] select');
    const labels = await page.locator('[data-file="weird.csv"] [data-testid=mapping] label > span').allTextContents();
    assert.ok(labels.length >= 1, 'the required columns of a review export are asked for');
    for (const l of labels) assert.doesNotMatch(l, /_/, `a column named in words: ${l}`);
    assert.equal((await report(page)).indicators.find((i) => i.id === 'product_rating').value, 4.85, 'the values file still scores');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: 3 of 9 typed → the coverage is shown beside the total (desktop and 390 px)`, { timeout: 90_000 }, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, log, context } = await open(target, { viewport });
      await page.click('[data-testid=start-blank]');
      await page.selectOption('[data-testid=rule-set]', 'douyin-2026-09');
      await typeValue(page, 'product_rating', 4.8);
      await typeValue(page, 'delivery_on_time_rate', 95);
      await typeValue(page, 'platform_help_rate', 0.4);
      const coverage = page.locator('[data-testid=coverage]');
      assert.equal(await coverage.getAttribute('data-known'), '3');
      assert.equal(await coverage.getAttribute('data-needed'), '9');
      assert.match(await coverage.textContent(), /3 \/ 9/);
      const [totalBox, coverageBox] = [await page.locator('[data-testid=total]').boundingBox(), await coverage.boundingBox()];
      assert.ok(coverageBox.y - (totalBox.y + totalBox.height) < 60, 'right under the total');
      clean(log, target);
      await context.close();
    }
  });

  test(`${target.name}: a reload keeps the typed values; the clear control removes them`, { timeout: 90_000 }, async () => {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const { page, log } = await open(target, { context });
    await typeValue(page, 'product_rating', 4.55);
    await page.fill('[data-testid=industry]', '男装');
    await page.locator('[data-testid=industry]').press('Enter');
    await page.waitForFunction(() => window.shopscore.currentInput().industry === '男装');
    const total = Number(await page.getAttribute('[data-testid=total]', 'data-value'));
    await page.reload();
    await page.waitForSelector('[data-testid=total]');
    assert.equal(await page.inputValue('[data-testid="value-product_rating"]'), '4.55', 'typed value kept');
    assert.equal(await page.inputValue('[data-testid=industry]'), '男装', 'industry kept');
    assert.equal(Number(await page.getAttribute('[data-testid=total]', 'data-value')), total);
    assert.equal(await page.locator('[data-testid=demo-banner]').count(), 0, 'the saved shop, not the demo');
    await page.click('[data-testid=storage-clear]');
    await page.click('[data-testid=storage-clear-confirm]');
    await page.waitForSelector('[data-testid=storage-cleared]');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('shopscore.shops'))), []);
    await page.reload();
    await page.waitForSelector('[data-testid=demo-banner]');
    assert.notEqual(await page.inputValue('[data-testid="value-product_rating"]'), '4.55', 'typed value gone after clearing');
    assert.notEqual(await page.inputValue('[data-testid=industry]'), '男装');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: an industry the official table lacks is said so, with the closest names`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await open(target);
    await page.fill('[data-testid=industry]', '数码');
    await page.locator('[data-testid=industry]').press('Enter');
    const note = page.locator('[data-testid=industry-unknown]');
    await note.waitFor();
    assert.match(await note.textContent(), /数码.*默认权重/);
    const suggestion = note.locator('button').first();
    const name = await suggestion.textContent();
    await suggestion.click();
    await page.waitForFunction((n) => window.shopscore.currentInput().industry === n, name);
    assert.equal(await page.locator('[data-testid=industry-unknown]').count(), 0, 'a listed industry needs no note');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: several named shops are kept and switched`, { timeout: 90_000 }, async () => {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const { page, log } = await open(target, { context });
    await page.click('[data-testid=shop-new]');
    await page.fill('[data-testid=shop-name]', '甲店');
    await typeValue(page, 'product_rating', 4.61);
    await page.click('[data-testid=shop-new]');
    await page.fill('[data-testid=shop-name]', '乙店');
    await typeValue(page, 'product_rating', 4.92);
    const options = await page.locator('[data-testid=shop-select] option').allTextContents();
    assert.ok(options.includes('甲店') && options.includes('乙店'), options.join(','));
    await page.reload();
    await page.waitForSelector('[data-testid=total]');
    assert.equal(await page.inputValue('[data-testid=shop-name]'), '乙店', 'the last shop comes back');
    const first = await page.locator('[data-testid=shop-select] option', { hasText: '甲店' }).getAttribute('value');
    await page.selectOption('[data-testid=shop-select]', first);
    await page.waitForFunction(() => document.querySelector('[data-testid=shop-name]').value === '甲店');
    assert.equal(await page.inputValue('[data-testid="value-product_rating"]'), '4.61');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: the share link carries the file-derived values and says so; it restores them`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    const names = ['orders.csv', 'logistics_gbk.csv', 'after_sales.csv', 'reviews.tsv', 'feige_rounds.csv'];
    await setFiles(page, names.map((n) => path.join(FIXTURES, n)));
    const r = await report(page);
    const fromFiles = r.indicators.filter((i) => i.source === 'records' && i.value != null);
    assert.ok(fromFiles.length >= 3, 'several indicators recomputed');
    await page.click('[data-testid=share-button]');
    const url = await page.inputValue('[data-testid=share-url]');
    assert.match(await page.textContent('[data-testid=share-contains]'), new RegExp(`${fromFiles.length}`));
    assert.ok(!url.includes('6930000000000000101'), 'no order id in the link');
    if (target.kind === 'file') {
      assert.ok(url.startsWith('shopscore.html#'), `no local path: ${url}`);
      assert.doesNotMatch(url, /file:/);
      assert.ok(await page.locator('[data-testid=share-local]').isVisible(), 'the recipient is told they need their own copy');
    }
    const restored = await open(target, { hash: url.slice(url.indexOf('#')) });
    const again = await report(restored.page);
    for (const i of fromFiles) {
      assert.equal(again.indicators.find((x) => x.id === i.id).value, i.value, `${i.id} restored from the link`);
    }
    assert.equal(again.total, r.total, 'same total without the files');
    clean(log, target);
    clean(restored.log, target);
    await restored.context.close();
    await context.close();
  });

  test(`${target.name}: a slider on a value outside its default range keeps the exact value, and goes back to it`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    await page.selectOption('[data-testid=rule-set]', 'douyin-2026-09');
    await typeValue(page, 'platform_help_rate', 25);
    await typeValue(page, 'product_rating', 3.8);
    for (const [id, value, caption] of [['platform_help_rate', 25, '25%'], ['product_rating', 3.8, '3.8']]) {
      const slider = page.locator(`[data-testid="slider-${id}"]`);
      assert.ok(Number(await slider.getAttribute('max')) >= value && Number(await slider.getAttribute('min')) <= value, `${id} range contains ${value}`);
      assert.equal((await page.textContent(`[data-testid="slider-value-${id}"]`)).replace(/\s/g, '').replace('分', ''), caption);
      assert.equal((await report(page)).indicators.find((i) => i.id === id).value, value, 'the real value is scored unchanged');
    }
    // Dragging far below the summary: the score bar keeps the total and the delta in view.
    const slider = page.locator('[data-testid="slider-platform_help_rate"]');
    await slider.scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="slider-platform_help_rate"]');
      el.value = '0.2';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const bar = page.locator('[data-testid=scorebar]');
    await page.waitForFunction(() => document.querySelector('[data-testid=scorebar]').classList.contains('is-shown'));
    const barBox = await bar.boundingBox();
    assert.ok(barBox.y >= 0 && barBox.y < 5, 'the bar sits at the top of the screen');
    assert.match(await page.textContent('[data-testid=scorebar-delta]'), /^[+−±]/);
    assert.ok(Number(await page.getAttribute('[data-testid=scorebar-total]', 'data-value')) > Number(await page.getAttribute('[data-testid=total]', 'data-value')), 'the what-if total');
    // Let go somewhere else, then go back to the real value.
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid="slider-reset-platform_help_rate"]');
    assert.notEqual((await report(page)).indicators.find((i) => i.id === 'platform_help_rate').value, 25);
    await page.click('[data-testid="slider-reset-platform_help_rate"]');
    await page.waitForFunction(() => window.shopscore.currentReport().indicators.find((i) => i.id === 'platform_help_rate').value === 25);
    clean(log, target);
    await context.close();
  });

  test(`${target.name} 390 px: score, stars, tier and coverage on the first screens, the first advice within two; no one-character columns`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await open(target, { viewport: PHONE });
    const bottom = async (sel) => { const b = await page.locator(sel).first().boundingBox(); return b.y + b.height; };
    assert.ok(await bottom('[data-testid=total]') <= PHONE.height, 'total on the first screen');
    for (const sel of ['[data-testid=stars]', '[data-testid=tier]', '[data-testid=coverage]', '[data-testid=advice-card]']) {
      assert.ok(await bottom(sel) <= 2 * PHONE.height, `${sel} within two screens (${await bottom(sel)})`);
    }
    await page.click('[data-testid=compare-button]');
    await page.waitForSelector('[data-testid^=compare-] td');
    const narrow = await page.evaluate(() => [...document.querySelectorAll('td, th')]
      .filter((c) => c.offsetParent && c.innerText.trim().length > 2 && c.getBoundingClientRect().width < 24)
      .map((c) => c.innerText.slice(0, 20)));
    assert.deepEqual(narrow, [], 'no cell squeezed to one character per line');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'no sideways scrolling');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: no rendered text is a field path, a code or an internal reference, in either language`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    const check = async (what) => {
      for (const lang of ['zh', 'en']) {
        const text = await visibleText(page);
        const hit = text.match(new RegExp(`.{0,40}(${DEV_TEXT.source}).{0,40}`));
        assert.equal(hit, null, `${what} (${lang}): ${hit && hit[0]}`);
        // No snake_case id either (file names such as feige_rounds.csv are the user's own words).
        const ids = (text.match(/\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.(?:csv|tsv|xlsx))/g) || []);
        assert.deepEqual(ids, [], `${what} (${lang}): ids shown`);
        await page.click('[data-testid=lang-switch]');
      }
    };
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await check('demo shop');
    await setFiles(page, [path.join(FIXTURES, 'orders.csv'), path.join(FIXTURES, 'reviews.csv')]);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await check('files');
    // Only the order export: a growth-stage shop, whose advice is about the stage.
    await page.click('[data-file="reviews.csv"] button');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-summary]').length === 1);
    await check('orders only');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: printing gives at most 3 A4 pages, no empty headings, no developer text`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    await page.emulateMedia({ media: 'print' });
    const empty = await page.evaluate(() => [...document.querySelectorAll('h2, h3')]
      .filter((hd) => hd.offsetParent !== null)
      .filter((hd) => {
        const box = hd.closest('section') || hd.parentElement;
        return box.innerText.replace(hd.innerText, '').trim() === '';
      })
      .map((hd) => hd.innerText));
    assert.deepEqual(empty, [], 'headings with nothing under them');
    assert.doesNotMatch(await visibleText(page), DEV_TEXT);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 3, `${pages} A4 pages`);
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: a pasted back-end overview fills the values it contains and lists what it left`, { timeout: 60_000 }, async () => {
    const { page, log, context } = await open(target);
    await page.selectOption('[data-testid=rule-set]', 'douyin-2026-09');
    await page.fill('[data-testid=paste-text]', OVERVIEW);
    await page.click('[data-testid=paste-apply]');
    await page.waitForSelector('[data-testid=paste-took]');
    const typed = (await input(page)).indicators;
    const value = (id) => (typeof typed[id] === 'number' ? typed[id] : typed[id] && typed[id].value);
    assert.equal(value('product_rating'), 4.731);
    assert.equal(value('feige_avg_response_seconds'), 14.21, '飞鸽人工会话平响时长 read as 飞鸽平均响应时长');
    assert.equal(value('feige_dissatisfaction_rate'), 4.8);
    assert.equal(value('pickup_hours_avg'), 6.12);
    assert.equal(value('platform_help_rate'), 0.51);
    assert.equal(await page.inputValue('[data-testid="value-after_sale_review_hours"]'), '2.9');
    assert.ok((await page.locator('[data-testid=paste-took]').count()) >= 12);
    assert.match((await page.locator('[data-testid=paste-left]').allTextContents()).join(' '), /影响消费者体验/);
    assert.match(await page.textContent('[data-testid=backend-total]'), /84/);
    assert.equal(await page.locator('[data-testid=demo-banner]').count(), 0, 'pasted onto a shop of its own, not the demo');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: axe-core finds no serious or critical violation at 1366 px and 390 px`, { timeout: 120_000 }, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await env.browser.newContext({ viewport, bypassCSP: true });
      const { page } = await open(target, { context });
      await page.evaluate(AXE);
      const run = () => page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      assert.deepEqual(await run(), [], `${viewport.width} px, zh`);
      await switchLanguage(page);
      assert.deepEqual(await run(), [], `${viewport.width} px, en`);
      await context.close();
    }
  });

  test(`${target.name}: the first-visit banner and the three-step guide; dismissed stays dismissed`, { timeout: 60_000 }, async () => {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const { page, log } = await open(target, { context });
    assert.match(await page.textContent('[data-testid=demo-banner]'), /示例店铺/);
    assert.equal(await page.locator('[data-testid=guide] li').count(), 3);
    await page.click('[data-testid=guide-dismiss]');
    await page.reload();
    await page.waitForSelector('[data-testid=total]');
    assert.equal(await page.locator('[data-testid=guide]').count(), 0, 'guide stays dismissed');
    clean(log, target);
    await context.close();
  });
}

test('file: <shop-score> works in a host page opened from disk', { timeout: 60_000 }, async (t) => {
  if (ONLY && ONLY !== 'file') return t.skip('file only');
  const dir = tempDir('shopscore-host-');
  fs.copyFileSync(DIST, path.join(dir, 'shopscore.html'));
  fs.copyFileSync(path.join(path.dirname(DIST), 'shopscore-embed.js'), path.join(dir, 'shopscore-embed.js'));
  fs.writeFileSync(path.join(dir, 'course.html'), `<!doctype html><meta charset=utf-8><title>课程</title><h1>课程</h1>
    <script src="shopscore-embed.js"></script>
    <shop-score src="shopscore.html" product_rating="4.7" sliders="product_rating" lang="en"></shop-score>`);
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path.join(dir, 'course.html')).href);
  const frame = page.frameLocator('shop-score iframe');
  await frame.locator('[data-testid=embed-total][data-value]:not([data-value=""])').waitFor({ timeout: 20_000 });
  assert.equal(await frame.locator('[data-testid="embed-slider-product_rating"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
