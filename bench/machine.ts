import { loadPolicy } from '../config/policy';
import type { CaseCommand } from '../contracts/case';
import { decide, openCase, toView } from '../machines/case-engine';
import { lifecycle } from './api';
import { now } from './stats';

/**
 * The pure machine alone (what each Update's validator and handler run): open a case, then decide the five
 * lifecycle events, for `durationMs`. A transition is one accepted `decide` and the view it answers with.
 */
export function machineBench(durationMs: number) {
  const policy = loadPolicy();
  const reportedAt = Date.parse('2026-03-02T01:00:00Z');
  let transitions = 0;
  let cases = 0;
  const started = now();
  const cpu = process.cpuUsage();
  while (now() - started < durationMs) {
    const request = { caseId: `M-${cases}`, category: 'administrative' as const, station: 'S01', unitType: 'station' as const, reportedAt: new Date(reportedAt).toISOString(), custody: false };
    let snapshot = openCase({ request, policy });
    lifecycle.forEach((event, i) => {
      const decision = decide(snapshot, { ...event, at: new Date(reportedAt + (i + 1) * 60_000).toISOString(), by: 'bench' } as CaseCommand);
      if (!decision.ok) throw new Error(`machine refused ${event.type}: ${decision.refusal.reason}`);
      snapshot = decision.snapshot;
      if (toView(snapshot).history.length !== i + 1) throw new Error(`the view after ${event.type} lost its history`);
      transitions += 1;
    });
    cases += 1;
  }
  const seconds = (now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // On a shared machine the wall clock counts the time other processes had the core; this process's CPU time does not.
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { transitionsPerSecond: transitions / seconds, casesPerSecond: cases / seconds, transitionsPerCpuSecond: transitions / cpuSeconds };
}
