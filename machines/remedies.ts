import type { CaseCommand, CaseView, HistoryEntry } from '../contracts/case';
import { remedyDefaults, type CaseEventType, type LimitName, type RemedyWindowName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext, RemedyWindow } from './case-context';
import { clockRules, runningDeadline } from './deadlines';
import { computeDue } from './legal-clock';

// The reporter's remedies after a criminal report was declined (contract section 12): reconsideration by the same
// bureau, then review by the level above, each asked within its window and decided within its limit.

type Refusal = string | null;
type Asked = 'REQUEST_RECONSIDERATION' | 'REQUEST_REVIEW';

const ms = (iso: string) => Date.parse(iso);

/** The window each request must fall in, and the remedy it asks for. */
const asks: Record<Asked, { window: RemedyWindowName; remedy: string }> = {
  REQUEST_RECONSIDERATION: { window: 'reconsiderationWindow', remedy: 'a reconsideration' },
  REQUEST_REVIEW: { window: 'reviewWindow', remedy: 'a review by the level above' },
};

/** A case started under a policy from before remedies existed counts by the law's defaults. */
function windowDuration(ctx: CaseContext, name: RemedyWindowName): string {
  const remedies = ctx.policy.remedies as CaseContext['policy']['remedies'] | undefined;
  return remedies?.[name] ?? remedyDefaults.windows[name];
}

/** A window opened at `at` (the decline notice, an upheld reconsideration) and closing on the legal clock. */
export function openWindow(ctx: CaseContext, name: RemedyWindowName, at: string): RemedyWindow | null {
  if (ctx.request.category !== 'criminal') return null;
  return { name, opensAt: at, closesAt: computeDue(at, windowDuration(ctx, name), clockRules(ctx), ctx.request.custody) };
}

/**
 * When a closed case's window closes, while one is open at `now`: the workflow keeps the case's run open until
 * then, so the remedy reopens the same run, with its one history and its deadlines.
 */
export function windowClosesAt(ctx: CaseContext, now: string): string | null {
  const window = ctx.remedyWindow;
  return window && ms(now) < ms(window.closesAt) ? window.closesAt : null;
}

function windowPassed(type: Asked, window: Pick<RemedyWindow, 'opensAt' | 'closesAt'>): string {
  const { window: name, remedy } = asks[type];
  return `${remedy} may be asked only within the ${name}, from ${window.opensAt}; it closed at ${window.closesAt}`;
}

/** Remedies follow a declined criminal report only. */
function undeclined(category: string, outcome: string | null): Refusal {
  if (category !== 'criminal') return `the reporter's remedies are for declined criminal reports; this case is ${category}`;
  return outcome === 'not_filed' ? null : `the case was filed (outcome ${outcome}); only a declined report has remedies`;
}

function askRefusal(ctx: CaseContext, ev: CaseCommand & { type: Asked }): Refusal {
  const notDeclined = undeclined(ctx.request.category, ctx.outcome);
  if (notDeclined) return notDeclined;
  const window = ctx.remedyWindow;
  const { window: name, remedy } = asks[ev.type];
  if (window?.name === name) return ms(ev.at) < ms(window.closesAt) ? null : `${windowPassed(ev.type, window)} (${windowDuration(ctx, name)})`;
  if (ev.type === 'REQUEST_REVIEW' && window?.name === 'reconsiderationWindow') {
    return 'a review by the level above may be asked only after an upheld reconsideration; ask for reconsideration first';
  }
  const decided = ctx.history.findLast((h) => h.type === 'RECONSIDER' || h.type === 'REVIEW_DECISION');
  const why = decided ? `the decline was already decided on ${decided.type} at ${decided.at}` : 'the decline predates the reporter\'s remedies';
  return `no ${name} is open for ${remedy}: ${why}`;
}

/** The remedy a closed case offers its reporter: the one whose window was opened last, not yet used nor passed at `at`. */
export function remediesOffered(ctx: CaseContext, at?: string): CaseEventType[] {
  const window = ctx.remedyWindow;
  const open = window && (at === undefined || ms(at) < ms(window.closesAt));
  const name = ctx.outcome === 'not_filed' && open ? window.name : undefined;
  return (Object.keys(asks) as Asked[]).filter((type) => asks[type].window === name);
}

/** Why a remedy step (or a decline the remedies closed) is refused, or null; rules.ts asks this for these events. */
export function remedyRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  switch (ev.type) {
    case 'REQUEST_RECONSIDERATION':
    case 'REQUEST_REVIEW':
      return askRefusal(ctx, ev);
    case 'FILE':
      return ev.decision === 'decline' && ctx.mustFile ? `a decline is no longer open to this case: ${ctx.mustFile}` : null;
    default:
      return null;
  }
}

/**
 * The same refusal for a case whose run already ended (its window passed in real time too), from its last view:
 * the gateway's answer when no workflow is left to ask.
 */
export function endedCaseRefusal(view: CaseView, type: CaseEventType): Refusal {
  if (type !== 'REQUEST_RECONSIDERATION' && type !== 'REQUEST_REVIEW') return null;
  const window = view.remedyWindow;
  return undeclined(view.category, view.outcome) ?? (window?.name === asks[type].window ? windowPassed(type, window) : null);
}

/** What the history keeps of a step's own words: a decline's reason, a remedy's or a supervision step's reason and decision. */
export function statedOf(command: CaseCommand): Pick<HistoryEntry, 'reason' | 'decision'> {
  switch (command.type) {
    case 'FILE':
      return command.decision === 'decline' && command.reason ? { reason: command.reason } : {};
    case 'REQUEST_RECONSIDERATION':
    case 'REQUEST_REVIEW':
    case 'REQUEST_FILING_EXPLANATION':
    case 'EXPLAIN_NOT_FILING':
    case 'NOTIFY_TO_FILE':
    case 'DENY_ARREST':
    case 'RETURN_FOR_SUPPLEMENTARY':
    case 'NOT_PROSECUTE':
      return { reason: command.reason };
    case 'RECONSIDER':
    case 'REVIEW_DECISION':
      return { decision: command.decision, reason: command.reason };
    default:
      return {};
  }
}

/** Why a revoke leaves the case no decline: the reason FILE { decision: "decline" } is refused with from then on. */
export function revokedBecause(ev: CaseCommand): string {
  const by = ev.type === 'REVIEW_DECISION' ? 'review by the level above' : 'reconsideration';
  return `the decline was revoked on ${by} at ${ev.at} (${ev.by}); the case must be filed`;
}

/**
 * The reporter's notice of a remedy decision: the decision, its reason, and when what comes next is due (the review
 * window's close after an upheld reconsideration, the filing limit after a revoke, the decision itself otherwise).
 */
export function decisionNotice(ctx: CaseContext, ev: CaseCommand, limit: LimitName): Pick<Delivery, 'limit' | 'dueAt' | 'decision' | 'reason'> {
  if (ev.type !== 'RECONSIDER' && ev.type !== 'REVIEW_DECISION') throw new Error(`${ev.type} is no remedy decision`);
  const next = ev.decision === 'revoke' ? runningDeadline(ctx, 'file')?.dueAt : ctx.remedyWindow?.closesAt;
  return { limit, dueAt: next ?? ev.at, decision: ev.decision, reason: ev.reason };
}
