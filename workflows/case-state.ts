import { ApplicationFailure, condition, workflowInfo } from '@temporalio/workflow';
import { CASE_MAX_DELIVERIES_IN_FLIGHT, CASE_VIEW_MAX_BYTES } from '../contracts/bounds';
import type { CaseCommand, CaseView, EventRefusal, StartCaseRequest } from '../contracts/case';
import {
  CASE_OUT_OF_SCOPE,
  EVENT_NOT_ALLOWED,
  RECTIFICATION_NOT_ALLOWED,
  RECTIFICATION_NOT_FOUND,
  type CalendarYear,
  type CaseWorkflowInput,
  type EventScope,
  utf8Bytes,
} from '../contracts/messages';
import type { RectifyCommand } from '../contracts/rectifications';
import { seesCase } from '../contracts/scope';
import { caseEventTypes } from '../contracts/vocabulary';
import type { Model } from '../contracts/policy';
import type { Delivery } from '../contracts/webhooks';
import type { CatchUp } from '../machines/case-context';
import { supervisingOrg } from '../machines/filing-supervision';
import { actingOrg } from '../machines/handoff';
import {
  applyRectification,
  addCalendar,
  allowedEvents,
  carry,
  decide,
  markDelivered,
  nextWakeAt,
  openCase,
  refreshModels,
  reportsCounted,
  restoreCase,
  stageOf,
  takeModelFailures,
  tick,
  toView,
  type Carried,
  type CaseSnapshot,
} from '../machines/case-engine';
import { windowClosesAt } from '../machines/remedies';
import type { Generation } from './case-generation';
import { reportModelFailures } from './model-failures';

const DEFAULT_UPDATES_PER_RUN = 1000;

/**
 * One case as a run of its workflow holds it: the machine's snapshot, the events taken, the deliveries running.
 * Every decision is the machine's; this keeps the count of changes the main loop waits on, and lets an update answer
 * only once the loop has settled its change (generation settled-updates on).
 */
export class CaseState {
  private snapshot: CaseSnapshot;
  private changes = 0;
  private updates = 0;
  private settled = 0;
  private readonly inFlight = new Set<string>();
  private readonly maxUpdates: number;
  /** The phone's earlier reports, once this run counted them (generation reports-counted-after-start on). */
  private counted: number | undefined;
  /**
   * The validator's outcome, reused by the handler that runs right after it in the same activation (same clock,
   * same snapshot), so an event runs the machine once. On replay validators do not run and the handler computes it.
   */
  private validated: { from: CaseSnapshot; command: string; next: CaseSnapshot } | undefined;

  constructor(
    input: CaseWorkflowInput,
    private readonly generation: Generation,
    private readonly deliverWebhook: (delivery: Delivery) => Promise<unknown>,
  ) {
    this.snapshot = input.carried ? restoreCase(input.carried as Carried) : openCase(input);
    reportModelFailures(takeModelFailures(this.snapshot));
    this.maxUpdates = input.continueAsNewAfterUpdates ?? DEFAULT_UPDATES_PER_RUN;
  }

  get current(): CaseSnapshot {
    return this.snapshot;
  }

  view(): CaseView {
    return toView(this.snapshot);
  }

  request(): StartCaseRequest {
    return this.snapshot.context.request;
  }

  /** The machine state as it stands, for a run started again from it (server/case-reopen.ts). */
  carried(): Carried {
    return carry(this.snapshot);
  }

  /** The next run's input: the case as it stands, and its count of earlier reports once made, not to count again. */
  nextRun(input: CaseWorkflowInput): CaseWorkflowInput {
    return { ...input, carried: carry(this.snapshot), ...(this.counted === undefined ? {} : { priorReportsFromPhone: this.counted }) };
  }

  /** The API started the case without counting the phone's earlier reports: this run counts them. */
  reportsToCount(input: CaseWorkflowInput): boolean {
    return this.generation.countsReports && input.priorReportsFromPhone === undefined && Boolean(input.request.reporter?.phone);
  }

  reportsCounted(prior: number): void {
    this.counted = prior;
    this.snapshot = reportsCounted(this.snapshot, prior, new Date().toISOString());
    this.changes += 1;
  }

  /** The Update's validator: a refusal here is never written to the history. */
  validate(command: CaseCommand, scope: EventScope): void {
    this.validated = undefined;
    refuseOutOfScope(this.snapshot.context, scope);
    refuseForeignOrg(this.snapshot, command, scope);
    this.validated = { from: this.snapshot, command: JSON.stringify(command), next: applyOrRefuse(this.snapshot, command, this.generation.catchUp) };
  }

  async apply(command: CaseCommand): Promise<CaseView> {
    const reuse = this.validated?.from === this.snapshot && this.validated.command === JSON.stringify(command);
    this.snapshot = reuse ? this.validated!.next : applyOrRefuse(this.snapshot, command, this.generation.catchUp);
    this.validated = undefined;
    reportModelFailures(takeModelFailures(this.snapshot));
    this.updates += 1;
    this.changes += 1;
    if (this.generation.settledUpdates) {
      const change = this.changes;
      await condition(() => this.settled >= change);
    }
    return toView(this.snapshot);
  }

