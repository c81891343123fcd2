import { randomUUID } from 'node:crypto';
import { QueryNotRegisteredError, type Client } from '@temporalio/client';
import type { Policy } from '../contracts/policy';
import {
  ledgerId,
  legacyLedgerId,
  rankByRectifications,
  sweepWorkflowId,
  SWEEP_WORKFLOW_TYPE,
  type SweepInput,
  type SweepKind,
  type SweepReport,
  type SweepSummary,
} from '../contracts/sweeps';
import { sweepListQuery, sweepReportQuery } from '../contracts/sweep-messages';
import type { Principal } from '../contracts/tokens';
import { canSee } from './auth';
import { CaseNotFoundError, guarded, TemporalUnavailableError } from './errors';

export type SweepGateway = ReturnType<typeof createSweepGateway>;

const NOT_READY_RETRIES = 5;
const NOT_READY_PAUSE_MS = 300;

/**
 * Until the first sweep has been recorded there is no ledger: that is an empty ledger, not an error. Just after the
 * first sweep started it, the ledger cannot answer a Query until its first task ran (the server says so as
 * unavailable), so that is asked again a few times before the caller gets a 503.
 */
async function orNone<T>(call: () => Promise<T>, none: T): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await guarded('', call);
    } catch (err) {
      // Not there, or not a ledger: a case may hold the legacy ledger's id (it was in the case id space).
      if (err instanceof CaseNotFoundError || err instanceof QueryNotRegisteredError) return none;
      if (!(err instanceof TemporalUnavailableError) || attempt >= NOT_READY_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, NOT_READY_PAUSE_MS));
    }
  }
}

export function createSweepGateway({ client, taskQueue, policy }: { client: Client; taskQueue: string; policy: Policy }) {
  const ledger = () => client.workflow.getHandle(ledgerId(taskQueue));
  const legacy = () => client.workflow.getHandle(legacyLedgerId(taskQueue));
  return {
    /** Runs a sweep now, as its schedule would; the id is the sweep workflow's, and its report's once done. */
    async start(kind: SweepKind): Promise<{ id: string; kind: SweepKind }> {
      const id = `${sweepWorkflowId(kind, taskQueue)}-manual-${randomUUID().slice(0, 8)}`;
      const input: SweepInput = { kind, timezone: policy.timezone, backlogAge: policy.backlogAge };
      await guarded('', () => client.workflow.start(SWEEP_WORKFLOW_TYPE, { workflowId: id, taskQueue, args: [input] }));
      return { id, kind };
    },
    /** A deployment that swept before the ledger moved keeps those reports in the legacy ledger, read beside it. */
    async list(): Promise<SweepSummary[]> {
      const [current, older] = await Promise.all([
        orNone(() => ledger().query(sweepListQuery), []),
        orNone(() => legacy().query(sweepListQuery), []),
      ]);
      return [...current, ...older].sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf));
    },
    async get(id: string): Promise<SweepReport | null> {
      return (await orNone(() => ledger().query(sweepReportQuery, id), null)) ?? orNone(() => legacy().query(sweepReportQuery, id), null);
    },
  };
}

/**
 * A report as `principal` may see it: only its stations' counts, rows and rectifications, totals recounted and the
 * stations ranked again from those. A report recorded before the ranking existed has none (null).
 */
export function scopeSummary<T extends SweepSummary>(report: T, principal: Principal): T {
  const byStation = report.byStation.filter((c) => canSee(principal, c.station));
  const cases = byStation.reduce((n, c) => n + c.cases, 0);
  const overdue = byStation.reduce((n, c) => n + c.overdue, 0);
  const ranked = report.rectifications as SweepSummary['rectifications'] | undefined;
  const rectifications = ranked ? rankByRectifications(ranked.filter((r) => canSee(principal, r.station))) : null;
  return { ...report, byStation, cases, overdue, rectifications };
}

export function scopeReport(report: SweepReport, principal: Principal): SweepReport {
  return { ...scopeSummary(report, principal), rows: report.rows?.filter((r) => canSee(principal, r.station)) ?? null };
}
