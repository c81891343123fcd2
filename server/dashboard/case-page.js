// One case: where it stands on the lifecycle, its limits, its escalations and warnings, and its history.
import { ApiError, get, whoAmI } from './api.js';
import { caseActions } from './case-actions.js';
import { badge, failure, h, relative, table, when } from './dom.js';
import { t, targetOf, term, translateStatic } from './i18n.js';

const statusKind = { overdue: 'bad', met: 'good', suspended: 'muted', pending: '' };
const severityKind = { high: 'bad', medium: 'warn', low: '' };

/** The contract's diagram (index.html) with the stages the case went through and the one it is in lit. */
function lifecycle(view) {
  const diagram = document.getElementById('lifecycle').content.firstElementChild.cloneNode(true);
  translateStatic(diagram);
  const visited = new Set(view.history.flatMap((e) => [e.from, e.to]));
  for (const node of diagram.querySelectorAll('[data-stage]')) {
    const stage = node.dataset.stage;
    node.classList.toggle('visited', visited.has(stage));
    node.classList.toggle('current', stage === view.stage);
  }
  diagram.setAttribute('aria-label', t('case.lifecycle', { stage: term('stage', view.stage) }));
  return diagram;
}

const deadlines = (view) => table([
  { label: t('col.limit'), cell: (d) => term('limit', d.limit) },
  { label: t('col.status'), cell: (d) => badge(term('deadline', d.status), statusKind[d.status]) },
  { label: t('col.started'), cell: (d) => when(d.startedAt) },
  { label: t('col.due'), cell: (d) => [when(d.dueAt), d.status === 'met' ? '' : h('small', {}, ` ${relative(d.dueAt)}`)] },
  { label: t('col.met'), cell: (d) => when(d.metAt) },
  { label: t('col.extensions'), cell: (d) => d.extensions },
], view.deadlines, { empty: t('case.noLimits'), rowClass: (d) => (d.status === 'overdue' ? 'overdue' : '') });

const escalations = (view) => table([
  { label: t('col.raised'), cell: (e) => when(e.raisedAt) },
  { label: t('col.limit'), cell: (e) => term('limit', e.limit) },
  { label: t('col.level'), cell: (e) => badge(term('level', e.level), e.level === 'overdue' ? 'bad' : 'warn') },
  { label: t('col.target'), cell: (e) => targetOf(e.target) },
  { label: t('col.acknowledged'), cell: (e) => (e.acknowledged ? t('case.ackBy', { by: e.acknowledgedBy ?? '?' }) : t('common.no')) },
  { label: t('col.note'), cell: (e) => e.note ?? '' },
], [...view.escalations].reverse(), { empty: t('case.noEscalations') });

const warnings = (view) => table([
  { label: t('col.rule'), cell: (w) => term('rule', w.rule) },
  { label: t('col.severity'), cell: (w) => badge(term('severity', w.severity), severityKind[w.severity]) },
  { label: t('col.limit'), cell: (w) => term('limit', w.limit) ?? '—' },
  { label: t('col.opened'), cell: (w) => when(w.openedAt) },
  { label: t('col.closed'), cell: (w) => (w.closedAt ? when(w.closedAt) : badge(t('case.warningOpen'), 'warn')) },
], view.warnings, { empty: t('case.noWarnings') });

const move = (from, to) => (from ? `${term('stage', from)} → ${term('stage', to)}` : term('stage', to));

// History holds the events after the report, so the report itself opens the timeline.
const timeline = (view) => h('ol', { class: 'timeline' },
  h('li', {}, when(view.reportedAt), ' ', h('strong', {}, term('event', 'REPORT')), ' ', h('span', { class: 'muted' }, `→ ${term('stage', 'reported')}`)),
  view.history.map((e) =>
    h('li', {}, when(e.at), ' ', h('strong', {}, term('event', e.type)), ' ', h('span', { class: 'muted' }, move(e.from, e.to)),
      e.by ? h('small', {}, ` ${t('case.by', { by: e.by })}`) : '')));

