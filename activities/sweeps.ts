import { activityInfo, ApplicationFailure } from '@temporalio/activity';
import { Client, type ConnectionLike } from '@temporalio/client';
import { ledgerId, recordSweepSignal, SWEEP_LEDGER_WORKFLOW_TYPE, type SweepReport } from '../contracts/sweeps';
import { runSweep, type SweepRun } from './sweep-search';
import { sign, type WebhookConfig } from './webhook';

export type SweepDeps = { connection: ConnectionLike; namespace: string; webhook: WebhookConfig };

/** What the receiver gets: `id` is the sweep's, stable across retries, so duplicates can be dropped. */
export type SweepDelivery = { id: string; kind: 'sweep'; report: SweepReport };

/** Sweeps read visibility and signal the ledger through the worker's own connection; no second connection is opened. */
export function createSweepActivities({ connection, namespace, webhook }: SweepDeps) {
  const client = new Client({ connection, namespace });
  return {
    sweepCases: (run: SweepRun): Promise<SweepReport> => runSweep(client, run),

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

    /** The signed delivery of activities/webhook.ts, with every failure retryable the same way. */
    async deliverSweep(report: SweepReport): Promise<{ sent: boolean; status: number | null }> {
      if (!webhook.url) return { sent: false, status: null };
      const body = JSON.stringify({ id: report.id, kind: 'sweep', report } satisfies SweepDelivery);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (webhook.secret) headers['x-caseflow-signature'] = sign(body, webhook.secret);
      let response: Response;
      try {
        response = await fetch(webhook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(webhook.timeoutMs ?? 10_000) });
      } catch (err) {
        throw ApplicationFailure.retryable(`webhook unreachable: ${(err as Error).message}`, 'webhook_unreachable');
      }
      await response.body?.cancel();
      if (!response.ok) throw ApplicationFailure.retryable(`webhook answered ${response.status}`, 'webhook_refused');
      return { sent: true, status: response.status };
    },
  };
}

export type SweepActivities = ReturnType<typeof createSweepActivities>;
