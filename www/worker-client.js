// The page's side of the file session: starts the worker that reads the shop's files
// (www/worker.js, host in www/worker-host.js), hands it the compiled wasm and the user's
// `File`s (handles: the bytes are read in the worker and never cross to the page), and turns
// its answers into promises and its events into callbacks. Only summaries and reports come
// back; no row of a file ever reaches the page.
//
// The served page starts a module worker from ./worker.js. The single file carries the worker
// as a gzip-compressed classic script in <script type="text/plain" id="shopscore-worker"> and
// starts it from a blob: URL (its CSP allows `worker-src blob:` and nothing more), because a
// module worker cannot start from file://. If no worker can start at all (a host page's policy),
// the same host runs on the page: slower to read, but the page still works.

import * as bindings from './pkg/shopscore.js';
import { wasmModule, base64ToBytes, inflate, asEngineError } from './engine.js';
import { createHost } from './worker-host.js';

const INLINE_WORKER_ID = 'shopscore-worker';

/** The worker's script as a blob: URL (single file), or null when the page is served. */
async function inlineWorkerUrl() {
  const block = document.getElementById(INLINE_WORKER_ID);
  if (!block) return null;
  const bytes = base64ToBytes(block.textContent.trim());
  const format = block.dataset.encoding || null;
  const code = format ? await new Response(inflate(bytes, format)).text() : new TextDecoder().decode(bytes);
  return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
}

/** A started worker and the blob: URL to revoke once it runs. */
async function startWorker() {
  const url = await inlineWorkerUrl();
  if (url) return { worker: new Worker(url, { name: 'shopscore-files' }), url };
  return { worker: new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'shopscore-files' }), url: null };
}

/** Where the session runs: 'worker', or 'page' when no worker could start. */
export class FileSession {
  constructor() {
    this.pending = new Map();
    this.nextId = 1;
    this.onEvent = () => {};
    this.where = null;
    this.worker = null;
    this.host = null;
    this.closed = false;
  }

  /**
   * Start a session: `options` for the core's `Shop` (`{mapping, sheet, estimates}`),
   * `onEvent({event, file, …})` for progress, finished, failed and broken files.
   */
  static async open({ options = {}, onEvent } = {}) {
    const session = new FileSession();
    session.onEvent = onEvent || (() => {});
    const module = wasmModule();
    try {
      const { worker, url } = await startWorker();
      session.worker = worker;
      session.where = 'worker';
      worker.onmessage = (e) => session.receive(e.data);
      const failed = new Promise((_, reject) => {
        worker.onerror = (e) => {
          e.preventDefault?.();
          reject(new Error(e.message || 'the worker could not start'));
        };
      });
      await Promise.race([session.call('init', module, options), failed]);
      worker.onerror = (e) => {
        e.preventDefault?.();
        session.receive({ event: 'broken', file: null, error: { code: 'internal', message: e.message || 'the worker stopped', field: null } });
      };
      if (url) URL.revokeObjectURL(url);
    } catch (error) {
      console.warn('shopscore: no worker for the files, reading them on the page', error);
      session.worker?.terminate();
      session.worker = null;
      session.rejectAll(error);
      session.where = 'page';
      session.host = createHost(bindings, (message) => queueMicrotask(() => session.receive(message)));
      await session.call('init', module, options);
    }
    return session;
  }

  receive(message) {
    if (this.closed) return;
    if (message && message.event) {
      this.onEvent(message);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(asEngineError(message.error));
  }

  rejectAll(error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** Ask the host; resolves to the answer or rejects with an EngineError. */
  call(op, ...args) {
    if (this.closed) return Promise.reject(asEngineError({ code: 'session_closed', message: 'the file session was closed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message = { id, op, args };
      if (this.worker) this.worker.postMessage(message);
      else this.host.handle(message);
    });
  }

  /** Stop the session: the worker and all its memory go at once. */
  close() {
    if (this.host) this.host.handle({ id: 0, op: 'close' });
    this.closed = true;
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(asEngineError({ code: 'session_closed', message: 'the file session was closed' }));
  }

  add(file, mapping) { return this.call('add', file, file.name, mapping || null); }
  cancel(fileId) { return this.call('cancel', fileId); }
  remove(fileId) { return this.call('remove', fileId); }
  setKind(fileId, kind) { return this.call('set_kind', fileId, kind); }
  setMapping(fileId, mapping) { return this.call('set_mapping', fileId, mapping); }
  score(typed, options) { return this.call('score', typed, options); }
  simulate(typed, overrides, options) { return this.call('simulate', typed, overrides, options); }
  compare(typed, options) { return this.call('compare', typed, options); }
  drilldown(indicator, page, size, typed, options) { return this.call('drilldown', indicator, page, size, typed, options); }
  drilldownCsv(indicator, lang, typed, options) { return this.call('drilldown_csv', indicator, lang, typed, options); }
  timeline(typed, options) { return this.call('timeline', typed, options); }
  timelineCsv(typed, options, lang) { return this.call('timeline_csv', typed, options, lang); }
  plan(typed, target, options) { return this.call('plan', typed, target, options); }
  stats() { return this.call('stats'); }
}
