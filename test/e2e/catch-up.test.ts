// Contract section 11, catch-up: a report backdated by months raises one overdue escalation per limit (repeats
// folded in, counted in `missed`), a report older than the policy's maxReportAge is refused, and a limit an event
// starts with its due already past reads overdue in the event's own answer and in the read right after it.
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { policySchema } from '../../contracts/policy';
import { createCaseWorker } from '../../worker/create-worker';
import { startStack } from '../support/stack';
import { testDataConverter } from '../support/test-keys';
import { caseBody, createCase, DAY, deadline, getCase, HOUR, iso, MINUTE, neverFailingStack, send, settledHistoryLength, sleep, until } from './helpers';

const stack = neverFailingStack();

const overdueOf = (view: { escalations: Array<{ level: string; limit: string }> }, limit: string) =>
  view.escalations.filter((e) => e.level === 'overdue' && e.limit === limit);

describe('catch-up', () => {
  it('refuses a report older than maxReportAge (P1Y) with 400, and starts no case', async () => {
    for (const reportedAt of ['2000-01-01T00:00:00Z', iso(Date.now() - 366 * DAY)]) {
      const body = caseBody({ reportedAt });
      const res = await stack.call('POST', '/cases', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', issues: [expect.objectContaining({ path: 'reportedAt' })] });
      expect(res.body.message).toContain('maxReportAge');
      expect((await stack.call('GET', `/cases/${body.caseId}`)).status).toBe(404);
    }
  });

  it('answers a re-sent report as ever once it has grown older than maxReportAge; a new one is refused', async () => {
    const young = await startStack({ policy: policySchema.parse({ ...loadPolicy(), maxReportAge: 'PT4S' }) });
    try {
      const body = caseBody({ reportedAt: iso(Date.now() - 1000) });
      const created = await young.call('POST', '/cases', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await sleep(4000);
      const resent = await young.call('POST', '/cases', body);
      expect(resent.status, JSON.stringify(resent.body)).toBe(200);
      expect(resent.body).toMatchObject({ caseId: body.caseId, reportedAt: created.body.reportedAt, stage: 'reported' });
      expect((await young.call('POST', '/cases', { ...body, station: 'S02' })).body).toMatchObject({ error: 'case_exists' });
      const fresh = await young.call('POST', '/cases', { ...body, caseId: `${body.caseId}-B` });
      expect(fresh.status).toBe(400);
      expect(fresh.body.message).toContain('maxReportAge');
    } finally {
      await young.close();
    }
  });

  it('folds six months of daily repeats into one overdue escalation, shown in the answer and the read after it', async () => {
    const reportedAt = iso(Date.now() - 182 * DAY);
    const created = await createCase(stack, { reportedAt });
    // register is PT24H: due a day after the report, then a repeat every day up to now.
    const missed = Math.floor((Date.now() - Date.parse(reportedAt) - DAY) / DAY);
    for (const view of [created, await getCase(stack, created.caseId)]) {
      expect(deadline(view, 'register').status).toBe('overdue');
      expect(view.escalations.map((e: { level: string }) => e.level)).toEqual(['warning', 'overdue']);
      expect(overdueOf(view, 'register')[0]).toMatchObject({ target: 'bureau-supervision', missed });
    }
    // The workflow's first task raised the same two escalations, so the case's history stays small.
    const events = await settledHistoryLength(stack, created.caseId);
    expect(events).toBeLessThan(40);
    const history = (await stack.client.workflow.getHandle(created.caseId).fetchHistory()).events ?? [];
    expect(history.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(2);
    expect(await getCase(stack, created.caseId)).toEqual(created);
  });

  it('shows a limit an event started with its due already past as overdue in the answer and the read right after', async () => {
    const reportedAt = iso(Date.now() - 30 * HOUR);
    const created = await createCase(stack, { reportedAt });
    expect(deadline(created, 'register').status).toBe('overdue');
    // REGISTER dated at the report: notify (PT24H) started then, due six hours ago.
    const answer = await send(stack, created.caseId, { type: 'REGISTER', at: reportedAt });
    const read = await getCase(stack, created.caseId);
    for (const view of [answer, read]) {
      expect(deadline(view, 'notify')).toMatchObject({ status: 'overdue', dueAt: iso(Date.parse(reportedAt) + 24 * HOUR) });
      expect(overdueOf(view, 'notify')).toEqual([expect.objectContaining({ target: 'station-leader', missed: 0 })]);
    }
    expect(read).toEqual(answer);
  });

  it('takes a report just inside maxReportAge', async () => {
    const created = await createCase(stack, { reportedAt: iso(Date.now() - 364 * DAY - 10 * MINUTE) });
    expect(overdueOf(created, 'register')).toEqual([expect.objectContaining({ missed: 363 })]);
  });

  it('after the deployment was down for several repeats, raises one overdue escalation with the repeats folded in', async () => {
    // Seconds stand in for days: register is due 2 s after the report and escalates again every second.
    const shipped = loadPolicy();
    const seconds = Object.fromEntries(Object.keys(shipped.limits.criminal.ordinary).map((limit) => [limit, 'PT2S']));
    const policy = policySchema.parse({
      ...shipped,
      escalation: { ...shipped.escalation, repeatOverdueEvery: 'PT1S' },
      limits: { criminal: { ordinary: seconds }, administrative: { ordinary: seconds } },
    });
    const down = await startStack({ policy, worker: false });
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    try {
      const created = await createCase(down, { reportedAt: iso(Date.now()) });
      expect(created.escalations).toEqual([]);
      // No worker runs while the limit passes and five repeats fall due.
      await sleep(7_000);
      const worker = await createCaseWorker({ connection, namespace: 'default', taskQueue: down.taskQueue, webhook: {}, workflowBundlePath: inject('workflowBundlePath'), payloadCodecs: testDataConverter.payloadCodecs });
      const caught = await worker.runUntil(() => until(() => getCase(down, created.caseId), (v) => v.escalations.length >= 2));
      const [warning, overdue] = caught.escalations;
      expect(warning).toMatchObject({ level: 'warning', missed: 0 });
      expect(overdue).toMatchObject({ level: 'overdue', target: 'bureau-supervision' });
      expect(overdue.missed).toBeGreaterThanOrEqual(4);
      const history = (await down.client.workflow.getHandle(created.caseId).fetchHistory()).events ?? [];
      // The catch-up is the first completed workflow task: the deliveries it scheduled are what it raised.
      const firstTask = history.find((e) => e.workflowTaskCompletedEventAttributes)!.eventId!.toString();
      const raisedByIt = history.filter((e) => e.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId?.toString() === firstTask);
      expect(raisedByIt).toHaveLength(2);
      await down.client.workflow.getHandle(created.caseId).terminate('test over');
    } finally {
      await down.close();
      await connection.close();
    }
  }, 60_000);
});