  /** The Update's validator for a rectification step: a refusal here is never written to the history. */
  validateRectify(command: RectifyCommand, scope: EventScope): void {
    refuseOutOfScope(this.snapshot.context, scope);
    rectifiedOrRefused(this.snapshot, command);
  }

  /** A rectification step, answered once the loop has indexed it (and sent its webhook on its way). */
  async rectify(command: RectifyCommand): Promise<CaseView> {
    this.snapshot = rectifiedOrRefused(this.snapshot, command);
    this.updates += 1;
    this.changes += 1;
    const change = this.changes;
    await condition(() => this.settled >= change);
    return toView(this.snapshot);
  }

  /**
   * A year's calendar added (POST /admin/calendar): time is caught up first, as for an event, and the answer waits
   * for the change to settle in every generation (no recorded history holds this Update, so none has to replay it).
   */
  async addCalendar(calendar: CalendarYear): Promise<CaseView> {
    const now = new Date().toISOString();
    this.snapshot = addCalendar(tick(this.snapshot, now, this.generation.catchUp), calendar, now);
    this.updates += 1;
    this.changes += 1;
    const change = this.changes;
    await condition(() => this.settled >= change);
    return toView(this.snapshot);
  }

  /** The case held against a newer model set, or against its own again (refreshModelsSignal). */
  refreshModels(models: Model[] | undefined): void {
    const before = this.snapshot;
    this.snapshot = refreshModels(tick(before, new Date().toISOString(), this.generation.catchUp), models, new Date().toISOString());
    reportModelFailures(takeModelFailures(this.snapshot));
    if (this.snapshot !== before) this.changes += 1;
  }

  /** Time caught up to now: whatever fell due since the last look escalates. */
  catchUp(): void {
    this.snapshot = tick(this.snapshot, new Date().toISOString(), this.generation.catchUp);
    reportModelFailures(takeModelFailures(this.snapshot));
  }

  /** Starts the deliveries waiting in the outbox; each leaves it once a receiver took it. */
  deliverWaiting(): void {
    const waiting = this.snapshot.context.outbox.filter((d) => !this.inFlight.has(d.id));
    // Generations before folding started every waiting delivery at once; a receiver down for long piled them up.
    const room = this.generation.catchUp === 'fold' ? Math.max(0, CASE_MAX_DELIVERIES_IN_FLIGHT - this.inFlight.size) : waiting.length;
    waiting.slice(0, room).forEach((delivery) => this.deliver(delivery));
  }

  /** Every change so far is indexed and the alarm armed for it: the updates that made them may answer. */
  settle(): void {
    this.settled = this.changes;
  }

  /** Closed, every notice and escalation delivered, no remedy window nor limit left to wait for: the run may end. */
  get finished(): boolean {
    return stageOf(this.snapshot) === 'closed' && this.snapshot.context.outbox.length === 0 && this.remedyWindowClosesAt() === null && !this.limitOutlivesClose();
  }

  /** A limit still running in a closed case (a filing explanation the police owe) keeps the run, and its timer, on. */
  private limitOutlivesClose(): boolean {
    return this.generation.remedyWindows && this.snapshot.context.deadlines.some((d) => d.status !== 'met');
  }

  /** Time to continue as new: the server caps updates per run, and suggests it when the history grows large. */
  tooLong(): boolean {
    return this.updates >= this.maxUpdates || workflowInfo().continueAsNewSuggested;
  }

  /** The next instant the run must look again: a limit's, or a closed case's remedy window closing. */
  nextWakeAt(): string | null {
    const limits = nextWakeAt(this.snapshot.context);
    const window = this.remedyWindowClosesAt();
    if (window === null) return limits;
    return limits === null || Date.parse(window) < Date.parse(limits) ? window : limits;
  }

  /**
   * Keeping the run open while a window runs, rather than starting a run again under the same id once a remedy
   * comes, keeps every guarantee where it is: the Update's validator refuses without a trace, the memo and search
   * attributes stay the one run's, and no second start path has to carry the history over.
   */
  private remedyWindowClosesAt(): string | null {
    if (!this.generation.remedyWindows || stageOf(this.snapshot) !== 'closed') return null;
    return windowClosesAt(this.snapshot.context, new Date().toISOString());
  }

  /** A check that holds once anything changed from now on, or the run grew too long. */
  changedFromNow(): () => boolean {
    const seen = this.changes;
    return () => this.changes !== seen || this.tooLong();
  }

  /** A check that holds while nothing changes from now on. */
  unchangedFromNow(): () => boolean {
    const seen = this.changes;
    return () => this.changes === seen;
  }

