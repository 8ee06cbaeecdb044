// Pieces shared by the panels (www/panels/*) and the embed widget: the estimate mark, units,
// the slider range of an indicator, the gauge and the stars. Pure DOM building with text nodes.

import { h, svg, replace, fmt, fmtDelta } from './dom.js';
import { t, isZh } from './i18n.js';

// ---- small pieces ---------------------------------------------------------------------------

/** The "估算 estimate" mark: focusable, with the explanation as tooltip and accessible name. */
export function estimateMark(extra) {
  const tip = t('estimate.tip') + (extra ? ` (${extra})` : '');
  return h('span', { class: 'mark mark-estimate', title: tip, tabindex: '0', role: 'note', 'aria-label': tip, 'data-testid': 'estimate-mark' }, isZh() ? '估算' : 'estimate');
}

/** The "校准 calibrated" mark: learnt from the shop's own back-end readings (`what` says from what). */
export function calibratedMark(what) {
  const tip = t('calibrated.tip') + (what ? ` ${what}` : '');
  return h('span', { class: 'mark mark-calibrated', title: tip, tabindex: '0', role: 'note', 'aria-label': tip, 'data-testid': 'calibrated-mark' }, isZh() ? '校准' : 'calibrated');
}

export function smallSampleMark() {
  return h('span', { class: 'mark mark-small', title: t('small_sample.tip'), tabindex: '0', role: 'note', 'aria-label': t('small_sample.tip') }, t('small_sample.mark'));
}

const UNIT_LABELS = {
  percent: { zh: '%', en: '%' },
  '%': { zh: '%', en: '%' },
  seconds: { zh: '秒', en: 's' },
  second: { zh: '秒', en: 's' },
  s: { zh: '秒', en: 's' },
  minutes: { zh: '分钟', en: 'min' },
  hours: { zh: '小时', en: 'h' },
  hour: { zh: '小时', en: 'h' },
  h: { zh: '小时', en: 'h' },
  days: { zh: '天', en: 'days' },
  stars: { zh: '分', en: '' },
  points: { zh: '分', en: 'pts' },
  score: { zh: '分', en: 'pts' },
  count: { zh: '次', en: '' },
  orders: { zh: '单', en: 'orders' },
};

export function unitLabel(unit) {
  if (!unit) return '';
  const known = UNIT_LABELS[String(unit).toLowerCase()];
  if (!known) return String(unit);
  return isZh() ? known.zh : known.en;
}

export function withUnit(value, unit, digits = 2) {
  if (value == null) return '—';
  const u = unitLabel(unit);
  if (!u) return fmt(value, digits);
  return u === '%' ? `${fmt(value, digits)}%` : `${fmt(value, digits)} ${u}`;
}

export function lowerIsBetter(direction) {
  return /low|less|down|desc|min|smaller/i.test(String(direction || ''));
}

export function bandText(band, ind) {
  if (!band) return '—';
  const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
  return `${cmp} ${withUnit(band.threshold, ind.unit, 3)} → ${fmt(band.score, 1)}`;
}

