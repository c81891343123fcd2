// Runs inside the workflow sandbox (bundled with the workflows): no Node, no I/O, only the SDK's meter,
// whose calls are dropped on replay, so a case replayed after a cache eviction is not counted twice.
import { metricMeter, workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { CaseView } from '../contracts/case';
import { APPLY_EVENT_UPDATE, CASE_WORKFLOW_TYPE } from '../contracts/names';
import type { Delivery } from '../contracts/webhooks';

type CarriedOutbox = { carried?: { context?: { outbox?: Array<{ id: string }> } } };

/**
 * Counts what only the workflow decides: a case closing (the update whose result is closed) and an escalation
 * being raised (its delivery scheduled). Every log line of a case workflow carries its caseId.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  const info = workflowInfo();
  if (info.workflowType !== CASE_WORKFLOW_TYPE) return {};
  const caseId = info.workflowId;
  // Deliveries carried across continue-as-new were counted by the run that raised them.
  let carried = new Set<string>();
  return {
    inbound: [
      {
        execute(input, next) {
          carried = new Set(((input.args[0] ?? {}) as CarriedOutbox).carried?.context?.outbox?.map((d) => d.id) ?? []);
          return next(input);
        },
        async handleUpdate(input, next) {
          const result = await next(input);
          const view = result as CaseView;
          // Not the outcome as a label: it is free text from the case system, so its values are unbounded.
          if (input.name === APPLY_EVENT_UPDATE && view?.status === 'closed') {
            metricMeter
              .createCounter('caseflow_cases_closed_total', 'cases', 'Cases closed (by CLOSE, or NOTIFY of a declined report)')
              .add(1, { category: view.category });
          }
          return result;
        },
      },
    ],
    outbound: [
      {
        scheduleActivity(input, next) {
          const delivery = input.args[0] as Delivery | undefined;
          if (input.activityType === 'deliverWebhook' && delivery?.kind === 'escalation' && !carried.has(delivery.id)) {
            metricMeter
              .createCounter('caseflow_escalations_raised_total', 'escalations', 'Escalations raised by the legal clock')
              .add(1, { level: delivery.level ?? 'none', limit: delivery.limit });
          }
          return next(input);
        },
        getLogAttributes(input, next) {
          return next({ ...input, caseId });
        },
      },
    ],
  };
};
