// The HTTP layer alone: every route of the case API over `app.inject` with a STUB gateway (no Temporal), so the
// mapping of each failure to its status and body, and the promise that refused input never reaches the gateway,
// are checked in milliseconds. What the gateway itself does is tested on the real dev server in test/e2e.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import type { CaseView, StartCaseRequest } from '../../contracts/case';
import { openCase, toView } from '../../machines/case-engine';
import { buildApp } from '../../server/app';
import type { CaseGateway } from '../../server/case-gateway';
import { CaseExistsError, CaseNotFoundError, EventRefusedError, ReportTooOldError, TemporalUnavailableError } from '../../server/errors';

const policy = loadPolicy();
const CASE_SYSTEM = { authorization: 'Bearer dev-case-system-token' };
const SUPERVISOR = { authorization: 'Bearer dev-supervisor-token' };

const request: StartCaseRequest = { caseId: 'C-1', category: 'administrative', station: 'S01', unitType: 'station', custody: false, reportedAt: new Date().toISOString() };
const view: CaseView = toView(openCase({ request, policy }));

/** What the stub answers next, and every call it was given; `fail` makes each method throw that error. */
const stub = { fail: null as Error | null, ready: true, calls: [] as string[] };

function answer<T>(method: string, value: T): Promise<T> {
  stub.calls.push(method);
  return stub.fail ? Promise.reject(stub.fail) : Promise.resolve(value);
}

const stubGateway = {
  policy,
  get: () => answer('get', view),
  start: () => answer('start', { created: true, view }),
  apply: () => answer('apply', view),
  list: () => answer('list', { items: [], nextCursor: null }),
  count: () => answer('count', 0),
  warnings: () => answer('warnings', { items: [], nextCursor: null }),
  rectifications: () => answer('rectifications', { items: [], nextCursor: null }),
  countRectifications: () => answer('countRectifications', 0),
  stats: () => answer('stats', null),
  sweeps: { start: () => answer('sweeps.start', null), list: () => answer('sweeps.list', []), get: () => answer('sweeps.get', null) },
  ready: async () => stub.ready,
  readinessWarnings: () => [],
  close: async () => undefined,
} as unknown as CaseGateway;

let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  app = await buildApp({ gateway: stubGateway, tokens: loadTokens(undefined, false) });
});
afterAll(() => app.close());
beforeEach(() => {
  stub.fail = null;
  stub.ready = true;
  stub.calls = [];
});

const inject = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = CASE_SYSTEM) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('route layer (stub gateway): each gateway failure has one status and body', () => {
  it.each([
    ['a case nobody can see', new CaseNotFoundError('C-1'), 404, 'not_found'],
    ['a case id taken by another body', new CaseExistsError('C-1'), 409, 'case_exists'],
    ['Temporal unreachable', new TemporalUnavailableError(new Error('UNAVAILABLE')), 503, 'temporal_unavailable'],
    ['a defect', new Error('secret detail at /work/main/server/x.ts:12'), 500, 'internal'],
  ])('%s', async (_name, error, status, code) => {
    stub.fail = error;
    for (const res of [
      await inject('GET', '/cases/C-1'),
      await inject('POST', '/cases', request),
      await inject('POST', '/cases/C-1/events', { type: 'REGISTER' }),
      await inject('GET', '/cases'),
      await inject('GET', '/warnings'),
      await inject('GET', '/stats'),
      await inject('GET', '/sweeps'),
    ]) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ error: code, message: expect.any(String) });
      expect(res.body).not.toContain('/work/main');
      expect(res.headers['retry-after']).toBe(status === 503 ? '5' : undefined);
    }
  });

  it('a refused event is 409 with the stage, the events allowed now and the reason', async () => {
    stub.fail = new EventRefusedError({ stage: 'reported', allowed: ['REGISTER', 'SUSPEND_CLOCK'], reason: 'not allowed in stage reported' });
    const res = await inject('POST', '/cases/C-1/events', { type: 'APPROVE' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: 'event_not_allowed',
      message: 'not allowed in stage reported',
      stage: 'reported',
      allowed: ['REGISTER', 'SUSPEND_CLOCK'],
      reason: 'not allowed in stage reported',
    });
  });

  it('a report older than the policy allows is 400 naming reportedAt and the bound', async () => {
    stub.fail = new ReportTooOldError('P1Y');
    const res = await inject('POST', '/cases', request);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('P1Y'), issues: [{ path: 'reportedAt' }] });
  });

  it('a sweep report not recorded (yet) is 404', async () => {
    const res = await inject('GET', '/sweeps/sweep-daily-1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });

  it('/readyz answers 503 with Retry-After while Temporal is unreachable', async () => {
    stub.ready = false;
    const res = await inject('GET', '/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    stub.ready = true;
    expect((await inject('GET', '/readyz')).json()).toEqual({ status: 'ready' });
  });
});

describe('route layer (stub gateway): refused input never reaches the gateway', () => {
  it.each([
    ['no token', 'POST', '/cases', request, {}, 401, 'unauthenticated'],
    ['an unknown token', 'GET', '/cases/C-1', undefined, { authorization: 'Bearer not-a-token-of-ours' }, 401, 'unauthenticated'],
    ['a supervisor reporting a case', 'POST', '/cases', request, SUPERVISOR, 403, 'forbidden'],
    ['a station outside the token', 'POST', '/cases', { ...request, station: 'S09' }, CASE_SYSTEM, 403, 'forbidden'],
    ['a case system extending a limit', 'POST', '/cases/C-1/events', { type: 'EXTEND', limit: 'handle' }, CASE_SYSTEM, 403, 'forbidden'],
    ['a supervisor registering', 'POST', '/cases/C-1/events', { type: 'REGISTER' }, SUPERVISOR, 403, 'forbidden'],
    ['an unknown event', 'POST', '/cases/C-1/events', { type: 'TELEPORT' }, CASE_SYSTEM, 400, 'invalid_request'],
    ['a report from the future', 'POST', '/cases', { ...request, reportedAt: new Date(Date.now() + 3_600_000).toISOString() }, CASE_SYSTEM, 400, 'invalid_request'],
    ['an event from the future', 'POST', '/cases/C-1/events', { type: 'REGISTER', at: new Date(Date.now() + 3_600_000).toISOString() }, CASE_SYSTEM, 400, 'invalid_request'],
    ['a malformed case id', 'GET', '/cases/bad%20id', undefined, CASE_SYSTEM, 400, 'invalid_request'],
    ['an unknown filter', 'GET', '/cases?colour=red', undefined, CASE_SYSTEM, 400, 'invalid_request'],
  ] as const)('%s', async (_name, method, url, payload, headers, status, code) => {
    const res = await inject(method, url, payload, headers as Record<string, string>);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: code, message: expect.any(String) });
    expect(stub.calls).toEqual([]);
  });

  it('400 names every offending field', async () => {
    const res = await inject('POST', '/cases', { ...request, category: 'civil', station: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['category', 'station']));
    expect(stub.calls).toEqual([]);
  });
});
