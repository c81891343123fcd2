import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseCommand, CaseView, EventRefusal, StartCaseRequest } from '../contracts/case';
import {
  applyEventUpdate,
  RECTIFICATION_NOT_ALLOWED,
  RECTIFICATION_NOT_FOUND,
  rectifyUpdate,
  CASE_MEMO_VIEW,
  CASE_OUT_OF_SCOPE,
  caseRequestQuery,
  caseViewQuery,
  EVENT_NOT_ALLOWED,
  type EventScope,
} from '../contracts/messages';
import { CASE_WORKFLOW_TYPE } from '../contracts/names';
import { seesCase } from '../contracts/scope';
import { DateTime, Duration } from 'luxon';
import type { Policy } from '../contracts/policy';
import { openCase, tick, toView, type Carried } from '../machines/case-engine';
import { calendarWarning } from '../machines/calendar-cover';
import { endedCaseRefusal } from '../machines/remedies';
import { reopenAndApply, reopens } from './case-reopen';
import { caseWorkflow } from '../workflows';
import {
  CaseExistsError,
  CaseNotFoundError,
  EventRefusedError,
  guarded,
  isNotFound,
  missingNamespace,
  NamespaceMissingError,
  RectificationNotFoundError,
  RectificationRefusedError,
  ReportTooOldError,
} from './errors';
import type { RectifyCommand, RectifyRefusal } from '../contracts/rectifications';
import { countCases, listCases, myCases, type CaseFilter, type CasePage } from './case-search';
import { openingSearchAttributes } from '../temporal/case-start';
import { listOpenWarnings, type WarningsFilter } from './warnings-search';
import { countRectifications, listRectifications, type RectificationFilter } from './rectifications-search';
import { aggregate, type StatsFilter } from './stats-figures';
import { listCaseRecords } from './stats-search';
import { createSweepGateway } from './sweep-gateway';
import { createBulkGateway } from './bulk-gateway';
import type { BulkPaging } from '../contracts/bulk';
import { countWithArchive, listWithArchive, readsArchive } from './closed-search';
import type { ClosedCaseArchive } from '../audit/closed-cases';
import { unseal } from '../temporal/sealed-payload';

export type CaseGateway = ReturnType<typeof createCaseGateway>;

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The workflow's own refusal of an Update (its validator threw an ApplicationFailure), if that is what `err` is. */
function updateRefusal(err: unknown): ApplicationFailure | undefined {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;
}

/** The workflow's refusal of an Update as the gateway's own error: the event refused, or the case out of scope. */
function throwIfRefused(err: unknown, caseId: string): void {
  const refusal = updateRefusal(err);
  if (refusal?.type === EVENT_NOT_ALLOWED) throw new EventRefusedError(refusal.details?.[0] as EventRefusal);
  if (refusal?.type === CASE_OUT_OF_SCOPE) throw new CaseNotFoundError(caseId);
}

/** The earliest `reportedAt` the policy takes now: `maxReportAge` counted back in the policy's calendar. */
function oldestReport(policy: Policy, now: number): number {
  return DateTime.fromMillis(now, { zone: policy.timezone }).minus(Duration.fromISO(policy.maxReportAge)).toMillis();
}

/**
 * Everything the HTTP edge asks of Temporal, and nothing else: routes never reach the client. The gateway owns
 * `connection` and closes it in close() (the app's onClose, through server/gateway-plugin.ts).
 */
