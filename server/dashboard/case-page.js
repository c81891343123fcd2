// One case: where it stands on the lifecycle, its limits, its escalations and warnings, and its history.
import { ApiError, get, whoAmI } from './api.js';
import { caseActions } from './case-actions.js';
import { badge, failure, h, relative, table, when } from './dom.js';
import { t } from './i18n.js';

const statusKind = { overdue: 'bad', met: 'good', suspended: 'muted', pending: '' };

/** The contract's diagram (index.html) with the stages the case went through and the one it is in lit. */
function lifecycle(view) {
  const diagram = document.getElementById('lifecycle').content.firstElementChild.cloneNode(true);
  const visited = new Set(view.history.flatMap((e) => [e.from, e.to]));
  for (const node of diagram.querySelectorAll('[data-stage]')) {
    const stage = node.dataset.stage;
    node.classList.toggle('visited', visited.has(stage));
    node.classList.toggle('current', stage === view.stage);
  }
  diagram.setAttribute('aria-label', `Lifecycle: the case is at ${view.stage}`);
  return diagram;
}

const deadlines = (view) => table([
  { label: 'Limit', cell: (d) => d.limit },
  { label: 'Status', cell: (d) => badge(d.status, statusKind[d.status]) },
  { label: 'Started', cell: (d) => when(d.startedAt) },
  { label: 'Due', cell: (d) => [when(d.dueAt), d.status === 'met' ? '' : h('small', {}, ` ${relative(d.dueAt)}`)] },
  { label: 'Met', cell: (d) => when(d.metAt) },
  { label: 'Extensions', cell: (d) => d.extensions },
], view.deadlines, { empty: 'No limits running.', rowClass: (d) => (d.status === 'overdue' ? 'overdue' : '') });

const escalations = (view) => table([
  { label: 'Raised', cell: (e) => when(e.raisedAt) },
  { label: 'Limit', cell: (e) => e.limit },
  { label: 'Level', cell: (e) => badge(e.level, e.level === 'overdue' ? 'bad' : 'warn') },
  { label: 'Target', cell: (e) => e.target },
  { label: 'Acknowledged', cell: (e) => (e.acknowledged ? `yes, by ${e.acknowledgedBy ?? '?'}` : 'no') },
  { label: 'Note', cell: (e) => e.note ?? '' },
], [...view.escalations].reverse(), { empty: 'No escalations.' });

const warnings = (view) => table([
  { label: 'Rule', cell: (w) => w.rule },
  { label: 'Severity', cell: (w) => badge(w.severity, w.severity === 'high' ? 'bad' : w.severity === 'medium' ? 'warn' : '') },
  { label: 'Limit', cell: (w) => w.limit ?? '—' },
  { label: 'Opened', cell: (w) => when(w.openedAt) },
  { label: 'Closed', cell: (w) => (w.closedAt ? when(w.closedAt) : badge('open', 'warn')) },
], view.warnings, { empty: 'No warnings.' });

// History holds the events after the report, so the report itself opens the timeline.
const timeline = (view) => h('ol', { class: 'timeline' },
  h('li', {}, when(view.reportedAt), ' ', h('strong', {}, 'REPORT'), ' ', h('span', { class: 'muted' }, '→ reported')),
  view.history.map((e) =>
    h('li', {}, when(e.at), ' ', h('strong', {}, e.type), ' ', h('span', { class: 'muted' }, e.from ? `${e.from} → ${e.to}` : e.to), e.by ? h('small', {}, ` by ${e.by}`) : '')));

/**
 * Who held the case, agency by agency (contract section 9): the police station from the report, then each hand-off
 * with its documents and whether the deployment signed it. Views from before hand-offs have no `handoffs`.
 */
