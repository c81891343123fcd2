// POST /admin/calendar past one page, on the real dev server: the bulk workflow pages through the open cases itself
// (no id list, so no 5,000 cap), continuing as new between pages, and every open case takes the year exactly once
// while closed ones are left alone, those whose run started while it ran included (opened, or continued as new). Its progress reads and its cancel works across the runs. Pages here are tiny
// (the stacks' `bulkPaging`) so that a few cases span several pages and runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { bulkWorkflowId } from '../../contracts/bulk';
import { CASE_WORKFLOW_TYPE } from '../../contracts/names';
import { policySchema } from '../../contracts/policy';
import { loadPolicy } from '../../config/policy';
import { openingSearchAttributes } from '../../temporal/case-start';
import { startStack, tokens, type Stack } from '../support/stack';
import { caseBody, createCase, getCase, send, sendAll, until } from './helpers';

const shipped = loadPolicy();
const year = new Date().getUTCFullYear();
// A calendar that ended last year: every whole-day due is provisional until a year is added.
const policy = policySchema.parse({ ...shipped, calendar: { holidays: [`${year - 1}-01-01`], workdays: [] } });
const OPEN = 13;

let stack: Stack;
/** Same deployment (task queue), one case per page and one page per run: slow enough to cancel half-way. */
let slow: Stack;
beforeAll(async () => {
  stack = await startStack({ policy, bulkPaging: { pageSize: 3, pagesPerRun: 2 } });
  slow = await startStack({ policy, taskQueue: stack.taskQueue, worker: false, bulkPaging: { pageSize: 1, pagesPerRun: 1 } });
}, 60_000);
afterAll(async () => {
  await slow?.close();
  await stack?.close();
});

type Status = { id: string; status: string; matched: number; applied: number; refused: Array<{ caseId: string; error: string }> };
/** GET /bulk/:id, which must answer at every moment, a continue-as-new included. */
async function statusOf(id: string): Promise<Status> {
  const res = await stack.call('GET', `/bulk/${id}`, undefined, tokens.admin);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Status;
}

/** How many times each case accepted the addCalendar Update of operation `bulkId`, by its workflow history. */
async function calendarsTaken(caseIds: string[], bulkId: string): Promise<number[]> {
  return Promise.all(
    caseIds.map(async (caseId) => {
      const { events } = await stack.client.workflow.getHandle(caseId).fetchHistory();
      return (events ?? []).filter((e) => {
        const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        return accepted?.input?.name === 'addCalendar' && accepted.meta?.updateId === `bulk-${bulkId}`;
      }).length;
    }),
  );
}

/** The runs of an operation's workflow, newest first, once visibility shows at least `atLeast` of them. */
async function runsOf(id: string, atLeast: number) {
  const list = async () => {
    const runs = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${bulkWorkflowId(id, stack.taskQueue)}'` })) runs.push(run);
    return runs;
  };
  return until(list, (runs) => runs.length >= atLeast, 20_000);
}

let open: string[];
let closed: string[];
let continuing: string;
let dueDay: string;

