// The compact trainer widget shown for `shopscore.html#embed&…`: total, consumer stars and a
// few what-if sliders starting at the preset values of the link. Documented in EMBED.md.

import { h, byId, replace, fmt, fmtDelta } from './dom.js';
import { t, pick, isZh } from './i18n.js';
import { normalizeInput, toCoreInput, indicatorEntry, setIndicatorEntry } from './model.js';
import { gauge, stars, sliderSpec, withUnit, estimateMark } from './render.js';

const MAX_SLIDERS = 4;

export function startEmbed(api, fragment) {
  const root = byId('embed');
  root.hidden = false;
  document.body.classList.add('embed-mode');
  document.title = `${t('embed.title')} · shopscore`;
  // Embed links are usually short: their values are laid over the demo shop (see model.js).
  const input = normalizeInput(fragment.complete ? {} : safe(() => api.demoInput(), {}));
  fragment.apply(input);
  let report = null;
  let error = null;
  let detail = null;

  const score = () => {
    try {
      report = api.score(toCoreInput({ ...input, options: { ...input.options, skip_advice: true } }));
      error = null;
    } catch (e) {
      error = e;
    }
    if (report && !detail) detail = api.ruleSetDetail(report.rule_set);
  };

  const chosenSliders = () => {
    const ids = report ? report.indicators.map((i) => i.id) : [];
    const wanted = (fragment.sliders || fragment.indicatorIds).filter((id) => ids.includes(id));
    const rest = report ? report.indicators.filter((i) => i.value != null && !wanted.includes(i.id)).map((i) => i.id) : [];
    return (wanted.length ? wanted : rest).slice(0, MAX_SLIDERS);
  };

  const draw = (preview) => {
    if (!report) {
      replace(root, h('p', { class: 'error-text', 'data-testid': 'embed-error' }, error ? `${error.code}: ${error.message}` : ''));
      return;
    }
    const shown = preview || report;
    const detailById = new Map(((detail && detail.indicators) || []).map((d) => [d.id, d]));
    const delta = preview && preview.total != null && report.total != null ? preview.total - report.total : null;
    const full = `${location.href.split('#')[0]}#${location.hash.replace(/^#/, '').replace(/(^|&)embed(=[^&]*)?(&|$)/, '$1').replace(/^&/, '')}`;
    replace(root,
      h('div', { class: 'embed-card' },
        h('div', { class: 'embed-head' },
          h('strong', null, t('embed.title')),
          h('span', { class: 'muted' }, pick(report.rule_set_info)),
          report.rule_set_info.confidence !== 'official' ? estimateMark() : null),
        h('div', { class: 'embed-body' },
          h('div', { class: 'embed-gauge' },
            gauge(report.total, report.scale, preview ? preview.total : null),
            h('p', { class: 'total-line' },
              h('strong', { class: 'total-value', 'data-testid': 'embed-total', 'data-value': shown.total ?? '' }, fmt(shown.total)),
              h('span', { class: 'total-scale' }, ` / ${fmt(report.scale.max)}`),
              delta != null ? h('span', { class: `delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}` }, ` ${fmtDelta(delta)}`) : null),
            shown.consumer
              ? h('p', { class: 'consumer', 'data-testid': 'embed-consumer' }, `${t('result.consumer')} `, h('strong', null, fmt(shown.consumer.score, 1)), ' ', stars(shown.consumer.stars))
              : null),
          h('div', { class: 'embed-sliders' },
            chosenSliders().map((id) => {
              const ind = report.indicators.find((i) => i.id === id);
              const typed = indicatorEntry(input, id).value ?? ind.value;
              const spec = sliderSpec(ind, detailById.get(id), typed);
              const value = typed ?? spec.min;
              const readout = h('output', { class: 'slider-value' }, withUnit(value, ind.unit, 4));
              return h('label', { class: 'embed-slider' },
                h('span', { class: 'embed-slider-name' }, pick(ind), ind.estimated ? estimateMark() : null),
                h('input', {
                  type: 'range', min: spec.min, max: spec.max, step: spec.step, value,
                  'data-testid': `embed-slider-${id}`, 'data-key': `embed:${id}`,
                  oninput: (ev) => {
                    const v = Number(ev.target.value);
                    readout.textContent = withUnit(v, ind.unit, 4);
                    const entry = indicatorEntry(input, id);
                    delete entry.score;
                    entry.value = v;
                    try {
                      const p = api.simulate(toCoreInput(input), { indicators: { [id]: entry }, options: { ...input.options, skip_advice: true } });
                      drawPreview(p);
                    } catch {
                      // keep the last preview; the committed score below reports the error
                    }
                  },
                  onchange: (ev) => {
                    const entry = indicatorEntry(input, id);
                    delete entry.score;
                    entry.value = Number(ev.target.value);
                    setIndicatorEntry(input, id, entry);
                    score();
                    redraw();
                  },
                }),
                readout);
            }))),
        fragment.skipped.length
          ? h('p', { class: 'hint', 'data-testid': 'embed-skipped' }, `${t('link.skipped')}: ${fragment.skipped.join(', ')}`)
          : null,
        h('p', { class: 'embed-foot' },
          h('a', { href: full, target: '_blank', rel: 'noopener noreferrer' }, t('embed.open_full')),
          ' · ',
          h('span', { class: 'muted' }, isZh() ? '本地计算，不上传数据' : 'computed locally, nothing uploaded'))));
  };

  // While dragging only the numbers change; the sliders stay where they are.
  const drawPreview = (preview) => {
    const gaugeBox = root.querySelector('.embed-gauge');
    if (!gaugeBox) return;
    const delta = preview.total != null && report.total != null ? preview.total - report.total : null;
    gaugeBox.replaceChildren(
      gauge(report.total, report.scale, preview.total),
      h('p', { class: 'total-line' },
        h('strong', { class: 'total-value', 'data-testid': 'embed-total', 'data-value': preview.total ?? '' }, fmt(preview.total)),
        h('span', { class: 'total-scale' }, ` / ${fmt(report.scale.max)}`),
        delta != null ? h('span', { class: `delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}` }, ` ${fmtDelta(delta)}`) : null),
      preview.consumer ? h('p', { class: 'consumer', 'data-testid': 'embed-consumer' }, `${t('result.consumer')} `, h('strong', null, fmt(preview.consumer.score, 1)), ' ', stars(preview.consumer.stars)) : null);
  };

  const redraw = () => {
    const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
    draw(null);
    if (focusKey) {
      const again = root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
  };

  score();
  redraw();
}

function safe(fn, fallback) {
  try {
    return fn() ?? fallback;
  } catch {
    return fallback;
  }
}
