// Calibration on the page (issue 9 "Done when"), on the served www/ page and on the shipped
// dist/shopscore.html from file://, at desktop (1366×900) and phone (390×844): days pasted from
// the back end become rows of the readings table; the fits show with their evidence; applied,
// the score equals the back end's total on every reading used (within rounding) and calibrated
// numbers are marked; the calibration exports and imports as a small file without the readings;
// the readings survive a reload and never go into a share link; a contradictory day is named by
// its row. SHOPSCORE_UI_ONLY=served|file limits the run to one target.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, isOwnFile, DIST, tempDir, TARGETS, sharedBrowser } from './ui-helpers.mjs';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** The shop's hidden dimension weights (the platform does not publish them). */
const WEIGHTS = [0.52, 0.17, 0.31];
/** Five days of dimension scores that vary, as the back end shows them. */
const DAYS = [[80, 70, 90], [92, 60, 75], [65, 95, 88], [71, 83, 99], [88, 77, 64]];
const backEndTotal = ([p, l, s]) => Number((WEIGHTS[0] * p + WEIGHTS[1] * l + WEIGHTS[2] * s).toFixed(2));

/** The 2026-09 overview page of day `i` as a user copies it (exports.md §5). */
function overview(i, dims, total = backEndTotal(dims)) {
  const [p, l, s] = dims;
  return `体验分概览 更新时间：2026-10-0${i + 1} 11:00:37（今日已更新）\n我的总分 ${total} 分 较前1日持平\n`
    + `商品体验 ${p} 分\t物流体验 ${l} 分 服务体验 ${s} 分\n商品综合评分 4.7${i}10 分 商品品质退货率 1.2${i}5 % `
    + `平均揽收时长 ${6 + i}.1200 小时 运单配送时效达成率 9${i}.100 % 飞鸽人工会话平响时长 1${i}.210 秒\n加分项 0 分 扣分项 0 分`;
}

const env = sharedBrowser(before, after);

async function open(target, viewport = DESKTOP) {
  if (target.kind === 'file') assert.ok(fs.existsSync(DIST), `missing ${DIST}: run make build first`);
  const opened = await openPage(env.browser, env.urlOf(target), { viewport });
  await opened.page.waitForSelector('[data-testid=summary] [data-testid=total]', { timeout: 20_000 });
  return opened;
}

function clean(log, target) {
  assert.deepEqual(log.requests.filter((r) => !isOwnFile(r, target, env.server.url)), [], 'only the page\u2019s own files requested');
  assert.deepEqual(log.errors, [], 'page errors');
  assert.deepEqual(log.dialogs, [], 'dialogs');
}

const report = (page) => page.evaluate(() => window.shopscore.currentReport());

async function pasteDay(page, text, rows) {
  await page.fill('[data-testid=cal-paste-text]', text);
  await page.click('[data-testid=cal-paste-apply]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=cal-row]').length === n, rows, { timeout: 10_000 });
}

async function pasteAll(page) {
  for (const [i, dims] of DAYS.entries()) await pasteDay(page, overview(i, dims), i + 1);
}