/**
 * Who held the case, agency by agency (contract section 9): the police station from the report, then each hand-off
 * with its documents and whether the deployment signed it. Views from before hand-offs have no `handoffs`.
 */
const agencyTimeline = (view) => h('ol', { class: 'timeline', id: 'agency-timeline' },
  h('li', {}, when(view.reportedAt), ' ', h('strong', {}, term('agency', 'police')), ' ', h('span', { class: 'muted' }, view.station)),
  (view.handoffs ?? []).map((x) =>
    h('li', {}, when(x.at), ' ', h('strong', {}, term('event', x.type)), ' ', h('span', { class: 'muted' }, `${x.from} → ${x.to}`),
      h('small', {}, ` ${t(x.documents.length === 1 ? 'case.document' : 'case.documents', { n: x.documents.length })}`),
      x.jws ? [' ', badge(t('case.signed'), 'good')] : '', x.reason ? h('small', {}, ` — ${x.reason}`) : '')));

const arrestOf = (arrest) => (arrest ? t('case.arrest', { status: term('arrest', arrest.status), procuratorate: arrest.procuratorate }) : '—');

function facts(view) {
  const rows = [
    [t('fact.station'), `${view.station} (${term('unitType', view.unitType)})`],
    [t('fact.category'), term('category', view.category)],
    [t('fact.track'), term('track', view.track)],
    [t('fact.offense'), view.offense ?? '—'],
    [t('fact.custody'), t(view.custody ? 'common.yes' : 'common.no')],
    [t('fact.reported'), when(view.reportedAt)],
    [t('fact.outcome'), term('outcome', view.outcome) ?? '—'],
    [t('actions.assignee'), view.assignee ?? '—'],
    [t('fact.agency'), term('agency', view.agency ?? 'police')],
    [t('fact.arrest'), arrestOf(view.arrest)],
  ];
  if (view.suspended) rows.push([t('fact.suspended'), [when(view.suspended.since), ` — ${view.suspended.reason}`]]);
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

const back = (href) => h('a', { class: 'back', href }, `← ${t('case.back')}`);

export async function renderCase(root, caseId, backHref, ctx) {
  root.replaceChildren(back(backHref), h('p', { class: 'muted' }, t('common.loading')));
  let view;
  let me;
  try {
    // Without GET /me the page still shows the case, and offers no actions.
    [view, me] = await Promise.all([get(`/cases/${encodeURIComponent(caseId)}`), whoAmI().catch(() => null)]);
  } catch (err) {
    ctx.fail(err);
    if (ctx.stale()) return;
    const missing = err instanceof ApiError && err.status === 404;
    root.lastChild.replaceWith(missing ? h('p', { class: 'empty' }, t('case.missing', { caseId })) : failure(err));
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
    back(backHref),
    h('h1', {}, view.caseId, ' ', badge(term('status', view.status), view.status === 'closed' ? 'good' : ''), ' ', badge(term('stage', view.stage)),
      overdue ? [' ', badge(term('deadline', 'overdue'), 'bad')] : '', view.suspended ? [' ', badge(t('case.clockSuspended'), 'muted')] : ''),
    facts(view),
    // DOM's replaceChildren writes a null as the text "null": no panel is an empty string.
    caseActions(view, me, (next, message) => ctx.stale() || paint(root, next, me, backHref, ctx, message), notice) ?? '',
    lifecycle(view),
    h('div', { class: 'columns' },
      h('div', {},
        h('h2', {}, t('case.deadlines')), h('div', { id: 'deadlines' }, deadlines(view)),
        h('h2', {}, t('case.escalations')), h('div', { id: 'escalations' }, escalations(view)),
        h('h2', {}, t('case.warnings')), h('div', { id: 'case-warnings' }, warnings(view))),
      h('div', {}, h('h2', {}, t('case.timeline')), timeline(view), h('h2', {}, t('case.agencies')), agencyTimeline(view))));
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
