// What the page keeps in this browser's storage: the user's shops (typed values, industry, rule
// set, the values recomputed from files and the files' summaries — never file contents),
// small flags (the guide dismissed), the column mapping (files.js) and the language (i18n.js).
// Every key starts with `shopscore.`, so "clear the data saved on this device" is one sweep.
// Storage can be refused (private mode, sandboxed iframe): every access is guarded and the
// page then simply forgets on reload.

const PREFIX = 'shopscore.';
const SHOPS_KEY = `${PREFIX}shops.v1`;

function read(key, fallback) {
  try {
    const text = localStorage.getItem(key);
    return text == null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** `{current, shops: [{id, name, input, derived, files, origin, sliderOrigin, backend, updated}]}`. */
export function loadShops() {
  const data = read(SHOPS_KEY, null);
  if (!data || typeof data !== 'object' || !Array.isArray(data.shops)) return { current: null, shops: [] };
  const shops = data.shops.filter((s) => s && typeof s === 'object' && typeof s.id === 'string' && s.input && typeof s.input === 'object');
  const current = shops.some((s) => s.id === data.current) ? data.current : null;
  return { current, shops };
}

export function saveShops(current, shops) {
  return write(SHOPS_KEY, { current, shops });
}

export function loadFlag(name) {
  return read(`${PREFIX}${name}`, null);
}

export function saveFlag(name, value) {
  return write(`${PREFIX}${name}`, value);
}

/** Remove everything this page saved on this device. Returns how many entries went. */
export function clearAll() {
  let removed = 0;
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(PREFIX)) {
        localStorage.removeItem(key);
        removed += 1;
      }
    }
  } catch {
    // Storage refused: there is nothing saved to clear.
  }
  return removed;
}

/** A fresh shop id (unique enough for one browser's list). */
export function newShopId() {
  return `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
