// The e2e harness (node:test + playwright-core on the system Chromium): open the page the two
// ways users do — served over http by scripts/serve.mjs, and the shipped single file
// dist/shopscore.html from file:// with the network off — while recording every request,
// page error and console error, so tests can assert that nothing but the page's own files
// was ever asked for. Feature specs (tests/e2e/ui*.test.mjs) may use it too.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, loadConfig, startServer } from '../../scripts/serve.mjs';

export { ROOT };
export const CONFIG = loadConfig();
export const WWW = path.join(ROOT, 'www');
export const SINGLE_FILE = path.join(ROOT, CONFIG.bundle.output);

/** Headless Chromium flags: no sandbox (containers, root), and none of the browser's own
 * background traffic, so every request we record is one the page made. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A browser with a fresh, throw-away user-data-dir. close() removes the directory. */
export async function launchBrowser({ offline = false, locale = 'zh-CN' } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopscore-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || CONFIG.tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    locale,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    offline,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Record everything the page does that a test may want to assert on. */
function record(page) {
  const log = { requests: [], responses: [], pageErrors: [], consoleErrors: [], failed: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('response', (r) => log.responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('pageerror', (e) => log.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  page.on('dialog', (d) => d.dismiss().catch(() => {}));
  return log;
}

/**
 * Open the served page (www/ through scripts/serve.mjs on a free port).
 * `hash` is appended as the URL fragment (`embed&…`, `lang=en` …).
 */
export async function openServed({ hash = '', locale } = {}) {
  const server = await startServer({ port: 0, config: CONFIG });
  const browser = await launchBrowser({ locale });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const log = record(page);
  const url = server.url + 'index.html' + (hash ? `#${hash}` : '');
  const response = await page.goto(url);
  return {
    mode: 'served', page, log, url, origin: new URL(server.url).origin, response,
    isOwnRequest: (requested) => isOwnServedFile(requested, server.url),
    async close() { await browser.close(); await server.close(); },
  };
}

/** Open the shipped single file from file://, with the browser offline. */
export async function openSingleFile({ hash = '', locale } = {}) {
  if (!fs.existsSync(SINGLE_FILE)) throw new Error(`${SINGLE_FILE} is missing: run make build first`);
  const browser = await launchBrowser({ offline: true, locale });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const log = record(page);
  const fileUrl = pathToFileURL(SINGLE_FILE).href;
  const url = fileUrl + (hash ? `#${hash}` : '');
  const response = await page.goto(url);
  return {
    mode: 'file', page, log, url, response,
    // The only thing a file:// page may ask for is itself (data:/blob: are not requests to anywhere).
    isOwnRequest: (requested) => isInline(requested) || requested.split('#')[0] === fileUrl,
    async close() { await browser.close(); },
  };
}

/** Both ways of opening, for tests that must hold in both. */
export const MODES = [
  { name: 'served page (http, www/)', open: openServed },
  { name: 'single file (file://, offline)', open: openSingleFile },
];

function isInline(url) {
  return url.startsWith('data:') || url.startsWith('blob:');
}

/** Served mode: same origin, and a path that is a real file under www/. */
export function isOwnServedFile(requested, base) {
  if (isInline(requested)) return true;
  const u = new URL(requested);
  if (u.origin !== new URL(base).origin) return false;
  const local = path.join(WWW, decodeURIComponent(u.pathname));
  if (!local.startsWith(WWW)) return false;
  const file = u.pathname.endsWith('/') ? path.join(local, 'index.html') : local;
  return fs.existsSync(file) && fs.statSync(file).isFile();
}

/** Requests the page made that were not its own files (should be empty). */
export function foreignRequests(opened) {
  return opened.log.requests.filter((r) => !opened.isOwnRequest(r));
}

/** Wait for the main view's total (rendered from the demo shop) and return it as a number. */
export async function waitForTotal(page, testid = 'total', timeout = 20000) {
  const locator = page.locator(`[data-testid="${testid}"]`).first();
  await locator.waitFor({ state: 'visible', timeout });
  await page.waitForFunction(
    (id) => { const el = document.querySelector(`[data-testid="${id}"]`); return el && el.dataset.value !== '' && el.dataset.value != null; },
    testid, { timeout },
  );
  return Number(await locator.getAttribute('data-value'));
}

/** The page's CSP meta tag content, or null. */
export async function cspMeta(page) {
  return page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content ?? null);
}

/** Parse a CSP string into { directive: [sources] }. */
export function parseCsp(csp) {
  const out = {};
  for (const part of (csp || '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}
