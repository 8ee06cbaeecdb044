// Entry module: starts the engine, holds the page state (the shops kept in this browser, the
// one being edited and its report, the files loaded this visit), turns user actions into
// edits, re-scores after each, saves the shop, and asks every panel (www/panels/) to draw.
// Without files a re-score runs here, in microseconds to milliseconds; with files it is asked
// of the file worker (www/worker-files.js), which answers from what it kept, never re-reading a
// file: the newest answer wins, older ones are dropped.

import { startEngine, EngineUnavailable } from './engine.js';
import { h, byId, replace } from './dom.js';
import { t, lang, setLang, applyStatic, isZh } from './i18n.js';
import { normalizeInput, toCoreInput, parseNumber, indicatorEntry, setIndicatorEntry, parseFragment, toShareFragment, emptyDerived, withDerived, eventDaysFromText } from './model.js';
import { exportReportJson, exportIndicatorCsv, download } from './export.js';
import { startEmbed } from './embed.js';
import { loadMapping, saveMapping, updateProgress, isPending, say } from './files.js';
import { ShopFiles } from './worker-files.js';
import { PANELS } from './panels/index.js';
import { renderScorebar, showWhatif } from './panels/summary.js';
import { showSliderPreview } from './panels/indicators.js';
import { renderIntro, renderShopSwitch } from './intro.js';
import { loadShops, saveShops, loadFlag, saveFlag, clearAll, newShopId } from './store.js';
import { setNames, words } from './view.js';

function blankShop(input = {}, origin = 'blank') {
  return { name: '', input: normalizeInput(input), derived: null, files: [], origin, sliderOrigin: {}, backend: null, readings: null };
}

const state = {
  api: null,
  ruleSets: [],
  industries: [],
  // Shops kept in this browser (store.js) and the one shown: `shopId` null = not saved yet
  // (the demo, or a share link nobody has edited).
  shops: [],
  shopId: null,
  shop: blankShop(),
  mapping: loadMapping(),
  // The first files of a shop that was the demo: the demo's values were cleared for them.
  filesFromDemo: false,
  report: null,
  error: null,
  detail: null,
  detailFor: undefined,
  compare: null,
  derivedFrom: null,
  skippedLinkParams: [],
  filesStatus: '',
  pasteResult: null,
  share: null,
  storage: { confirming: false, cleared: false, available: true },
  guideDismissed: false,
  bodies: new Map(),
};

const isDemo = () => state.shopId == null && state.shop.origin === 'demo';

// Files read in this visit (entries with their progress and summary); never saved, never in a
// link. Their bytes stay in the worker; the page holds only the File handles.
const files = new ShopFiles({
  onProgress: (entry) => {
    if (!updateProgress(state.bodies.get('files'), entry)) renderFilesPanel();
  },
  onChange: () => filesChanged(),
});
files.mapping = { ...state.mapping };

// ---- boot -----------------------------------------------------------------------------------

function showBootFailure(reason) {
  const boot = byId('boot');
  boot.hidden = false;
  boot.classList.add('boot-failed');
  // Both languages: the user may not have picked one, and the message must never be blank.
  const key = reason === 'no_webassembly' ? 'boot.no_wasm' : 'boot.init_failed';
  const saved = lang();
  setLang('zh-CN', false);
  const zh = t(key);
  setLang('en', false);
  const en = t(key);
  setLang(saved, false);
  replace(boot, h('p', { 'data-testid': 'engine-unavailable' }, zh), h('p', { lang: 'en' }, en));
  const embed = byId('embed');
  if (embed) embed.hidden = true;
}

function safe(fn, fallback) {
  try {
    return fn() ?? fallback;
  } catch (e) {
    console.error(e);
    return fallback;
  }
}

/** Names of every indicator, dimension and event of every rule set, for sentences with ids in them. */
function collectNames(api, ruleSets) {
  const names = new Map();
  for (const r of ruleSets) {
    const d = safe(() => api.ruleSetDetail(r.id), null);
    if (!d) continue;
    for (const x of [...(d.indicators || []), ...(d.dimensions || [])]) names.set(x.id, { zh: x.zh, en: x.en });
    for (const x of d.deductions || []) for (const ev of x.events || []) names.set(ev, { zh: x.zh, en: x.en });
    for (const x of d.bonuses || []) names.set(x.event || x.id, { zh: x.zh, en: x.en });
  }
  return names;
}

function demoShop() {
  return blankShop(safe(() => state.api.demoInput(), {}), 'demo');
}

