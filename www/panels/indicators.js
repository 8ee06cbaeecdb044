// Indicators and what-if: per indicator its value (typed, from files, or missing — said so),
// a slider over the rule set's range widened to contain the real value, the exact value as its
// caption, a way back to the real value after a slider move, the band score, weight,
// contribution, next and best band, and the editable (estimated) thresholds and weight.
// On a phone the table becomes one card per indicator.

import { h, replace, fmt, fmtDelta } from '../dom.js';
import { t, pick, isZh } from '../i18n.js';
import { indicatorEntry } from '../model.js';
import { estimateMark, calibratedMark, smallSampleMark, unitLabel, withUnit, lowerIsBetter, sliderSpec, bandText } from '../render.js';
import { amountWords } from '../view.js';

function sourceLabel(ind, view) {
  if (view.derivedIds.has(ind.id) && !view.files.length && !(ind.id in view.input.indicators)) {
    return t(view.derivedFrom === 'link' ? 'source.files_link' : 'source.files_saved');
  }
  return t(`source.${ind.source}`);
}

/**
 * The unpublished numbers of one indicator, editable: the value needed for each band and the
 * weight inside its dimension. Empty fields keep the rule set's default (shown as placeholder).
 */
function tuneEditor(ind, input, detailInd, detail, act) {
  const bandScores = (detail && detail.band_scores) || [60, 70, 80, 90, 100];
  const defaults = (detailInd && detailInd.bands) || [];
  const typed = input.bands[ind.id] || [];
  const cmp = lowerIsBetter(ind.direction) ? '≤' : '≥';
  const read = (box) => [...box.querySelectorAll('input[data-band]')].map((el) => el.value);
  const name = pick(ind);
  const bands = h('div', { class: 'tune-bands' }, bandScores.slice(0, 5).map((score, i) =>
    h('label', { class: 'tune-field' },
      h('span', null, `${fmt(score)} ${isZh() ? '分' : 'pts'} ${cmp}`),
      h('input', {
        type: 'number', step: 'any', value: typed[i] ?? '', placeholder: defaults[i] != null ? fmt(defaults[i], 4) : '',
        'data-band': String(i), 'data-key': `band:${ind.id}:${i}`, 'data-testid': `band-${ind.id}-${i}`,
        onchange: (ev) => act.bands(ind.id, read(ev.target.closest('.tune'))),
      }))));
  const weight = h('label', { class: 'tune-field' },
    h('span', null, `${t('col.weight')} %`),
    h('input', {
      type: 'number', step: 'any', min: '0', value: input.weights.indicators[ind.id] ?? '', placeholder: fmt(ind.weight, 2),
      'data-key': `weight:${ind.id}`, 'data-testid': `weight-${ind.id}`,
      onchange: (ev) => act.weight('indicators', ind.id, ev.target),
    }));
  const open = input.bands[ind.id] != null || input.weights.indicators[ind.id] != null;
  return h('details', { class: 'tune no-print', open },
    h('summary', { 'aria-label': `${name}：${t('tune.summary')}` }, t('tune.summary')),
    h('p', { class: 'hint' }, t('tune.hint')),
    bands, weight);
}

function whatifCell(ind, view, detailInd, current) {
  const name = pick(ind);
  if (current == null) {
    return h('td', { class: 'whatif-cell', 'data-label': t('col.whatif') },
      h('span', { class: 'muted small', 'data-testid': `slider-missing-${ind.id}` }, t('value.missing_hint')));
  }
  const spec = sliderSpec(ind, detailInd, current);
  const origin = view.shop.sliderOrigin && view.shop.sliderOrigin[ind.id];
  const caption = withUnit(current, ind.unit, 4);
  return h('td', { class: 'whatif-cell', 'data-label': t('col.whatif') },
    h('input', {
      type: 'range', min: spec.min, max: spec.max, step: spec.step, value: current,
      'aria-label': `${name} ${t('col.whatif')}`, 'aria-valuetext': caption,
      'data-key': `slider:${ind.id}`, 'data-testid': `slider-${ind.id}`,
      oninput: (ev) => view.act.slide(ind.id, Number(ev.target.value)),
      onchange: (ev) => view.act.slideEnd(ind.id, Number(ev.target.value)),
    }),
    h('span', { class: 'slider-readout' },
      h('span', { class: 'slider-value', 'data-testid': `slider-value-${ind.id}` }, caption),
      ' ',
      h('span', { class: 'delta', 'data-testid': `delta-${ind.id}`, 'aria-live': 'polite' })),
    origin !== undefined
      ? h('button', {
        type: 'button', class: 'btn btn-ghost btn-small slider-reset', 'data-testid': `slider-reset-${ind.id}`,
        'aria-label': t('slider.reset_label', { name, value: origin && origin.value != null ? withUnit(origin.value, ind.unit, 4) : '' }),
        onclick: () => view.act.resetSlider(ind.id),
      }, `${t('slider.reset')}${origin && origin.value != null ? ` (${withUnit(origin.value, ind.unit, 4)})` : ''}`)
      : null);
}

