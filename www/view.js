// What the page reads from a report, in one place: people-facing text (`{zh, en}` from the
// core, or the older "中文 | English" strings), coverage (from the core's `coverage`, or counted
// from the indicators when a core does not send it), eligibility rows, advice actions and the
// reasons a consumer score or a tier is absent. Panels read the report only through these.

import { isZh, t } from './i18n.js';
import { fmt } from './dom.js';

// Older cores cite internal documents (〔RULES§2〕, [seed-001]) and field paths in brackets;
// operators never see those.
const INTERNAL_REF = /\s*[〔[(（]\s*(?:RULES§[^〕\])）]*|seed-\d+[^〕\])）]*|[a-z_]+(?:\.[a-z0-9_]+)+)\s*[〕\])）]/g;

/** The current language's half of a "中文 | English" string (several joined by "; "). */
function legacyText(text) {
  const parts = String(text).split(/;\s+/).map((part) => {
    const halves = part.split(' | ');
    if (halves.length !== 2) return part;
    return (isZh() ? halves[0] : halves[1]).trim() || part;
  });
  return parts.join(isZh() ? '；' : '; ').replace(INTERNAL_REF, '').replace(LEGACY_ID, (m) => (NAMES.has(m) ? txt(NAMES.get(m)) : m));
}

// Ids older cores wrote into their sentences: anything with an underscore, or a dimension id
// right before "no score" / a comparison.
const LEGACY_ID = /\b[a-z]+_[a-z0-9_]+\b|\b(?:product|logistics|service)\b(?=\s*(?:无分数|no score|\d|[≥<]))/g;

/** People-facing text: a core `{zh, en}`, or a legacy string. */
export function txt(value) {
  if (value == null) return '';
  if (typeof value === 'object') return (isZh() ? value.zh || value.en : value.en || value.zh) || '';
  return legacyText(value);
}

/**
 * How complete the report is: `{indicators_known, indicators_needed, complete, dimensions:
 * [{id, known, needed}], missing: [{indicator, how}]}`.
 */
export function coverage(report) {
  if (!report) return null;
  if (report.coverage) return report.coverage;
  const indicators = report.indicators || [];
  const typedDimension = new Set((report.dimensions || []).filter((d) => d.source === 'input').map((d) => d.id));
  const known = (i) => i.score != null || typedDimension.has(i.dimension);
  const dimensions = (report.dimensions || []).map((d) => {
    const own = indicators.filter((i) => i.dimension === d.id);
    return { id: d.id, known: own.filter(known).length, needed: own.length };
  });
  const missing = indicators.filter((i) => !known(i)).map((i) => ({ indicator: i.id, how: null }));
  const knownCount = indicators.length - missing.length;
  return { indicators_known: knownCount, indicators_needed: indicators.length, complete: missing.length === 0, dimensions, missing };
}

/** An eligibility row: `{id, name, ok, atRisk, detail, reason, source}` (text already in the language). */
export function eligibilityRow(e) {
  // Older cores answer "not met" when a dimension has no score: that is "can't tell".
  const unknownAsFalse = e.ok === false && typeof e.detail === 'string' && /无分数|no score/.test(e.detail);
  return {
    id: e.id,
    name: txt(e.name || { zh: e.zh, en: e.en }),
    ok: e.ok === true ? true : e.ok === false && !unknownAsFalse ? false : null,
    atRisk: e.at_risk ?? null,
    detail: txt(e.detail),
    reason: txt(e.reason),
    source: txt(e.source),
  };
}

/** An advice item's actions as text in the current language. */
export function adviceActions(a) {
  if (Array.isArray(a.actions)) return a.actions.map(txt).filter(Boolean);
  const own = isZh() ? a.actions_zh : a.actions_en;
  const other = isZh() ? a.actions_en : a.actions_zh;
  return ((own && own.length ? own : other) || []).map((x) => String(x).replace(INTERNAL_REF, ''));
}

/** Why no consumer score is shown. */
export function consumerNote(report, detail) {
  if (report.consumer_note) return txt(report.consumer_note);
  if (report.stage === 'growth') return t('consumer.growth');
  if (report.stage === 'no_score' || report.total == null) return t('consumer.no_score');
  if (detail && !detail.consumer_display) return t('result.consumer.none');
  return t('consumer.none_other');
}

/** Why no tier is shown. */
export function tierNote(report, detail) {
  if (report.tier_note) return txt(report.tier_note);
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

/** Names of every indicator, dimension and event id of every rule set ({zh, en}), for `words`. */
export function setNames(map) {
  NAMES = map;
}

const PATH = /\b(?:weights\.)?(?:indicators|dimensions|events|bands|history)\.([a-z0-9_]+)(?:\.(?:value|score|bad_count|base_count))?(?:\s*[（(]([^()（）]*)[)）])?/g;
const BARE_FIELDS = {
  valid_paid_orders_30d: 'field.orders', as_of: 'field.as_of', shop_type: 'field.shop_type', rule_set: 'field.rule_set', consumer_rounding: 'field.rounding',
};

/** The name of an id of any rule set (indicator, dimension, event), or of a page-known subject. */
export function nameOf(id) {
  const own = t(`subject.${id}`);
  if (own !== `subject.${id}`) return own;
  const name = NAMES.get(id);
  return name ? txt(name) : String(id).replace(/_/g, ' ');
}

/** The words for an id: an indicator, dimension or event of any rule set, or a file kind. */
function idName(id) {
  if (NAMES.has(id)) return txt(NAMES.get(id));
  const kind = t(`kind.${id}`);
  return kind === `kind.${id}` ? null : kind;
}

/**
 * A sentence with any field path (`indicators.product_rating.value`) or id (`product_rating`,
 * `(after_sales)`) replaced by the thing's name: whatever a core still writes with ids in it,
 * an operator reads words.
 */
export function words(text) {
  let out = String(text ?? '')
    .replace(PATH, (_, id, paren) => {
      const name = NAMES.get(id);
      return name ? txt(name) : paren || id.replace(/_/g, ' ');
    })
    .replace(/\b(?:options\.)?(valid_paid_orders_30d|as_of|shop_type|rule_set|consumer_rounding)\b/g, (_, m) => t(BARE_FIELDS[m]))
    .replace(INTERNAL_REF, '')
    // "(after_sales)" after the thing's own name in words: the id adds nothing.
    .replace(/\s*[（(]\s*([a-z][a-z0-9_]*)\s*[)）]/g, (m, id) => (idName(id) ? '' : m))
    .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.(?:csv|tsv|xlsx?))/g, (id) => idName(id) || id);
  // In Chinese a bare English word is an id ("缺少：logistics, service").
  if (isZh()) out = out.replace(/\b(product|logistics|service)\b(?!\.(?:csv|tsv|xlsx?))/g, (id) => idName(id) || id);
  // "商品综合评分 (商品综合评分)": an id replaced by the name written right after it.
  return out.replace(/([^\s(（]+)\s*[（(]\1[)）]/g, '$1');
}
