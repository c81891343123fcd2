// "My cases" (#/me): the signed-in officer's open cases from GET /me/cases, overdue first as the API orders them.
// An officer signed in with their OIDC token lands here; a machine token names no officer and is told so.
import { ApiError, get } from './api.js';
import { badge, caseLink, failure, h, relative, table, when } from './dom.js';
import { t, term } from './i18n.js';

const casesTable = (items) => table([
  { label: t('mine.case'), cell: (c) => caseLink(c.caseId) },
  { label: t('mine.station'), cell: (c) => c.station },
  { label: t('mine.stage'), cell: (c) => badge(term('stage', c.stage)) },
  { label: t('mine.nextDue'), cell: (c) => (c.nextDueAt ? [when(c.nextDueAt), h('small', {}, ` ${relative(c.nextDueAt)}`)] : '—') },
  { label: t('mine.flag'), cell: (c) => (c.overdue ? badge(t('mine.overdue'), 'bad') : '') },
], items, { empty: t('mine.empty'), rowClass: (c) => (c.overdue ? 'overdue' : '') });

export async function renderMine(root, me, ctx) {
  root.replaceChildren(h('h1', {}, t('mine.title')), h('p', { class: 'muted' }, t('mine.loading')));
  let page;
  try {
    page = await get('/me/cases');
  } catch (err) {
    ctx.fail(err);
    if (ctx.stale()) return;
    const noOfficer = err instanceof ApiError && err.status === 403;
    root.lastChild.replaceWith(noOfficer ? h('p', { class: 'empty' }, t('mine.noOfficer')) : failure(err));
    return;
  }
  if (ctx.stale()) return;
  const overdue = page.items.filter((c) => c.overdue).length;
  root.replaceChildren(
    h('h1', {}, t('mine.title'), me?.name ? h('small', {}, ` ${me.name}`) : ''),
    h('p', { class: 'muted', id: 'mine-summary' }, t('mine.summary', { count: page.items.length, overdue })),
    h('div', { id: 'mine-list' }, casesTable(page.items)),
    page.truncated ? h('p', { class: 'note' }, t('mine.truncated', { count: page.items.length })) : '');
}
