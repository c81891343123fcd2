// The rectification queue (#/rectifications, issue 11): GET /rectifications filtered by status, station and overdue,
// oldest opening first, paged by the API's cursor. A supervisor confirms an answered one (note optional) or sends it
// back (reason required); a refusal is shown in the API's words and the row keeps what it showed.
import { get, post, query } from './api.js';
import { refusalText, messageLine } from './case-actions.js';
import { badge, caseLink, failure, h, relative, table, when } from './dom.js';
import { t, term } from './i18n.js';

const STATUSES = ['open', 'answered', 'confirmed'];
const statusKind = { open: 'warn', answered: '', confirmed: 'good' };
const severityKind = { high: 'bad', medium: 'warn', low: '' };

/** Filters as they sit in the address, so reload, back and a shared link keep them; `limit` is the page size. */
export function readRectFilters(search) {
  const q = new URLSearchParams(search);
  const limit = Number(q.get('limit'));
  return {
    status: STATUSES.includes(q.get('status')) ? q.get('status') : undefined,
    station: q.get('station') || undefined,
    overdue: q.get('overdue') === 'true' ? 'true' : undefined,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 200 ? limit : undefined,
  };
}

function filterForm(filters) {
  const apply = (event) => {
    event.preventDefault?.();
    const form = event.target.form ?? event.target;
    if (!form.reportValidity()) return;
    const data = Object.fromEntries(new FormData(form));
    location.hash = `#/rectifications${query({ ...data, overdue: data.overdue ? 'true' : undefined, limit: filters.limit })}`;
  };
  return h('form', { class: 'filters', id: 'rect-filters', onsubmit: apply },
    h('label', {}, t('rect.station'), h('input', { name: 'station', value: filters.station ?? '', placeholder: t('rect.all'), pattern: '[A-Za-z0-9._\\-]+', maxlength: 64, onchange: apply })),
    h('label', {}, t('rect.status'), h('select', { name: 'status', onchange: apply },
      h('option', { value: '' }, t('rect.all')),
      STATUSES.map((s) => h('option', { value: s, selected: filters.status === s }, t(`rect.status.${s}`))))),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: filters.overdue === 'true', onchange: apply }), t('rect.overdueOnly')),
    h('a', { class: 'clear', href: '#/rectifications' }, t('rect.clear')));
}

const isOverdue = (r) => r.status === 'open' && Date.parse(r.dueAt) < Date.now();

export async function renderRectifications(root, filters, me, ctx) {
  root.replaceChildren(h('h1', {}, t('rect.title')), h('p', { class: 'muted' }, t('rect.loading')));
  const may = new Set(me?.rectifications ?? []);
  const rows = [];
  let cursor = null;
  let notice = null;
  const list = h('div', { id: 'rect-list' });
  const message = h('div', { id: 'rect-message' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, t('rect.more'));

  /** One step on a row: the row takes the API's new rectification, or stays as it was beside the refusal. */
  const step = async (form, r, action, body, success) => {
    for (const control of form.elements) control.disabled = true;
    try {
      const view = await post(`/cases/${encodeURIComponent(r.caseId)}/rectifications/${encodeURIComponent(r.id)}/${action}`, body);
      const next = view.rectifications?.find((x) => x.id === r.id);
      if (next) rows[rows.indexOf(r)] = next;
      notice = { kind: 'note', text: t(success, { id: r.id }) };
    } catch (err) {
      ctx.fail(err);
      notice = { kind: 'error', text: refusalText(err) };
    }
    if (!ctx.stale()) paint();
  };

  const actions = (r) => {
    if (r.status !== 'answered') return '';
    const confirm = may.has('confirm') && h('form', {
      class: 'action confirm',
      onsubmit: (e) => {
        e.preventDefault();
        const note = e.target.elements.note.value.trim();
        step(e.target, r, 'confirm', note ? { note } : {}, 'rect.confirmed');
      },
    }, h('input', { name: 'note', maxlength: 2000, placeholder: t('rect.note'), 'aria-label': t('rect.note') }), h('button', { type: 'submit' }, t('rect.confirm')));
    const reopen = may.has('reopen') && h('form', {
      class: 'action reopen',
      onsubmit: (e) => {
        e.preventDefault();
        if (!e.target.reportValidity()) return;
        step(e.target, r, 'reopen', { reason: e.target.elements.reason.value.trim() }, 'rect.reopened');
      },
    }, h('input', { name: 'reason', required: true, maxlength: 2000, pattern: '.*\\S.*', placeholder: t('rect.reason'), 'aria-label': t('rect.reason') }), h('button', { type: 'submit', class: 'secondary' }, t('rect.reopen')));
    return [confirm, reopen];
  };

  const paint = () => {
    message.replaceChildren(messageLine(notice) ?? '');
    list.replaceChildren(
      h('p', { class: 'muted' }, t('rect.shown', { count: rows.length })),
      table([
        { label: t('rect.case'), cell: (r) => caseLink(r.caseId) },
        { label: t('rect.station'), cell: (r) => r.station },
        { label: t('rect.model'), cell: (r) => term('rule', r.model) },
        { label: t('rect.severity'), cell: (r) => badge(term('severity', r.severity), severityKind[r.severity]) },
        { label: t('rect.opened'), cell: (r) => when(r.openedAt) },
        { label: t('rect.due'), cell: (r) => [when(r.dueAt), r.status === 'open' ? h('small', {}, ` ${relative(r.dueAt)}`) : '', isOverdue(r) ? [' ', badge(t('rect.overdue'), 'bad')] : ''] },
        { label: t('rect.status'), cell: (r) => h('span', { 'data-status': r.status }, badge(t(`rect.status.${r.status}`), statusKind[r.status])) },
        { label: t('rect.answer'), cell: (r) => (r.answer ? [r.answer.note, h('small', {}, ` — ${r.answer.by}`)] : '—') },
        { label: t('rect.actions'), cell: actions },
      ], rows, { empty: t('rect.empty'), rowClass: (r) => (isOverdue(r) ? 'overdue' : '') }));
    for (const [i, tr] of list.querySelectorAll('tbody tr').entries()) tr.dataset.rectification = rows[i].id;
  };

  const load = async () => {
    const page = await get(`/rectifications${query({ ...filters, cursor })}`);
    if (ctx.stale()) return;
    rows.push(...page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    paint();
  };
  more.addEventListener('click', () => load().catch((err) => { ctx.fail(err); list.append(failure(err)); }));

  try {
    await load();
  } catch (err) {
    ctx.fail(err);
    if (ctx.stale()) return;
    list.replaceChildren(failure(err));
  }
  if (ctx.stale()) return;
  root.replaceChildren(h('h1', {}, t('rect.title')), filterForm(filters), message, list, more);
}