  private deliver(delivery: Delivery): void {
    this.inFlight.add(delivery.id);
    this.deliverWebhook(delivery).then(
      () => {
        this.inFlight.delete(delivery.id);
        this.snapshot = markDelivered(this.snapshot, delivery.id);
        this.changes += 1;
      },
      // Only cancellation ends an activity that retries forever; the delivery stays in the outbox for the next run.
      () => this.inFlight.delete(delivery.id),
    );
  }
}

/**
 * The case after the command, or an ApplicationFailure saying why not. Time is caught up first: a limit whose
 * due passed while the wake-up was still queued behind this event escalates exactly as a punctual worker's would.
 */
function applyOrRefuse(current: CaseSnapshot, command: CaseCommand, catchUp: CatchUp): CaseSnapshot {
  const snapshot = tick(current, new Date().toISOString(), catchUp);
  // The API validated the event against contracts/case.ts; this only keeps a hand-sent Update (Temporal CLI, UI)
  // from reaching the machine without a type, time or actor. The bundle carries no zod (contracts/vocabulary.ts).
  const known = (caseEventTypes as readonly string[]).includes(command?.type) && !Number.isNaN(Date.parse(command.at));
  if (!known || typeof command.by !== 'string' || !command.by) {
    throw ApplicationFailure.create({ type: 'invalid_request', message: 'malformed event', nonRetryable: true });
  }
  const decision = decide(snapshot, command);
  if (!decision.ok) throw refused(decision.refusal);
  const full = catchUp === 'fold' ? overfull(decision.snapshot) : null;
  if (full) throw refused(full);
  return decision.snapshot;
}

function rectifiedOrRefused(snapshot: CaseSnapshot, command: RectifyCommand): CaseSnapshot {
  if (typeof command?.rid !== 'string' || !['answer', 'confirm', 'reopen'].includes(command.action) || Number.isNaN(Date.parse(command.at)) || !command.by) {
    throw ApplicationFailure.create({ type: 'invalid_request', message: 'malformed rectification step', nonRetryable: true });
  }
  const decision = applyRectification(snapshot, command);
  if (decision === null) {
    throw ApplicationFailure.create({ type: RECTIFICATION_NOT_FOUND, message: `no rectification ${command.rid} on this case`, nonRetryable: true });
  }
  if (!decision.ok) {
    throw ApplicationFailure.create({ type: RECTIFICATION_NOT_ALLOWED, message: decision.refusal.reason, details: [decision.refusal], nonRetryable: true });
  }
  return decision.snapshot;
}

/** Why `next` may not be: its view would outgrow CASE_VIEW_MAX_BYTES (contracts/bounds.ts). */
function overfull(next: CaseSnapshot): EventRefusal | null {
  const json = JSON.stringify(toView(next));
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most views need no byte count at all.
  if (json.length * 3 <= CASE_VIEW_MAX_BYTES || utf8Bytes(json) <= CASE_VIEW_MAX_BYTES) return null;
  const reason = `the case is full: its view would pass ${CASE_VIEW_MAX_BYTES} bytes, the most one case holds`;
  return { stage: stageOf(next), allowed: [], reason };
}

/** The addCalendar Update's validator: the API checked the dates; this keeps a hand-sent Update from the machine. */
export function refuseMalformedCalendar(calendar: CalendarYear): void {
  const dates = (v: unknown) => Array.isArray(v) && v.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (!dates(calendar?.holidays) || !dates(calendar?.workdays)) {
    throw ApplicationFailure.create({ type: 'invalid_request', message: 'malformed calendar', nonRetryable: true });
  }
}

function refused(refusal: EventRefusal): ApplicationFailure {
  return ApplicationFailure.create({ type: EVENT_NOT_ALLOWED, message: refusal.reason, details: [refusal], nonRetryable: true });
}

/**
 * A procuratorate or court acts on a case only through the org the step belongs to (the one asked for the arrest,
 * the one holding the case): another org that once held it still sees it, but may not decide for the holder.
 */
function refuseForeignOrg(snapshot: CaseSnapshot, command: CaseCommand, scope: EventScope): void {
  if (!scope.orgs?.length) return;
  // Filing supervision is the procuratorate's own step, not one of a hand-off it holds: it acts through the org it names.
  const org = supervisingOrg(command) ?? actingOrg(snapshot.context, command);
  if (org && scope.orgs.includes(org)) return;
  const reason = org ? `${command.type} is for ${org}, which holds this step, not for this token's orgs` : `no org holds a ${command.type} step on this case`;
  throw refused({ stage: stageOf(snapshot), allowed: allowedEvents(snapshot), reason });
}

function refuseOutOfScope(kase: { station: string; orgs?: readonly string[] }, scope: EventScope): void {
  if (!seesCase(scope, kase)) {
    throw ApplicationFailure.create({ type: CASE_OUT_OF_SCOPE, message: 'the case is outside the sender\'s scope', nonRetryable: true });
  }
}
