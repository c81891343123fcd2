import type { CaseCommand, EscalationView, HistoryEntry, StartCaseRequest, UnitType } from '../contracts/case';
import type { Facts } from '../contracts/case';
import type { Policy, Track } from '../contracts/policy';
import type { LimitName, RemedyWindowName } from '../contracts/vocabulary';
import type { RectificationView } from '../contracts/rectifications';
import type { WarningView } from '../contracts/warnings';
import type { Delivery } from '../contracts/webhooks';
import type { AssignmentState } from './assignment';
import type { HandoffState } from './handoff';
import type { RectificationClock } from './rectification-escalation';

export type DeadlineState = {
  limit: LimitName;
  /** The duration the limit runs for now (ordinary or fast); decides whole-day or clock-time counting. */
  duration: string;
  startedAt: string;
  dueAt: string;
  status: 'pending' | 'met' | 'overdue' | 'suspended';
  extensions: number;
  metAt: string | null;
  suspendedSince: string | null;
  /** Time the clock stood still for this limit so far, so a recomputation (CONVERT_TO_ORDINARY) keeps it. */
  suspendedMs: number;
  /** Warnings that fell due while the clock stood still are raised at the resume, not inside the suspension. */
  resumedAt: string | null;
  /** Escalations raised for this limit so far; numbers their ids, which must never repeat. */
  raised: number;
  warningsRaised: number;
  overdueRaised: number;
  lastOverdueAt: string | null;
};

/** A window in which the reporter may ask for a remedy (contract section 12): from `opensAt`, before `closesAt`. */
export type RemedyWindow = { name: RemedyWindowName; opensAt: string; closesAt: string };

export type CaseContext = {
  request: StartCaseRequest;
  policy: Policy;
  station: string;
  unitType: UnitType;
  track: Track;
  decision: 'file' | 'decline' | null;
  /** Why a filing was declined; null otherwise, and on cases declined before a decline had to say why. */
  declineReason?: string | null;
  facts: Facts | null;
  outcome: string | null;
  suspended: { since: string; reason: string } | null;
  deadlines: DeadlineState[];
  escalations: EscalationView[];
  outbox: Delivery[];
  notices: number;
  warnings: WarningView[];
  /** Rectifications the models with `rectify` opened (machines/rectifications.ts); absent on cases from before them. */
  rectifications?: RectificationView[];
  /**
   * Where each pending rectification's escalations stand (machines/rectification-escalation.ts); absent on cases of
   * the generations before rectifications escalated, and until the first escalation of one.
   */
  rectificationClocks?: RectificationClock[];
  /**
   * Earlier reports from the same phone at the same station within the repeat-reporter window: counted at intake by
   * the cases started before reports-counted-after-start, by the case itself (REPORTS_COUNTED) since.
   */
  priorReportsFromPhone: number;
  history: HistoryEntry[];
  lastEventAt: string;
  /** The reporter's pending remedy window, or the last one once it passed; null once used (absent before remedies). */
  remedyWindow?: RemedyWindow | null;
  /** A decline was approved (the case went to decline_notice); absent on cases from before filing supervision. */
  declineApproved?: boolean;
  /** Why a decline is no longer open to the case (a revoked decline); absent or null while it is. */
  mustFile?: string | null;
} & HandoffState & AssignmentState;

/**
 * How a tick raises overdue repeats that fell due together: folded into one (`fold`), or one by one (`each`, the
 * workflow generations recorded before folding, which must replay as they ran).
 */
export type CatchUp = 'fold' | 'each';
export type TickEvent = { type: 'TICK'; at: string; catchUp?: CatchUp };
export type DeliveredEvent = { type: 'DELIVERED'; id: string };
/** The workflow's count of the phone's earlier reports, made after the case started; never sent by a person. */
export type ReportsCountedEvent = { type: 'REPORTS_COUNTED'; prior: number; at: string };
/** A year's calendar added to the case's policy (POST /admin/calendar); never sent as a lifecycle event. */
export type CalendarAddedEvent = { type: 'CALENDAR_ADDED'; holidays: string[]; workdays: string[]; at: string };
export type MachineEvent = CaseCommand | TickEvent | DeliveredEvent | ReportsCountedEvent | CalendarAddedEvent;
export type CaseInput = { request: StartCaseRequest; policy: Policy; priorReportsFromPhone?: number };