async function boot() {
  const fragment = parseFragment(location.hash);
  if (fragment.lang === 'en' || fragment.lang === 'zh-CN') setLang(fragment.lang, false);
  else setLang(lang(), false);

  let api;
  try {
    api = await startEngine();
  } catch (e) {
    showBootFailure(e instanceof EngineUnavailable ? e.reason : 'init_failed');
    console.error(e);
    return;
  }
  state.api = api;
  // A read-only handle for people who want to check the numbers in DevTools (and the e2e tests).
  window.shopscore = Object.freeze({
    score: api.score,
    simulate: api.simulate,
    scoreFiles: api.scoreFiles,
    /** The file session's figures: reads, pushes, bytes, wasm memory, kept state (a promise). */
    fileStats: () => files.stats(),
    /** A score from the files' session (a promise), for `make bench`'s re-score figure. */
    sessionScore: (typed, options) => files.score(typed, options),
    filesBusy: () => files.busy,
    readPasted: api.readPasted,
    ruleSets: api.ruleSets,
    demoInput: api.demoInput,
    timeline: api.timeline,
    plan: api.plan,
    currentInput: () => toCoreInput(scoringInput()),
    currentReport: () => (state.report ? JSON.parse(JSON.stringify(state.report)) : null),
  });

  if (fragment.embed) {
    byId('boot').hidden = true;
    startEmbed(api, fragment);
    return;
  }

  state.ruleSets = safe(() => api.ruleSets(), []);
  state.industries = safe(() => api.industries(), []);
  setNames(collectNames(api, state.ruleSets));
  const saved = loadShops();
  state.shops = saved.shops;
  state.guideDismissed = loadFlag('guide') === 'dismissed';
  if (fragment.present) {
    // A link wins over what is saved: it is what the user just opened. Not saved until edited.
    const input = normalizeInput(fragment.complete ? {} : safe(() => api.demoInput(), {}));
    fragment.apply(input);
    state.shop = { ...blankShop(input, fragment.complete ? 'link' : 'demo'), name: fragment.name || '', derived: fragment.derived };
    state.derivedFrom = fragment.derived ? 'link' : null;
    state.skippedLinkParams = fragment.skipped;
  } else if (saved.current) {
    loadShop(saved.current);
  } else {
    state.shop = demoShop();
  }

  byId('boot').hidden = true;
  byId('app').hidden = false;
  buildPanels();
  wireStatic();
  const v = api.version();
  if (v) byId('version').textContent = `shopscore ${v}`;
  applyStatic();
  rescore();
  // For `make bench`: page load → the demo scored and drawn.
  performance.mark('shopscore:scored');
}

function loadShop(id) {
  const rec = state.shops.find((s) => s.id === id);
  if (!rec) {
    state.shopId = null;
    state.shop = demoShop();
    return;
  }
  state.shopId = id;
  state.shop = {
    name: rec.name || '',
    input: normalizeInput(rec.input),
    derived: rec.derived || null,
    files: rec.files || [],
    origin: rec.origin || 'blank',
    sliderOrigin: rec.sliderOrigin || {},
    backend: rec.backend || null,
    readings: rec.readings || null,
  };
  state.derivedFrom = state.shop.derived ? 'saved' : null;
}

// ---- saving ---------------------------------------------------------------------------------

