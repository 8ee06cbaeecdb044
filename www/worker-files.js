// The files of this visit and the session that reads them (www/worker-client.js): what the page
// asks of files goes through here. Each file is an entry `{key, name, size, file, status,
// progress, summary, error, kind}` (`status`: queued, reading, finishing, finished, unreadable,
// failed); its bytes are read once, in the worker, and every later question — a score after a
// typed edit, a slider's what-if, the rule-set comparison, a drill-down page, the score over
// time, a plan — is answered from
// what the session kept. A file is read again only when the user changes how it is read (its
// kind, the column mapping), and a session that failed is rebuilt from the other files.
//
// When the last file goes, the session (the worker and all its memory) goes with it.

import { FileSession } from './worker-client.js';
import { isPending } from './files.js';

export class ShopFiles {
  /**
   * `onProgress(entry)`: a file moved on (update it in place); `onChange(what)`: what the session
   * counts changed on its own (`what`: 'read' a file ended, 'failed', 'cancelled' a session was
   * rebuilt without a file, 'reread' a file's rows were dropped to be read again). What the user
   * does (add, remove, cancel, clear) the page re-scores itself.
   */
  constructor({ onProgress, onChange }) {
    this.list = [];
    this.onProgress = onProgress;
    this.onChange = onChange;
    this.session = null;
    this.opening = null;
    this.sessions = 0;
    this.keys = 0;
    this.mapping = {};
    this.fileless = 0;
    this.warming = null;
  }

  get length() {
    return this.list.length;
  }

  /** Any file still waiting or being read. */
  get busy() {
    return this.list.some(isPending);
  }

  byKey(key) {
    return this.list.find((f) => f.key === key) || null;
  }

  /** The session, started when the first file comes. */
  ready() {
    if (this.session) return Promise.resolve(this.session);
    if (!this.opening) {
      this.sessions += 1;
      this.opening = FileSession.open({ options: {}, onEvent: (e) => this.event(e) }).then((session) => {
        this.session = session;
        this.opening = null;
        return session;
      }, (error) => {
        this.opening = null;
        throw error;
      });
    }
    return this.opening;
  }

  /**
   * The user is about to give files (opened the picker, dragged something over the page):
   * start the session now and warm its engine up, so the first file is read by optimised code
   * and nothing waits for the worker to start. Not done on a drop itself: there the warm-up
   * would only come first.
   */
  prepare() {
    if (this.warming) return;
    this.warming = this.ready().then((session) => session.call('warm')).catch(() => {}).finally(() => {
      this.warming = null;
    });
  }

  /** The mapping a file is read with: the remembered headers, and its kind when picked by hand. */
  mappingFor(entry) {
    const mapping = { ...this.mapping };
    if (entry.kind) mapping.kind = entry.kind;
    return mapping;
  }

  /** Read browser `File`s (a file under a name already read replaces that one). */
  async add(fileList) {
    for (const file of fileList) {
      const old = this.list.find((f) => f.name === file.name);
      if (old) this.dropEntry(old);
    }
    const entries = [...fileList].map((file) => ({
      key: ++this.keys, name: file.name, size: file.size, file, fileId: null, status: 'queued',
      progress: { bytes: 0, rows: 0, started: null, at: null }, summary: null, error: null, kind: null, broken: false,
    }));
    this.list.push(...entries);
    await this.send(entries);
    return entries;
  }

  /** Hand entries to the session (it reads them one after the other). */
  async send(entries) {
    let session;
    try {
      session = await this.ready();
    } catch (error) {
      for (const entry of entries) this.fail(entry, error);
      this.onChange('failed');
      return;
    }
    for (const entry of entries) {
      if (!this.list.includes(entry)) continue; // removed while the session started
      try {
        entry.fileId = await session.add(entry.file, this.mappingFor(entry));
      } catch (error) {
        this.fail(entry, error);
        this.onChange('failed');
      }
    }
  }

  fail(entry, error, broken = false) {
    entry.status = 'failed';
    entry.error = error;
    entry.broken = broken;
    entry.fileId = null;
  }

  event(e) {
    if (e.event === 'broken') {
      // A trap outside any file's reading (while scoring) would come back with the same files:
      // rebuild once, then give up on them rather than read them again and again.
      if (e.file == null && this.fileless++ > 0) {
        for (const entry of this.list) this.fail(entry, e.error, true);
        this.close();
        this.onChange('failed');
        return;
      }
      return this.rebuild(e.file, e.error);
    }
    const entry = this.list.find((f) => f.fileId != null && f.fileId === e.file);
    if (!entry) return;
    if (e.event === 'progress') {
      const now = performance.now();
      if (entry.status === 'queued' || entry.progress.started == null || e.bytes === 0) entry.progress.started = now;
      entry.status = e.phase === 'finishing' ? 'finishing' : 'reading';
      entry.progress = { ...entry.progress, bytes: e.bytes, rows: e.rows, at: now };
      this.onProgress(entry);
    } else if (e.event === 'finished') {
      entry.summary = e.summary;
      entry.status = e.summary.status === 'unreadable' ? 'unreadable' : 'finished';
      entry.ms = e.ms;
      this.onChange('read');
    } else if (e.event === 'failed') {
      this.fail(entry, e.error);
      this.onChange('failed');
    }
  }

