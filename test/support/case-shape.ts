// What a case's workflow history says happened, without the noise a crashed worker adds (workflow tasks that timed
// out or failed and were retried elsewhere, activity attempts): accepted events, scheduled activities, the ending.
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { openPayload } from '../../temporal/encryption-codec';
import { testEncryptionKeys } from './test-keys';

type History = temporal.api.history.v1.IHistory;

const testKeys = new Map(testEncryptionKeys.map((k) => [k.id, k.key]));

function eventTypeOf(args: temporal.api.common.v1.IPayloads | null | undefined): string {
  const sealed = args?.payloads?.[0];
  // Sealed by the payload codec with this test file's key (test/support/test-keys.ts).
  const data = sealed && openPayload(testKeys, sealed as Payload).data;
  if (!data) return '?';
  return String((JSON.parse(Buffer.from(data).toString('utf8')) as { type?: unknown }).type);
}

/** e.g. `update applyEvent REGISTER`, `activity deliverWebhook`, `completed`. */
export function shapeOf(history: History): string[] {
  const shape: string[] = [];
  for (const e of history.events ?? []) {
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (accepted) shape.push(`update ${accepted.name} ${eventTypeOf(accepted.args)}`);
    const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) shape.push(`activity ${activity}`);
    if (e.workflowExecutionCompletedEventAttributes) shape.push('completed');
    if (e.workflowExecutionFailedEventAttributes) shape.push('failed');
    if (e.workflowExecutionTerminatedEventAttributes) shape.push('terminated');
    if (e.workflowExecutionContinuedAsNewEventAttributes) shape.push('continued-as-new');
  }
  return shape;
}

/** Workflow tasks that did not complete where they started: the kill's footprint, kept out of the shape. */
export function retriedWorkflowTasks(history: History): number {
  return (history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes).length;
}

/** The identities of the workers that completed this case's workflow tasks. */
export function workerIdentities(history: History): Set<string> {
  return new Set((history.events ?? []).flatMap((e) => e.workflowTaskCompletedEventAttributes?.identity ?? []));
}
