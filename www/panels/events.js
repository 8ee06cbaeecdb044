// Deduction and bonus events: one control per event the rule set takes (a count, a yes/no, a
// percentage or the {orders, share} pair), with the points each costs or earns.

import { h, replace, fmt, fmtDelta } from '../dom.js';
import { t, pick, isZh } from '../i18n.js';
import { eventDaysToText } from '../model.js';

// ---- events (deductions and bonuses) --------------------------------------------------------

/**
 * The events a rule set takes: every event of its deduction buckets (counts) and the event
 * behind each bonus (a flag, a percentage or the {orders, share} pair), plus any event the
 * input already carries.
 */
function knownEvents(report, input, detail) {
  const known = new Map();
  for (const d of (detail && detail.deductions) || []) {
    const events = d.events || [d.id];
    for (const [n, id] of events.entries()) {
      known.set(id, { id, label: events.length > 1 ? `${pick(d)} (${n + 1})` : pick(d), kind: 'deduction', control: 'number', ruleId: d.id, hint: `−${fmt(d.per_case)} / ≤ ${fmt(d.cap)}` });
    }
  }
  for (const b of (detail && detail.bonuses) || []) {
    const type = b.condition && b.condition.type;
    const control = type === 'flag' ? 'flag' : type === 'installation' ? 'pair' : 'number';
    const hint = type === 'share_min' ? `≥ ${fmt(b.condition.min)}% → +${fmt(b.points)}`
      : type === 'installation' ? `≥ ${fmt(b.condition.min_orders)} · ≥ ${fmt(b.condition.min_share)}% → +${fmt(b.points)}` : `+${fmt(b.points)}`;
    known.set(b.event || b.id, { id: b.event || b.id, label: pick(b), kind: 'bonus', control, ruleId: b.id, hint, percent: type === 'share_min' });
  }
  for (const [id, value] of Object.entries(input.events)) {
    const ev = known.get(id) || { id, label: id, control: 'number' };
    // The typed value decides the control when it does not fit the rule set's default.
    if (typeof value === 'boolean') ev.control = 'flag';
    else if (value && typeof value === 'object') ev.control = 'pair';
    else if (typeof value === 'number' && ev.control === 'flag') ev.control = 'number';
    known.set(id, ev);
  }
  for (const a of report.adjustments || []) {
    if (![...known.values()].some((ev) => ev.ruleId === a.id || ev.id === a.id)) known.set(a.id, { id: a.id, label: pick(a), kind: a.kind, control: 'number', ruleId: a.id });
  }
  return [...known.values()];
}

function renderEvents(el, { report, input, detail, act }) {
  const onEvent = act.event;
  if (!report) return replace(el);
  const events = knownEvents(report, input, detail);
  if (events.length === 0) return replace(el, h('p', { class: 'muted' }, t('events.none')));
  const rows = events.map((ev) => {
    const current = input.events[ev.id];
    const name = ev.label || ev.id;
    let control;
    if (ev.control === 'flag') {
      control = h('label', { class: 'check' },
        h('input', { type: 'checkbox', checked: current === true, 'aria-label': name, 'data-key': `ev:${ev.id}`, 'data-testid': `event-${ev.id}`, onchange: (e) => onEvent(ev.id, e.target.checked ? true : null) }),
        h('span', null, t('event.yes')));
    } else if (ev.control === 'pair') {
      const pair = current && typeof current === 'object' ? current : {};
      const read = (row) => {
        const [o, s] = row.querySelectorAll('input');
        return { orders: o.value, share: s.value };
      };
      control = h('span', { class: 'pair' },
        h('input', { type: 'number', step: 'any', min: '0', value: pair.orders ?? '', placeholder: isZh() ? '订单数' : 'orders', 'aria-label': `${name} ${isZh() ? '订单数' : 'orders'}`, 'data-key': `ev:${ev.id}:o`, onchange: (e) => onEvent(ev.id, read(e.target.parentNode), 'pair') }),
        h('input', { type: 'number', step: 'any', min: '0', value: pair.share ?? '', placeholder: '%', 'aria-label': `${name} %`, 'data-key': `ev:${ev.id}:s`, onchange: (e) => onEvent(ev.id, read(e.target.parentNode), 'pair') }));
    } else {
      const dated = (input.event_days || {})[ev.id];
      const datedCases = dated ? Object.values(dated).reduce((a, b) => a + b, 0) : null;
      control = [h('span', { class: 'value-input' },
        h('input', {
          type: 'number', step: 'any', min: '0', value: typeof current === 'number' ? current : current === true ? 1 : '',
          placeholder: datedCases != null ? String(datedCases) : '',
          'aria-label': name, 'data-key': `ev:${ev.id}`, 'data-testid': `event-${ev.id}`,
          onchange: (e) => onEvent(ev.id, e.target, 'number'),
        }),
        ev.percent ? h('span', { class: 'unit' }, '%') : null),
      // A deduction counts for 30 days from its day: with dates, the history and the forecast
      // show it arrive and leave.
      ev.kind === 'deduction'
        ? h('input', {
          type: 'text', class: 'event-dates', value: eventDaysToText(dated), placeholder: t('event.dates_placeholder'),
          'aria-label': `${name} ${t('event.dates')}`, 'data-key': `evd:${ev.id}`, 'data-testid': `event-dates-${ev.id}`,
          onchange: (e) => act.eventDays(ev.id, e.target),
        })
        : null];
    }
    const applied = (report.adjustments || []).find((a) => a.id === ev.ruleId || a.id === ev.id);
    return h('tr', null,
      h('th', { scope: 'row', 'data-label': t('col.event') }, name,
        h('small', { class: 'muted block' }, [ev.kind ? t(`adjustment.${ev.kind}`) : null, ev.hint].filter(Boolean).join(' · '))),
      h('td', { 'data-label': t('col.event_value') }, control),
      h('td', { class: 'num', 'data-label': t('col.points') }, applied ? fmtDelta(applied.points) : '—'));
  });
  return replace(el,
    h('p', { class: 'hint' }, t('events.hint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'plain-table cards-on-phone events-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('col.event')), h('th', { scope: 'col' }, t('col.event_value')), h('th', { scope: 'col', class: 'num' }, t('col.points')))),
      h('tbody', null, rows))));
}


export default {
  id: 'events',
  title: 'section.events',
  render: renderEvents,
};