export default {
  id: 'indicators',
  title: 'section.indicators',
  wide: true,
  render(el, view) {
    const { report, input, detail, act } = view;
    if (!report) return replace(el);
    const detailById = new Map(((detail && detail.indicators) || []).map((d) => [d.id, d]));
    const dimName = new Map(report.dimensions.map((d) => [d.id, pick(d)]));
    const head = ['col.indicator', 'col.value', 'col.whatif', 'col.score', 'col.weight', 'col.contribution', 'col.next_band', 'col.best_band', 'col.typed_score'];
    const body = report.indicators.map((ind) => {
      const entry = indicatorEntry(input, ind.id);
      const current = entry.value ?? ind.value ?? null;
      const name = pick(ind);
      const missing = ind.value == null && ind.score == null;
      return h('tr', { 'data-testid': `indicator-${ind.id}`, 'data-indicator': ind.id, class: missing ? 'is-missing' : null },
        h('th', { scope: 'row', class: 'ind-name', 'data-label': t('col.indicator') },
          h('span', null, name),
          h('small', { class: 'muted block' }, `${dimName.get(ind.dimension) || ''} · ${sourceLabel(ind, view)}`),
          ind.estimated ? estimateMark() : null,
          ind.calibrated ? calibratedMark() : null,
          ind.small_sample ? smallSampleMark() : null,
          ind.numerator != null && ind.denominator != null ? h('small', { class: 'muted block' }, amountWords(ind.numerator, ind.denominator, ind.unit)) : null,
          tuneEditor(ind, input, detailById.get(ind.id), detail, act)),
        h('td', { 'data-label': t('col.value') },
          h('span', { class: 'value-input' },
            h('input', {
              type: 'number', step: 'any', value: entry.value ?? '', placeholder: ind.value == null ? t('value.missing') : fmt(ind.value, 4),
              'aria-label': `${name} ${t('col.value')}`, 'data-key': `val:${ind.id}`, 'data-testid': `value-${ind.id}`,
              onchange: (ev) => act.value(ind.id, ev.target),
            }),
            h('span', { class: 'unit' }, unitLabel(ind.unit)))),
        whatifCell(ind, view, detailById.get(ind.id), current),
        h('td', { class: 'num', 'data-label': t('col.score'), 'data-testid': `score-${ind.id}` }, fmt(ind.score, 2)),
        h('td', { class: 'num', 'data-label': t('col.weight') }, missing ? '—' : `${fmt(ind.weight, 1)}%`),
        h('td', { class: 'num', 'data-label': t('col.contribution') }, fmt(ind.contribution, 2)),
        h('td', { 'data-label': t('col.next_band'), class: 'band-cell' }, bandText(ind.next_band, ind)),
        h('td', { 'data-label': t('col.best_band'), class: 'band-cell' }, bandText(ind.best_band, ind)),
        h('td', { 'data-label': t('col.typed_score'), class: 'no-print' },
          h('input', {
            type: 'number', step: 'any', min: '0', value: entry.score ?? '', class: 'score-input',
            'aria-label': `${name} ${t('col.typed_score')}`, 'data-key': `score:${ind.id}`, 'data-testid': `typed-score-${ind.id}`,
            onchange: (ev) => act.score(ind.id, ev.target),
          })));
    });
    return replace(el,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'ind-table' },
          h('thead', null, h('tr', null, head.map((k, i) => h('th', { scope: 'col', class: i === 8 || i === 2 ? 'no-print' : null }, t(k))))),
          h('tbody', null, body))));
  },
};

/** Show the live what-if value and total change next to a slider while it is dragged. */
export function showSliderPreview(root, id, value, unit, delta) {
  const row = root.querySelector(`[data-indicator="${CSS.escape(id)}"]`);
  if (!row) return;
  const out = row.querySelector('.slider-value');
  if (out) out.textContent = withUnit(value, unit, 4);
  const slider = row.querySelector('input[type=range]');
  if (slider) slider.setAttribute('aria-valuetext', withUnit(value, unit, 4));
  const d = row.querySelector('.delta');
  if (d) {
    d.textContent = delta == null ? '' : `${t('col.delta')} ${fmtDelta(delta)}`;
    d.className = `delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`;
  }
}
