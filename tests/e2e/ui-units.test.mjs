// Unit specs of the page's pure modules (no browser): CSV neutralisation and the share fragment.
// Run: node --test tests/e2e/ui-units.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neutralizeCell, toCsv, indicatorRows } from '../../www/export.js';
import { toFragment, parseFragment, normalizeInput, parseNumber, setIndicatorEntry, indicatorEntry } from '../../www/model.js';

test('cells starting with = + - @ tab or CR are neutralised with a leading apostrophe', () => {
  for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '=HYPERLINK("http://x")']) {
    assert.equal(neutralizeCell(bad), `'${bad}`);
  }
  for (const fine of ['商品综合评分', '4.66', 'a=b', '', ' =x']) assert.equal(neutralizeCell(fine), fine);
  assert.equal(neutralizeCell(null), '');
  assert.equal(neutralizeCell(-0.5), "'-0.5");
});

test('CSV quotes commas, quotes and newlines after neutralising', () => {
  assert.equal(toCsv([['a,b', 'say "hi"', 'two\nlines', '=cmd,x']]), '"a,b","say ""hi""","two\nlines","\'=cmd,x"\r\n');
});

test('the indicator CSV has one row per indicator with band columns', () => {
  const rows = indicatorRows({
    indicators: [{ id: 'product_rating', zh: '=商品', en: 'Rating', dimension: 'product', value: 4.6, unit: 'stars', direction: 'higher_better', score: 80, weight: 70, contribution: 25.2, next_band: { score: 90, threshold: 4.74 }, best_band: null, numerator: null, denominator: null, small_sample: false, estimated: true, source: 'value' }],
  });
  assert.equal(rows.length, 2);
  assert.equal(rows[1][10], 90);
  assert.equal(toCsv(rows).split('\r\n')[1].split(',')[1], "'=商品");
});

test('numbers: empty is absent (never zero), garbage is NaN, Chinese separators accepted', () => {
  assert.equal(parseNumber(''), null);
  assert.equal(parseNumber('  '), null);
  assert.ok(Number.isNaN(parseNumber('abc')));
  assert.equal(parseNumber('1，234'), 1234);
  assert.equal(parseNumber('0.82%'), 0.82);
  assert.equal(parseNumber('0'), 0);
});

test('a share fragment restores exactly the typed input', () => {
  const input = normalizeInput({
    rule_set: 'douyin-2026-07', industry: '女装 & <b>', shop_type: 'non_flagship', valid_paid_orders_30d: 812,
    dimensions: { service: 88 },
    indicators: { product_rating: 4.66, quality: { value: 0.82, bad_count: 3, base_count: 850 }, typed: { score: 90 } },
    events: { score_gaming: true, abnormal_after_sale_address: 2, home_installation: { orders: 60, share: 35 } },
    bands: { product_rating: [4.5, null, 4.6, 4.7, 4.8] },
    weights: { dimensions: { product: 50 }, indicators: { product_rating: 60 } },
    history: { product_rating: [4.7, 4.6] },
    options: { consumer_rounding: 'round' },
  });
  const fragment = toFragment(input, { name: '<img src=x onerror=alert(1)>' });
  const parsed = parseFragment('#' + fragment);
  assert.equal(parsed.complete, true);
  assert.equal(parsed.name, '<img src=x onerror=alert(1)>');
  const restored = parsed.apply(normalizeInput({}));
  assert.deepEqual(restored, input);
  assert.deepEqual(parsed.skipped, []);
});

test('an embed fragment lays bare indicator values over a base and lists them', () => {
  const parsed = parseFragment('#embed&rule=douyin-2026-09&industry=%E5%A5%B3%E8%A3%85&product_rating=4.7&sliders=a,b&bogus.x=1&feige=abc&orders=lots');
  assert.equal(parsed.embed, true);
  assert.equal(parsed.complete, false);
  assert.deepEqual(parsed.sliders, ['a', 'b']);
  const base = normalizeInput({ indicators: { product_rating: { value: 4.5, bad_count: 2 } } });
  parsed.apply(base);
  assert.equal(base.rule_set, 'douyin-2026-09');
  assert.equal(base.industry, '女装');
  assert.deepEqual(base.indicators.product_rating, { value: 4.7, bad_count: 2 });
  assert.deepEqual(parsed.indicatorIds, ['product_rating']);
  assert.deepEqual(parsed.skipped.sort(), ['bogus.x', 'feige', 'orders']);
});

