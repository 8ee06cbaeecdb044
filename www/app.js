// Entry module: starts the engine, holds the page state (the shop input being edited and its
// report), wires the controls, and re-scores on every change.

import { startEngine, EngineUnavailable } from './engine.js';
import { h, byId, replace } from './dom.js';
import { t, lang, setLang, applyStatic, pick } from './i18n.js';
import { normalizeInput, toCoreInput, parseNumber, indicatorEntry, setIndicatorEntry, parseFragment, toFragment, emptyInput } from './model.js';
import * as render from './render.js';
import { exportReportJson, exportIndicatorCsv } from './export.js';
import { startEmbed } from './embed.js';
import { readFiles, wireFileInputs, renderQuality, renderTemplates, renderDrilldown, loadMapping, saveMapping } from './files.js';

const state = {
  api: null,
  input: emptyInput(),
  shopName: '',
  report: null,
  error: null,
  ruleSets: [],
  industries: [],
  detail: null,
  detailFor: undefined,
  compare: null,
  // Files read in the browser ({name, size, bytes}); never serialised, never in a link.
  files: [],
  inspections: new Map(),
  mapping: loadMapping(),
  skippedLinkParams: [],
};

// ---- boot -----------------------------------------------------------------------------------

function showBootFailure(reason) {
  const boot = byId('boot');
  boot.hidden = false;
  boot.classList.add('boot-failed');
  // Both languages: the user may not have picked one, and the message must never be blank.
  const zhKey = reason === 'no_webassembly' ? 'boot.no_wasm' : 'boot.init_failed';
  const saved = lang();
  setLang('zh-CN', false);
  const zh = t(zhKey);
  setLang('en', false);
  const en = t(zhKey);
  setLang(saved, false);
  replace(boot, h('p', { 'data-testid': 'engine-unavailable' }, zh), h('p', { lang: 'en' }, en));
  const embed = byId('embed');
  if (embed) embed.hidden = true;
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
    ruleSets: api.ruleSets,
    demoInput: api.demoInput,
    currentInput: () => toCoreInput(state.input),
    currentReport: () => (state.report ? JSON.parse(JSON.stringify(state.report)) : null),
  });

  if (fragment.embed) {
    byId('boot').hidden = true;
    startEmbed(api, fragment);
    return;
  }

  state.ruleSets = safe(() => api.ruleSets(), []);
  state.industries = safe(() => api.industries(), []);
  state.input = normalizeInput(fragment.complete ? {} : safe(() => api.demoInput(), {}));
  if (fragment.present) fragment.apply(state.input);
  state.shopName = fragment.name || '';
  // Link values that could not be read are skipped, never taken as zero — and said so.
  state.skippedLinkParams = fragment.skipped;

  byId('boot').hidden = true;
  byId('app').hidden = false;
  wireControls();
  const v = api.version();
  if (v) byId('version').textContent = `shopscore ${v}`;
  applyStatic();
  fillStaticOptions();
  syncControls();
  rescore();
}

function safe(fn, fallback) {
  try {
    return fn() ?? fallback;
  } catch (e) {
    console.error(e);
    return fallback;
  }
}

// ---- scoring --------------------------------------------------------------------------------

function ruleSetDetail() {
  const id = (state.report && state.report.rule_set) || state.input.rule_set || null;
  if (id && state.detailFor !== id) {
    state.detailFor = id;
    state.detail = state.api.ruleSetDetail(id);
  }
  return state.detail;
}

/** Score the typed input, together with the files when there are any. */
function scoreNow(input) {
  if (state.files.length) return state.api.scoreFiles(state.files, input, { mapping: state.mapping });
  return state.api.score(input);
}

function rescore() {
  try {
    state.report = scoreNow(toCoreInput(state.input));
    state.error = null;
  } catch (e) {
    state.error = e;
  }
  refreshInspections();
  if (state.compare) state.compare = compareAll();
  renderAll();
}

