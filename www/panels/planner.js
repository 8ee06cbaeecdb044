// The planner: pick a target (a total, a traffic tier or an eligibility programme) and get the
// fewest changes that reach it, each in an amount a person acts on, each checked by the core
// re-scoring the shop; what limits the target when it cannot be reached; never fake orders.

import { colon, semicolon, inParens } from '../timeline-words.js';
import { h, replace, fmt } from '../dom.js';
import { t } from '../i18n.js';
import { txt, nameOf } from '../view.js';
import { ask } from './timeline.js';
import { answer } from '../answer.js';

// The last choice and plan, kept across redraws of the same shop; `last`: the element and view
// drawn last (a plan from the files' session arrives later and is drawn into them).
const local = { target: null, score: '', plan: null, error: null, planFor: null, working: false, last: null };

function redraw() {
  if (local.last) draw(local.last.el, local.last.view);
}

function targets(view) {
  const detail = view.detail || {};
  const tiers = (detail.tiers || []).filter((tier) => tier.min > (detail.scale ? detail.scale.min : 0));
  const seen = new Set();
  const rows = (view.report.eligibility || []).filter((e) => e.kind !== 'unpublished' && !seen.has(e.id) && seen.add(e.id));
  return { tiers, rows };
}

/**
 * Make the plan for this view's input. Typed values only: answered at once. Files loaded: the
 * session answers later (a promise); the panel says it is working, and an answer for an input
 * that changed meanwhile is dropped.
 */
function planNow(view) {
  const target = local.target === 'score' ? String(local.score).trim() : local.target;
  const asked = ask(view);
  const key = asked.key;
  local.planFor = key;
  local.plan = null;
  local.error = null;
  local.working = false;
  if (!target) return;
  local.working = answer(() => asked.plan(target), (error, plan, later) => {
    if (local.planFor !== key) return;
    local.plan = error ? null : plan;
    local.error = error;
    local.working = false;
    if (later) redraw();
  });
}

function changeItem(c) {
  return h('li', { class: 'plan-change', 'data-testid': 'plan-change', 'data-indicator': c.indicator },
    h('strong', null, c.kind === 'orders' ? t('field.orders') : nameOf(c.indicator)),
    h('span', { class: 'block' }, txt(c.amount)),
    h('small', { class: 'muted block' },
      c.score_from != null && c.score_to != null ? `${t('planner.score_move', { from: fmt(c.score_from, 2), to: fmt(c.score_to, 2) })}${semicolon()}` : '',
      c.total_without != null ? t('planner.without', { total: fmt(c.total_without, 2) }) : ''));
}

function result(plan) {
  if (!plan) return h('p', { class: 'muted small' }, t('planner.empty'));
  const head = !plan.reachable
    ? h('p', { class: 'plan-verdict plan-unreachable', 'data-testid': 'plan-verdict' }, h('strong', null, t('planner.unreachable')),
      plan.best_total != null ? inParens(t('planner.best', { best: fmt(plan.best_total, 2) })) : '')
    : plan.changes.length === 0
      ? h('p', { class: 'plan-verdict plan-met', 'data-testid': 'plan-verdict' }, t('planner.met'))
      : h('p', { class: 'plan-verdict plan-reachable', 'data-testid': 'plan-verdict' },
        h('strong', null, t('planner.reachable', { before: fmt(plan.total_before, 2), after: fmt(plan.total_after, 2) })));
  return h('div', { class: 'plan-result', 'data-testid': 'plan-result' },
    h('p', { class: 'small muted' }, `${t('planner.target')}${colon()}${txt(plan.target.name)}`),
    head,
    plan.changes.length
      ? [h('h3', null, t('planner.changes', { n: plan.changes.length })), h('ol', { class: 'plan-changes' }, plan.changes.map(changeItem))]
      : null,
    plan.limits.length ? [h('h3', null, t('planner.limits')), h('ul', { class: 'small', 'data-testid': 'plan-limits' }, plan.limits.map((l) => h('li', null, txt(l))))] : null,
    plan.notes.length ? [h('h3', null, t('planner.notes')), h('ul', { class: 'small muted', 'data-testid': 'plan-notes' }, plan.notes.map((n) => h('li', null, txt(n))))] : null);
}

function draw(el, view) {
  local.last = { el, view };
  if (!view.report || !view.api || typeof view.api.plan !== 'function') return replace(el);
  const { tiers, rows } = targets(view);
  if (local.target == null) local.target = tiers.length ? tiers[tiers.length - 1].id : 'score';
  // A plan made for another input is stale: make it again for this one.
  if ((local.plan || local.working) && local.planFor !== ask(view).key) planNow(view);
  const rerender = redraw;
  const scoreInput = h('input', {
    type: 'number', id: 'planner-score', inputmode: 'decimal', step: 'any', value: local.score,
    'aria-label': t('planner.target.score_value'), 'data-testid': 'planner-score',
    hidden: local.target !== 'score',
    oninput: (e) => { local.score = e.target.value; },
  });
  const select = h('select', {
    id: 'planner-target', 'data-testid': 'planner-target',
    onchange: (e) => { local.target = e.target.value; rerender(); },
  },
  h('option', { value: 'score', selected: local.target === 'score' }, t('planner.target.score')),
  tiers.length ? h('optgroup', { label: t('planner.group.tiers') }, tiers.map((tier) => h('option', { value: tier.id, selected: local.target === tier.id }, `${txt(tier)}${inParens(`≥ ${fmt(tier.min, 2)}`)}`))) : null,
  rows.length ? h('optgroup', { label: t('planner.group.eligibility') }, rows.map((r) => h('option', { value: r.id, selected: local.target === r.id }, txt(r.name)))) : null);
  return replace(el,
    h('p', { class: 'hint' }, t('planner.hint')),
    h('form', {
      class: 'planner-form no-print',
      onsubmit: (e) => { e.preventDefault(); planNow(view); rerender(); },
    },
    h('label', { for: 'planner-target' }, `${t('planner.target')}${colon()}`), select, scoreInput,
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'planner-button' }, t('planner.button'))),
    local.error ? h('p', { class: 'error-text', role: 'alert' }, t('planner.error', { message: local.error.message })) : null,
    local.working ? h('p', { class: 'muted small', role: 'status', 'data-testid': 'plan-working' }, t('planner.working')) : result(local.plan));
}

export default {
  id: 'planner',
  title: 'section.planner',
  // A tool to use on screen: the printed report keeps to its pages.
  print: false,
  render: draw,
};
