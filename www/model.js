// The shop input the page edits (the core's ShopInput JSON) and its round trip through the
// URL fragment for share links and the embed view. A link carries the typed values and the
// values recomputed from files (`derived`: indicator values and counts, the order count, the
// window), never file contents or records.

export function emptyInput() {
  return {
    dimensions: {},
    indicators: {},
    events: {},
    bands: {},
    weights: { dimensions: {}, indicators: {} },
    history: {},
    options: {},
  };
}

/** A deep copy with every map present, so editing code never meets undefined. */
export function normalizeInput(input) {
  const base = emptyInput();
  const copy = JSON.parse(JSON.stringify(input || {}));
  const out = { ...base, ...copy };
  for (const key of ['dimensions', 'indicators', 'events', 'bands', 'history', 'options']) {
    if (!out[key] || typeof out[key] !== 'object') out[key] = {};
  }
  out.weights = { dimensions: {}, indicators: {}, ...(copy.weights || {}) };
  return out;
}

/** What goes to the core: nulls dropped (the core reads them as absent anyway). */
export function toCoreInput(input) {
  const out = {};
  for (const [key, value] of Object.entries(input)) {
    if (value == null || value === '') continue;
    out[key] = value;
  }
  return JSON.parse(JSON.stringify(out));
}

/** Parse a typed number; '' → null (absent, never zero); garbage → NaN (flagged in the UI). */
export function parseNumber(text) {
  const trimmed = String(text ?? '').trim().replace(/[,，]/g, '').replace(/%$/, '');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : NaN;
}

/** An indicator entry in detailed form ({value, score, bad_count, base_count}). */
export function indicatorEntry(input, id) {
  const raw = input.indicators[id];
  if (raw == null) return {};
  if (typeof raw === 'number') return { value: raw };
  return { ...raw };
}

/** Write an indicator entry back in the smallest form (bare number when only the value is set). */
export function setIndicatorEntry(input, id, entry) {
  const clean = {};
  for (const [k, v] of Object.entries(entry)) if (v != null && Number.isFinite(v)) clean[k] = v;
  const keys = Object.keys(clean);
  if (keys.length === 0) delete input.indicators[id];
  else if (keys.length === 1 && keys[0] === 'value') input.indicators[id] = clean.value;
  else input.indicators[id] = clean;
}

// ---- URL fragment ---------------------------------------------------------------------------