function renderAll() {
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const report = state.report;
  render.renderError(byId('error-box'), state.error);
  // On an error the last good report stays visible (dimmed) so the page never goes blank.
  byId('app').classList.toggle('has-error', Boolean(state.error));
  const detail = ruleSetDetail();
  render.renderSummary(byId('summary-body'), report, null, detail);
  render.renderDimensions(byId('dimensions'), report, state.input, onTypedDimension, onWeight);
  render.renderIndicators(byId('indicators'), report, state.input, detail, { onValue, onScore, onSlide, onSlideEnd, onBands, onWeight });
  render.renderEvents(byId('events'), report, state.input, detail, onEvent);
  render.renderEligibility(byId('eligibility'), report);
  render.renderAdvice(byId('advice'), report, detail);
  const pageWarnings = state.skippedLinkParams.length
    ? [{ code: 'bad_link_value', text: { zh: `${t('link.skipped')}: ${state.skippedLinkParams.join(', ')}`, en: `${t('link.skipped')}: ${state.skippedLinkParams.join(', ')}` } }]
    : [];
  render.renderWarnings(byId('warnings'), report, pageWarnings);
  render.renderEstimates(byId('estimates'), report);
  render.renderCompare(byId('compare'), state.compare);
  renderFiles();
  byId('shop-name-display').textContent = state.shopName;
  byId('print-date').textContent = `${t('print.generated')} ${new Date().toLocaleString(lang())}`;
  if (focusKey) {
    const again = document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
  markErrorField(state.error);
}

// The core names the offending field as a JSON path (`indicators.product_rating.value`): mark
// the control that holds it, so the user sees where to look.
function markErrorField(error) {
  for (const id of ['orders', 'as-of', 'industry']) byId(id).removeAttribute('aria-invalid');
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

function compareAll() {
  const rows = [];
  for (const ruleSet of state.ruleSets) {
    const input = toCoreInput({ ...state.input, rule_set: ruleSet.id, options: { ...state.input.options, skip_advice: true } });
    try {
      rows.push({ ruleSet, report: scoreNow(input) });
    } catch (error) {
      rows.push({ ruleSet, error });
    }
  }
  return rows;
}

// ---- handlers -------------------------------------------------------------------------------

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

function onTypedDimension(id, el) {
  const n = readNumber(el);
  if (n === undefined) return;
  if (n == null) delete state.input.dimensions[id];
  else state.input.dimensions[id] = n;
  rescore();
}

function onValue(id, el) {
  const n = readNumber(el);
  if (n === undefined) return;
  setIndicatorEntry(state.input, id, { ...indicatorEntry(state.input, id), value: n });
  rescore();
}

function onScore(id, el) {
  const n = readNumber(el);
  if (n === undefined) return;
  setIndicatorEntry(state.input, id, { ...indicatorEntry(state.input, id), score: n });
  rescore();
}

function onBands(id, texts) {
  const values = texts.map((text) => parseNumber(text));
  if (values.some((v) => Number.isNaN(v))) return;
  if (values.every((v) => v == null)) delete state.input.bands[id];
  else state.input.bands[id] = values;
  rescore();
}

function onWeight(kind, id, el) {
  const n = readNumber(el);
  if (n === undefined) return;
  if (n == null) delete state.input.weights[kind][id];
  else state.input.weights[kind][id] = n;
  rescore();
}

// While a slider moves, re-score with simulate (no advice: fast) and only update the numbers;
// on release, commit the value and do a full score (with advice) and a full redraw.
function slideOverrides(id, value) {
  const entry = indicatorEntry(state.input, id);
  delete entry.score; // a typed score wins over the value; the slider is about the value
  entry.value = value;
  return { indicators: { [id]: entry }, options: { ...state.input.options, skip_advice: true } };
}

function onSlide(id, value) {
  if (!state.report) return;
  const ind = state.report.indicators.find((i) => i.id === id);
  let preview = null;
  try {
    if (state.files.length) {
      // With files the base is what the files give: re-read them with the value typed in.
      const o = slideOverrides(id, value);
      const typed = toCoreInput({ ...state.input, indicators: { ...state.input.indicators, ...o.indicators }, options: o.options });
      preview = scoreNow(typed);
    } else {
      preview = state.api.simulate(toCoreInput(state.input), slideOverrides(id, value));
    }
  } catch (e) {
    render.renderError(byId('error-box'), e);
    return;
  }
  const delta = preview.total != null && state.report.total != null ? preview.total - state.report.total : null;
  render.showSliderPreview(byId('indicators'), id, value, ind && ind.unit, delta);
  render.renderSummary(byId('summary-body'), state.report, preview, state.detail);
}

function onSlideEnd(id, value) {
  const entry = indicatorEntry(state.input, id);
  delete entry.score;
  entry.value = value;
  setIndicatorEntry(state.input, id, entry);
  rescore();
}

function onEvent(id, target, kind) {
  if (kind === 'number') {
    const n = readNumber(target);
    if (n === undefined) return;
    if (n == null) delete state.input.events[id];
    else state.input.events[id] = n;
  } else if (kind === 'pair') {
    const orders = parseNumber(target.orders);
    const share = parseNumber(target.share);
    if (orders == null && share == null) delete state.input.events[id];
    else if (orders == null || share == null || Number.isNaN(orders) || Number.isNaN(share)) return;
    else state.input.events[id] = { orders, share };
  } else if (target == null) {
    delete state.input.events[id];
  } else {
    state.input.events[id] = target;
  }
  rescore();
}

// ---- files (issue 4) -------------------------------------------------------------------------

/** Inspect the files the scorer could not place, so the mapping step can list their headers. */
function refreshInspections() {
  const summaries = (state.report && state.report.inputs && state.report.inputs.files) || [];
  state.inspections = new Map();
  for (const file of state.files) {
    const s = summaries.find((x) => x.name === file.name);
    if (s && s.kind) continue;
    state.inspections.set(file.name, safe(() => state.api.inspectFile(file, { mapping: state.mapping }), null));
  }
}

function renderFiles() {
  const card = byId('files-card');
  if (!state.api.hasFiles()) {
    card.hidden = true;
    return;
  }
  card.hidden = false;
  byId('files-clear').hidden = state.files.length === 0;
  renderQuality(byId('file-quality'), {
    files: state.files,
    report: state.report,
    inspections: state.inspections,
    mapping: state.mapping,
    onMapping: (mapping) => {
      for (const k of Object.keys(mapping)) if (mapping[k] == null) delete mapping[k];
      state.mapping = mapping;
      saveMapping(mapping);
      rescore();
    },
    onRemove: (name) => {
      state.files = state.files.filter((f) => f.name !== name);
      rescore();
    },
  });
  const hasDrill = Boolean(state.files.length && state.report && state.report.drilldown && Object.keys(state.report.drilldown).length);
  byId('drilldown-card').hidden = !hasDrill;
  renderDrilldown(byId('drilldown'), hasDrill ? state.report : null);
}

async function addFiles(list) {
  const status = byId('files-status');
  status.textContent = t('files.reading');
  const read = await readFiles(list);
  if (state.files.length === 0) {
    // Typed values win over files: the demo's typed numbers would hide everything the files
    // say, so they go; what describes the shop (rule set, industry, shop type) stays.
    const keep = { rule_set: state.input.rule_set, industry: state.input.industry, shop_type: state.input.shop_type, options: state.input.options };
    state.input = normalizeInput(keep);
    syncControls();
  }
  // A file read again under the same name replaces the old copy.
  const names = new Set(read.map((f) => f.name));
  state.files = [...state.files.filter((f) => !names.has(f.name)), ...read];
  status.textContent = t('files.loaded', { n: state.files.length });
  rescore();
}

// ---- the shop form --------------------------------------------------------------------------

const SHOP_TYPES = ['general', 'flagship', 'non_flagship'];

function fillStaticOptions() {
  const ruleSelect = byId('rule-set');
  const chosen = state.input.rule_set || '';
  replace(ruleSelect,
    h('option', { value: '' }, t('field.rule_set.auto')),
    state.ruleSets.map((r) => h('option', { value: r.id }, `${pick(r)} (${r.id})`)));
  ruleSelect.value = chosen;
  replace(byId('industry-list'), state.industries.map((i) => h('option', { value: i.name })));
  fillShopTypes();
}

function fillShopTypes() {
  const industry = state.industries.find((i) => i.name === state.input.industry);
  const allowed = industry && industry.shop_types && industry.shop_types.length ? industry.shop_types : SHOP_TYPES;
  const select = byId('shop-type');
  const chosen = state.input.shop_type || '';
  replace(select,
    h('option', { value: '' }, t('field.shop_type.unset')),
    SHOP_TYPES.filter((s) => allowed.includes(s) || s === chosen).map((s) => h('option', { value: s }, t(`shop_type.${s}`))));
  select.value = chosen;
}

function syncControls() {
  byId('shop-name').value = state.shopName;
  byId('rule-set').value = state.input.rule_set || '';
  byId('as-of').value = state.input.as_of || '';
  byId('industry').value = state.input.industry || '';
  fillShopTypes();
  byId('orders').value = state.input.valid_paid_orders_30d ?? '';
  byId('rounding').value = state.input.options.consumer_rounding === 'round' ? 'round' : '';
  byId('history-total').value = (state.input.history.total || []).join(', ');
}

function setField(key, value) {
  if (value == null || value === '') delete state.input[key];
  else state.input[key] = value;
}

function wireControls() {
  byId('shop-form').addEventListener('submit', (e) => e.preventDefault());
  byId('shop-name').addEventListener('input', (e) => {
    state.shopName = e.target.value;
    byId('shop-name-display').textContent = state.shopName;
  });
  byId('rule-set').addEventListener('change', (e) => {
    setField('rule_set', e.target.value);
    rescore();
  });
  byId('as-of').addEventListener('change', (e) => {
    setField('as_of', e.target.value);
    rescore();
  });
  byId('industry').addEventListener('change', (e) => {
    setField('industry', e.target.value.trim());
    fillShopTypes();
    rescore();
  });
  byId('shop-type').addEventListener('change', (e) => {
    setField('shop_type', e.target.value);
    rescore();
  });
  byId('orders').addEventListener('change', (e) => {
    const n = readNumber(e.target);
    if (n === undefined) return;
    setField('valid_paid_orders_30d', n);
    rescore();
  });
  byId('history-total').addEventListener('change', (e) => {
    const parts = e.target.value.split(/[,，\s]+/).filter(Boolean);
    const values = parts.map((p) => parseNumber(p));
    if (values.some((v) => v == null || Number.isNaN(v))) {
      e.target.setAttribute('aria-invalid', 'true');
      e.target.title = t('input.invalid');
      return;
    }
    e.target.removeAttribute('aria-invalid');
    e.target.removeAttribute('title');
    if (values.length) state.input.history.total = values;
    else delete state.input.history.total;
    rescore();
  });
  byId('rounding').addEventListener('change', (e) => {
    if (e.target.value) state.input.options.consumer_rounding = e.target.value;
    else delete state.input.options.consumer_rounding;
    rescore();
  });
  byId('demo-button').addEventListener('click', () => {
    // The demo shop is typed values only: files would mix another shop into it.
    state.files = [];
    byId('files-status').textContent = '';
    state.input = normalizeInput(safe(() => state.api.demoInput(), {}));
    syncControls();
    rescore();
  });
  byId('clear-button').addEventListener('click', () => {
    state.input = normalizeInput({ rule_set: state.input.rule_set });
    syncControls();
    rescore();
  });
  byId('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
    applyStatic();
    fillStaticOptions();
    syncControls();
    renderTemplates(byId('templates'), (kind) => state.api.template(kind));
    renderAll();
  });
  byId('compare-button').addEventListener('click', () => {
    state.compare = compareAll();
    render.renderCompare(byId('compare'), state.compare);
  renderFiles();
  });
  byId('export-json').addEventListener('click', () => state.report && exportReportJson(state.report, state.shopName));
  byId('export-csv').addEventListener('click', () => state.report && exportIndicatorCsv(state.report));
  byId('print-button').addEventListener('click', () => window.print());
  // Paper has no "show more": open the collapsed advice for printing, close it again after.
  let openedForPrint = [];
  window.addEventListener('beforeprint', () => {
    openedForPrint = [...document.querySelectorAll('details.more-actions:not([open]), details.more-advice:not([open])')];
    for (const d of openedForPrint) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of openedForPrint) d.open = false;
    openedForPrint = [];
  });
  byId('share-button').addEventListener('click', share);
  wireFileInputs({ input: byId('file-input'), zone: byId('drop-zone'), onFiles: (list) => addFiles(list).catch((e) => render.renderError(byId('error-box'), e)) });
  byId('files-clear').addEventListener('click', () => {
    state.files = [];
    byId('files-status').textContent = '';
    rescore();
  });
  renderTemplates(byId('templates'), (kind) => state.api.template(kind));
}

async function share() {
  const fragment = toFragment(state.input, { name: state.shopName, lang: lang() });
  const url = `${location.href.split('#')[0]}#${fragment}`;
  history.replaceState(null, '', `#${fragment}`);
  const out = byId('share-out');
  const field = h('input', { type: 'text', readOnly: true, value: url, class: 'share-url', 'aria-label': t('button.share'), 'data-testid': 'share-url' });
  try {
    await navigator.clipboard.writeText(url);
    replace(out, h('p', null, t('share.copied')), field);
  } catch {
    replace(out, h('p', null, t('share.manual')), field);
  }
  field.select();
}

boot();
