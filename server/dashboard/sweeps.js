// Sweep reports (日清、月结、季清积案: contracts/sweeps.ts). GET /sweeps was built alongside this page, so any
// answer but 200 (an older API) reads as "no sweep reports yet" rather than as an error.
import { get, request } from './api.js';
import { badge, caseLink, failure, h, relative, table, when } from './dom.js';

const LATEST = 5;
const reasons = { not_registered: 'not registered', not_notified: 'not notified', in_handling: 'in handling', backlog: 'backlog' };

const byStation = (report) => table([
  { label: 'Station', cell: (s) => s.station },
  { label: 'Cases', cell: (s) => s.cases },
  { label: 'Overdue', cell: (s) => s.overdue },
], report.byStation ?? [], { empty: 'No cases at your stations.' });

function rows(report) {
  if (!report.rows) return h('p', { class: 'muted' }, 'The case list of this older report is no longer kept; its counts are.');
  return table([
    { label: 'Case', cell: (r) => caseLink(r.caseId) },
    { label: 'Station', cell: (r) => r.station },
    { label: 'Stage', cell: (r) => badge(r.stage) },
    { label: 'Why', cell: (r) => reasons[r.reason] ?? r.reason },
    { label: 'Next due', cell: (r) => (r.nextDueAt ? [when(r.nextDueAt), h('small', {}, ` ${relative(r.nextDueAt)}`)] : '—') },
    { label: 'Flag', cell: (r) => (r.overdue ? badge('overdue', 'bad') : '') },
  ], report.rows, { empty: 'Nothing was left over.', rowClass: (r) => (r.overdue ? 'overdue' : '') });
}

function card(summary, ctx) {
  const detail = h('div', { class: 'sweep-detail' });
  const open = (event) => {
    if (!event.target.open || detail.firstChild) return;
    detail.append(h('p', { class: 'muted' }, 'Loading…'));
    get(`/sweeps/${encodeURIComponent(summary.id)}`).then(
      (report) => detail.replaceChildren(byStation(report), rows(report)),
      (err) => { ctx.fail(err); detail.replaceChildren(failure(err)); });
  };
  const facts = [
    ['Cases', summary.cases],
    ['Overdue', summary.overdue],
    summary.cutoff ? ['Reported before', when(summary.cutoff)] : null,
  ].filter(Boolean);
  return h('article', { class: 'sweep' },
    h('h3', {}, `${summary.kind} sweep`, ' ', h('small', {}, when(summary.asOf))),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    summary.truncated ? h('p', { class: 'muted' }, 'More cases matched than the report lists; the counts cover all.') : null,
    h('details', { ontoggle: open }, h('summary', {}, 'Stations and cases'), detail));
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
    container.replaceChildren(h('p', { class: 'empty' }, 'No sweep reports yet.'));
    return;
  }
  container.replaceChildren(h('div', { class: 'sweeps' }, items.slice(0, LATEST).map((s) => card(s, ctx))));
}
