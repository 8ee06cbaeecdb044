// A tiny element builder. Every piece of text goes in as a text node, never as markup, so
// anything a user typed or a file contained is shown literally and cannot run.

const SVG_NS = 'http://www.w3.org/2000/svg';
// Properties set directly (not as attributes) so that they reflect the live state.
const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'readOnly', 'min', 'max', 'step']);

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (PROPS.has(name)) {
      el[name] = value;
    } else if (name === 'style') {
      // CSSOM writes are allowed under style-src 'self'; style attributes are not.
      Object.assign(el.style, value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('div', {class: 'x', 'data-testid': 'y'}, 'text', otherNode …) */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value != null) el.setAttribute(name, String(value));
  }
  return append(el, children);
}

/** Replace the content of `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function byId(id) {
  return document.getElementById(id);
}

/** Format a number for display: at most `digits` decimals, trailing zeros dropped; '—' for none. */
export function fmt(n, digits = 2) {
  if (n == null || !Number.isFinite(Number(n))) return '—';
  const fixed = Number(n).toFixed(digits);
  return String(Number(fixed));
}

/** A signed delta: +1.25 / −0.5 / ±0. */
export function fmtDelta(n, digits = 2) {
  if (n == null || !Number.isFinite(n)) return '—';
  const r = Number(n.toFixed(digits));
  if (r === 0) return '±0';
  return (r > 0 ? '+' : '−') + String(Math.abs(r));
}
