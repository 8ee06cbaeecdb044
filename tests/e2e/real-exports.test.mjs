// Issue 11 on the page: the back end's own exports in their real layouts (the 50-column
// after-sales list as XLSX, the review list, the Feige 接待量 table, with the order export and a
// logistics file) are dropped on the page as a user would and read with no mapping step; the
// numbers are the hand-counted ones of tests/real_exports.rs, and what the files cannot say is
// said. Runs against the served page and dist/shopscore.html from file://, at desktop and
// phone sizes. Fixtures: tests/fixtures/real/ (written by tests/fixtures/real.rs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, isOwnFile, sharedBrowser, TARGETS, ROOT } from './ui-helpers.mjs';

const REAL = path.join(ROOT, 'tests', 'fixtures', 'real');
const FILES = [
  '售后单-2026-11-30 10_00_00.xlsx',
  '评价管理-导出.csv',
  '飞鸽接待量.csv',
  '订单导出.csv',
  '物流明细.csv',
];
const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

const env = sharedBrowser(before, after);

/** The files as the drop event carries them (bytes as base64: the XLSX is binary). */
function dropped() {
  return FILES.map((name) => ({
    name,
    type: name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    base64: fs.readFileSync(path.join(REAL, name)).toString('base64'),
  }));
}

async function drop(page, files) {
  const handle = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: handle });
}

const near = (a, b) => Math.abs(a - b) < 1e-4;

for (const target of TARGETS) {
  for (const size of SIZES) {
    test(`${target.name}, ${size.name}: the back end's real exports are read by drop with no mapping step`, { timeout: 120_000 }, async (t) => {
      if (!fs.existsSync(REAL)) return t.skip('tests/fixtures/real not generated');
      const { page, log, context } = await openPage(env.browser, env.urlOf(target), { viewport: size.viewport });
      await page.waitForSelector('[data-testid=total][data-value]:not([data-value=""])', { timeout: 20_000 });
      if (await page.evaluate(() => document.getElementById('files-card')?.hidden !== false)) {
        await context.close();
        return t.skip('the page has no file step');
      }
      await drop(page, dropped());
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-summary]').length === n, FILES.length, { timeout: 30_000 });
      await page.waitForFunction(() => {
        const r = window.shopscore.currentReport();
        return r && r.inputs && r.inputs.files && r.inputs.files.length === 5;
      }, null, { timeout: 30_000 });

      // Every file's kind told from its own headers; no mapping step anywhere.
      const kinds = {};
      for (const name of FILES) {
        kinds[name] = await page.locator(`[data-testid=file-summary][data-file="${name}"] [data-testid=file-kind]`).textContent();
      }
      assert.deepEqual(kinds, {
        '售后单-2026-11-30 10_00_00.xlsx': '售后',
        '评价管理-导出.csv': '评价',
        '飞鸽接待量.csv': '客服接待量',
        '订单导出.csv': '订单导出',
        '物流明细.csv': '物流',
      });
      assert.equal(await page.locator('[data-testid=mapping]').count(), 0, 'no mapping step');

      const report = await page.evaluate(() => window.shopscore.currentReport());
      const files = Object.fromEntries(report.inputs.files.map((f) => [f.name, f]));
      assert.equal(files['售后单-2026-11-30 10_00_00.xlsx'].kind_guessed, false);
      assert.equal(files['售后单-2026-11-30 10_00_00.xlsx'].rows, 9);
      // Which column fed what, in words.
      const agree = files['售后单-2026-11-30 10_00_00.xlsx'].columns.find((c) => c.header === '同意售后申请时间');
      assert.equal(agree.used_for.zh, '售后平均审核时长、售后处理时长达成率');

      // The window holds every event (the data's last day, or the day the page says).
      const { start, end } = report.inputs.window;
      assert.ok(start <= '2026-11-01' && end >= '2026-11-27', `window ${start} – ${end}`);
      const d = report.drilldown;
      // 售后平均审核时长: 1 h (23:30 counted from 08:00) + 4 + 10 + 50 + 1 over 5 after-sales.
      assert.ok(near(d.after_sale_review_hours.numerator, 66) && d.after_sale_review_hours.denominator === 5, JSON.stringify(d.after_sale_review_hours));
      // 平台求助率 from 仲裁状态: 2 of 8 orders asking.
      assert.ok(near(d.platform_help_rate.value, 25), JSON.stringify(d.platform_help_rate));
      // 商品综合评分: first reviews of signed orders, both date styles, follow-ups ignored.
      assert.ok(near(d.product_rating.numerator, 25) && d.product_rating.denominator === 7, JSON.stringify(d.product_rating));
      // Feige from 接待量, weighted by sessions.
      assert.ok(near(d.feige_avg_response_seconds.value, 31.25), JSON.stringify(d.feige_avg_response_seconds));
      assert.ok(near(d.feige_dissatisfaction_rate.value, 3), JSON.stringify(d.feige_dissatisfaction_rate));
      for (const id of ['after_sale_review_hours', 'platform_help_rate', 'product_rating', 'feige_avg_response_seconds']) {
        const scored = report.indicators.find((i) => i.id === id);
        assert.equal(scored.value, d[id].value, `${id} scored from the recomputed value`);
      }

      // What the files cannot say is said, in the page's language, on the page.
      const codes = report.warnings.map((w) => w.code);
      for (const code of ['unknown_value', 'limitation', 'unclassified_reasons']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
      const unknown = report.warnings.find((w) => w.code === 'unknown_value');
      assert.equal(unknown.column, '售后状态');
      const card = page.locator('[data-testid=file-summary][data-file="售后单-2026-11-30 10_00_00.xlsx"] [data-testid=file-message]');
      assert.match(await card.textContent(), /退款异常/);
      // The card's details list the columns used and what each fed.
      const details = page.locator('[data-testid=file-summary][data-file="售后单-2026-11-30 10_00_00.xlsx"] details.file-details');
      await details.locator('summary').click();
      const used = await details.locator('[data-testid=columns-used]').textContent();
      assert.match(used, /同意售后申请时间 → 售后平均审核时长、售后处理时长达成率/);
      assert.match(used, /仲裁状态 → 平台求助率/);

      await page.screenshot({ path: path.join(ROOT, 'target', `real-exports-${target.name}-${size.name}.png`), fullPage: false });
      assert.deepEqual(log.requests.filter((r) => !isOwnFile(r, target, env.server.url)), [], 'only the page’s own files requested');
      assert.deepEqual(log.errors, [], 'page errors');
      await context.close();
    });
  }
}
