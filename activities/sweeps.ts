import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { recordSweepSignal } from '../contracts/sweep-messages';
import { ledgerId, SWEEP_LEDGER_WORKFLOW_TYPE, type SweepReport } from '../contracts/sweeps';
import { runSweep, type SweepRun } from './sweep-search';
import { postSigned, type WebhookConfig } from './webhook';

export type SweepDeps = { client: Client; webhook: WebhookConfig };

/** What the receiver gets: `id` is the sweep's, stable across retries, so duplicates can be dropped. */
export type SweepDelivery = { id: string; kind: 'sweep'; report: SweepReport };

/** Sweeps read visibility and signal the ledger through the worker's own connection; no second connection is opened. */
export function createSweepActivities({ client, webhook }: SweepDeps) {
  return {
    sweepCases: (run: Omit<SweepRun, 'taskQueue'>): Promise<SweepReport> => runSweep(client, { ...run, taskQueue: activityInfo().taskQueue }),

    /** Starts the ledger on first use; the ledger replaces a report it already has, so a retry is harmless. */
    async recordSweep(report: SweepReport): Promise<void> {
      const { taskQueue } = activityInfo();
      await client.workflow.signalWithStart(SWEEP_LEDGER_WORKFLOW_TYPE, {
        workflowId: ledgerId(taskQueue),
        taskQueue,
        args: [{ reports: [] }],
        signal: recordSweepSignal,
        signalArgs: [report],
      });
    },

    async deliverSweep(report: SweepReport): Promise<{ sent: boolean; status: number | null }> {
      const status = await postSigned(webhook, { id: report.id, kind: 'sweep', report } satisfies SweepDelivery);
      return { sent: status !== null, status };
    },
  };
}

export type SweepActivities = ReturnType<typeof createSweepActivities>;