const agencyTimeline = (view) => h('ol', { class: 'timeline', id: 'agency-timeline' },
  h('li', {}, when(view.reportedAt), ' ', h('strong', {}, 'police'), ' ', h('span', { class: 'muted' }, view.station)),
  (view.handoffs ?? []).map((x) =>
    h('li', {}, when(x.at), ' ', h('strong', {}, x.type), ' ', h('span', { class: 'muted' }, `${x.from} → ${x.to}`),
      h('small', {}, ` ${x.documents.length} document${x.documents.length === 1 ? '' : 's'}`),
      x.jws ? [' ', badge('signed', 'good')] : '', x.reason ? h('small', {}, ` — ${x.reason}`) : '')));

const arrestOf = (arrest) => (arrest ? `${arrest.status} (${arrest.procuratorate})` : '—');

function facts(view) {
  const rows = [
    ['Station', `${view.station} (${view.unitType})`],
    ['Category', view.category],
    ['Track', view.track],
    ['Offense', view.offense ?? '—'],
    ['Custody', view.custody ? 'yes' : 'no'],
    ['Reported', when(view.reportedAt)],
    ['Outcome', view.outcome ?? '—'],
    [t('actions.assignee'), view.assignee ?? '—'],
    ['Agency', view.agency ?? 'police'],
    ['Arrest', arrestOf(view.arrest)],
  ];
  if (view.suspended) rows.push(['Clock suspended', [when(view.suspended.since), ` — ${view.suspended.reason}`]]);
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export async function renderCase(root, caseId, backHref, ctx) {
  root.replaceChildren(h('a', { class: 'back', href: backHref }, '← Open cases'), h('p', { class: 'muted' }, 'Loading…'));
  let view;
  let me;
  try {
    // Without GET /me the page still shows the case, and offers no actions.
    [view, me] = await Promise.all([get(`/cases/${encodeURIComponent(caseId)}`), whoAmI().catch(() => null)]);
  } catch (err) {
    ctx.fail(err);
    if (ctx.stale()) return;
    const missing = err instanceof ApiError && err.status === 404;
    root.lastChild.replaceWith(missing ? h('p', { class: 'empty' }, `No case ${caseId} at your stations.`) : failure(err));
    return;
  }
  if (ctx.stale()) return;
  paint(root, view, me, backHref, ctx, null);
}

/**
 * The page from one view; an action repaints it with the API's answer (or the same view and the refusal), unless the
 * user has gone to another page meanwhile.
 */
function paint(root, view, me, backHref, ctx, notice) {
  const overdue = view.deadlines.some((d) => d.status === 'overdue');
  root.replaceChildren(
    h('a', { class: 'back', href: backHref }, '← Open cases'),
    h('h1', {}, view.caseId, ' ', badge(view.status, view.status === 'closed' ? 'good' : ''), ' ', badge(view.stage),
      overdue ? [' ', badge('overdue', 'bad')] : '', view.suspended ? [' ', badge('clock suspended', 'muted')] : ''),
    facts(view),
    caseActions(view, me, (next, message) => ctx.stale() || paint(root, next, me, backHref, ctx, message), notice),
    lifecycle(view),
    h('div', { class: 'columns' },
      h('div', {},
        h('h2', {}, 'Deadlines'), h('div', { id: 'deadlines' }, deadlines(view)),
        h('h2', {}, 'Escalations'), h('div', { id: 'escalations' }, escalations(view)),
        h('h2', {}, 'Warnings'), h('div', { id: 'case-warnings' }, warnings(view))),
      h('div', {}, h('h2', {}, 'Timeline'), timeline(view), h('h2', {}, 'Agencies'), agencyTimeline(view))));
  centreCurrentStage(root);
}

/** On a narrow screen the diagram scrolls sideways: bring the lit stage into view. */
function centreCurrentStage(root) {
  const box = root.querySelector('.lifecycle');
  const current = box?.querySelector('.current');
  if (!current || box.scrollWidth <= box.clientWidth) return;
  const node = current.getBoundingClientRect();
  const frame = box.getBoundingClientRect();
  box.scrollLeft += node.left + node.width / 2 - (frame.left + frame.width / 2);
}