  /**
   * The session failed (a trap in the engine) or must stop now (a workbook being read cannot be
   * interrupted otherwise): a new session reads every other file again; `culprit` is left out.
   */
  async rebuild(culpritFileId, error) {
    const old = this.session;
    this.session = null;
    this.opening = null;
    old?.close();
    for (const entry of this.list) {
      if (entry.fileId != null && entry.fileId === culpritFileId && error) this.fail(entry, error, true);
    }
    const again = this.list.filter((f) => f.status !== 'failed');
    for (const entry of again) {
      entry.fileId = null;
      entry.status = 'queued';
      entry.summary = null;
      entry.progress = { bytes: 0, rows: 0, started: null, at: null };
    }
    this.onChange(error ? 'failed' : 'cancelled');
    if (!this.list.length) return;
    await this.send(again);
  }

  dropEntry(entry) {
    this.list = this.list.filter((f) => f !== entry);
    if (entry.fileId != null && this.session) this.session.remove(entry.fileId).catch(() => {});
    entry.fileId = null;
    if (!this.list.length) this.close();
  }

  /** Stop reading a file (or forget a read one): its memory is freed, the others stay counted. */
  cancel(key) {
    const entry = this.byKey(key);
    if (!entry) return;
    if (entry.status === 'finishing' && this.session && this.list.length > 1) {
      // A workbook is read in one go inside the engine: only stopping the worker stops it.
      this.list = this.list.filter((f) => f !== entry);
      this.rebuild(null, null);
      return;
    }
    this.dropEntry(entry);
  }

  remove(key) {
    const entry = this.byKey(key);
    if (entry) this.dropEntry(entry);
  }

  /** Forget every file: the session and all its memory go. */
  clear() {
    this.list = [];
    this.close();
  }

  close() {
    this.session?.close();
    this.session = null;
    this.opening = null;
  }

  /** Read a file as `kind` (null: as its headers say). Its rows are read again. */
  async setKind(key, kind) {
    const entry = this.byKey(key);
    if (!entry) return;
    entry.kind = kind || null;
    await this.reread(entry, this.mappingFor(entry));
  }

  /**
   * The remembered column mapping changed: files whose headers fit no kind, and files read
   * with the old mapping, are read again with the new one. The others are left as they are.
   */
  async setMapping(mapping) {
    const old = this.mapping;
    this.mapping = { ...mapping };
    if (!this.session) return;
    const used = (entry) => ((entry.summary && entry.summary.columns) || []).some((c) => old[c.field] != null && old[c.field] === c.header);
    const affected = this.list.filter((f) => (f.status === 'finished' && (!f.summary.kind || used(f))));
    for (const entry of affected) await this.reread(entry, this.mappingFor(entry));
  }

  async reread(entry, mapping) {
    if (entry.fileId == null || !this.session) return;
    try {
      const summary = await this.session.setMapping(entry.fileId, mapping);
      if (summary.needs_bytes) {
        entry.status = 'queued';
        entry.summary = null;
        entry.progress = { bytes: 0, rows: 0, started: null, at: null };
      } else {
        entry.summary = summary;
      }
    } catch (error) {
      this.fail(entry, error);
    }
    this.onChange('reread');
  }

  // ---- questions answered from what the session kept ------------------------------------------

  async ask(op, ...args) {
    const session = await this.ready();
    return session[op](...args);
  }

  score(typed, options) { return this.ask('score', typed, options); }
  simulate(typed, overrides, options) { return this.ask('simulate', typed, overrides, options); }
  compare(typed, options) { return this.ask('compare', typed, options); }
  drilldown(indicator, page, size, typed, options) { return this.ask('drilldown', indicator, page, size, typed, options); }
  drilldownCsv(indicator, lang, typed, options) { return this.ask('drilldownCsv', indicator, lang, typed, options); }
  timeline(typed, options) { return this.ask('timeline', typed, options); }
  timelineCsv(typed, options, lang) { return this.ask('timelineCsv', typed, options, lang); }
  plan(typed, target, options) { return this.ask('plan', typed, target, options); }

  /**
   * What the session's answers depend on besides the typed input: which files, read how far
   * and as what (a progress tick changes nothing; a file finished, removed or read as another
   * kind does).
   */
  get state() {
    return this.list.map((f) => [f.key, f.status, f.kind, f.summary ? f.summary.rows : null]);
  }

  /** What the session did (reads, pushes, bytes, wasm memory, kept state) and where it runs. */
  async stats() {
    if (!this.session) return { reads: 0, pushes: 0, bytes_pushed: 0, memory: 0, state_bytes: 0, where: null, sessions: this.sessions };
    const s = await this.session.stats();
    return { ...s, where: this.session.where, sessions: this.sessions };
  }
}
