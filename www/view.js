// What the page reads from a report, in one place: people-facing text (`{zh, en}` from the
// core's catalogue; the report's `estimates` are still "中文 | English" lines), coverage,
// eligibility rows, advice actions and the reasons a consumer score or a tier is absent, and
// the names of the input fields an error points at. Panels read the report only through these.

import { isZh, t } from './i18n.js';
import { fmt } from './dom.js';

/** The current language's half of a "中文 | English" line (the report's `estimates`). */
function bilingual(text) {
  const halves = String(text).split(' | ');
  if (halves.length !== 2) return String(text);
  return (isZh() ? halves[0] : halves[1]).trim() || String(text);
}

/** People-facing text: a core `{zh, en}`, or a "中文 | English" line. */
export function txt(value) {
  if (value == null) return '';
  if (typeof value === 'object') return (isZh() ? value.zh || value.en : value.en || value.zh) || '';
  return bilingual(value);
}

/**
 * How complete the report is: `{indicators_known, indicators_needed, complete, dimensions:
 * [{id, known, needed}], missing: [{indicator, how}]}` (the core's `coverage`).
 */
export function coverage(report) {
  return report ? report.coverage || null : null;
}

/** An eligibility row: `{id, name, ok, atRisk, detail, reason, source}` (text already in the language). */
export function eligibilityRow(e) {
  return {
    id: e.id,
    name: txt(e.name),
    ok: e.ok ?? null,
    atRisk: e.at_risk ?? null,
    detail: txt(e.detail),
    reason: txt(e.reason),
    source: txt(e.source),
  };
}

/** An advice item's actions as text in the current language. */
export function adviceActions(a) {
  return (a.actions || []).map(txt).filter(Boolean);
}

/** Why no consumer score is shown (the core says why). */
export function consumerNote(report) {
  return txt(report.consumer_note);
}

/** Why no tier is shown (the core sends no reason: the stage and the rule set give it). */
export function tierNote(report, detail) {
  if (detail && Array.isArray(detail.tiers) && detail.tiers.length === 0) return t('result.tier.none');
  if (report.stage === 'growth') return t('tier.growth');
  return t('tier.no_score');
}

/** A numerator/denominator pair in words: "18 of 500 orders" for rates, "average of 5" otherwise. */
export function amountWords(numerator, denominator, unit) {
  if (numerator == null || denominator == null) return '';
  if (/^(%|percent)$/i.test(String(unit || ''))) return t('amount.rate', { n: fmt(numerator, 2), d: fmt(denominator, 0) });
  return t('amount.average', { d: fmt(denominator, 0) });
}

// ---- field paths → names ----------------------------------------------------------------------

let NAMES = new Map();

/** Names of every indicator, dimension and event id of every rule set ({zh, en}). */
export function setNames(map) {
  NAMES = map;
}

/** The name of an id of any rule set (indicator, dimension, event), or of a page-known subject. */
export function nameOf(id) {
  const own = t(`subject.${id}`);
  if (own !== `subject.${id}`) return own;
  const name = NAMES.get(id);
  return name ? txt(name) : String(id).replace(/_/g, ' ');
}

const PATH = /\b(?:weights\.)?(?:indicators|dimensions|events|bands|history)\.([a-z0-9_]+)(?:\.(?:value|score|bad_count|base_count))?/g;
const BARE_FIELDS = {
  valid_paid_orders_30d: 'field.orders', as_of: 'field.as_of', shop_type: 'field.shop_type', rule_set: 'field.rule_set', consumer_rounding: 'field.rounding',
};

/**
 * An error's field path (`indicators.product_rating.value`, `as_of`) or a sentence naming
 * input fields, with each field in words. The core's errors name the field they refuse by its
 * path (its warnings and report texts are words already).
 */
export function words(text) {
  return String(text ?? '')
    .replace(PATH, (_, id) => (NAMES.has(id) ? txt(NAMES.get(id)) : id.replace(/_/g, ' ')))
    .replace(/\b(?:options\.)?(valid_paid_orders_30d|as_of|shop_type|rule_set|consumer_rounding)\b/g, (_, m) => t(BARE_FIELDS[m]));
}
