import { createHash } from 'node:crypto';
import { ScheduleAlreadyRunning, type CalendarSpec, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Policy } from '../contracts/policy';
import { MODELS_WORKFLOW_TYPE } from '../contracts/names';
import { deploymentId, sweepKinds, sweepWorkflowId, SWEEP_WORKFLOW_TYPE, type SweepInput, type SweepKind } from '../contracts/sweeps';

/** 08:00 in the policy time zone: the start of the working day, when the night's reports should be in order. */
const AT = { hour: 8, minute: 0 };
const calendars: Record<SweepKind, CalendarSpec[]> = {
  daily: [AT],
  monthly: [{ ...AT, dayOfMonth: 1 }],
  quarterly: [{ ...AT, dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] }],
};

const DEFINITION = 'sweepDefinition';

export const scheduleId = (kind: SweepKind, taskQueue: string) => deploymentId(`caseflow-sweep-${kind}`, taskQueue);

function sweepSchedule(kind: SweepKind, taskQueue: string, policy: Policy): ScheduleOptions {
  const input: SweepInput = { kind, timezone: policy.timezone, backlogAge: policy.backlogAge };
  const definition = {
    spec: { calendars: calendars[kind], timezone: policy.timezone },
    // The schedule appends the scheduled time to this id, so every run has its own: the report's id.
    action: { type: 'startWorkflow' as const, workflowType: SWEEP_WORKFLOW_TYPE, workflowId: sweepWorkflowId(kind, taskQueue), taskQueue, args: [input] },
    // A worker down over the sweep time runs it once when back, not once per missed day.
    policies: { catchupWindow: '1 day', overlap: 'SKIP' as const },
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
  // In the action's memo rather than the schedule's note, which operators write when they pause it.
  return { scheduleId: scheduleId(kind, taskQueue), ...definition, action: { ...definition.action, memo: { [DEFINITION]: fingerprint } } };
}

/** The daily models run, at 03:00 in the policy time zone: a quiet hour, and before the working day's sweep. */
export const modelsScheduleId = (taskQueue: string) => deploymentId('caseflow-models', taskQueue);

export async function ensureModelsSchedule(client: Client, taskQueue: string, policy: Policy): Promise<ScheduleOutcome> {
  const definition = {
    spec: { calendars: [{ hour: 3, minute: 0 }], timezone: policy.timezone },
    action: { type: 'startWorkflow' as const, workflowType: MODELS_WORKFLOW_TYPE, workflowId: modelsScheduleId(taskQueue), taskQueue, args: [] },
    policies: { catchupWindow: '1 day', overlap: 'SKIP' as const },
  };
  try {
    await client.schedule.create({ scheduleId: modelsScheduleId(taskQueue), ...definition });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    return 'unchanged';
  }
}

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates the three sweep schedules, at every start of every worker. One already there is left alone when it was
 * made from the same definition (a fingerprint in its action's memo), and brought up to date when the policy's
 * time zone or backlog age changed, keeping any pause an operator set.
 */
export async function ensureSweepSchedules(client: Client, taskQueue: string, policy: Policy): Promise<Record<SweepKind, ScheduleOutcome>> {
  const outcomes = {} as Record<SweepKind, ScheduleOutcome>;
  for (const kind of sweepKinds) {
    const { scheduleId: id, ...wanted } = sweepSchedule(kind, taskQueue, policy);
    try {
      await client.schedule.create({ scheduleId: id, ...wanted });
      outcomes[kind] = 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      const handle = client.schedule.getHandle(id);
      const current = await handle.describe();
      if (current.action.memo?.[DEFINITION] === wanted.action.memo?.[DEFINITION]) {
        outcomes[kind] = 'unchanged';
        continue;
      }
      await handle.update((previous) => ({ ...wanted, state: previous.state }));
      outcomes[kind] = 'updated';
    }
  }
  return outcomes;
}