export function createCaseGateway(deps: { client: Client; connection: Connection; taskQueue: string; policy: Policy; archive?: ClosedCaseArchive; bulkPaging?: Partial<BulkPaging> }) {
  const { client, taskQueue, policy, archive } = deps;
  const handle = (caseId: string): WorkflowHandle<typeof caseWorkflow> => client.workflow.getHandle(caseId);

  /**
   * The view the case last wrote to its memo (the API writes the first at start), answered by the server alone:
   * no worker fetches and replays the case, so a read costs the same for a case nobody touched in months, and
   * works while no worker runs. A case whose view grew too large for the memo is asked by Query instead.
   * A workflow that is not a case (one of caseflow's own, under an id from before they had an id space of their
   * own) is no case.
   */
  const get = (caseId: string): Promise<CaseView> =>
    guarded(caseId, async () => {
      const description = await handle(caseId)
        .describe()
        .catch(async (err: unknown) => {
          // Temporal's retention removed the closed case's workflow: its final view is in caseflow's archive.
          const sealed = isNotFound(err) && archive ? await archive.get(caseId, taskQueue) : undefined;
          if (sealed) return { archived: await unseal<CaseView>(client.options.loadedDataConverter, sealed) };
          throw err;
        });
      if ('archived' in description) return description.archived;
      if (description.type !== CASE_WORKFLOW_TYPE) throw new CaseNotFoundError(caseId);
      const view = description.memo?.[CASE_MEMO_VIEW] as CaseView | null | undefined;
      return view ?? handle(caseId).query(caseViewQuery);
    });

  /** A case outside the caller's stations, or never held by its orgs, does not exist for them. */
  const visible = async (caseId: string, scope: EventScope): Promise<CaseView> => {
    const view = await get(caseId);
    if (!seesCase(scope, view)) throw new CaseNotFoundError(caseId);
    return view;
  };

  /** The body a case was started with: asked of its workflow, or read from the archive once retention removed it. */
  const startedWith = (caseId: string): Promise<StartCaseRequest> =>
    handle(caseId)
      .query(caseRequestQuery)
      .catch(async (err: unknown) => {
        const archived = isNotFound(err) && archive ? await archive.ended(caseId, taskQueue) : undefined;
        if (!archived) throw err;
        return (await unseal<Carried>(client.options.loadedDataConverter, archived.state)).context.request;
      });

  /** A re-sent report: the case as GET would answer it, when the body is the one it was started with. */
  const existing = async (request: StartCaseRequest, scope: EventScope): Promise<{ created: false; view: CaseView }> => {
    const view = await visible(request.caseId, scope);
    const started = await startedWith(request.caseId);
    if (canonical(started) !== canonical(request)) throw new CaseExistsError(request.caseId);
    return { created: false, view };
  };

  return {
    /** The deployment's policy, for what the edge checks before a case is asked (the orgs a hand-off may name). */
    policy,
    get: visible,

    /**
     * Starts the case, or answers for the one already there when the body is the same. An id already taken by a case
     * outside the caller's stations (now: it may have been transferred away), or by no case at all, is answered
     * as GET would: it does not exist for the caller, and neither its body nor its view leaks.
     */
    async start(request: StartCaseRequest, scope: EventScope): Promise<{ created: boolean; view: CaseView }> {
      if (Date.parse(request.reportedAt) < oldestReport(policy, Date.now())) {
        // A case started while its report was young enough is answered to a re-send as ever; any other id (none, or
        // one the caller cannot see) gets the same 400, so the refusal says nothing of what exists.
        return guarded(request.caseId, () => existing(request, scope)).catch((err: unknown) => {
          throw err instanceof CaseNotFoundError ? new ReportTooOldError(policy.maxReportAge) : err;
        });
      }
      return guarded(request.caseId, async () => {
        try {
          // Retention freed the id of an archived case in Temporal; it is still that case's, not a new one's.
          if (archive && (await archive.ended(request.caseId, taskQueue))) return await existing(request, scope);
          // The report is registered before anything else is asked of Temporal: the case counts the phone's earlier
          // reports itself once started (a retried activity), so a throttled or failing visibility store never
          // refuses a report. No count given here is what tells the case to count.
          // The opening state is a pure function of the request and the clock, so the API writes the first view
          // itself: the case reads (GET /cases/:id) from the moment it exists, before a worker ran its first task, and
          // a backdated report already shows the limits it is late for, as the workflow's first task will.
          const view = toView(tick(openCase({ request, policy }), new Date().toISOString()));
          await client.workflow.start(caseWorkflow, {
            workflowId: request.caseId,
            taskQueue,
            args: [{ request, policy }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            memo: { [CASE_MEMO_VIEW]: view },
            typedSearchAttributes: openingSearchAttributes(request),
          });
          return { created: true, view };
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          return existing(request, scope);
        }
      });
    },

    /** One round trip: the workflow checks the scope in the Update's validator, so a refusal leaves no trace. */
    async apply(caseId: string, command: CaseCommand, scope: EventScope): Promise<CaseView> {
      return guarded(caseId, async () => {
        try {
          return await handle(caseId).executeUpdate(applyEventUpdate, { args: [command, scope] });
        } catch (err) {
          throwIfRefused(err, caseId);
          // Not a case at all (visible() says so), or a closed case whose workflow has completed: it still exists,
          // it just takes no more events.
          const view = await visible(caseId, scope);
          const ended = isNotFound(err);
          if (ended && reopens(command.type)) {
            return await reopenAndApply(client, taskQueue, caseId, command, scope, archive).catch((reopenErr: unknown) => {
              throwIfRefused(reopenErr, caseId);
              throw reopenErr;
            });
          }
          if (ended) {
            throw new EventRefusedError({ stage: view.stage, allowed: [], reason: endedCaseRefusal(view, command.type) ?? `the case is ${view.status}` });
          }
          throw err;
        }
      });
    },

    /** A rectification step; refusals come from the Update's validator, so they leave no trace. */
    async rectify(caseId: string, command: RectifyCommand, scope: EventScope): Promise<CaseView> {
      return guarded(caseId, async () => {
        try {
          return await handle(caseId).executeUpdate(rectifyUpdate, { args: [command, scope] });
        } catch (err) {
          const refusal = updateRefusal(err);
          if (refusal?.type === RECTIFICATION_NOT_FOUND) throw new RectificationNotFoundError(command.rid);
          if (refusal?.type === RECTIFICATION_NOT_ALLOWED) throw new RectificationRefusedError(refusal.details?.[0] as RectifyRefusal);
          if (refusal?.type === CASE_OUT_OF_SCOPE) throw new CaseNotFoundError(caseId);
          // A completed case takes no step: its rectifications are as the view shows them.
          await visible(caseId, scope);
          if (isNotFound(err)) throw new RectificationNotFoundError(command.rid);
          throw err;
        }
      });
    },

    /** Searches that may match closed cases read the archive too, for those Temporal's retention removed. */
    list(filter: Omit<CaseFilter, 'taskQueue'>): Promise<CasePage> {
      const f = { ...filter, taskQueue };
      return guarded('', () => (archive && readsArchive(f) ? listWithArchive(client, archive, f) : listCases(client, f)));
    },

    /** The open cases assigned to one officer, within the caller's scope, overdue first. */
    mine(filter: Omit<CaseFilter, 'taskQueue' | 'limit' | 'cursor' | 'status'> & { assignee: string }) {
      return guarded('', () => myCases(client, { ...filter, taskQueue }));
    },

    warnings(filter: Omit<WarningsFilter, 'taskQueue' | 'ruleIds'>) {
      return guarded('', () => listOpenWarnings(client, { ...filter, taskQueue, ruleIds: policy.models.map((m) => m.id) }));
    },

    /** Rectifications across the caller's stations, oldest opening first (contract section 8). */
    rectifications(filter: Omit<RectificationFilter, 'taskQueue'> & { limit: number; cursor?: string }) {
      return guarded('', () => listRectifications(client, { ...filter, taskQueue }));
    },

    countRectifications(filter: Omit<RectificationFilter, 'taskQueue'>): Promise<number> {
      return guarded('', () => countRectifications(client, { ...filter, taskQueue }));
    },

    count(filter: Omit<CaseFilter, 'limit' | 'cursor' | 'taskQueue'>): Promise<number> {
      const f = { ...filter, taskQueue };
      return guarded('', () => (archive && readsArchive(f) ? countWithArchive(client, archive, f) : countCases(client, f)));
    },

    /** The bureau's figures over the cases reported in a window, scoped in the visibility query itself. */
    async stats(filter: StatsFilter, scope: readonly string[]) {
      return aggregate(await guarded('', () => listCaseRecords(client, taskQueue, scope, filter)), filter, Date.now());
    },

    sweeps: createSweepGateway({ client, taskQueue, policy }),

    bulk: createBulkGateway({ client, taskQueue, paging: deps.bulkPaging }),

    /** What /readyz adds to a ready answer: nothing is wrong yet, but an operator has something to do. */
    readinessWarnings(): string[] {
      const calendar = calendarWarning(policy, Date.now());
      return calendar ? [calendar] : [];
    },

    /** Temporal answers and holds the API's namespace; a missing namespace throws, so its answer can name it. */
    async ready(): Promise<boolean> {
      try {
        await deps.connection.healthService.check({});
      } catch {
        return false;
      }
      try {
        await client.workflowService.describeNamespace({ namespace: client.options.namespace });
        return true;
      } catch (err) {
        const namespace = missingNamespace(err);
        if (namespace !== undefined) throw new NamespaceMissingError(namespace, err);
        return false;
      }
    },

    close: () => deps.connection.close(),
  };
}
