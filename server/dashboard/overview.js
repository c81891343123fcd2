// The front page: counts, filters, the open cases, the open warnings, the latest sweeps.
import { get, query } from './api.js';
import { badge, caseLink, failure, h, relative, table, when } from './dom.js';
import { t, term } from './i18n.js';
import { renderSweeps } from './sweeps.js';

const OPEN_STAGES = ['reported', 'registered', 'notified', 'review', 'handling', 'awaiting_transfer', 'decline_notice', 'reconsideration', 'superior_review'];
const PAGE = 100;
const WARNINGS_CAP = 200; // the API's largest page of warnings
const severityOrder = { high: 0, medium: 1, low: 2 };
const severityKind = { high: 'bad', medium: 'warn', low: '' };

/** Filters as they sit in the address (#/?station=S01&overdue=true), so back and reload keep them. */
export function readFilters(search) {
  const q = new URLSearchParams(search);
  const pick = (k, allowed) => (q.get(k) && (!allowed || allowed.includes(q.get(k))) ? q.get(k) : undefined);
  return {
    station: pick('station'),
    stage: pick('stage', OPEN_STAGES),
    category: pick('category', ['criminal', 'administrative']),
    track: pick('track', ['ordinary', 'fast']),
    overdue: q.get('overdue') === 'true' ? 'true' : undefined,
  };
}

function filterForm(filters, stations) {
  const apply = (event) => {
    event.preventDefault?.();
    const form = event.target.form ?? event.target;
    if (!form.reportValidity()) return;
    const data = Object.fromEntries(new FormData(form));
    location.hash = `#/${query({ ...data, overdue: data.overdue ? 'true' : undefined })}`;
  };
  const select = (name, group, options) =>
    h('label', {}, t(`filter.${name}`), h('select', { name, onchange: apply },
      h('option', { value: '' }, t('filter.any')), options.map((o) => h('option', { value: o, selected: filters[name] === o }, term(group, o)))));
  return h('form', { class: 'filters', onsubmit: apply },
    h('label', {}, t('filter.station'), h('input', { name: 'station', value: filters.station ?? '', list: 'stations', placeholder: t('filter.all'), pattern: '[A-Za-z0-9._\\-]+', maxlength: 64, onchange: apply })),
    h('datalist', { id: 'stations' }, stations.map((s) => h('option', { value: s }))),
    select('stage', 'stage', OPEN_STAGES),
    select('category', 'category', ['criminal', 'administrative']),
    select('track', 'track', ['ordinary', 'fast']),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: filters.overdue === 'true', onchange: apply }), t('filter.overdueOnly')),
    h('a', { class: 'clear', href: '#/' }, t('filter.clear')));
}

const count = (label, value, kind, note) =>
  h('div', { class: `count ${kind}`, 'data-count': kind }, h('strong', {}, value), h('span', {}, label), h('small', {}, note));

function casesTable(rows, atRisk) {
  return table([
    { label: t('col.case'), cell: (c) => caseLink(c.caseId) },
    { label: t('col.station'), cell: (c) => c.station },
    { label: t('col.category'), cell: (c) => term('category', c.category) },
    { label: t('col.stage'), cell: (c) => badge(term('stage', c.stage)) },
    { label: t('col.track'), cell: (c) => term('track', c.track) },
    { label: t('col.nextDue'), cell: (c) => (c.nextDueAt ? [when(c.nextDueAt), h('small', {}, ` ${relative(c.nextDueAt)}`)] : '—') },
    { label: t('col.flag'), cell: (c) => (c.overdue ? badge(term('deadline', 'overdue'), 'bad') : atRisk.has(c.caseId) ? badge(t('overview.atRiskFlag'), 'warn') : '') },
  ], rows, { empty: t('overview.noCases'), rowClass: (c) => (c.overdue ? 'overdue' : '') });
}

function warningsTable(items) {
  const sorted = [...items].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.openedAt.localeCompare(b.openedAt));
  return table([
    { label: t('col.case'), cell: (w) => caseLink(w.caseId) },
    { label: t('col.station'), cell: (w) => w.station },
    { label: t('col.rule'), cell: (w) => term('rule', w.rule) },
    { label: t('col.severity'), cell: (w) => badge(term('severity', w.severity), severityKind[w.severity]) },
    { label: t('col.limit'), cell: (w) => term('limit', w.limit) ?? '—' },
    { label: t('col.opened'), cell: (w) => [when(w.openedAt), h('small', {}, ` ${relative(w.openedAt)}`)] },
  ], sorted.slice(0, 50), { empty: t('overview.noWarnings') });
}

/** Builds the whole front page in one go once every answer is in, so nothing jumps around while it loads. */
export async function renderOverview(root, filters, ctx) {
  if (!root.firstChild) root.append(h('p', { class: 'muted' }, t('common.loading')));
  const station = filters.station;
  const [cases, overdue, atRisk, warnings] = await Promise.allSettled([
    get(`/cases${query({ ...filters, status: 'open', limit: PAGE })}`),
    get(`/cases/count${query({ ...filters, status: 'open', overdue: 'true' })}`),
    get(`/warnings${query({ station, rule: 'limit-at-risk', limit: WARNINGS_CAP })}`),
    get(`/warnings${query({ station, limit: WARNINGS_CAP })}`),
  ]);
  for (const r of [cases, overdue, atRisk, warnings]) if (r.status === 'rejected') ctx.fail(r.reason);
  if (ctx.stale()) return;

  const atRiskCases = new Set(atRisk.value?.items.map((w) => w.caseId) ?? []);
  const capped = (items) => (items.length >= WARNINGS_CAP ? '+' : '');
  const rows = [];
  const list = h('div', { id: 'cases-list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, t('overview.more'));
  let cursor = null;
  const fill = (page) => {
    rows.push(...page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    list.replaceChildren(h('p', { class: 'muted' }, t(rows.length === 1 ? 'overview.shownOne' : 'overview.shown', { n: rows.length })), casesTable(rows, atRiskCases));
  };
  more.addEventListener('click', () =>
    get(`/cases${query({ ...filters, status: 'open', limit: PAGE, cursor })}`).then(fill, (err) => { ctx.fail(err); list.append(failure(err)); }));
  if (cases.status === 'fulfilled') fill(cases.value);
  else list.append(failure(cases.reason));

  const stations = [...new Set([...rows.map((c) => c.station), ...(warnings.value?.items.map((w) => w.station) ?? [])])].sort();
  const sweeps = h('div', { id: 'sweeps' });
  root.replaceChildren(
    h('h1', {}, t('overview.title')),
    h('div', { class: 'counts' },
      count(t('count.overdue'), overdue.status === 'fulfilled' ? overdue.value.count : '?', 'overdue', t('count.overdueNote')),
      count(t('count.atRisk'), atRisk.status === 'fulfilled' ? `${atRiskCases.size}${capped(atRisk.value.items)}` : '?', 'at-risk', t('count.atRiskNote')),
      count(t('count.warnings'), warnings.status === 'fulfilled' ? `${warnings.value.items.length}${capped(warnings.value.items)}` : '?', 'warnings', t('count.warningsNote'))),
    filterForm(filters, stations),
    list, more,
    h('h2', {}, t('overview.warnings')),
    h('div', { id: 'warnings-list' }, warnings.status === 'fulfilled' ? warningsTable(warnings.value.items) : failure(warnings.reason)),
    h('h2', {}, t('overview.sweeps')),
    sweeps);
  await renderSweeps(sweeps, ctx);
}
