// Every element is built here, and every piece of data enters the page as a text node or an attribute
// value, never as markup: a station or an officer id can hold anything a case system sent.
import { lang, t } from './i18n.js';

/** h('td', { class: 'x' }, 'text', child) → element; strings become text nodes, null/false/'' are skipped. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false && c !== '').map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

/** A table that turns into labelled cards on a phone (the label comes from data-label, see style.css). */
export function table(columns, rows, { empty = t('common.nothing'), rowClass } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((row) =>
        h('tr', { class: rowClass?.(row) }, columns.map((c) => h('td', { 'data-label': c.label, class: c.class }, c.cell(row))))))));
}

export const badge = (text, kind = '') => h('span', { class: `badge ${kind}`.trim() }, text);
export const caseLink = (caseId) => h('a', { href: `#/case/${encodeURIComponent(caseId)}` }, caseId);

const formats = new Map();
const dateTime = () => {
  if (!formats.has(lang())) formats.set(lang(), new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }));
  return formats.get(lang());
};
export const when = (iso) => (iso ? h('time', { datetime: iso, title: iso }, dateTime().format(new Date(iso))) : '—');

/** "in 3 h", "2 d ago" (3小时后, 2天前): how far an instant is from now, coarse on purpose. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const span = abs >= 86_400_000 ? t('time.days', { n: Math.floor(abs / 86_400_000) })
    : abs >= 3_600_000 ? t('time.hours', { n: Math.floor(abs / 3_600_000) })
      : t('time.minutes', { n: Math.max(1, Math.floor(abs / 60_000)) });
  return t(ms >= 0 ? 'time.in' : 'time.ago', { span });
}

/** Replaces a container's content with a "loading" line and hands back a function that fills it. */
export function slot(container) {
  container.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
  return (...children) => container.replaceChildren(...children.flat());
}

export const failure = (err) => h('p', { class: 'error', role: 'alert' }, t('common.failed', { message: err.message }));
