// Small helpers shared by the end-to-end files: they speak to the HTTP API only (plus, where a test must
// prove that nothing was written, the workflow history that Temporal itself keeps).
import { afterAll, beforeAll, expect } from 'vitest';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (at: string): number => Date.parse(at);
export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Every event type of contract section 2, and the ones allowed at every open stage. */
const anyOpenStage = ['SUSPEND_CLOCK', 'RESUME_CLOCK', 'EXTEND', 'ACK_ESCALATION', 'ASSIGN'];
const byStage: Record<string, string[]> = {
  reported: ['REGISTER', ...anyOpenStage],
  registered: ['NOTIFY', ...anyOpenStage],
  notified: ['FILE', ...anyOpenStage],
  review: ['APPROVE', 'REJECT', ...anyOpenStage],
  handling: ['CONVERT_TO_ORDINARY', 'CLOSE', 'DETAIN', 'REQUEST_ARREST', 'APPROVE_ARREST', 'DENY_ARREST', 'TRANSFER_FOR_PROSECUTION', ...anyOpenStage],
  awaiting_transfer: ['TRANSFER', ...anyOpenStage],
  // A declined case also offers the procuratorate's REQUEST_FILING_EXPLANATION (test/e2e/filing-supervision.test.ts).
  decline_notice: ['NOTIFY', 'REQUEST_FILING_EXPLANATION', ...anyOpenStage],
  reconsideration: ['RECONSIDER', 'REQUEST_FILING_EXPLANATION', ...anyOpenStage],
  superior_review: ['REVIEW_DECISION', 'REQUEST_FILING_EXPLANATION', ...anyOpenStage],
  prosecution_review: ['RETURN_FOR_SUPPLEMENTARY', 'PROSECUTE', 'NOT_PROSECUTE', ...anyOpenStage],
  supplementary_investigation: ['RETRANSFER', ...anyOpenStage],
  at_court: ['JUDGE', ...anyOpenStage],
  // A filed case; a declined criminal one offers its reporter's remedy (test/e2e/remedies.test.ts).
  closed: [],
};
/** The event types a 409 must list as allowed in `stage`, sorted (the contract gives no order). */
export const allowedIn = (stage: string): string[] => [...byStage[stage]!].sort();

export type CaseBody = {
  caseId: string;
  category: 'criminal' | 'administrative';
  station: string;
  reportedAt: string;
  unitType?: 'station' | 'specialized';
  offense?: string;
  reporter?: { name?: string; phone?: string };
  summary?: string;
  custody?: boolean;
};

export function caseBody(overrides: Partial<CaseBody> = {}): CaseBody {
  return {
    caseId: uniqueId('C'),
    category: 'criminal',
    station: 'S01',
    reportedAt: iso(Date.now() - 10 * MINUTE),
    ...overrides,
  };
}

const show = (res: { status: number; body: unknown }) => `${res.status} ${JSON.stringify(res.body)}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type View = any;

/** POST /cases, expecting 201; returns the case view. */
export async function createCase(stack: Stack, overrides: Partial<CaseBody> = {}, token: string = tokens.caseSystem): Promise<View> {
  const body = caseBody(overrides);
  const res = await stack.call('POST', '/cases', body, token);
  expect(res.status, show(res)).toBe(201);
  return res.body;
}

export function sendEvent(stack: Stack, caseId: string, event: Record<string, unknown>, token: string = tokens.caseSystem) {
  return stack.call('POST', `/cases/${caseId}/events`, event, token);
}

/** POST /cases/:id/events, expecting 200; returns the case view after the event. */
export async function send(stack: Stack, caseId: string, event: Record<string, unknown>, token: string = tokens.caseSystem): Promise<View> {
  const res = await sendEvent(stack, caseId, event, token);
  expect(res.status, `${String(event.type)}: ${show(res)}`).toBe(200);
  return res.body;
}

/** Sends each event in turn, each expected to be accepted; returns the last view. */
export async function sendAll(stack: Stack, caseId: string, events: Record<string, unknown>[], token: string = tokens.caseSystem): Promise<View> {
  let view: View;
  for (const event of events) view = await send(stack, caseId, event, token);
  return view;
}

/** Sends an event expected to be refused with 409 event_not_allowed; returns the error body. */
export async function refused(stack: Stack, caseId: string, event: Record<string, unknown>, token: string = tokens.caseSystem) {
  const res = await sendEvent(stack, caseId, event, token);
  expect(res.status, `${String(event.type)}: ${show(res)}`).toBe(409);
  expect(res.body).toMatchObject({ error: 'event_not_allowed', message: expect.any(String), stage: expect.any(String), reason: expect.any(String) });
  expect(res.body.reason.length).toBeGreaterThan(0);
  return res.body as { error: string; message: string; stage: string; allowed: string[]; reason: string };
}

export async function getCase(stack: Stack, caseId: string, token: string = tokens.caseSystem): Promise<View> {
  const res = await stack.call('GET', `/cases/${caseId}`, undefined, token);
  expect(res.status, show(res)).toBe(200);
  return res.body;
}

/** The deadline entries of one limit, oldest first. */
export const deadlinesOf = (view: View, limit: string): View[] => view.deadlines.filter((d: View) => d.limit === limit);
/** The one deadline of `limit` (the latest one, when the limit was started more than once). */
export const deadline = (view: View, limit: string): View => {
  const all = deadlinesOf(view, limit);
  expect(all.length, `a ${limit} deadline in ${JSON.stringify(view.deadlines)}`).toBeGreaterThan(0);
  return all[all.length - 1];
};

/** Polls `read` until `done` holds, for at most `timeoutMs`; returns the last value read either way. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await sleep(150);
    value = await read();
  }
  return value;
}

/**
 * The number of events in the case's workflow history once every workflow task has completed and nothing
 * more arrives (the registration notice's activity, say), so that a later comparison means something.
 */
export async function settledHistoryLength(stack: Stack, caseId: string): Promise<number> {
  let previous = -1;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const events = (await stack.client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
    const scheduled = events.filter((e) => e.workflowTaskScheduledEventAttributes).length;
    const completed = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    const activitiesOpen = events.filter((e) => e.activityTaskScheduledEventAttributes).length
      - events.filter((e) => e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes).length;
    if (events.length === previous && scheduled === completed && activitiesOpen === 0) return events.length;
    previous = events.length;
    await sleep(100);
  }
  throw new Error(`the workflow history of ${caseId} never settled`);
}

/** Local midnight (Asia/Shanghai, UTC+8 all year) that ends the day `days` after the local date of `at`. */
export function shanghaiMidnightAfter(at: string, days: number): string {
  const offset = 8 * HOUR;
  const localDayStart = Math.floor((ms(at) + offset) / DAY) * DAY - offset;
  return iso(localDayStart + (days + 1) * DAY);
}

/**
 * The same stack, but every answer is checked on the way: nothing a client sends may be answered with a 5xx
 * (the contract's 503 is for an unreachable Temporal, which these tests never cause).
 */
export function neverFailing(stack: Stack): Stack {
  return {
    ...stack,
    async call(method, path, body, token) {
      const res = await stack.call(method, path, body, token);
      expect(res.status, `${method} ${path}: ${show(res)}`).toBeLessThan(500);
      return res;
    },
  };
}

/** This file's stack, started before its tests and closed after them, every answer checked by `neverFailing`. */
export function neverFailingStack(): Stack {
  const checked = {} as Stack;
  let raw: Stack | undefined;
  beforeAll(async () => {
    raw = await startStack();
    Object.assign(checked, neverFailing(raw));
  });
  afterAll(() => raw?.close());
  return checked;
}