/** The first edit of an unsaved shop (the demo, a link) makes it a saved shop of the user's. */
function touch() {
  state.storage.cleared = false;
  if (state.shopId != null) return;
  state.shopId = newShopId();
  if (!state.shop.name) state.shop.name = t('shops.default_name', { n: state.shops.length + 1 });
  persist();
  // The saved shop takes over from the link the page was opened with.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

function persist() {
  if (state.shopId == null) return;
  const record = {
    id: state.shopId,
    name: state.shop.name,
    input: toCoreInput(state.shop.input),
    derived: state.shop.derived,
    files: state.shop.files,
    origin: state.shop.origin,
    sliderOrigin: state.shop.sliderOrigin,
    backend: state.shop.backend,
    readings: state.shop.readings,
    updated: Date.now(),
  };
  const at = state.shops.findIndex((s) => s.id === state.shopId);
  if (at >= 0) state.shops[at] = record;
  else state.shops.push(record);
  state.storage.available = saveShops(state.shopId, state.shops);
}

/** Apply a user's edit: make the shop theirs, change it, re-score, save. */
function edit(change) {
  touch();
  change();
  rescore();
  persist();
}

// ---- scoring --------------------------------------------------------------------------------

function ruleSetDetail() {
  const id = (state.report && state.report.rule_set) || state.shop.input.rule_set || null;
  if (id && state.detailFor !== id) {
    state.detailFor = id;
    state.detail = state.api.ruleSetDetail(id);
  }
  return state.detail;
}

/** What the core scores: the typed input, over the values the files gave when they are not loaded. */
function scoringInput(input = state.shop.input) {
  const typed = toCoreInput(input);
  return files.length ? typed : toCoreInput(withDerived(typed, state.shop.derived));
}

// Each re-score gets a number; an answer that arrives after a newer one was asked is dropped.
let scoreSeq = 0;

function rescore() {
  const seq = ++scoreSeq;
  if (files.length) {
    rescoreFromFiles(seq);
    return;
  }
  try {
    state.report = state.api.score(scoringInput());
    state.error = null;
  } catch (e) {
    state.error = e;
  }
  if (state.compare) state.compare = compareAll();
  renderAll();
}

/** Re-score from what the worker kept of the files (milliseconds: no file is read again). */
async function rescoreFromFiles(seq) {
  const typed = scoringInput();
  let report = null;
  let error = null;
  try {
    report = await files.score(typed);
  } catch (e) {
    error = e;
  }
  const compare = state.compare && report ? await compareFromFiles(typed) : null;
  if (seq !== scoreSeq) return;
  if (report) {
    state.report = report;
    state.error = null;
    captureDerived(report);
    persist();
  } else if (error.code !== 'session_closed') {
    state.error = error;
  }
  if (compare) state.compare = compare;
  renderAll();
}

/** Keep what the files gave (values and counts, never records) so a reload or a link can score without them. */
function captureDerived(report) {
  const typed = state.shop.input.indicators;
  const derived = emptyDerived();
  for (const i of report.indicators || []) {
    if (i.id in typed || i.value == null || !['records', 'value', 'score'].includes(i.source)) continue;
    const entry = { value: i.value };
    if (i.numerator != null && i.denominator != null && /percent/.test(i.unit) && /lower/.test(i.direction)) {
      entry.bad_count = i.numerator;
      entry.base_count = i.denominator;
    }
    derived.indicators[i.id] = entry;
  }
  const inputs = report.inputs || {};
  derived.valid_paid_orders_30d = inputs.valid_paid_orders_30d ?? null;
  derived.window = inputs.window || null;
  derived.as_of = inputs.window ? inputs.window.end : null;
  derived.kinds = [...new Set((inputs.files || []).map((f) => f.kind).filter(Boolean))];
  state.shop.derived = derived;
  state.shop.files = (inputs.files || []).filter((f) => f.status !== 'reading').map((f) => ({ name: f.name, kind: f.kind, rows: f.rows, skipped: f.skipped }));
  state.derivedFrom = 'files';
}

function compareAll() {
  const rows = [];
  for (const ruleSet of state.ruleSets) {
    const input = scoringInput({ ...state.shop.input, rule_set: ruleSet.id, options: { ...state.shop.input.options, skip_advice: true } });
    try {
      rows.push({ ruleSet, report: state.api.score(input) });
    } catch (error) {
      rows.push({ ruleSet, error });
    }
  }
  return rows;
}

/** The comparison from the files' counts: every rule set, each with its own window. */
async function compareFromFiles(typed) {
  const input = { ...typed, options: { ...(typed.options || {}), skip_advice: true } };
  let reports;
  try {
    reports = await files.compare(input);
  } catch (error) {
    return state.ruleSets.map((ruleSet) => ({ ruleSet, error }));
  }
  const byId = new Map(reports.map((r) => [r.rule_set, r]));
  const rows = [];
  for (const ruleSet of state.ruleSets) {
    if (byId.has(ruleSet.id)) {
      rows.push({ ruleSet, report: byId.get(ruleSet.id) });
      continue;
    }
    // Left out of the comparison: ask again, alone, for the reason.
    try {
      rows.push({ ruleSet, report: await files.score({ ...input, rule_set: ruleSet.id }) });
    } catch (error) {
      rows.push({ ruleSet, error });
    }
  }
  return rows;
}

// ---- files ----------------------------------------------------------------------------------

/** What the session counts changed by itself (a file was read, failed, or had to be read again). */
function filesChanged() {
  if (!files.busy && files.length) {
    state.filesStatus = t(state.filesFromDemo ? 'files.loaded' : 'files.loaded_more', { n: files.length });
    state.filesFromDemo = false;
  } else if (files.busy) {
    state.filesStatus = say('files.reading_n', { n: files.list.filter(isPending).length });
  }
  rescore();
}

function renderFilesPanel() {
  const panel = PANELS.find((p) => p.id === 'files');
  if (panel) panel.render(state.bodies.get('files'), view());
}

/** Stop using this visit's files (another shop, a blank start …). */
function dropFiles() {
  files.clear();
  state.filesStatus = '';
  state.filesFromDemo = false;
}

/** The drill-down's pages and CSV, from the session (the window is the report's). */
const drillSource = {
  page: (id, page, size) => files.drilldown(id, page, size, scoringInput(), {}),
  async csv(id) {
    try {
      const text = await files.drilldownCsv(id, isZh() ? 'zh' : 'en', scoringInput(), {});
      download(`shopscore-bad-${id}.csv`, text.replace(/^\uFEFF/, ''), 'text/csv;charset=utf-8');
    } catch (e) {
      renderError(byId('error-box'), e);
    }
  },
};

/**
 * The score over time and the planner from the session (files loaded), from what it kept: no
 * file is read again. `key` changes when the answer would (the input, the files and how far
 * they are read).
 */
const historySource = {
  key: () => JSON.stringify([files.state, scoringInput()]),
  timeline: () => files.timeline(scoringInput(), {}),
  csv: (lang) => files.timelineCsv(scoringInput(), {}, lang),
  plan: (target) => files.plan(scoringInput(), target, {}),
};

// ---- drawing --------------------------------------------------------------------------------

function view() {
  const derivedIds = new Set(Object.keys((state.shop.derived && state.shop.derived.indicators) || {}));
  return {
    report: state.report,
    input: state.shop.input,
    // The typed input with what files gave (what the score over time and the planner read).
    coreInput: toCoreInput(withDerived(toCoreInput(state.shop.input), state.shop.derived)),
    detail: ruleSetDetail(),
    shop: state.shop,
    shops: state.shops,
    shopId: state.shopId,
    isDemo: isDemo(),
    files: files.list,
    drill: files.length ? drillSource : null,
    history: files.length ? historySource : null,
    mapping: state.mapping,
    derivedIds,
    derivedFrom: state.derivedFrom,
    filesStatus: state.filesStatus,
    pasteResult: state.pasteResult,
    share: state.share,
    storage: { ...state.storage, shops: state.shops.length },
    compare: state.compare,
    ruleSets: state.ruleSets,
    industries: state.industries,
    guideDismissed: state.guideDismissed,
    pageWarnings: state.skippedLinkParams.length
      ? [{ code: 'bad_link_value', text: { zh: `${t('link.skipped')}: ${state.skippedLinkParams.join(', ')}`, en: `${t('link.skipped')}: ${state.skippedLinkParams.join(', ')}` } }]
      : [],
    api: state.api,
    act: actions,
  };
}

function buildPanels() {
  const main = byId('panels');
  const v = view();
  for (const panel of PANELS) {
    const headingId = panel.headingId || `h-${panel.id}`;
    const body = h('div', { class: 'panel-body' });
    const classes = ['card', 'panel', `panel-${panel.id}`, panel.wide ? 'card-wide' : null, panel.print === false ? 'no-print' : null].filter(Boolean).join(' ');
    main.append(h('section', { class: classes, id: panel.sectionId || `panel-${panel.id}`, 'aria-labelledby': headingId },
      h('h2', { id: headingId, 'data-i18n': panel.title }, t(panel.title)),
      body));
    state.bodies.set(panel.id, body);
    if (panel.mount) panel.mount(body, v);
  }
}

function rememberFocus() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.dataset && el.dataset.key) return `[data-key="${CSS.escape(el.dataset.key)}"]`;
  if (el.id) return `#${CSS.escape(el.id)}`;
  if (el.dataset && el.dataset.testid) return `[data-testid="${CSS.escape(el.dataset.testid)}"]`;
  return null;
}