// `v=1` marks a complete share link: restore exactly it. Without it (embed snippets, hand-written
// links) the values are laid over the demo shop, so a trainer can write just the ones that matter.
const FIELD_KEYS = { rule: 'rule_set', as_of: 'as_of', industry: 'industry', shop_type: 'shop_type' };
const NUMBER_KEYS = { age: 'shop_age_days', onsale: 'products_on_sale', fans: 'fans' };
const RESERVED = new Set(['v', 'embed', 'lang', 'name', 'sliders', 'orders', 'rounding', 'cat', 'forders', 'fasof', 'fwin', 'fkinds', ...Object.keys(FIELD_KEYS), ...Object.keys(NUMBER_KEYS)]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A deduction's dated cases `{date: cases}` as the page writes them: each date once per case. */
export function eventDaysToText(days) {
  return Object.entries(days || {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([date, n]) => Array(Math.max(0, Math.round(n))).fill(date))
    .join(', ');
}

/** The reverse: dates separated by commas, spaces or line breaks; undefined when one is not YYYY-MM-DD. */
export function eventDaysFromText(text) {
  const days = {};
  for (const piece of String(text || '').split(/[,，;；\s]+/).filter(Boolean)) {
    if (!DATE.test(piece)) return undefined;
    days[piece] = (days[piece] || 0) + 1;
  }
  return days;
}

/** Values recomputed from files: `{indicators: {id: {value, bad_count, base_count}}, valid_paid_orders_30d, as_of, window, kinds}`. */
export function emptyDerived() {
  return { indicators: {}, valid_paid_orders_30d: null, as_of: null, window: null, kinds: [] };
}

/** Typed values laid over the derived ones: what the core scores when the files are not loaded. */
export function withDerived(input, derived) {
  if (!derived) return input;
  const out = JSON.parse(JSON.stringify(input));
  out.indicators = out.indicators || {};
  for (const [id, entry] of Object.entries(derived.indicators || {})) {
    if (out.indicators[id] == null) out.indicators[id] = { ...entry };
  }
  if (out.valid_paid_orders_30d == null && derived.valid_paid_orders_30d != null) out.valid_paid_orders_30d = derived.valid_paid_orders_30d;
  if (!out.as_of && derived.as_of) out.as_of = derived.as_of;
  return out;
}

function numList(values) {
  return values.map((v) => (v == null ? '' : String(v))).join(',');
}

function parseList(text) {
  return String(text)
    .split(',')
    .map((s) => {
      const n = parseNumber(s);
      return n == null || Number.isNaN(n) ? null : n;
    });
}

function eventToText(value) {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value && typeof value === 'object') return `${value.orders},${value.share}`;
  return String(value);
}

export function eventFromText(text) {
  if (text === 'true' || text === 'false') return text === 'true';
  if (String(text).includes(',')) {
    const [orders, share] = parseList(text);
    if (orders != null && share != null) return { orders, share };
    return undefined;
  }
  const n = parseNumber(text);
  return n == null || Number.isNaN(n) ? undefined : n;
}

/** The fragment (without '#') for a complete share link. */
export function toFragment(input, extra = {}) {
  const p = new URLSearchParams();
  p.set('v', '1');
  for (const [short, key] of Object.entries(FIELD_KEYS)) if (input[key] != null) p.set(short, input[key]);
  for (const [short, key] of Object.entries(NUMBER_KEYS)) if (input[key] != null) p.set(short, input[key]);
  if (input.categories && input.categories.length) p.set('cat', input.categories.join(','));
  if (input.valid_paid_orders_30d != null) p.set('orders', input.valid_paid_orders_30d);
  if (input.options && input.options.consumer_rounding) p.set('rounding', input.options.consumer_rounding);
  for (const [id, v] of Object.entries(input.dimensions)) p.set(`dim.${id}`, v);
  for (const [id, raw] of Object.entries(input.indicators)) {
    const e = typeof raw === 'number' ? { value: raw } : raw || {};
    if (e.value != null) p.set(id, e.value);
    if (e.score != null) p.set(`score.${id}`, e.score);
    if (e.bad_count != null) p.set(`bad.${id}`, e.bad_count);
    if (e.base_count != null) p.set(`base.${id}`, e.base_count);
  }
  for (const [id, v] of Object.entries(input.events)) p.set(`ev.${id}`, eventToText(v));
  for (const [id, days] of Object.entries(input.event_days || {})) p.set(`evd.${id}`, eventDaysToText(days));
  for (const [id, list] of Object.entries(input.bands)) p.set(`band.${id}`, numList(list));
  for (const [id, v] of Object.entries(input.weights.dimensions)) p.set(`wdim.${id}`, v);
  for (const [id, v] of Object.entries(input.weights.indicators)) p.set(`wind.${id}`, v);
  for (const [id, list] of Object.entries(input.history)) p.set(`hist.${id}`, numList(list));
  for (const [k, v] of Object.entries(extra)) if (v != null && v !== '') p.set(k, v);
  return p.toString();
}

/** The fragment of a share link: the typed input and what the files gave. */
export function toShareFragment(input, derived, extra = {}) {
  const p = new URLSearchParams(toFragment(input, extra));
  if (derived) {
    for (const [id, e] of Object.entries(derived.indicators || {})) {
      if (e.value != null) p.set(`f.${id}`, e.value);
      if (e.bad_count != null) p.set(`fbad.${id}`, e.bad_count);
      if (e.base_count != null) p.set(`fbase.${id}`, e.base_count);
    }
    if (derived.valid_paid_orders_30d != null) p.set('forders', derived.valid_paid_orders_30d);
    if (derived.as_of) p.set('fasof', derived.as_of);
    if (derived.window && derived.window.start) p.set('fwin', `${derived.window.start},${derived.window.end}`);
    if (derived.kinds && derived.kinds.length) p.set('fkinds', derived.kinds.join(','));
  }
  return p.toString();
}

/**
 * Read a fragment. Returns {complete, embed, lang, name, sliders, apply(input)}: `apply` lays
 * the values over `input` (mutating it). Unusable values are skipped and listed in `skipped`.
 */
export function parseFragment(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const p = new URLSearchParams(text);
  const result = {
    present: text.length > 0,
    complete: p.get('v') === '1',
    embed: p.has('embed'),
    lang: p.get('lang'),
    name: p.get('name'),
    sliders: p.get('sliders') ? p.get('sliders').split(',').filter(Boolean) : null,
    skipped: [],
    indicatorIds: [],
    derived: null,
  };
  const derived = emptyDerived();
  let hasDerived = false;
  const forders = parseNumber(p.get('forders'));
  if (forders != null && !Number.isNaN(forders)) {
    derived.valid_paid_orders_30d = forders;
    hasDerived = true;
  }
  if (DATE.test(p.get('fasof') || '')) {
    derived.as_of = p.get('fasof');
    hasDerived = true;
  }
  const win = String(p.get('fwin') || '').split(',');
  if (win.length === 2 && DATE.test(win[0]) && DATE.test(win[1])) derived.window = { start: win[0], end: win[1] };
  if (p.get('fkinds')) derived.kinds = p.get('fkinds').split(',').filter((k) => /^[a-z_]+$/.test(k));
  result.derived = derived;
  result.apply = (input) => {
    for (const [short, key] of Object.entries(FIELD_KEYS)) if (p.get(short)) input[key] = p.get(short);
    for (const [short, key] of Object.entries(NUMBER_KEYS)) {
      if (!p.has(short)) continue;
      const n = parseNumber(p.get(short));
      if (n == null || Number.isNaN(n)) result.skipped.push(short);
      else input[key] = n;
    }
    if (p.get('cat')) input.categories = p.get('cat').split(',').filter((c) => /^[A-Za-z0-9_-]+$/.test(c));
    const orders = parseNumber(p.get('orders'));
    if (orders != null && !Number.isNaN(orders)) input.valid_paid_orders_30d = orders;
    else if (Number.isNaN(orders)) result.skipped.push('orders');
    if (p.get('rounding') === 'floor' || p.get('rounding') === 'round') input.options.consumer_rounding = p.get('rounding');
    else if (p.has('rounding')) result.skipped.push('rounding');
    for (const [key, raw] of p) {
      if (RESERVED.has(key)) continue;
      const dot = key.indexOf('.');
      const prefix = dot > 0 ? key.slice(0, dot) : '';
      const id = dot > 0 ? key.slice(dot + 1) : key;
      const n = parseNumber(raw);
      const num = n == null || Number.isNaN(n) ? undefined : n;
      const setField = (field) => {
        if (num === undefined) return result.skipped.push(key);
        const entry = typeof input.indicators[id] === 'number' ? { value: input.indicators[id] } : { ...(input.indicators[id] || {}) };
        entry[field] = num;
        input.indicators[id] = Object.keys(entry).length === 1 && field === 'value' ? num : entry;
        if (!result.indicatorIds.includes(id)) result.indicatorIds.push(id);
      };
      switch (prefix) {
        case '': setField('value'); break;
        case 'score': setField('score'); break;
        case 'bad': setField('bad_count'); break;
        case 'base': setField('base_count'); break;
        case 'dim': num === undefined ? result.skipped.push(key) : (input.dimensions[id] = num); break;
        case 'ev': {
          const ev = eventFromText(raw);
          ev === undefined ? result.skipped.push(key) : (input.events[id] = ev);
          break;
        }
        case 'evd': {
          const days = eventDaysFromText(raw);
          if (days === undefined) result.skipped.push(key);
          else input.event_days = { ...(input.event_days || {}), [id]: days };
          break;
        }
        case 'band': input.bands[id] = parseList(raw).slice(0, 5); break;
        case 'wdim': num === undefined ? result.skipped.push(key) : (input.weights.dimensions[id] = num); break;
        case 'wind': num === undefined ? result.skipped.push(key) : (input.weights.indicators[id] = num); break;
        case 'hist': input.history[id] = parseList(raw).filter((x) => x != null); break;
        case 'f': case 'fbad': case 'fbase': {
          if (num === undefined) {
            result.skipped.push(key);
            break;
          }
          const field = prefix === 'f' ? 'value' : prefix === 'fbad' ? 'bad_count' : 'base_count';
          derived.indicators[id] = { ...(derived.indicators[id] || {}), [field]: num };
          hasDerived = true;
          break;
        }
        default: result.skipped.push(key);
      }
    }
    if (!hasDerived) result.derived = null;
    return input;
  };
  return result;
}
