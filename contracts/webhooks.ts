import type { RectificationView } from './rectifications';
import type { LimitName } from './vocabulary';

/** A webhook the workflow still has to deliver; it leaves the outbox only when a receiver took it. */
export type Delivery = {
  id: string;
  kind: 'escalation' | 'notice' | 'handoff' | 'rectification';
  caseId: string;
  station: string;
  /** `rectification` on a rectification's own deliveries (contract section 8). */
  limit: LimitName | 'rectification';
  level: 'warning' | 'overdue' | null;
  target: string;
  dueAt: string;
  raisedAt: string;
  /** Escalations only: overdue repeats a catch-up folded into this one. Absent on those raised before folding existed. */
  missed?: number;
  /** Notices of a decision only (a decline, a remedy's uphold or revoke): what the reporter is told and why. */
  decision?: 'decline' | 'uphold' | 'revoke';
  reason?: string;
  /** Hand-offs only (contract section 9): the deployment's compact JWS over the hand-off, and its route. */
  jws?: string;
  handoff?: { type: string; from: string; to: string };
  /** Rectification deliveries, and a rectification's escalations: the rectification as it opened, reopened, was confirmed or escalated. */
  rectification?: RectificationView;
};