function renderAll() {
  const focus = rememberFocus();
  renderError(byId('error-box'), state.error);
  // On an error the last good report stays visible (dimmed) so the page never goes blank.
  byId('app').classList.toggle('has-error', Boolean(state.error));
  const v = view();
  renderShopSwitch(byId('shop-switch'), v);
  renderIntro(byId('intro'), v);
  for (const panel of PANELS) panel.render(state.bodies.get(panel.id), v);
  renderScorebar(byId('scorebar'), v, null);
  byId('shop-name-display').textContent = state.shop.name;
  byId('print-date').textContent = `${t('print.generated')} ${new Date().toLocaleString(lang())}`;
  if (focus) {
    const again = document.querySelector(focus);
    if (again && again !== document.activeElement) again.focus();
  }
  markErrorField(state.error);
  updateScorebar();
}

/** The error banner: what is wrong, in words, with the field by its name. */
function renderError(el, error) {
  if (!error) {
    el.hidden = true;
    delete el.dataset.code;
    delete el.dataset.field;
    return replace(el);
  }
  el.hidden = false;
  el.dataset.code = error.code || 'internal';
  el.dataset.field = error.field || '';
  const message = words(String(error.message || '').replace(/^[a-z_]+(?: \([^)]*\))?:\s*/, ''));
  return replace(el,
    h('strong', null, t('error.title')), ' ',
    error.field ? t('error.bad_field', { field: words(error.field), message }) : t('error.generic', { message }));
}

