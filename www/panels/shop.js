// The shop: its name, rule set, data end date, industry (searchable; an industry the official
// weights table lacks is said so, with the closest names), shop type, the valid paid orders,
// the consumer-display rounding and the daily history. Values the files gave show as such.

import { h, replace, fmt } from '../dom.js';
import { t, pick } from '../i18n.js';

const SHOP_TYPES = ['general', 'flagship', 'non_flagship', 'personal'];

function field(label, control, extra, wide) {
  return h('label', { class: `field${wide ? ' field-wide' : ''}` }, h('span', null, label), control, extra || null);
}

/** A number of the shop (empty: unknown, never zero). */
function numberField(view, key, testid, hint) {
  const value = view.input[key];
  return field(t(`field.${key}`), h('input', {
    id: testid, type: 'number', min: '0', step: '1', inputmode: 'numeric', 'data-testid': testid,
    value: value ?? '', placeholder: t('field.unknown'), onchange: (e) => view.act.number(key, e.target),
  }), h('small', { class: 'field-note' }, hint));
}

/**
 * The categories the rule set's eligibility rows have their own lines for (精选联盟 河蟹, 母婴
 * sub-categories …): the shop ticks its own. Those hinted for the shop's industry come first.
 */
function categoryPicker(view) {
  const all = (view.detail && view.detail.categories) || [];
  if (!all.length) return null;
  const chosen = new Set(view.input.categories || []);
  const industry = view.input.industry;
  const fits = (c) => !c.industries || !c.industries.length || c.industries.includes(industry);
  const ordered = [...all.filter(fits), ...all.filter((c) => !fits(c))];
  const toggle = (id, on) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    view.act.categories(all.map((c) => c.id).filter((c) => next.has(c)));
  };
  return h('fieldset', { class: 'field field-wide category-picker', 'data-testid': 'categories' },
    h('legend', null, t('field.categories')),
    h('small', { class: 'field-note' }, t('field.categories.hint')),
    h('div', { class: 'category-list' }, ordered.map((c) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: c.id, checked: chosen.has(c.id), 'data-testid': `category-${c.id}`, onchange: (e) => toggle(c.id, e.target.checked) }),
      h('span', null, pick(c))))));
}

function industryHint(view) {
  const name = (view.input.industry || '').trim();
  if (!name || view.industries.some((i) => i.name === name)) return null;
  const close = view.industries.filter((i) => i.name.includes(name) || name.includes(i.name)).slice(0, 5);
  return h('small', { class: 'field-note warn', 'data-testid': 'industry-unknown' },
    t('industry.unknown', { name }),
    close.length
      ? [' ', t('industry.suggest'), ' ', close.map((i, n) => [n ? '、' : '',
        h('button', { type: 'button', class: 'link-button', onclick: () => view.act.setField('industry', i.name) }, i.name)])]
      : null);
}

export default {
  id: 'shop',
  title: 'section.shop',
  headingId: 'h-shop',
  print: false,
  render(el, view) {
    const { input, act, ruleSets, industries, shop } = view;
    const derived = shop.derived || {};
    const industry = industries.find((i) => i.name === input.industry);
    // A 个人店 is scored on the non-flagship row (or the general one where a table has only it).
    const listed = industry && industry.shop_types && industry.shop_types.length ? industry.shop_types : SHOP_TYPES;
    const allowed = listed.some((s) => s === 'non_flagship' || s === 'general') ? [...listed, 'personal'] : listed;
    const select = (id, testid, options, value, onchange) => {
      const s = h('select', { id, 'data-testid': testid, onchange }, options);
      s.value = value;
      return s;
    };
    return replace(el, h('form', { id: 'shop-form', class: 'form-grid', autocomplete: 'off', onsubmit: (e) => e.preventDefault() },
      field(t('field.shop_name'), h('input', {
        id: 'shop-name', type: 'text', maxlength: '120', 'data-testid': 'shop-name', value: shop.name || '',
        placeholder: t('field.shop_name.placeholder'), oninput: (e) => act.rename(e.target.value),
      }), null, true),
      field(t('field.rule_set'), select('rule-set', 'rule-set', [
        h('option', { value: '' }, t('field.rule_set.auto')),
        ruleSets.map((r) => h('option', { value: r.id }, pick(r))),
      ], input.rule_set || '', (e) => act.setField('rule_set', e.target.value))),
      field(t('field.as_of'), h('input', {
        id: 'as-of', type: 'date', 'data-testid': 'as-of', value: input.as_of || '',
        onchange: (e) => act.setField('as_of', e.target.value),
      }), !input.as_of && derived.as_of ? h('small', { class: 'field-note', 'data-testid': 'as-of-derived' }, t('field.as_of.from_files', { date: derived.as_of })) : null),
      field(t('field.industry'), h('input', {
        id: 'industry', type: 'text', list: 'industry-list', 'data-testid': 'industry', value: input.industry || '',
        placeholder: t('field.industry.placeholder'), onchange: (e) => act.setField('industry', e.target.value.trim()),
      }), [h('datalist', { id: 'industry-list' }, industries.map((i) => h('option', { value: i.name }))), industryHint(view)]),
      field(t('field.shop_type'), select('shop-type', 'shop-type', [
        h('option', { value: '' }, t('field.shop_type.unset')),
        SHOP_TYPES.filter((s) => allowed.includes(s) || s === input.shop_type).map((s) => h('option', { value: s }, t(`shop_type.${s}`))),
      ], input.shop_type || '', (e) => act.setField('shop_type', e.target.value))),
      field(t('field.orders'), h('input', {
        id: 'orders', type: 'number', min: '0', step: '1', inputmode: 'numeric', 'data-testid': 'orders',
        value: input.valid_paid_orders_30d ?? '', placeholder: derived.valid_paid_orders_30d != null ? fmt(derived.valid_paid_orders_30d, 0) : '',
        onchange: (e) => act.orders(e.target),
      }), input.valid_paid_orders_30d == null && derived.valid_paid_orders_30d != null
        ? h('small', { class: 'field-note', 'data-testid': 'orders-derived' }, t('field.orders.from_files', { n: fmt(derived.valid_paid_orders_30d, 0) }))
        : null),
      numberField(view, 'shop_age_days', 'shop-age', t('field.shop_age_days.hint')),
      numberField(view, 'products_on_sale', 'products-on-sale', t('field.products_on_sale.hint')),
      numberField(view, 'fans', 'fans', t('field.fans.hint')),
      categoryPicker(view),
      field(t('field.rounding'), select('rounding', 'rounding', [
        h('option', { value: '' }, t('rounding.floor')),
        h('option', { value: 'round' }, t('rounding.round')),
      ], input.options.consumer_rounding === 'round' ? 'round' : '', (e) => act.rounding(e.target.value))),
      field(t('field.history'), h('input', {
        id: 'history-total', type: 'text', inputmode: 'decimal', 'data-testid': 'history-total',
        value: (input.history.total || []).join(', '), placeholder: t('field.history.placeholder'),
        onchange: (e) => act.history(e.target),
      }), null, true),
      h('div', { class: 'field-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'demo-button', onclick: act.demo }, t('button.demo')),
        ' ',
        h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'clear-button', onclick: act.clearInputs }, t('button.clear')))));
  },
};
