import type { CaseCommand } from '../contracts/case';
import type { CaseEventType, LimitName } from '../contracts/vocabulary';
import type { CaseContext } from './case-context';
import { runningDeadline } from './deadlines';

// The procuratorate's filing supervision (立案监督, contract section 12): it asks the police why a report was not
// filed, the police explain, and it may notify them to file, which only a filing then answers.

type Refusal = string | null;
type SupervisionEvent = 'REQUEST_FILING_EXPLANATION' | 'EXPLAIN_NOT_FILING' | 'NOTIFY_TO_FILE';
const supervisionEvents: readonly SupervisionEvent[] = ['REQUEST_FILING_EXPLANATION', 'EXPLAIN_NOT_FILING', 'NOTIFY_TO_FILE'];

/** A limit the close of an unfiled case does not meet: the police still owe the procuratorate their explanation. */
export const outlivesClose: readonly LimitName[] = ['filingExplanation'];
/** What a filing (`FILE { decision: "file" }`) answers besides the file limit itself. */
export const metByFiling: readonly LimitName[] = ['filingExplanation', 'filingOnNotice'];

export const isSupervision = (type: CaseEventType): type is SupervisionEvent => (supervisionEvents as readonly string[]).includes(type);

/** Declined (a decline was approved) and not filed since, or its file limit overdue: what the procuratorate may ask about. */
function notSupervisable(ctx: CaseContext): Refusal {
  if (ctx.request.category !== 'criminal') return `filing supervision is of criminal reports; this case is ${ctx.request.category}`;
  if (ctx.decision === 'file') return 'the case was filed';
  const declined = Boolean(ctx.declineApproved) || ctx.outcome === 'not_filed';
  return declined || runningDeadline(ctx, 'file')?.status === 'overdue' ? null : 'the case was not declined, and its file limit is not overdue';
}

function eventRefusal(ctx: CaseContext, type: SupervisionEvent): Refusal {
  const asked = runningDeadline(ctx, 'filingExplanation');
  switch (type) {
    case 'REQUEST_FILING_EXPLANATION':
      return asked ? `a filing explanation was already asked at ${asked.startedAt}, due ${asked.dueAt}` : notSupervisable(ctx);
    case 'EXPLAIN_NOT_FILING':
      return asked ? null : 'no filing explanation is asked of this case';
    case 'NOTIFY_TO_FILE': {
      const notified = runningDeadline(ctx, 'filingOnNotice');
      return notified ? `the police were already notified to file at ${notified.startedAt}, due ${notified.dueAt}` : notSupervisable(ctx);
    }
  }
}

/** Why a filing-supervision event is refused now, or null; rules.ts asks this for these events. */
export function supervisionRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  return isSupervision(ev.type) ? eventRefusal(ctx, ev.type) : null;
}

/** The supervision events the case takes now: the machine offers them in every stage, the case's state decides. */
export function supervisionOffered(ctx: CaseContext): CaseEventType[] {
  return supervisionEvents.filter((type) => eventRefusal(ctx, type) === null);
}

/** The procuratorate a supervision step acts for (the edge names the sender's own): the org it acts through. */
export function supervisingOrg(ev: CaseCommand): string | undefined {
  return (ev.type === 'REQUEST_FILING_EXPLANATION' || ev.type === 'NOTIFY_TO_FILE') ? ev.procuratorate : undefined;
}

/** The procuratorates that hold or have held the case, with the sender's: from now on it may see the case. */
export function heldBy(ctx: CaseContext, ev: CaseCommand): string[] | undefined {
  const org = 'procuratorate' in ev ? ev.procuratorate : undefined;
  return org ? [...new Set([...(ctx.orgs ?? []), org])] : ctx.orgs;
}

/** The reason a decline is refused after a notice to file. */
export function noticeToFileBecause(ev: CaseCommand): string {
  const org = 'procuratorate' in ev && ev.procuratorate ? `procuratorate ${ev.procuratorate}` : 'the procuratorate';
  return `${org} notified the police to file at ${ev.at} (${ev.by}); the case must be filed`;
}
