#!/usr/bin/env node
// A tiny static server for www/ (for `make run` and the e2e tests): GET/HEAD only, files under
// the root only, no directory listings, and the same Content-Security-Policy the single file
// carries, sent as a header, so the served page provably cannot reach the network either.
// Settings (CSP, host, port) come from wasm-pack.toml via scripts/config.py.
//
//   node scripts/serve.mjs [--port N] [--root DIR]    (port 0 = any free port)

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** wasm-pack.toml as an object (the one place build settings live). */
export function loadConfig() {
  return JSON.parse(execFileSync('python3', [path.join(ROOT, 'scripts', 'config.py'), 'json'], { encoding: 'utf8' }));
}

/** The served page's CSP: like the single file's, but scripts come from 'self' (not inline). */
export function servedCsp(config = loadConfig()) {
  const c = config.csp;
  return [
    `default-src ${c.default_src}`,
    `script-src ${c.script_src_served}`,
    `style-src ${c.style_src}`,
    `img-src ${c.img_src}`,
    `worker-src ${c.worker_src_served}`,
    ...c.extra,
  ].join('; ');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve `root` on host:port (0 = a free port). Resolves to { url, port, close() }. */
export function startServer({ root = path.join(ROOT, 'www'), host, port, config = loadConfig() } = {}) {
  const csp = servedCsp(config);
  const realRoot = fs.realpathSync(root);
  const server = http.createServer((req, res) => {
    const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    let file;
    try {
      const urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      file = path.resolve(realRoot, '.' + (urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath));
      file = fs.realpathSync(file);
    } catch {
      file = null;
    }
    if (!file || !(file === realRoot || file.startsWith(realRoot + path.sep)) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': fs.statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? config.serve.port, host ?? config.serve.host, () => {
      const { address, port: actual } = server.address();
      resolve({
        url: `http://${address}:${actual}/`,
        port: actual,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const config = loadConfig();
  const root = path.resolve(opt('--root') ?? path.join(ROOT, 'www'));
  const port = opt('--port') !== undefined ? Number(opt('--port')) : (process.env.PORT ? Number(process.env.PORT) : undefined);
  const server = await startServer({ root, port, config }).catch((e) => {
    console.error(`serve: cannot listen: ${e.message} (set PORT=… to use another port)`);
    process.exit(1);
  });
  const single = path.join(ROOT, config.bundle.output);
  console.log(`shopscore is served at   ${server.url}   (demo shop, Ctrl-C to stop)`);
  console.log(`single file (offline):   ${fs.existsSync(single) ? single : single + '  (not built yet: make build)'}`);
  console.log(`CSP header: ${servedCsp(config)}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
