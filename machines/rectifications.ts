import type { Model } from '../contracts/policy';
import type { RectificationView, RectifyAction, RectifyCommand, RectifyRefusal } from '../contracts/rectifications';
import type { RectificationStatus } from '../contracts/vocabulary';
import type { WarningView } from '../contracts/warnings';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext } from './case-context';
import { clockRules } from './deadlines';
import { computeDue } from './legal-clock';

/** Said by `system` when the condition cleared before the unit answered; a supervisor still confirms. */
export const CLEARED_NOTE = 'condition cleared';


/** From which status each step may be taken. */
const from: Record<RectifyAction, RectificationStatus> = { answer: 'open', confirm: 'answered', reopen: 'answered' };
export const allowedActions = (status: RectificationStatus): RectifyAction[] =>
  (Object.keys(from) as RectifyAction[]).filter((a) => from[a] === status);

const models = (ctx: CaseContext): readonly Model[] => (ctx.policy.models as Model[] | undefined) ?? [];
const pending = (r: RectificationView) => r.status !== 'confirmed';
const dueFrom = (ctx: CaseContext, at: string, rectify: string) => computeDue(at, rectify, clockRules(ctx), ctx.request.custody);

/** The signed webhook of a rectification that opened, reopened or was confirmed (kind `rectification`). */
function delivery(ctx: CaseContext, r: RectificationView, at: string): Delivery {
  return {
    id: `${r.id}:${r.history.length}`,
    kind: 'rectification',
    caseId: r.caseId,
    station: ctx.station,
    limit: 'rectification',
    level: null,
    target: 'station',
    dueAt: r.dueAt,
    raisedAt: at,
    rectification: r,
  };
}

/**
 * What a rectification step changes: the list (each rectification keeps its own history, part of the case's view)
 * and the webhooks to send. The case's `history` stays the lifecycle's events (contract section 2).
 */
export type Rectified = { rectifications: RectificationView[]; deliveries: Delivery[] };

/**
 * Rectifications after the warnings moved from `before` to `after` at `at`: a newly opened warning of a model with
 * `rectify` opens one (unless one for that model is still pending), due by the legal clock; a warning that closed
 * before the unit answered answers it by the system. The case's own list when nothing changed.
 */
export function reconcileRectifications(ctx: CaseContext, before: readonly WarningView[], after: readonly WarningView[], at: string): Rectified {
  const current = ctx.rectifications ?? [];
  if (before === after) return { rectifications: current, deliveries: [] };
  const byId = new Map(models(ctx).map((m) => [m.id, m]));
  const wasOpen = new Set(before.filter((w) => !w.closedAt).map((w) => w.rule));
  const nowOpen = new Set(after.filter((w) => !w.closedAt).map((w) => w.rule));
  let changed = false;
  const list = current.map((r) => {
    if (r.status !== 'open' || nowOpen.has(r.model)) return r;
    changed = true;
    const answer = { note: CLEARED_NOTE, by: 'system', at };
    return { ...r, status: 'answered' as const, answer, history: [...r.history, { action: 'answered' as const, at, by: 'system', note: CLEARED_NOTE }] };
  });
  const deliveries: Delivery[] = [];
  for (const rule of nowOpen) {
    const model = byId.get(rule);
    if (wasOpen.has(rule) || !model?.rectify || list.some((r) => r.model === rule && pending(r))) continue;
    changed = true;
    const opened: RectificationView = {
      id: `${ctx.request.caseId}:r:${list.length}`,
      caseId: ctx.request.caseId,
      station: ctx.station,
      model: model.id,
      severity: model.severity,
      openedAt: at,
      dueAt: dueFrom(ctx, at, model.rectify),
      status: 'open',
      answer: null,
      history: [{ action: 'opened', at, by: 'system', note: null }],
    };
    list.push(opened);
    deliveries.push(delivery(ctx, opened, at));
  }
  return changed ? { rectifications: list, deliveries } : { rectifications: current, deliveries: [] };
}

/**
 * One step on a rectification, or why not: `null` when the case has no such rectification. A reopened one is due
 * again by its model's limit from the reopening (by its old due if the model has left the policy).
 */
export function rectify(ctx: CaseContext, cmd: RectifyCommand): { ok: true; rectified: Rectified } | { ok: false; refusal: RectifyRefusal } | null {
  const list = ctx.rectifications ?? [];
  const found = list.find((r) => r.id === cmd.rid);
  if (!found) return null;
  if (found.status !== from[cmd.action]) {
    const reason = `rectification ${found.id} is ${found.status}: ${cmd.action} is not allowed`;
    return { ok: false, refusal: { status: found.status, allowed: allowedActions(found.status), reason } };
  }
  const note = cmd.note ?? null;
  const step = { action: ({ answer: 'answered', confirm: 'confirmed', reopen: 'reopened' } as const)[cmd.action], at: cmd.at, by: cmd.by, note };
  const history = [...found.history, step];
  const rectify = models(ctx).find((m) => m.id === found.model)?.rectify;
  const next: RectificationView =
    cmd.action === 'answer'
      ? { ...found, status: 'answered', answer: { note: note ?? '', by: cmd.by, at: cmd.at }, history }
      : cmd.action === 'confirm'
        ? { ...found, status: 'confirmed', history }
        : { ...found, status: 'open', answer: null, dueAt: rectify ? dueFrom(ctx, cmd.at, rectify) : found.dueAt, history };
  const rectifications = list.map((r) => (r === found ? next : r));
  const deliveries = cmd.action === 'answer' ? [] : [delivery(ctx, next, cmd.at)];
  return { ok: true, rectified: { rectifications, deliveries } };
}
