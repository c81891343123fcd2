import type { CaseCommand } from '../contracts/case';
import {
  custodyLimits,
  limitOwners,
  MAX_SUPPLEMENTARY_RETURNS,
  type Agency,
  type CaseEventType,
  type LimitName,
} from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext } from './case-context';

// Hand-off to prosecutors and courts (contract section 9): who holds the case, the arrest, the hand-offs and their
// rules. Pure, zod-free: the workflow bundle carries it.

export type Document = { kind: string; title: string; sha256: string; uri?: string };
export type Arrest = { status: 'requested' | 'approved' | 'denied'; procuratorate: string; requestedAt: string; decidedAt: string | null };
export type Handoff = {
  type: CaseEventType;
  from: string;
  to: string;
  at: string;
  by: string;
  documents: Document[];
  reason?: string;
  jws: string | null;
};
/** What a case keeps of its hand-offs; every field absent on cases from before them. */
export type HandoffState = {
  agency?: Agency;
  /** The procuratorate or court holding the case now; null while the police hold it. */
  holder?: string | null;
  /** The procuratorates and courts that hold or have held the case: they may see it. */
  orgs?: string[];
  /** Set by DETAIN: hand-off limits then count under custody. */
  detained?: { at: string; roaming: boolean } | null;
  arrest?: Arrest | null;
  handoffs?: Handoff[];
};

type Refusal = string | null;
export type HandoffEvent = Extract<
  CaseCommand,
  { type: 'TRANSFER_FOR_PROSECUTION' | 'RETURN_FOR_SUPPLEMENTARY' | 'RETRANSFER' | 'PROSECUTE' | 'NOT_PROSECUTE' | 'JUDGE' }
>;

const handoffTypes: ReadonlySet<CaseEventType> = new Set(['TRANSFER_FOR_PROSECUTION', 'RETURN_FOR_SUPPLEMENTARY', 'RETRANSFER', 'PROSECUTE', 'NOT_PROSECUTE', 'JUDGE']);
export const isHandoff = (ev: CaseCommand): ev is HandoffEvent => handoffTypes.has(ev.type);

/** The agency whose chain a limit escalates along. */
export const ownerOf = (limit: LimitName): Agency => limitOwners[limit] ?? 'police';

/** Whether a limit counts under custody: the arrest limits always, the others as the case's flag (DETAIN sets it). */
export function countsInCustody(ctx: CaseContext, limit: LimitName): boolean {
  return custodyLimits.includes(limit) || ctx.request.custody || Boolean(ctx.detained);
}

export const returnsOf = (ctx: CaseContext): number => (ctx.handoffs ?? []).filter((h) => h.type === 'RETURN_FOR_SUPPLEMENTARY').length;

/**
 * The org an agency's event must come from: the procuratorate asked for the arrest (its decision, or the extension of
 * the limit to decide it), or the holder of the case.
 */
export function actingOrg(ctx: CaseContext, command: CaseCommand): string | null {
  const arrestStep = command.type === 'APPROVE_ARREST' || command.type === 'DENY_ARREST' || (command.type === 'EXTEND' && command.limit === 'arrestDecision');
  return arrestStep ? (ctx.arrest?.procuratorate ?? null) : (ctx.holder ?? null);
}

/** Who holds a case, as its context or its view tells it. */
export type Holding = { station: string; holder?: string | null; handoffs?: readonly { type: string; to: string }[] };

/**
 * The hand-off's route: from the unit or org holding the case to the one receiving it. The API edge asks it of the
 * view to sign the hand-off, the machine of its context to record it; both are the same case.
 */
export function routeOf(ctx: Holding, ev: HandoffEvent): { from: string; to: string } {
  const holder = ctx.holder ?? ctx.station;
  switch (ev.type) {
    case 'TRANSFER_FOR_PROSECUTION':
      return { from: ctx.station, to: ev.procuratorate };
    case 'RETRANSFER':
      return { from: ctx.station, to: lastProcuratorate(ctx) ?? holder };
    case 'PROSECUTE':
      return { from: holder, to: ev.court };
    case 'RETURN_FOR_SUPPLEMENTARY':
    case 'NOT_PROSECUTE':
      return { from: holder, to: ctx.station };
    case 'JUDGE':
      return { from: holder, to: lastProcuratorate(ctx) ?? ctx.station };
  }
}

function lastProcuratorate(ctx: Holding): string | undefined {
  return (ctx.handoffs ?? []).findLast((h) => h.type === 'TRANSFER_FOR_PROSECUTION')?.to;
}

