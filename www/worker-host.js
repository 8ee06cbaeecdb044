// The file session's host: one wasm `Shop` (src/wasm.rs) and the files being read into it.
// It runs inside the worker (www/worker.js) and, only when a worker cannot be started, on the
// page itself. It never touches the DOM: requests come in as `{id, op, args}` messages and
// answers go out through `post` as `{id, ok, value}` / `{id, ok: false, error}`, with events
// (`{event: 'progress' | 'finished' | 'failed' | 'broken', file, …}`) as files are read.
//
// A file arrives as a browser `File` (a handle: no bytes are copied to send it here). Its
// `stream()` chunks go straight into `Shop.push`, one file at a time; between chunks the host
// answers whatever else was asked (a re-score for a slider, a cancel), so nothing waits for a
// file to end. Scores, what-ifs, the comparison, the drill-down, the score over time and the
// planner read what the `Shop` kept:
// `stats().reads` counts how often a file was read, so tests can prove edits never read one.

/** How often a file being read says how far it got (ms). */
const PROGRESS_EVERY_MS = 100;
/** Size of the made-up export read to warm the engine up (bytes). */
const WARM_UP_BYTES = 2 << 20;
/** Longest stretch of pushing before the host lets waiting requests in (ms). */
const YIELD_EVERY_MS = 25;

// The order export's columns (the real layout's 65), for the warm-up's made-up rows.
const ORDER_HEADERS = '主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,商品单价,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,红包抵扣,支付方式,手续费,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,买家留言,订单提交时间,旗帜颜色,商家备注,订单完成时间,支付完成时间,APP渠道,流量来源,订单状态,承诺发货时间,订单类型,鲁班落地页ID,达人ID,达人昵称,所属门店ID,售后状态,取消原因,预约发货时间,仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,发货时间,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,预计送达时间,是否平台仓自流转,车型,预约送达时间,建议发货时间（起）,建议发货时间（止）'.split(',');

/**
 * About `bytes` of a made-up order export (no user data): reading it through a throwaway
 * `Shop` gets the engine's reading code compiled by the browser's optimising tier before the
 * user's first file arrives (the first file of a cold engine reads at about half speed).
 */
function warmUpExport(bytes) {
  const at = (name) => ORDER_HEADERS.indexOf(name);
  const lines = ['\uFEFF' + ORDER_HEADERS.join(',')];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = new Array(ORDER_HEADERS.length).fill('-');
    const day = String(1 + (i % 28)).padStart(2, '0');
    row[at('主订单编号')] = `\t69300000000${String(i).padStart(8, '0')}`;
    row[at('子订单编号')] = `\t69300000000${String(i).padStart(8, '0')}1`;
    row[at('选购商品')] = i % 3 ? '纯棉T恤' : '"收纳盒, 大号"';
    row[at('商品数量')] = '1';
    row[at('订单应付金额')] = '59.90';
    row[at('省')] = '浙江省';
    row[at('支付完成时间')] = `2026-11-${day} 1${i % 10}:00:00`;
    row[at('订单提交时间')] = `2026-11-${day} 1${i % 10}:00:00`;
    row[at('订单状态')] = i % 5 ? '已完成' : '已关闭';
    row[at('订单类型')] = '普通订单';
    row[at('发货时间')] = `2026-11-${day} 2${i % 4}:00:00`;
    const line = row.join(',');
    size += line.length * 1.2;
    lines.push(line);
  }
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

/** The error as plain data (structured clone keeps neither `code` nor `field` of an Error). */
export function errorData(error) {
  if (error && typeof error === 'object') {
    return {
      name: error.name || 'Error',
      code: error.code || 'internal',
      message: String(error.message || error),
      field: error.field ?? null,
    };
  }
  return { name: 'Error', code: 'internal', message: String(error), field: null };
}

/** A task boundary, so queued messages run before the next chunk (faster than setTimeout). */
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A host over the wasm-bindgen module `{default: init, Shop}`; `post(message)` sends answers
 * and events back. Returns `{handle(message)}`.
 */