function niceStep(span) {
  if (!(span > 0)) return 1;
  const raw = span / 200;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

/**
 * The slider range of an indicator: the rule set's range (`slider` of the rule set detail),
 * widened to contain `current`, so a real value is never clamped. Without a rule-set range it
 * is derived from the value and the band thresholds so that every band is reachable.
 */
export function sliderSpec(ind, detailInd, current = ind.value) {
  const s = detailInd && detailInd.slider;
  let spec;
  if (s && Number.isFinite(s.min) && Number.isFinite(s.max) && s.max > s.min) {
    spec = { min: s.min, max: s.max, step: s.step > 0 ? s.step : niceStep(s.max - s.min) };
  } else {
    spec = derivedSpec(ind, detailInd);
  }
  if (current != null && Number.isFinite(Number(current))) {
    spec.min = Math.min(spec.min, Number(current));
    spec.max = Math.max(spec.max, Number(current));
  }
  return spec;
}

function derivedSpec(ind, detailInd) {
  const points = [ind.value, ind.next_band && ind.next_band.threshold, ind.best_band && ind.best_band.threshold];
  if (detailInd && Array.isArray(detailInd.bands)) points.push(...detailInd.bands);
  const known = points.filter((x) => x != null && Number.isFinite(Number(x))).map(Number);
  const isPercent = /^(%|percent)$/i.test(String(ind.unit || ''));
  if (known.length === 0) return { min: 0, max: 100, step: isPercent ? 0.1 : 1 };
  let lo = Math.min(...known);
  let hi = Math.max(...known);
  if (hi <= 5 && lo >= 1 && !isPercent) {
    lo = Math.max(0, Math.floor(lo) - 1);
    hi = 5;
  } else if (lowerIsBetter(ind.direction)) {
    lo = 0;
    hi = hi <= 0 ? 1 : hi * 2;
  } else {
    const pad = Math.max((hi - lo) * 0.5, Math.abs(hi) * 0.1, 1);
    lo = Math.max(0, lo - pad);
    hi = hi + pad;
  }
  if (isPercent) hi = Math.min(hi, 100);
  const stepSize = niceStep(hi - lo);
  lo = Math.floor(lo / stepSize) * stepSize;
  hi = Math.ceil(hi / stepSize) * stepSize;
  return { min: Number(lo.toFixed(6)), max: Number(hi.toFixed(6)), step: stepSize };
}

// ---- summary: gauge, stage, consumer stars, tier -------------------------------------------

/** A half-circle gauge of `total` on [min, max], with the scale's end and middle marks. */
export function gauge(total, scale, whatif) {
  const min = scale ? scale.min : 0;
  const max = scale ? scale.max : 100;
  const frac = (v) => Math.min(1, Math.max(0, (v - min) / (max - min || 1)));
  const point = (f, r = 80) => {
    const a = Math.PI * (1 - f);
    return [100 + r * Math.cos(a), 100 - r * Math.sin(a)];
  };
  const arc = (f) => {
    const [x, y] = point(f);
    return `M 20 100 A 80 80 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
  };
  const shown = whatif != null ? whatif : total;
  const f = shown == null ? 0 : frac(shown);
  const level = f >= 0.8 ? 'good' : f >= 0.5 ? 'mid' : 'low';
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((tf) => {
    const [x1, y1] = point(tf, 88);
    const [x2, y2] = point(tf, 94);
    return svg('line', { x1, y1, x2, y2, class: 'gauge-tick' });
  });
  // Scale labels: the two ends under the arc's feet, the middle above the arc's top.
  const tickLabels = [
    svg('text', { x: 20, y: 116, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(min, 2)),
    svg('text', { x: 100, y: 9, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(min + (max - min) / 2, 2)),
    svg('text', { x: 180, y: 116, class: 'gauge-scale', 'text-anchor': 'middle' }, fmt(max, 2)),
  ];
  return svg(
    'svg',
    { viewBox: '0 -2 200 122', class: 'gauge', role: 'img', 'aria-label': `${t('result.total')} ${fmt(shown)} / ${fmt(max)}` },
    svg('path', { d: 'M 20 100 A 80 80 0 0 1 180 100', class: 'gauge-track' }),
    shown == null ? null : svg('path', { d: arc(Math.max(f, 0.001)), class: `gauge-value gauge-${level}` }),
    ...ticks,
    ...tickLabels,
    svg('text', { x: 100, y: 88, class: 'gauge-number', 'text-anchor': 'middle' }, shown == null ? '—' : fmt(shown)),
  );
}

/** Stars as glyphs with a partial fill, plus the number for screen readers and print. */
export function stars(value) {
  const pct = Math.max(0, Math.min(100, (value / 5) * 100));
  return h(
    'span',
    { class: 'stars', role: 'img', 'aria-label': `${fmt(value, 1)} / 5 ★`, 'data-testid': 'stars', 'data-value': value },
    h('span', { class: 'stars-empty', 'aria-hidden': 'true' }, '★★★★★'),
    h('span', { class: 'stars-full', 'aria-hidden': 'true', style: { width: `${pct}%` } }, '★★★★★'),
  );
}