/** The case after a hand-off event: who holds it, which orgs have held it, the hand-off recorded (unsigned yet). */
export function handedOff(ctx: CaseContext, ev: HandoffEvent, jws: string | null): HandoffState {
  const route = routeOf(ctx, ev);
  const reason = 'reason' in ev ? ev.reason : ev.type === 'JUDGE' ? ev.verdict : undefined;
  const handoff: Handoff = { type: ev.type, ...route, at: ev.at, by: ev.by, documents: ev.documents, ...(reason ? { reason } : {}), jws };
  const toPolice = ev.type === 'RETURN_FOR_SUPPLEMENTARY';
  const agency: Agency = ev.type === 'PROSECUTE' || ev.type === 'JUDGE' ? 'court' : toPolice ? 'police' : 'procuratorate';
  const holder = toPolice ? null : ev.type === 'NOT_PROSECUTE' || ev.type === 'JUDGE' ? (ctx.holder ?? null) : route.to;
  return { agency, holder, orgs: held(ctx, holder), handoffs: [...(ctx.handoffs ?? []), handoff] };
}

export function held(ctx: CaseContext, org: string | null | undefined): string[] {
  const orgs = ctx.orgs ?? [];
  return org && !orgs.includes(org) ? [...orgs, org] : orgs;
}

/** The limit a hand-off started, or the one it closed the case on: the webhook names it and its due. */
const handoffLimit: Record<HandoffEvent['type'], LimitName> = {
  TRANSFER_FOR_PROSECUTION: 'prosecutionReview',
  RETRANSFER: 'prosecutionReview',
  RETURN_FOR_SUPPLEMENTARY: 'supplementary',
  PROSECUTE: 'trial',
  NOT_PROSECUTE: 'prosecutionReview',
  JUDGE: 'trial',
};

/** The `handoff` webhook of the case's latest hand-off, carrying its JWS (contract section 9). */
export function handoffDelivery(ctx: CaseContext): Delivery | null {
  const handoffs = ctx.handoffs ?? [];
  const last = handoffs.at(-1);
  if (!last) return null;
  const limit = handoffLimit[last.type as HandoffEvent['type']];
  const due = ctx.deadlines.findLast((d) => d.limit === limit)?.dueAt ?? last.at;
  return {
    id: `${ctx.request.caseId}:handoff:${handoffs.length - 1}`,
    kind: 'handoff',
    caseId: ctx.request.caseId,
    station: ctx.station,
    limit,
    level: null,
    target: last.to,
    dueAt: due,
    raisedAt: last.at,
    handoff: { type: last.type, from: last.from, to: last.to },
    ...(last.jws ? { jws: last.jws } : {}),
  };
}

/** Why a hand-off step is refused, or null (rules.ts asks this for these events). */
export function handoffRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  return stepRefusal(ctx, ev) ?? staleSignature(ctx, ev);
}

/** A hand-off signed for a route the case no longer has (another event came between the signing and this one). */
function staleSignature(ctx: CaseContext, ev: CaseCommand): Refusal {
  if (!isHandoff(ev) || !ev.signedRoute) return null;
  const route = routeOf(ctx, ev);
  if (route.from === ev.signedRoute.from && route.to === ev.signedRoute.to) return null;
  return `the case changed hands while the hand-off was signed (${ev.signedRoute.from}→${ev.signedRoute.to}, now ${route.from}→${route.to}); send it again`;
}

function stepRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  const criminal = ctx.request.category === 'criminal' ? null : `hand-offs to the procuratorate are for criminal cases; this case is ${ctx.request.category}`;
  switch (ev.type) {
    case 'DETAIN':
      return criminal ?? (ctx.detained ? `the suspect is already detained since ${ctx.detained.at}` : null);
    case 'REQUEST_ARREST':
      if (criminal) return criminal;
      if (ctx.arrest?.status === 'requested') return `an arrest request to ${ctx.arrest.procuratorate} awaits its decision since ${ctx.arrest.requestedAt}`;
      return ctx.arrest?.status === 'approved' ? `the arrest was already approved at ${ctx.arrest.decidedAt}` : null;
    case 'APPROVE_ARREST':
    case 'DENY_ARREST':
      return ctx.arrest?.status === 'requested' ? null : 'no arrest request awaits a decision';
    case 'TRANSFER_FOR_PROSECUTION':
      return criminal;
    case 'RETURN_FOR_SUPPLEMENTARY':
      return returnsOf(ctx) < MAX_SUPPLEMENTARY_RETURNS
        ? null
        : `the case was already returned for supplementary investigation ${MAX_SUPPLEMENTARY_RETURNS} times, the most the law allows (art. 175)`;
    default:
      return null;
  }
}
