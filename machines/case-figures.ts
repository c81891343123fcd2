import type { Stage } from '../contracts/case';
import { limitNames, type LimitName } from '../contracts/vocabulary';
import type { CaseFigures, HandoffFigures, RemedyFigures } from '../contracts/stats';
import type { CaseContext, DeadlineState } from './case-context';

const ms = (iso: string) => Date.parse(iso);

/** Past its due now, or met after it: an extension granted in time moves the due, so it is not late. */
const isLate = (d: DeadlineState) => d.status === 'overdue' || (d.metAt !== null && ms(d.metAt) > ms(d.dueAt));

const inPolicyOrder = (limits: Iterable<LimitName>): LimitName[] => {
  const set = new Set(limits);
  return limitNames.filter((l) => set.has(l));
};

/** Completed stays, from the report (the case is `reported` from `reportedAt`) through every change of stage. */
function staysOf(ctx: CaseContext): [Stage, number][] {
  const stays: [Stage, number][] = [];
  let since = ms(ctx.request.reportedAt);
  for (const entry of ctx.history) {
    // Events that keep the stage (SUSPEND_CLOCK, EXTEND, ...) do not end a stay.
    if (!entry.from || entry.from === entry.to) continue;
    stays.push([entry.from, Math.max(0, ms(entry.at) - since)]);
    since = ms(entry.at);
  }
  return stays;
}

/** The remedies' steps the case has taken, from its history (contract section 12). */
function remediesOf(history: CaseContext['history']): RemedyFigures {
  const count = (test: (h: CaseContext['history'][number]) => boolean) => history.filter(test).length;
  const revoked = (type: string) => count((h) => h.type === type && h.decision === 'revoke');
  return {
    declines: count((h) => h.to === 'decline_notice' && h.from !== 'decline_notice'),
    reconsiderationsRequested: count((h) => h.type === 'REQUEST_RECONSIDERATION'),
    reconsiderationsRevoked: revoked('RECONSIDER'),
    reviewsRequested: count((h) => h.type === 'REQUEST_REVIEW'),
    reviewsRevoked: revoked('REVIEW_DECISION'),
    filingExplanationsAsked: count((h) => h.type === 'REQUEST_FILING_EXPLANATION'),
    noticesToFile: count((h) => h.type === 'NOTIFY_TO_FILE'),
  };
}

/** The hand-off steps the case has taken; none for a case that never took one, so older memos stay as they were. */
function handoffOf(history: CaseContext['history']): HandoffFigures | undefined {
  const count = (type: string) => history.filter((h) => h.type === type).length;
  const figures = {
    transfers: count('TRANSFER_FOR_PROSECUTION'),
    returns: count('RETURN_FOR_SUPPLEMENTARY'),
    arrestsRequested: count('REQUEST_ARREST'),
    arrestsApproved: count('APPROVE_ARREST'),
  };
  return figures.transfers || figures.arrestsRequested ? figures : undefined;
}

/**
 * What the case contributes to `GET /stats`, from its context alone. Every field changes only together with the
 * stage, the overdue flag, the open warnings or the assignee, so the workflow's memo upsert keeps its old cadence.
 */
export function caseFigures(ctx: CaseContext, stage: Stage): CaseFigures {
  const history = ctx.history;
  const handoff = handoffOf(history);
  return {
    v: 1,
    registered: history.some((h) => h.type === 'REGISTER'),
    notified: history.some((h) => h.type === 'NOTIFY' && h.from === 'registered'),
    filings: history.filter((h) => h.type === 'FILE').length,
    reviewed: history.filter((h) => h.type === 'APPROVE' || h.type === 'REJECT').length,
    closed: stage === 'closed',
    limits: inPolicyOrder(ctx.deadlines.map((d) => d.limit)),
    late: inPolicyOrder(ctx.deadlines.filter(isLate).map((d) => d.limit)),
    stays: staysOf(ctx),
    remedies: remediesOf(history),
    ...(handoff ? { handoff } : {}),
    ...(ctx.assignee ? { assigned: true as const } : {}),
  };
}