for (const target of TARGETS) {
  test(`${target.name}: pasted days give the weights with their evidence; applied, the score equals the back end's total on every day`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await open(target);
    await pasteAll(page);
    const fit = page.locator('[data-testid=cal-dimension-weights]');
    for (const [id, w] of [['product', '52%'], ['logistics', '17%'], ['service', '31%']]) {
      assert.match(await fit.locator(`[data-testid=cal-weight-${id}]`).innerText(), new RegExp(w), id);
    }
    const evidence = await fit.innerText();
    assert.match(evidence, /5 天读数/, 'how many readings');
    assert.match(evidence, /最大偏差/, 'its largest residual');
    assert.match(evidence, /唯一确定/, 'five varied days determine the weights');
    assert.match(await page.innerText('[data-testid=cal-used]'), /5 \/ 5/);

    await page.click('[data-testid=cal-apply]');
    await page.waitForSelector('[data-testid=cal-status] [data-testid=cal-part]');
    const r = await report(page);
    assert.ok(r.calibration, 'the report names the calibration');
    assert.ok(r.dimensions.every((d) => d.calibrated), 'every dimension weight calibrated');
    assert.ok(await page.locator('[data-testid=dimension-product] [data-testid=calibrated-mark]').isVisible(), '校准 mark beside the dimension');
    assert.ok(!r.estimates.some((e) => /维度权重为默认值/.test(e)), 'no longer listed as an estimate');

    // Every reading used: its dimension scores (and, like the readings, no bonus or deduction:
    // the demo shop has events of its own) through the page's engine, with the calibration.
    for (const dims of DAYS) {
      const total = await page.evaluate(([p, l, s]) => {
        const input = window.shopscore.currentInput();
        return window.shopscore.score({ ...input, events: {}, dimensions: { product: p, logistics: l, service: s }, options: { skip_advice: true } }).total;
      }, dims);
      assert.ok(Math.abs(total - backEndTotal(dims)) <= 0.015, `${dims}: ${total} vs the back end's ${backEndTotal(dims)}`);
    }
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: export, remove, import; the readings survive a reload and stay out of the share link; a bad day is named by its row`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await open(target);
    await pasteAll(page);
    await page.click('[data-testid=cal-apply]');
    await page.waitForSelector('[data-testid=cal-remove]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cal-export]')]);
    const file = path.join(tempDir('shopscore-cal-'), download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    const overlay = JSON.parse(text);
    assert.equal(overlay.format, 'shopscore-calibration');
    assert.ok(text.length < 20_000, `${text.length} bytes`);
    assert.ok(!text.includes('2026-10-03') && !text.includes('residuals'), 'no daily reading in the file');

    await page.click('[data-testid=cal-remove]');
    await page.waitForFunction(() => !window.shopscore.currentReport().calibration);
    await page.setInputFiles('[data-testid=cal-import-file]', file);
    await page.waitForFunction(() => Boolean(window.shopscore.currentReport().calibration));
    assert.match(await page.innerText('[data-testid=cal-message]'), /已导入/);
    // A damaged file is refused with a message, the calibration in use stays.
    const broken = path.join(path.dirname(file), 'broken.json');
    fs.writeFileSync(broken, text.replace('"product": 0.', '"product": 1.'));
    await page.setInputFiles('[data-testid=cal-import-file]', broken);
    await page.waitForSelector('[data-testid=cal-message].error-text');
    assert.ok((await report(page)).calibration, 'still calibrated');

    await page.reload();
    await page.waitForSelector('[data-testid=cal-row]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=cal-row]').count(), 5, 'readings kept with the shop');
    assert.ok((await report(page)).calibration, 'and the calibration in use');
    await page.click('[data-testid=share-button]');
    const url = await page.inputValue('[data-testid=share-url]');
    assert.ok(!url.includes('2026-10-0') && !/calibration/.test(url), `no reading in the link: ${url}`);

    // Day 6 says a total 3 points off what its dimension scores allow.
    await pasteDay(page, overview(5, [70, 80, 90], backEndTotal([70, 80, 90]) + 3), 6);
    const flagged = page.locator('[data-testid=cal-warning][data-code=reading_contradicts], [data-testid=cal-warning][data-code=reading_unexplained]');
    await flagged.first().waitFor();
    assert.match(await flagged.first().innerText(), /第 6 行/);
    assert.match(await page.innerText('[data-testid=cal-dimension-weights]'), /5 天读数/, 'the weights rest on the other five');
    clean(log, target);
    await context.close();
  });

  test(`${target.name}: a readings file (the template filled in) is read, its bad cell named by line; a dropped file too`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cal-template]')]);
    const dir = tempDir('shopscore-readings-');
    const templatePath = path.join(dir, download.suggestedFilename());
    await download.saveAs(templatePath);
    const header = fs.readFileSync(templatePath, 'utf8').replace(/^\uFEFF/, '').trim().split(',');
    assert.deepEqual(header.slice(0, 7), ['日期', '体验分', '商品体验分', '物流体验分', '服务体验分', '加分', '扣分']);
    const line = (i, dims) => [`2026-10-0${i + 1}`, backEndTotal(dims), ...dims, 0, 0, ...header.slice(7).map(() => '')].join(',');
    const rows = DAYS.map((dims, i) => line(i, dims));
    rows[2] = rows[2].replace(String(backEndTotal(DAYS[2])), 'n/a?');
    const csv = path.join(dir, 'readings.csv');
    fs.writeFileSync(csv, '\uFEFF' + [header.join(','), ...rows].join('\r\n') + '\r\n');
    await page.setInputFiles('[data-testid=cal-readings-file]', csv);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=cal-row]').length === 5, null, { timeout: 10_000 });
    assert.match(await page.innerText('[data-testid=cal-message]'), /readings\.csv/);
    const note = await page.innerText('[data-testid=cal-file-note]');
    assert.match(note, /第 4 行/, `the bad cell's line in the file: ${note}`);
    assert.match(await page.innerText('[data-testid=cal-dimension-weights]'), /4 天读数/);
    // The same file dropped on the panel: each day replaces its row (still five rows).
    const text = fs.readFileSync(csv, 'utf8');
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
      document.querySelector('#panel-calibration .panel-body').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForFunction(() => /dropped\.csv/.test(document.querySelector('[data-testid=cal-message]')?.textContent || ''), null, { timeout: 10_000 });
    assert.equal(await page.locator('[data-testid=cal-row]').count(), 5);
    clean(log, target);
    await context.close();
  });

  test(`${target.name} 390 px, English: the panel reads on a phone without sideways scrolling of the page`, { timeout: 90_000 }, async () => {
    const { page, log, context } = await open(target, PHONE);
    await page.click('#lang-switch');
    await pasteAll(page);
    assert.match(await page.innerText('[data-testid=cal-dimension-weights]'), /Evidence: 5 days of readings/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'no sideways scrolling');
    const wrap = await page.locator('.cal-table-wrap').boundingBox();
    assert.ok(wrap.width <= PHONE.width, 'the readings table scrolls inside its own box');
    const text = await page.innerText('#panel-calibration');
    assert.doesNotMatch(text, /dimension_weights|readings\.|douyin-20/, 'no ids or field paths');
    clean(log, target);
    await context.close();
  });
}
