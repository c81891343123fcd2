// What a supervisor (or the case system, for ASSIGN) may do on a case page: extend a running limit, acknowledge an
// escalation, assign an officer. Only the events GET /me lists for this token are offered; the API still decides,
// and a refusal is shown as the API worded it while the page keeps the case as it was.
import { ApiError, post } from './api.js';
import { h, when } from './dom.js';
import { t, targetOf, term } from './i18n.js';

const RUNNING = new Set(['pending', 'overdue', 'suspended']);

/**
 * The refusal in the page's language by its error code, then as the API put it (the 409's reason says why): the
 * API speaks English, and its words are what an administrator will search the logs for.
 */
export function refusalText(err) {
  if (!(err instanceof ApiError)) return t('actions.failed', { message: err.message });
  const { error, message, reason } = err.body ?? {};
  const why = reason && reason !== message ? `${message ?? ''} (${reason})` : message ?? `HTTP ${err.status}`;
  const headline = error ? term('error', error) : undefined;
  if (headline && headline !== error) return t('actions.refusedBecause', { status: err.status, headline, message: why });
  return t('actions.refused', { status: err.status, message: why });
}

/** A message line: `role=alert` for a refusal so a screen reader says it at once. */
export const messageLine = (notice) =>
  notice ? h('p', { class: `action-message ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, notice.text) : null;

/**
 * The actions panel, or null when this token may send none of them or the case is closed. `done(view, notice)`
 * repaints the page: with the API's new view after a success, with the same view and the refusal otherwise.
 */
export function caseActions(view, me, done, notice) {
  const may = new Set(me?.events ?? []);
  if (view.status !== 'open' || !['EXTEND', 'ACK_ESCALATION', 'ASSIGN'].some((type) => may.has(type))) return null;

  const send = async (form, event, success) => {
    for (const control of form.elements) control.disabled = true;
    try {
      const next = await post(`/cases/${encodeURIComponent(view.caseId)}/events`, event);
      done(next, { kind: 'note', text: success(next) });
    } catch (err) {
      done(view, { kind: 'error', text: refusalText(err) });
    }
  };

  // Only the running limits this token may extend: a prosecutor its procuratorate's, a supervisor any.
  const extendable = new Set(me?.extends ?? []);
  const limits = [...new Set(view.deadlines.filter((d) => RUNNING.has(d.status) && extendable.has(d.limit)).map((d) => d.limit))];
  const dueOf = (next, limit) => next.deadlines.filter((d) => d.limit === limit).at(-1)?.dueAt;
  const extend = may.has('EXTEND') && limits.length > 0 &&
    h('form', {
      id: 'extend-form', class: 'action',
      onsubmit: (e) => {
        e.preventDefault();
        const limit = e.target.elements.limit.value;
        send(e.target, { type: 'EXTEND', limit }, (next) => t('actions.extended', { limit: term('limit', limit), dueAt: dueOf(next, limit) ?? '—' }));
      },
    },
    h('label', {}, t('actions.extend.label'), h('select', { name: 'limit' }, limits.map((l) => h('option', { value: l }, term('limit', l))))),
    h('button', { type: 'submit' }, t('actions.extend.submit')));

  const assign = may.has('ASSIGN') &&
    h('form', {
      id: 'assign-form', class: 'action',
      onsubmit: (e) => {
        e.preventDefault();
        const to = e.target.elements.to.value.trim();
        send(e.target, { type: 'ASSIGN', to }, (next) => t('actions.assigned', { to: next.assignee ?? to }));
      },
    },
    h('label', {}, t('actions.assign.label'), h('input', { name: 'to', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false', placeholder: view.assignee ?? '' })),
    h('button', { type: 'submit' }, t('actions.assign.submit')));

  const pending = view.escalations.filter((e) => !e.acknowledged);
  const acks = may.has('ACK_ESCALATION') && pending.length > 0 &&
    h('div', { id: 'ack-list' },
      h('h3', {}, t('actions.ack.title')),
      pending.map((esc) => h('form', {
        class: 'action', 'data-escalation': esc.id,
        onsubmit: (e) => {
          e.preventDefault();
          const note = e.target.elements.note.value.trim();
          send(e.target, { type: 'ACK_ESCALATION', escalationId: esc.id, ...(note ? { note } : {}) }, () => t('actions.acknowledged', { limit: term('limit', esc.limit), level: term('level', esc.level) }));
        },
      },
      h('span', {}, t('actions.ack.what', { limit: term('limit', esc.limit), level: term('level', esc.level), target: targetOf(esc.target) }), ' ', when(esc.raisedAt)),
      h('input', { name: 'note', maxlength: 2000, placeholder: t('actions.ack.note'), 'aria-label': t('actions.ack.note') }),
      h('button', { type: 'submit' }, t('actions.ack.submit')))));

  return h('section', { id: 'case-actions', class: 'card actions', 'aria-label': t('actions.title') },
    h('h2', {}, t('actions.title')),
    h('div', { id: 'action-message' }, messageLine(notice)),
    assign, extend, acks);
}
