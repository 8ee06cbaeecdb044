// Smoke test of the shipped page in both modes (served www/ and dist/shopscore.html from
// file:// offline): the demo score appears and equals what the engine computes, only the
// page's own files are requested, no page errors, and the CSP forbids every destination.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { MODES, SINGLE_FILE, waitForTotal, foreignRequests, cspMeta, parseCsp } from './harness.mjs';

function assertNoNetworkCsp(csp, where) {
  assert.ok(csp, `${where}: a CSP is present`);
  const d = parseCsp(csp);
  assert.deepEqual(d['default-src'], ["'none'"], `${where}: default-src 'none' (${csp})`);
  assert.equal(d['connect-src'], undefined, `${where}: no connect-src (${csp})`);
  for (const directive of ['script-src', 'style-src', 'img-src', 'font-src', 'frame-src', 'media-src']) {
    for (const source of d[directive] ?? []) {
      assert.ok(!/^(https?:|wss?:|\*|\/\/)/.test(source) && !/\.[a-z]{2,}$/.test(source), `${where}: ${directive} allows no host (${source})`);
    }
  }
  assert.deepEqual(d['base-uri'], ["'none'"], `${where}: base-uri 'none'`);
  assert.deepEqual(d['form-action'], ["'none'"], `${where}: form-action 'none'`);
}

for (const mode of MODES) {
  describe(`smoke: ${mode.name}`, () => {
    let opened;
    before(async () => { opened = await mode.open(); });
    after(async () => { await opened?.close(); });

    test('the demo shop is scored and the total shown equals the engine\'s', async () => {
      const shown = await waitForTotal(opened.page);
      assert.ok(Number.isFinite(shown), `a numeric total is shown (${shown})`);
      const computed = await opened.page.evaluate(() => window.shopscore.score(window.shopscore.demoInput()).total);
      assert.equal(shown, computed, 'the page shows what the core computes for the demo shop');
    });

    test('only the page\'s own files were requested', async () => {
      await waitForTotal(opened.page);
      assert.deepEqual(foreignRequests(opened), [], `requests: ${opened.log.requests.join(', ')}`);
      if (opened.mode === 'file') {
        assert.equal(opened.log.requests.filter((r) => !r.startsWith('data:') && !r.startsWith('blob:')).length, 1, 'file://: the file itself, once');
      }
      assert.deepEqual(opened.log.failed, [], 'no request failed');
    });

    test('no page errors and no console errors', async () => {
      await waitForTotal(opened.page);
      assert.deepEqual(opened.log.pageErrors, []);
      assert.deepEqual(opened.log.consoleErrors, []);
    });

    test('a CSP with default-src \'none\' and no connect-src guards the page', async () => {
      const meta = await cspMeta(opened.page);
      if (opened.mode === 'file') {
        assertNoNetworkCsp(meta, 'meta tag');
        assert.ok(parseCsp(meta)['script-src'].includes("'wasm-unsafe-eval'"));
        assert.ok(!parseCsp(meta)['script-src'].includes("'unsafe-inline'"), 'inline script allowed by hash only');
      } else {
        assertNoNetworkCsp(opened.response.headers()['content-security-policy'], 'served header');
        if (meta) assertNoNetworkCsp(meta, 'meta tag');
      }
    });
  });
}

describe('single file: shape', () => {
  test('one file, nothing left to load: no src/href to another file', () => {
    const html = fs.readFileSync(SINGLE_FILE, 'utf8');
    const refs = [...html.matchAll(/<(?:script|link|img|iframe|source|audio|video)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
    assert.deepEqual(refs.filter((r) => !r.startsWith('data:') && !r.startsWith('#')), []);
    assert.equal((html.match(/<script\b/gi) || []).length, (html.match(/<\/script>/gi) || []).length, 'every <script> closes once');
  });
});
