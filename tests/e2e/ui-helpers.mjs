// Helpers for the page's feature specs (tests/e2e/ui*.test.mjs): a tiny static server for www/
// (with the same CSP as the meta tag), a headless Chromium via playwright-core, and a page
// wrapper that records every request and page error. Kept self-contained so the specs run
// with or without the build engineer's harness.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW = path.join(ROOT, 'www');
export const DIST = path.join(ROOT, 'dist', 'shopscore.html');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.md': 'text/plain; charset=utf-8' };

/** Serve `dir` on a free localhost port; resolves to {url, close}. */
export function serveStatic(dir = WWW) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(dir, urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh context and page that records requests, page errors, console errors and dialogs.
 * The context blocks nothing: the assertions check what the page asked for.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport, locale, acceptDownloads: true });
  const page = await context.newPage();
  const log = { requests: [], errors: [], consoleErrors: [], dialogs: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(url);
  return { context, page, log };
}

/** The two ways users open the page: served over http, and the single file from file://. */
export async function targets() {
  const list = [];
  if (fs.existsSync(path.join(WWW, 'pkg', 'shopscore.js'))) list.push({ name: 'served', kind: 'served' });
  if (fs.existsSync(DIST)) list.push({ name: 'file', kind: 'file', url: pathToFileURL(DIST).href });
  return list;
}

/** Is `requested` one of the page's own files? served → same origin under www/; file → the file itself. */
export function isOwnFile(requested, target, base) {
  if (requested.startsWith('blob:') || requested.startsWith('data:')) return true;
  if (target.kind === 'file') return requested.split('#')[0] === target.url;
  const u = new URL(requested);
  if (u.origin !== new URL(base).origin) return false;
  const local = path.join(WWW, decodeURIComponent(u.pathname));
  return local.startsWith(WWW) && fs.existsSync(local.endsWith('/') ? path.join(local, 'index.html') : local);
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The two ways users open the page, limited by SHOPSCORE_UI_ONLY=served|file while developing. */
export const ONLY = process.env.SHOPSCORE_UI_ONLY;
export const TARGETS = [
  { name: 'served', kind: 'served' },
  { name: 'file', kind: 'file', url: pathToFileURL(DIST).href },
].filter((t) => !ONLY || t.name === ONLY);

/**
 * One static server for www/ and one browser for a whole spec file, started and stopped by
 * node:test's `before`/`after`. Returns `{browser, server, urlOf(target, hash)}` (filled in `before`).
 */
export function sharedBrowser(before, after) {
  const env = {
    browser: null,
    server: null,
    urlOf: (target, hash = '') => (target.kind === 'file' ? target.url : env.server.url) + hash,
  };
  before(async () => {
    env.server = await serveStatic(WWW);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