export function createHost(bindings, post) {
  const now = () => performance.now();
  let shop = null;
  let memory = null;
  /** A wasm trap leaves the session in an unknown state: every later request says so. */
  let broken = null;
  /** fileId → {file, name, generation, cancelled, reading} */
  const files = new Map();
  const queue = [];
  let pumping = false;
  let warmed = false;
  // `last_ms`: how long the last request of each kind took in here (the figures of make bench).
  const stats = { reads: 0, pushes: 0, bytes_pushed: 0, read_ms: 0, peak_memory: 0, first_read_at: null, last_finish_at: null, last_ms: {} };

  function memoryBytes() {
    const bytes = memory ? memory.buffer.byteLength : 0;
    if (bytes > stats.peak_memory) stats.peak_memory = bytes;
    return bytes;
  }

  function live() {
    if (broken) {
      const e = new Error(`the file session stopped: ${broken.message}`);
      e.code = 'session_broken';
      throw e;
    }
    if (!shop) {
      const e = new Error('the file session is not started');
      e.code = 'internal';
      throw e;
    }
    return shop;
  }

  /** A trap inside wasm (a Rust panic, memory exhausted): the session cannot go on. */
  function trapped(error, fileId) {
    if (!(error instanceof WebAssembly.RuntimeError) && !/unreachable|out of memory|memory access out of bounds|recursive use of an object/i.test(String(error && error.message))) {
      return false;
    }
    broken = errorData(error);
    post({ event: 'broken', file: fileId ?? null, error: broken });
    return true;
  }

  function queueRead(fileId) {
    const entry = files.get(fileId);
    entry.generation += 1;
    if (!queue.includes(fileId)) queue.push(fileId);
    // After this request's answer: the page knows the file's id before its first progress.
    nextTask().then(pump);
  }

  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length && !broken) {
        const fileId = queue.shift();
        const entry = files.get(fileId);
        if (entry) await readOne(fileId, entry);
      }
    } finally {
      pumping = false;
    }
  }

  async function readOne(fileId, entry) {
    const generation = entry.generation;
    const stale = () => entry.cancelled || entry.generation !== generation || broken;
    const started = now();
    if (stats.first_read_at == null) stats.first_read_at = started;
    stats.reads += 1;
    entry.reading = true;
    let reader = null;
    try {
      reader = entry.file.stream().getReader();
      let lastProgress = started;
      let lastYield = started;
      let progress = { bytes: 0, rows: 0 };
      post({ event: 'progress', file: fileId, phase: 'reading', bytes: 0, rows: 0, memory: memoryBytes() });
      for (;;) {
        const { done, value } = await reader.read();
        if (stale()) {
          reader.cancel().catch(() => {});
          return;
        }
        if (done) break;
        progress = live().push(fileId, value);
        stats.pushes += 1;
        stats.bytes_pushed += value.byteLength;
        const t = now();
        if (t - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = t;
          post({ event: 'progress', file: fileId, phase: 'reading', bytes: progress.bytes, rows: progress.rows, memory: memoryBytes() });
        }
        if (t - lastYield >= YIELD_EVERY_MS) {
          await nextTask();
          lastYield = now();
          if (stale()) {
            reader.cancel().catch(() => {});
            return;
          }
        }
      }
      // A workbook is read here, all at once (its rows only exist once the zip is whole).
      post({ event: 'progress', file: fileId, phase: 'finishing', bytes: progress.bytes, rows: progress.rows, memory: memoryBytes() });
      await nextTask();
      if (stale()) return;
      const summary = live().finish(fileId);
      const finished = now();
      stats.read_ms += finished - started;
      stats.last_finish_at = finished;
      post({ event: 'finished', file: fileId, summary, ms: finished - started, memory: memoryBytes() });
    } catch (error) {
      if (reader) reader.cancel().catch(() => {});
      if (trapped(error, fileId)) return;
      // The file could not be read (the browser refused it, the core said no): it alone goes.
      try {
        shop.remove(fileId);
      } catch {
        // already gone
      }
      files.delete(fileId);
      post({ event: 'failed', file: fileId, error: errorData(error) });
    } finally {
      entry.reading = false;
    }
  }

  /** Forget a file now: its reading stops at the next chunk, its memory is freed at once. */
  function drop(fileId) {
    const entry = files.get(fileId);
    if (entry) entry.cancelled = true;
    files.delete(fileId);
    const at = queue.indexOf(fileId);
    if (at >= 0) queue.splice(at, 1);
    live().remove(fileId);
    return { memory: memoryBytes(), state_bytes: shop.state_bytes() };
  }

  /** A changed kind or mapping: the file's rows were not kept, so it is read again. */
  function reread(fileId, summary) {
    if (summary && summary.needs_bytes && files.has(fileId)) queueRead(fileId);
    return summary;
  }

  const ops = {
    async init(wasm, options) {
      const exports = await bindings.default({ module_or_path: wasm });
      memory = exports.memory;
      shop = new bindings.Shop(options ?? {});
      return { memory: memoryBytes() };
    },
    /** Read a made-up export once, so the user's first file meets optimised code (ms taken). */
    warm() {
      if (warmed) return 0;
      warmed = true;
      const t = now();
      const scratch = new bindings.Shop({});
      try {
        const fileId = scratch.add_file('warm-up.csv');
        const bytes = warmUpExport(WARM_UP_BYTES);
        for (let at = 0; at < bytes.length; at += 65536) scratch.push(fileId, bytes.subarray(at, at + 65536));
        scratch.finish(fileId);
        scratch.score({}, {});
      } finally {
        scratch.free();
      }
      return now() - t;
    },
    add(file, name, mapping) {
      const s = live();
      const fileId = s.add_file(String(name || file.name));
      if (mapping && Object.keys(mapping).length) s.set_mapping(fileId, mapping);
      files.set(fileId, { file, generation: 0, cancelled: false, reading: false });
      queueRead(fileId);
      return fileId;
    },
    cancel: (fileId) => drop(fileId),
    remove: (fileId) => drop(fileId),
    set_mapping: (fileId, mapping) => reread(fileId, live().set_mapping(fileId, mapping ?? {})),
    set_kind: (fileId, kind) => reread(fileId, live().set_kind(fileId, kind)),
    set_estimates: (estimates) => live().set_estimates(estimates ?? {}),
    files: () => live().files(),
    score: (typed, options) => live().score(typed, options ?? {}),
    simulate: (typed, overrides, options) => live().simulate(typed, overrides, options ?? {}),
    compare: (typed, options) => live().compare(typed, options ?? {}),
    days: () => live().days(),
    window_values: (start, end) => live().window_values(start, end),
    drilldown: (indicator, page, size, typed, options) => live().drilldown(indicator, page, size, typed, options ?? {}),
    drilldown_csv: (indicator, lang, typed, options) => live().drilldown_csv(indicator, lang, typed, options ?? {}),
    timeline: (typed, options) => live().timeline(typed, options ?? {}),
    timeline_csv: (typed, options, lang) => live().timeline_csv(typed, options ?? {}, lang === 'en' ? 'en' : 'zh'),
    plan: (typed, target, options) => live().plan(typed, String(target), options ?? {}),
    /** Stop every file and free the session (the page-side host; a worker is terminated instead). */
    close() {
      for (const entry of files.values()) entry.cancelled = true;
      files.clear();
      queue.length = 0;
      if (shop) shop.free();
      shop = null;
      broken = { code: 'session_closed', message: 'closed' };
    },
    /** What the session did and holds: reads, pushes, bytes, wasm memory, kept state. */
    stats: () => ({ ...stats, last_ms: { ...stats.last_ms }, memory: memoryBytes(), state_bytes: shop ? shop.state_bytes() : 0, queued: queue.length }),
  };

  return {
    async handle(message) {
      const { id, op, args = [] } = message || {};
      const fn = ops[op];
      if (!fn) {
        post({ id, ok: false, error: { name: 'Error', code: 'internal', message: `unknown request ${op}`, field: null } });
        return;
      }
      const t = now();
      try {
        const value = await fn(...args);
        stats.last_ms[op] = now() - t;
        post({ id, ok: true, value, ms: stats.last_ms[op] });
      } catch (error) {
        trapped(error, null);
        post({ id, ok: false, error: errorData(error) });
      }
    },
  };
}
