// The register limit's overdue escalations of a case on the fault cluster, checked against the contract: its overdue
// instants are the due and then every repeat; each instant is raised by exactly one escalation (its own, or one that
// folded it in as `missed`), at the rung of the chain of that instant; and what the receiver took under each id is
// what the case shows.
import { expect } from 'vitest';
import type { EscalationView } from '../../contracts/case';
import type { Call } from '../support/http-client';
import { waitFor } from '../support/processes';
import { tokens } from '../support/stack';
import type { Received } from '../support/webhook-receiver';

export type Receiver = { accepted: () => Received[]; deliveriesOf: (id: string) => Received[] };
type View = { caseId: string; escalations: EscalationView[]; deadlines: Array<{ limit: string; dueAt: string }> };

/**
 * Per overdue escalation of the register limit, the indices of the instants it stands for: the k-th instant is
 * `dueAt + k * repeatMs`, and an escalation raised for instant k with `missed` m stands for k-m..k. Every instant up
 * to the last one raised is covered exactly once, in order, each escalation at the rung of its own instant.
 */
export function overdueInstants(view: View, repeatMs: number, chain: readonly string[]) {
  const dueAt = Date.parse(view.deadlines.find((d) => d.limit === 'register')!.dueAt);
  const overdue = view.escalations.filter((e) => e.limit === 'register' && e.level === 'overdue');
  let next = 0;
  return overdue.map((e) => {
    const k = (Date.parse(e.raisedAt) - dueAt) / repeatMs;
    expect(Number.isInteger(k), `${view.caseId}: ${e.raisedAt} is an overdue instant of a due at ${new Date(dueAt).toISOString()}`).toBe(true);
    const first = k - (e.missed ?? 0);
    expect(first, `${view.caseId}: instants ${next}..${k} raised once each, in order`).toBe(next);
    expect(e.target, `${view.caseId}: the rung of instant ${k}`).toBe(chain[Math.min(k, chain.length - 1)]);
    next = k + 1;
    return { escalation: e, instants: { first, last: k }, at: (i: number) => dueAt + i * repeatMs };
  });
}

/**
 * The overdue instants of the register limit that fell due within [from, to] (the engine down) were all raised by one
 * escalation, with the ones before it folded into `missed`. Returns that escalation.
 */
export function foldedEscalation(view: View, repeatMs: number, chain: readonly string[], from: number, to: number): EscalationView {
  const covered = overdueInstants(view, repeatMs, chain);
  const inWindow = covered.filter(({ instants, at }) => at(instants.last) >= from && at(instants.first) <= to);
  expect(inWindow.length, `${view.caseId}: overdue instants in the outage raised by one escalation`).toBe(1);
  const [{ escalation, instants, at }] = inWindow as [(typeof covered)[number]];
  // Coverage is contiguous (above), so the one escalation holds every instant of the outage if it reaches its last.
  expect(at(instants.last) + repeatMs > to, `${view.caseId}: every instant of the outage folded into it`).toBe(true);
  return escalation;
}

/** Reads the case until its register limit has been raised past `instant` (the worker caught up with it). */
export async function caughtUp(read: Call, caseId: string, instant: number, repeatMs: number): Promise<View> {
  let view: View | undefined;
  await waitFor(
    async () => {
      const res = await read('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
      if (res.status !== 200) return false;
      view = res.body as View;
      const raised = view.escalations.filter((e) => e.limit === 'register' && e.level === 'overdue').map((e) => Date.parse(e.raisedAt));
      return raised.length > 0 && Math.max(...raised) + repeatMs > instant;
    },
    `${caseId} to catch up`,
    120_000,
  );
  return view!;
}

/** Every escalation the case shows reached the receiver, each delivery under its id the same as the case shows it. */
export async function expectDelivered(receiver: Receiver, view: View): Promise<void> {
  const ids = view.escalations.map((e) => e.id);
  await waitFor(() => ids.every((id) => receiver.deliveriesOf(id).length > 0), `the escalations of ${view.caseId} to be delivered`, 90_000);
  for (const e of view.escalations) {
    for (const delivered of receiver.deliveriesOf(e.id)) {
      expect(delivered).toMatchObject({ id: e.id, kind: 'escalation', caseId: view.caseId, limit: e.limit, level: e.level, target: e.target, dueAt: e.dueAt, raisedAt: e.raisedAt });
    }
  }
}