// The core names the offending field as a JSON path (`indicators.product_rating.value`): mark
// the control that holds it, so the user sees where to look.
function markErrorField(error) {
  for (const id of ['orders', 'as-of', 'industry']) byId(id)?.removeAttribute('aria-invalid');
  const path = error && error.field ? String(error.field).split('.') : [];
  let target = null;
  if (path[0] === 'indicators' && path[1]) target = document.querySelector(`[data-key="${CSS.escape(`${path[2] === 'score' ? 'score' : 'val'}:${path[1]}`)}"]`);
  else if (path[0] === 'dimensions' && path[1]) target = document.querySelector(`[data-key="${CSS.escape(`dim:${path[1]}`)}"]`);
  else if (path[0] === 'events' && path[1]) target = document.querySelector(`[data-key^="${CSS.escape(`ev:${path[1]}`)}"]`);
  else if (path[0] === 'valid_paid_orders_30d') target = byId('orders');
  else if (path[0] === 'as_of') target = byId('as-of');
  else if (path[0] === 'industry') target = byId('industry');
  if (target) target.setAttribute('aria-invalid', 'true');
}

/** The sticky score bar shows while the summary's total is scrolled out of view. */
function updateScorebar(dragging = false) {
  const bar = byId('scorebar');
  const total = document.querySelector('[data-testid=total]');
  const hidden = !total || total.getBoundingClientRect().bottom > 0;
  bar.classList.toggle('is-shown', !hidden);
  bar.classList.toggle('is-dragging', dragging);
  bar.setAttribute('aria-hidden', hidden ? 'true' : 'false');
}

// ---- actions (what panels call) -------------------------------------------------------------

/** Read a number field: '' → null, garbage → marks the field invalid and returns undefined. */
function readNumber(el) {
  const n = parseNumber(el.value);
  if (Number.isNaN(n)) {
    el.setAttribute('aria-invalid', 'true');
    el.title = t('input.invalid');
    return undefined;
  }
  el.removeAttribute('aria-invalid');
  el.removeAttribute('title');
  return n;
}

function setIndicatorField(id, field, el) {
  const n = readNumber(el);
  if (n === undefined) return;
  edit(() => {
    setIndicatorEntry(state.shop.input, id, { ...indicatorEntry(state.shop.input, id), [field]: n });
    // A typed value is the real value now: the slider's way back is no longer needed.
    delete state.shop.sliderOrigin[id];
  });
}

function slideOverrides(id, value) {
  const entry = indicatorEntry(scoringInput(), id);
  delete entry.score; // a typed score wins over the value; the slider is about the value
  entry.value = value;
  return { indicators: { [id]: entry }, options: { ...state.shop.input.options, skip_advice: true } };
}

/** Draw a slider's what-if: its value and delta beside it, the total's change at the top. */
function showPreview(id, value, preview) {
  const ind = state.report.indicators.find((i) => i.id === id);
  const delta = preview.total != null && state.report.total != null ? preview.total - state.report.total : null;
  showSliderPreview(state.bodies.get('indicators'), id, value, ind && ind.unit, delta);
  showWhatif(state.bodies.get('summary'), state.report, preview);
  renderScorebar(byId('scorebar'), view(), preview);
  updateScorebar(true);
}

// The slider's what-if with files: one request on its way at a time; moves made meanwhile
// collapse into the newest, so a slow answer never piles up work. A release (`generation`)
// makes answers still on their way stale.
const sliding = { busy: false, next: null, generation: 0 };

async function previewFromFiles(id, value) {
  if (sliding.busy) {
    sliding.next = { id, value };
    return;
  }
  sliding.busy = true;
  const generation = sliding.generation;
  try {
    const o = slideOverrides(id, value);
    const preview = await files.simulate(toCoreInput(state.shop.input), { indicators: o.indicators, options: o.options });
    if (generation === sliding.generation && state.report) showPreview(id, value, preview);
  } catch (e) {
    if (e.code !== 'session_closed') renderError(byId('error-box'), e);
  } finally {
    sliding.busy = false;
    const next = sliding.next;
    sliding.next = null;
    if (next && generation === sliding.generation) previewFromFiles(next.id, next.value);
  }
}

