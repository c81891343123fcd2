import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SweepActivities } from '../activities/sweeps';
import type { SweepInput, SweepReport } from '../contracts/sweeps';

const { sweepCases, recordSweep } = proxyActivities<SweepActivities>({ startToCloseTimeout: '2 minutes' });
const { deliverSweep } = proxyActivities<SweepActivities>({
  startToCloseTimeout: '30 seconds',
  // As for escalations: retried until a receiver takes the report.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One sweep, scheduled or on demand; its workflow id is the report's id. The report is recorded in the ledger
 * before it is posted, so `GET /sweeps/:id` answers while a refusing receiver is still being retried.
 */
export async function sweepWorkflow(input: SweepInput): Promise<SweepReport> {
  const { workflowId, startTime } = workflowInfo();
  const report = await sweepCases({ ...input, id: workflowId, asOf: startTime.toISOString() });
  await recordSweep(report);
  await deliverSweep(report);
  return report;
}

export { sweepLedgerWorkflow } from './sweep-ledger';