test('indicator entries keep the smallest form', () => {
  const input = normalizeInput({});
  setIndicatorEntry(input, 'a', { value: 1 });
  assert.equal(input.indicators.a, 1);
  setIndicatorEntry(input, 'a', { ...indicatorEntry(input, 'a'), score: 90 });
  assert.deepEqual(input.indicators.a, { value: 1, score: 90 });
  setIndicatorEntry(input, 'a', { value: null, score: null });
  assert.equal('a' in input.indicators, false);
});

test('bilingual core messages show the half for the language; others stay whole', async () => {
  const { localized, setLang } = await import('../../www/i18n.js');
  globalThis.document = { documentElement: {} };
  setLang('zh-CN', false);
  assert.equal(localized('缺少数据 | missing data'), '缺少数据');
  setLang('en', false);
  assert.equal(localized('缺少数据 | missing data'), 'missing data');
  assert.equal(localized('总分 | total 85 ≥ 70 | x'), '总分 | total 85 ≥ 70 | x');
  assert.equal(localized('only one language'), 'only one language');
  delete globalThis.document;
});

// ---- view.js: the page reads the core's report through one module, for both report shapes ----

async function viewIn(lang) {
  globalThis.document = { documentElement: {} };
  const i18n = await import('../../www/i18n.js');
  i18n.setLang(lang, false);
  return import('../../www/view.js');
}

test('text: a core {zh, en} in the language; a report estimate ("中文 | English") in its half', async () => {
  const view = await viewIn('zh-CN');
  assert.equal(view.txt({ zh: '商品', en: 'Product' }), '商品');
  assert.equal(view.txt('国内维度权重未公布：默认 45/25/30（估算） | Domestic dimension weights are unpublished: defaults 45/25/30 (estimate).'), '国内维度权重未公布：默认 45/25/30（估算）');
  assert.equal(view.txt(null), '');
  (await import('../../www/i18n.js')).setLang('en', false);
  assert.equal(view.txt({ zh: '商品', en: 'Product' }), 'Product');
  assert.equal(view.txt({ zh: '只有中文' }), '只有中文', 'a missing half falls back to the other');
  assert.equal(view.txt('国内维度权重未公布 | Domestic dimension weights are unpublished.'), 'Domestic dimension weights are unpublished.');
  delete globalThis.document;
});

test('coverage is the core’s', async () => {
  const view = await viewIn('zh-CN');
  const sent = { indicators_known: 3, indicators_needed: 9, complete: false, dimensions: [], missing: [{ indicator: 'a', how: { zh: '评价导出 → 商品综合评分', en: 'review export → product rating' } }] };
  assert.equal(view.coverage({ coverage: sent, indicators: [] }), sent);
  assert.equal(view.coverage(null), null);
  delete globalThis.document;
});

test('eligibility rows: ok null stays "can’t tell" with its reason, in the language', async () => {
  const view = await viewIn('zh-CN');
  const row = view.eligibilityRow({ id: 'x', name: { zh: '精选联盟', en: 'Alliance' }, ok: null, at_risk: null, detail: { zh: '总分 70', en: 'total 70' }, reason: { zh: '商品体验没有分数', en: 'no product score' }, source: { zh: '《商家体验分规范》 2026-07-14', en: 'x' } });
  assert.deepEqual([row.name, row.ok, row.detail, row.reason, row.source], ['精选联盟', null, '总分 70', '商品体验没有分数', '《商家体验分规范》 2026-07-14']);
  assert.equal(view.eligibilityRow({ id: 'z', name: { zh: '品牌', en: 'B' }, ok: false, at_risk: null, detail: { zh: '总分 50 < 80', en: 'total 50 < 80' }, reason: null, source: { zh: '', en: '' } }).ok, false);
  delete globalThis.document;
});

test('advice actions: the core’s [{zh, en}] in the language', async () => {
  const view = await viewIn('zh-CN');
  assert.deepEqual(view.adviceActions({ actions: [{ zh: '甲', en: 'A' }, { zh: '乙', en: 'B' }] }), ['甲', '乙']);
  assert.deepEqual(view.adviceActions({}), []);
  delete globalThis.document;
});

test('words: the field an error names (its path) becomes the field’s name', async () => {
  const view = await viewIn('zh-CN');
  view.setNames(new Map([['product_rating', { zh: '商品综合评分', en: 'Product rating' }]]));
  assert.equal(view.words('indicators.product_rating.value'), '商品综合评分');
  assert.equal(view.words('indicators.after_sale_completion_hours'), 'after sale completion hours');
  assert.equal(view.words('valid_paid_orders_30d'), '近30天有效支付订单数');
  assert.equal(view.words('unknown field `indicatorz`, expected one of `rule_set`, `as_of`'), 'unknown field `indicatorz`, expected one of `规则版本`, `数据截止日期`');
  assert.doesNotMatch(view.words('history.total'), /history\./);
  delete globalThis.document;
});