const actions = {
  /** Change the shop (its readings, its calibration …), then re-score and save (www/panels/calibration.js). */
  updateShop(change) {
    edit(() => change(state.shop));
  },
  setField(key, value) {
    edit(() => {
      if (value == null || value === '') delete state.shop.input[key];
      else state.shop.input[key] = value;
    });
  },
  rename(name) {
    touch();
    state.shop.name = name;
    byId('shop-name-display').textContent = name;
    persist();
    renderShopSwitch(byId('shop-switch'), view());
  },
  orders(el) {
    const n = readNumber(el);
    if (n === undefined) return;
    actions.setField('valid_paid_orders_30d', n);
  },
  /** A number field of the shop (`shop_age_days`, `products_on_sale`, `fans`); empty clears it. */
  number(key, el) {
    const n = readNumber(el);
    if (n === undefined) return;
    actions.setField(key, n);
  },
  /** The shop's categories (ids of the rule set's `categories`) for rows with lines by category. */
  categories(ids) {
    edit(() => {
      if (ids.length) state.shop.input.categories = ids;
      else delete state.shop.input.categories;
    });
  },
  /** A deduction's cases by the day they happened ("2026-11-03, 2026-11-10"): they replace its count. */
  eventDays(id, el) {
    const days = eventDaysFromText(el.value);
    if (days === undefined) {
      el.setAttribute('aria-invalid', 'true');
      el.title = t('event.dates_invalid');
      return;
    }
    el.removeAttribute('aria-invalid');
    el.removeAttribute('title');
    const input = state.shop.input;
    edit(() => {
      const all = { ...(input.event_days || {}) };
      if (Object.keys(days).length) {
        all[id] = days;
        delete input.events[id];
      } else {
        delete all[id];
      }
      if (Object.keys(all).length) input.event_days = all;
      else delete input.event_days;
    });
  },
  rounding(value) {
    edit(() => {
      if (value) state.shop.input.options.consumer_rounding = value;
      else delete state.shop.input.options.consumer_rounding;
    });
  },
  history(el) {
    const values = el.value.split(/[,，\s]+/).filter(Boolean).map((p) => parseNumber(p));
    if (values.some((v) => v == null || Number.isNaN(v))) {
      el.setAttribute('aria-invalid', 'true');
      el.title = t('input.invalid');
      return;
    }
    edit(() => {
      if (values.length) state.shop.input.history.total = values;
      else delete state.shop.input.history.total;
    });
  },
  dimension(id, el) {
    const n = readNumber(el);
    if (n === undefined) return;
    edit(() => {
      if (n == null) delete state.shop.input.dimensions[id];
      else state.shop.input.dimensions[id] = n;
    });
  },
  value: (id, el) => setIndicatorField(id, 'value', el),
  score: (id, el) => setIndicatorField(id, 'score', el),
  bands(id, texts) {
    const values = texts.map((text) => parseNumber(text));
    if (values.some((v) => Number.isNaN(v))) return;
    edit(() => {
      if (values.every((v) => v == null)) delete state.shop.input.bands[id];
      else state.shop.input.bands[id] = values;
    });
  },
  weight(kind, id, el) {
    const n = readNumber(el);
    if (n === undefined) return;
    edit(() => {
      if (n == null) delete state.shop.input.weights[kind][id];
      else state.shop.input.weights[kind][id] = n;
    });
  },
  event(id, target, kind) {
    const input = state.shop.input;
    let next;
    if (kind === 'number') {
      const n = readNumber(target);
      if (n === undefined) return;
      next = n;
    } else if (kind === 'pair') {
      const orders = parseNumber(target.orders);
      const share = parseNumber(target.share);
      if (orders == null && share == null) next = null;
      else if (orders == null || share == null || Number.isNaN(orders) || Number.isNaN(share)) return;
      else next = { orders, share };
    } else {
      next = target;
    }
    edit(() => {
      if (next == null) delete input.events[id];
      else input.events[id] = next;
      // A count typed by hand replaces the event's dated cases.
      if (input.event_days && input.event_days[id]) {
        delete input.event_days[id];
        if (!Object.keys(input.event_days).length) delete input.event_days;
      }
    });
  },
  // While a slider moves, re-score with simulate (no advice: fast) and update only the numbers;
  // on release, commit the value (remembering the real one) and re-score in full. With files,
  // the what-if is asked of the worker; while one is on its way only the newest move waits.
  slide(id, value) {
    if (!state.report) return;
    if (files.length) {
      previewFromFiles(id, value);
      return;
    }
    let preview;
    try {
      preview = state.api.simulate(scoringInput(), slideOverrides(id, value));
    } catch (e) {
      renderError(byId('error-box'), e);
      return;
    }
    showPreview(id, value, preview);
  },
  slideEnd(id, value) {
    sliding.generation += 1;
    sliding.next = null;
    edit(() => {
      if (!(id in state.shop.sliderOrigin)) {
        const typed = state.shop.input.indicators[id];
        const real = indicatorEntry(scoringInput(), id);
        // What to go back to: the typed entry, or nothing typed (the files' value shows again).
        state.shop.sliderOrigin[id] = typed == null ? { value: real.value ?? null, typed: false } : { ...indicatorEntry(state.shop.input, id), typed: true };
      }
      const entry = indicatorEntry(state.shop.input, id);
      delete entry.score;
      entry.value = value;
      setIndicatorEntry(state.shop.input, id, entry);
    });
  },
  resetSlider(id) {
    edit(() => {
      const origin = state.shop.sliderOrigin[id];
      if (origin && origin.typed) {
        const { typed, ...entry } = origin;
        setIndicatorEntry(state.shop.input, id, entry);
      } else {
        delete state.shop.input.indicators[id];
      }
      delete state.shop.sliderOrigin[id];
    });
  },
  demo() {
    actions.switchShop(null);
  },
  startBlank() {
    dropFiles();
    state.shop = blankShop({ rule_set: state.shop.input.rule_set });
    edit(() => {});
    actions.scrollTo('panel-shop', 'industry');
  },
  clearInputs() {
    edit(() => {
      const keep = state.shop.input;
      state.shop.input = normalizeInput({ rule_set: keep.rule_set, industry: keep.industry, shop_type: keep.shop_type, options: keep.options });
      state.shop.origin = 'blank';
      state.shop.sliderOrigin = {};
      state.shop.backend = null;
    });
  },
  scrollTo(sectionId, focusId) {
    const el = byId(sectionId);
    if (el) el.scrollIntoView({ behavior: 'smooth', block: 'start' });
    if (focusId && byId(focusId)) byId(focusId).focus({ preventScroll: true });
  },
  dismissGuide() {
    state.guideDismissed = true;
    saveFlag('guide', 'dismissed');
    renderIntro(byId('intro'), view());
  },
  switchShop(id) {
    dropFiles();
    state.pasteResult = null;
    state.share = null;
    state.skippedLinkParams = [];
    if (id == null) {
      state.shopId = null;
      state.shop = demoShop();
      state.derivedFrom = null;
    } else {
      loadShop(id);
    }
    saveShops(state.shopId, state.shops);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    rescore();
  },
  newShop() {
    state.shopId = null;
    state.shop = blankShop({ rule_set: state.shop.input.rule_set });
    dropFiles();
    state.derivedFrom = null;
    edit(() => {});
  },
  deleteShop() {
    state.shops = state.shops.filter((s) => s.id !== state.shopId);
    actions.switchShop(null);
  },
  addFiles(list) {
    if (!list.length) return;
    if (files.length === 0 && (isDemo() || state.shop.origin === 'demo')) {
      // Typed values win over files: the demo's numbers would hide everything the files say,
      // so they go; what describes the shop (rule set, industry, shop type) stays.
      const keep = state.shop.input;
      state.shop = blankShop({ rule_set: keep.rule_set, industry: keep.industry, shop_type: keep.shop_type, options: keep.options }, 'files');
      state.filesFromDemo = true;
    }
    touch();
    files.add(list);
    state.filesStatus = say('files.reading_n', { n: files.list.filter(isPending).length });
    rescore();
    persist();
  },
  /** Files are probably coming (the picker opened, something dragged over the page). */
  filesSoon() {
    files.prepare();
  },
  cancelFile(key) {
    const entry = files.byKey(key);
    if (!entry) return;
    files.cancel(key);
    state.filesStatus = say('files.cancelled', { name: entry.name });
    if (!files.length) actions.forgetFileValues();
    rescore();
    persist();
  },
  removeFile(key) {
    edit(() => {
      files.remove(key);
      if (!files.length) {
        state.filesStatus = '';
        actions.forgetFileValues();
      }
    });
  },
  clearFiles() {
    edit(() => {
      dropFiles();
      actions.forgetFileValues();
    });
  },
  forgetFileValues() {
    state.shop.derived = null;
    state.shop.files = [];
    state.derivedFrom = null;
  },
  forgetDerived() {
    edit(() => actions.forgetFileValues());
  },
  mapping(mapping) {
    for (const k of Object.keys(mapping)) if (mapping[k] == null) delete mapping[k];
    state.mapping = mapping;
    saveMapping(mapping);
    files.setMapping(mapping);
    rescore();
  },
  fileKind(key, kind) {
    files.setKind(key, kind);
    renderFilesPanel();
  },
  paste(text) {
    if (text == null || !String(text).trim()) {
      state.pasteResult = null;
      renderAll();
      return;
    }
    const hash = String(text).trim().match(/#((?:v=1|embed)[^\s]*)/);
    if (hash) return applyLink(hash[1]);
    let reading;
    try {
      reading = state.api.readPasted(text, (state.report && state.report.rule_set) || state.shop.input.rule_set || null);
    } catch (e) {
      state.pasteResult = { error: words(e.message) };
      renderAll();
      return;
    }
    state.pasteResult = { reading };
    if (!reading || !(reading.took || []).some((n) => n.code !== 'reading_date')) {
      renderAll();
      return;
    }
    if (isDemo()) {
      const keep = state.shop.input;
      state.shop = blankShop({ rule_set: keep.rule_set, industry: keep.industry, shop_type: keep.shop_type }, 'paste');
    }
    edit(() => applyReading(reading));
  },
  async compare() {
    state.compare = files.length ? await compareFromFiles(scoringInput()) : compareAll();
    PANELS.find((p) => p.id === 'compare').render(state.bodies.get('compare'), view());
  },
  exportJson: () => state.report && exportReportJson(state.report, state.shop.name),
  exportCsv: () => state.report && exportIndicatorCsv(state.report),
  share,
  askClear() {
    state.storage.confirming = true;
    renderAll();
    document.querySelector('[data-testid=storage-clear-confirm]')?.focus();
  },
  cancelClear() {
    state.storage.confirming = false;
    renderAll();
  },
  clearStorage() {
    clearAll();
    state.shops = [];
    state.shopId = null;
    dropFiles();
    state.mapping = {};
    files.mapping = {};
    state.guideDismissed = false;
    state.pasteResult = null;
    state.share = null;
    state.shop = demoShop();
    state.derivedFrom = null;
    state.storage = { confirming: false, cleared: true, available: true };
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    rescore();
  },
};

/** Fill the shop with what the back end showed: values and scores, dimension scores where no indicator of the dimension was read, weights, events. */
function applyReading(reading) {
  const input = state.shop.input;
  const readDimensions = new Set();
  const dimensionOf = new Map(((state.report && state.report.indicators) || []).map((i) => [i.id, i.dimension]));
  for (const [id, r] of Object.entries(reading.indicators || {})) {
    const entry = indicatorEntry(input, id);
    if (r.value != null) entry.value = r.value;
    if (r.score != null) entry.score = r.score;
    setIndicatorEntry(input, id, entry);
    if (r.weight != null) input.weights.indicators[id] = r.weight;
    delete state.shop.sliderOrigin[id];
    if (dimensionOf.has(id)) readDimensions.add(dimensionOf.get(id));
  }
  for (const [id, score] of Object.entries(reading.dimensions || {})) {
    if (!readDimensions.has(id)) input.dimensions[id] = score;
  }
  for (const [id, w] of Object.entries(reading.dimension_weights || {})) input.weights.dimensions[id] = w;
  for (const [id, n] of Object.entries(reading.events || {})) {
    if (n > 0) input.events[id] = n;
    else delete input.events[id];
  }
  if (reading.total != null) state.shop.backend = { total: reading.total, date: reading.date || null };
}

/** A share link pasted into the paste box (how the recipient of a saved page opens one). */
function applyLink(fragmentText) {
  const fragment = parseFragment(`#${fragmentText}`);
  const input = normalizeInput(fragment.complete ? {} : safe(() => state.api.demoInput(), {}));
  fragment.apply(input);
  state.shopId = null;
  dropFiles();
  state.shop = { ...blankShop(input, 'link'), name: fragment.name || '', derived: fragment.derived };
  state.derivedFrom = fragment.derived ? 'link' : null;
  state.skippedLinkParams = fragment.skipped;
  state.pasteResult = { link: true };
  edit(() => {});
}

async function share() {
  const derived = state.shop.derived;
  const fragment = toShareFragment(state.shop.input, derived, { name: state.shop.name, lang: lang() });
  // A page opened from disk: the link must not carry this computer's path.
  const local = location.protocol === 'file:';
  const url = local ? `shopscore.html#${fragment}` : `${location.href.split('#')[0]}#${fragment}`;
  const input = state.shop.input;
  const typed = Object.keys(input.indicators).length + Object.keys(input.dimensions).length + Object.keys(input.events).length
    + (input.valid_paid_orders_30d != null ? 1 : 0);
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  state.share = { url, local, copied, typed, derived: Object.keys((derived && derived.indicators) || {}).length };
  PANELS.find((p) => p.id === 'share').render(state.bodies.get('share'), view());
  document.querySelector('[data-testid=share-url]')?.select();
}

function wireStatic() {
  byId('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
    applyStatic();
    renderAll();
  });
  // Paper has no "show more": open the collapsed actions for printing, close them again after.
  let openedForPrint = [];
  window.addEventListener('beforeprint', () => {
    openedForPrint = [...document.querySelectorAll('.panel-advice ol.advice-list > li details.more-actions:not([open])')].slice(0, 3);
    for (const d of openedForPrint) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of openedForPrint) d.open = false;
    openedForPrint = [];
  });
  window.addEventListener('scroll', () => updateScorebar(), { passive: true });
  window.addEventListener('resize', () => updateScorebar(), { passive: true });
  document.documentElement.classList.toggle('lang-zh', isZh());
}

boot();
