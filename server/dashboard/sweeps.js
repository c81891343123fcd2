// Sweep reports (日清、月结、季清积案: contracts/sweeps.ts). GET /sweeps was built alongside this page, so any
// answer but 200 (an older API) reads as "no sweep reports yet" rather than as an error.
import { get, request } from './api.js';
import { badge, caseLink, failure, h, relative, table, when } from './dom.js';
import { t, term } from './i18n.js';

const LATEST = 5;

const byStation = (report) => table([
  { label: t('col.station'), cell: (s) => s.station },
  { label: t('col.cases'), cell: (s) => s.cases },
  { label: t('col.overdue'), cell: (s) => s.overdue },
], report.byStation ?? [], { empty: t('sweeps.noStations') });

function rows(report) {
  if (!report.rows) return h('p', { class: 'muted' }, t('sweeps.rowsGone'));
  return table([
    { label: t('col.case'), cell: (r) => caseLink(r.caseId) },
    { label: t('col.station'), cell: (r) => r.station },
    { label: t('col.stage'), cell: (r) => badge(term('stage', r.stage)) },
    { label: t('col.why'), cell: (r) => term('sweepReason', r.reason) },
    { label: t('col.nextDue'), cell: (r) => (r.nextDueAt ? [when(r.nextDueAt), h('small', {}, ` ${relative(r.nextDueAt)}`)] : '—') },
    { label: t('col.flag'), cell: (r) => (r.overdue ? badge(term('deadline', 'overdue'), 'bad') : '') },
  ], report.rows, { empty: t('sweeps.nothingLeft'), rowClass: (r) => (r.overdue ? 'overdue' : '') });
}

function card(summary, ctx) {
  const detail = h('div', { class: 'sweep-detail' });
  const open = (event) => {
    if (!event.target.open || detail.firstChild) return;
    detail.append(h('p', { class: 'muted' }, t('common.loading')));
    get(`/sweeps/${encodeURIComponent(summary.id)}`).then(
      (report) => detail.replaceChildren(byStation(report), rows(report)),
      (err) => { ctx.fail(err); detail.replaceChildren(failure(err)); });
  };
  const facts = [
    [t('col.cases'), summary.cases],
    [t('col.overdue'), summary.overdue],
    summary.cutoff ? [t('sweeps.cutoff'), when(summary.cutoff)] : null,
  ].filter(Boolean);
  return h('article', { class: 'sweep' },
    h('h3', {}, t('sweeps.title', { kind: term('sweepKind', summary.kind) }), ' ', h('small', {}, when(summary.asOf))),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    summary.truncated ? h('p', { class: 'muted' }, t('sweeps.truncated')) : null,
    h('details', { ontoggle: open }, h('summary', {}, t('sweeps.detail')), detail));
}

export async function renderSweeps(container, ctx) {
  let answer;
  try {
    answer = await request(`/sweeps?limit=${LATEST}`);
  } catch (err) {
    ctx.fail(err);
    container.replaceChildren(failure(err));
    return;
  }
  const items = answer.status === 200 && Array.isArray(answer.body?.items) ? answer.body.items : [];
  if (items.length === 0) {
    container.replaceChildren(h('p', { class: 'empty' }, t('sweeps.none')));
    return;
  }
  container.replaceChildren(h('div', { class: 'sweeps' }, items.slice(0, LATEST).map((s) => card(s, ctx))));
}