describe('POST /admin/calendar over more open cases than one page', () => {
  beforeAll(async () => {
    // The oldest case, so listed last: it continues as new at its third Update (REGISTER, the first calendar, then one
    // the last test sends), which no route can ask for, hence started here as the API starts a case.
    const request = { ...caseBody(), unitType: 'station' as const, custody: false };
    await stack.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: request.caseId,
      taskQueue: stack.taskQueue,
      args: [{ request, policy, continueAsNewAfterUpdates: 3 }],
      typedSearchAttributes: openingSearchAttributes(request),
    });
    continuing = request.caseId;
    const registered = [await sendAll(stack, continuing, [{ type: 'REGISTER' }])];
    for (let i = 1; i < OPEN; i += 1) {
      const { caseId } = await createCase(stack, {}, tokens.caseSystem);
      registered.push(await sendAll(stack, caseId, [{ type: 'REGISTER' }]));
    }
    open = registered.map((v) => v.caseId);
    // Declined criminal reports: closed, their runs still open for the reporter's remedy window.
    closed = [];
    for (let i = 0; i < 2; i += 1) {
      const { caseId } = await createCase(stack, { category: 'criminal', offense: 'theft' });
      await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' }, { type: 'APPROVE' }, { type: 'NOTIFY' }]);
      closed.push(caseId);
    }
    const files = registered.map((v) => v.deadlines.find((d: { limit: string }) => d.limit === 'file'));
    expect(files.every((f) => f.provisional === true)).toBe(true);
    // A whole-day due falls at 24:00 local: the last millisecond before it is on the due day. All were reported together.
    dueDay = DateTime.fromMillis(Date.parse(files[0].dueAt) - 1, { zone: policy.timezone }).toISODate()!;
    const counted = (status: string) => until(() => stack.call('GET', `/cases/count?status=${status}`, undefined, tokens.admin), (r) => r.body.count === (status === 'open' ? OPEN : 2), 20_000);
    expect((await counted('open')).body.count).toBe(OPEN);
    expect((await counted('closed')).body.count).toBe(2);
  }, 60_000);

  it('reaches every open case once, page by page across runs, with its progress readable meanwhile', async () => {
    const before = await Promise.all(open.map((id) => getCase(stack, id)));
    const res = await stack.call('POST', '/admin/calendar', { holidays: [dueDay] }, tokens.admin);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), matched: OPEN });

    const seen: Status[] = [];
    const done = await until(async () => {
      const s = await statusOf(res.body.id);
      seen.push(s);
      return s;
    }, (s) => s.status !== 'running', 30_000);
    expect(done).toEqual({ id: res.body.id, status: 'done', matched: OPEN, applied: OPEN, refused: [] });
    // Read while it ran, and the figures carried from run to run never went back.
    expect(seen[0]).toMatchObject({ status: 'running', matched: OPEN });
    expect(seen.map((s) => s.applied)).toEqual([...seen.map((s) => s.applied)].sort((a, b) => a - b));

    // Five pages of three, two pages a run: three runs, the first two continued as new.
    const runs = await runsOf(res.body.id, 3);
    expect(runs.map((r) => r.status.name).sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(3);

    expect(await calendarsTaken(open, res.body.id)).toEqual(open.map(() => 1));
    expect(await calendarsTaken(closed, res.body.id)).toEqual([0, 0]);
    for (const [i, id] of open.entries()) {
      const after = await getCase(stack, id);
      const was = before[i].deadlines.find((d: { limit: string }) => d.limit === 'file');
      const moved = after.deadlines.find((d: { limit: string }) => d.limit === 'file');
      expect(moved).not.toHaveProperty('provisional');
      expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(was.dueAt));
      // No lifecycle event was written: the calendar is not one.
      expect(after.history).toEqual(before[i].history);
    }
  }, 60_000);

  it('cancel, after it has continued as new: stops taking cases; those taken have the year once, the others none', async () => {
    const res = await slow.call('POST', '/admin/calendar', { holidays: [dueDay] }, tokens.admin);
    expect(res.body.matched).toBe(OPEN);
    const midway = await until(() => statusOf(res.body.id), (s) => s.applied >= 3, 30_000);
    expect(midway).toMatchObject({ status: 'running', matched: OPEN });
    const cancelled = await slow.call('DELETE', `/bulk/${res.body.id}`, undefined, tokens.admin);
    expect(cancelled.status).toBe(200);
    // One case a run: the cancel reached a run that the third case's run continued into, or a later one.
    expect((await runsOf(res.body.id, 3)).length).toBeGreaterThanOrEqual(3);
    const done = await until(() => statusOf(res.body.id), (s) => s.status !== 'running', 30_000);
    expect(done).toMatchObject({ status: 'cancelled', matched: OPEN, refused: [] });
    expect(done.applied).toBeGreaterThanOrEqual(3);
    expect(done.applied).toBeLessThan(OPEN);

    const taken = await calendarsTaken(open, res.body.id);
    expect(taken.filter((n) => n === 1)).toHaveLength(done.applied);
    expect(taken.filter((n) => n !== 0 && n !== 1)).toEqual([]);
    expect(await calendarsTaken(closed, res.body.id)).toEqual([0, 0]);
    // Cancelling what has ended changes nothing.
    expect((await slow.call('DELETE', `/bulk/${res.body.id}`, undefined, tokens.admin)).body).toEqual(done);
  }, 60_000);

  it('takes, in its last pass, the cases whose runs started behind its cursor: one opened, one continued as new', async () => {
    const runOf = async () => (await stack.client.workflow.getHandle(continuing).describe()).runId;
    const firstRun = await runOf();
    const res = await slow.call('POST', '/admin/calendar', { holidays: [dueDay] }, tokens.admin);
    expect(res.body.matched).toBe(OPEN);
    await until(() => statusOf(res.body.id), (s) => s.applied >= 2, 30_000);
    // Newest first: the oldest case's turn is last, and its new run now sorts ahead of the cursor, as does the new case.
    await send(stack, continuing, { type: 'ASSIGN', to: 'officer-7' }, tokens.admin);
    expect(await until(runOf, (run) => run !== firstRun)).not.toBe(firstRun);
    const late = (await createCase(stack, {}, tokens.caseSystem)).caseId as string;
    await sendAll(stack, late, [{ type: 'REGISTER' }]);
    expect((await statusOf(res.body.id)).status).toBe('running');

    const done = await until(() => statusOf(res.body.id), (s) => s.status !== 'running', 30_000);
    // Twelve in the pass over the open cases, the new case and the continued one's new run in the last.
    expect(done).toEqual({ id: res.body.id, status: 'done', matched: OPEN, applied: OPEN + 1, refused: [] });
    expect(await calendarsTaken([...open, late], res.body.id)).toEqual([...open, late].map(() => 1));
    expect(await calendarsTaken(closed, res.body.id)).toEqual([0, 0]);
  }, 60_000);
});
