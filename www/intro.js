// What greets a user: the demo banner ("这是示例店铺 — …" with the ways to start), the note on a
// shop copied from the demo, the three-step guide (dismissed once, stays dismissed), and the
// switcher between the shops kept in this browser.

import { h, replace } from './dom.js';
import { t } from './i18n.js';

export function renderIntro(el, view) {
  const { act } = view;
  const banner = view.isDemo
    ? h('div', { class: 'banner', 'data-testid': 'demo-banner', role: 'note' },
      h('strong', null, t('banner.demo')),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'start-blank', onclick: act.startBlank }, t('banner.start_blank')),
        h('button', { type: 'button', class: 'btn', onclick: () => act.scrollTo('files-card') }, t('banner.to_files')),
        h('button', { type: 'button', class: 'btn', onclick: () => act.scrollTo('panel-paste') }, t('banner.to_paste'))))
    : view.shop.origin === 'demo'
      ? h('div', { class: 'banner banner-quiet', 'data-testid': 'demo-copy-note', role: 'note' },
        h('span', null, t('banner.demo_copy')), ' ',
        h('button', { type: 'button', class: 'btn btn-small', onclick: act.clearInputs }, t('banner.clear_demo')))
      : null;
  const guide = view.guideDismissed
    ? null
    : h('section', { class: 'guide', 'data-testid': 'guide', 'aria-labelledby': 'h-guide' },
      h('h2', { id: 'h-guide' }, t('guide.title')),
      h('ol', null,
        h('li', null, h('button', { type: 'button', class: 'link-button', onclick: () => act.scrollTo('panel-shop', 'industry') }, t('guide.step1'))),
        h('li', null, h('button', { type: 'button', class: 'link-button', onclick: () => act.scrollTo('panel-indicators') }, t('guide.step2'))),
        h('li', null, h('button', { type: 'button', class: 'link-button', onclick: () => act.scrollTo('panel-advice') }, t('guide.step3')))),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'guide-dismiss', onclick: act.dismissGuide }, t('guide.dismiss')));
  return replace(el, banner, guide);
}

export function renderShopSwitch(el, view) {
  const { act, shops, shopId } = view;
  const select = h('select', { id: 'shop-select', 'data-testid': 'shop-select', 'aria-label': t('shops.label'), onchange: (e) => act.switchShop(e.target.value || null) },
    h('option', { value: '' }, t('shops.demo')),
    shops.map((s) => h('option', { value: s.id }, s.name || t('shops.default_name', { n: '' }).trim())));
  select.value = shopId || '';
  return replace(el,
    h('label', { class: 'shop-switch-label', for: 'shop-select' }, t('shops.label')),
    select,
    h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'shop-new', onclick: act.newShop }, t('shops.new')),
    shopId ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'shop-delete', onclick: act.deleteShop }, t('shops.delete')) : null);
}
