// Contract sections 3 and 7: every error a client can meet, with its code and details, and the promise that
// a refused request changes nothing (not the case view, not the workflow history) and is never a 500.
import { describe, expect, it } from 'vitest';
import { type Stack, tokens, uniqueId } from '../support/stack';
import {
  allowedIn,
  caseBody,
  createCase,
  getCase,
  iso,
  MINUTE,
  neverFailingStack,
  refused,
  send,
  sendAll,
  sendEvent,
  settledHistoryLength,
  until,
} from './helpers';

const stack = neverFailingStack();

type Res = Awaited<ReturnType<Stack['call']>>;

/** 400 invalid_request naming every one of `paths` among its issues. */
function expectInvalid(res: Res, ...paths: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
  const reported = (res.body.issues ?? []).map((i: { path: string }) => i.path);
  for (const path of paths) expect(reported, JSON.stringify(res.body)).toContain(path);
}

function expectError(res: Res, status: number, error: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ error, message: expect.any(String) });
}

/** The case does not exist, as far as every token can tell. */
async function expectNoCase(caseId: string) {
  expectError(await stack.call('GET', `/cases/${caseId}`, undefined, tokens.admin), 404, 'not_found');
}

describe.concurrent('400 invalid_request names the offending fields', () => {
  it('refuses a case id with characters outside A-Za-z0-9._-', async () => {
    for (const caseId of ['bad id', 'case/1', 'é', 'a+b', '']) {
      expectInvalid(await stack.call('POST', '/cases', caseBody({ caseId })), 'caseId');
    }
  });

  it('refuses a 65-character case id and takes a 64-character one', async () => {
    const long = uniqueId('L').padEnd(65, 'x');
    expectInvalid(await stack.call('POST', '/cases', caseBody({ caseId: long })), 'caseId');
    await expectNoCase(long.slice(0, 64));
    const created = await stack.call('POST', '/cases', caseBody({ caseId: long.slice(0, 64) }));
    expect(created.status).toBe(201);
    // The same rule holds in the path.
    expectInvalid(await stack.call('GET', `/cases/${long}`), 'caseId');
    expectInvalid(await stack.call('GET', `/cases/${encodeURIComponent('bad id')}`), 'caseId');
  });

  it('refuses an unknown category, unit type, missing fields and a wrong reporter', async () => {
    const body = caseBody();
    expectInvalid(await stack.call('POST', '/cases', { ...body, category: 'civil' }), 'category');
    expectInvalid(await stack.call('POST', '/cases', { ...body, unitType: 'precinct' }), 'unitType');
    expectInvalid(await stack.call('POST', '/cases', { ...body, custody: 'yes' }), 'custody');
    const { station: _station, ...withoutStation } = body;
    expect((await stack.call('POST', '/cases', withoutStation)).status).toBe(400);
    await expectNoCase(body.caseId);
  });

  it('refuses a reportedAt without offset, not a date, or more than 5 minutes ahead', async () => {
    const body = caseBody();
    expectInvalid(await stack.call('POST', '/cases', { ...body, reportedAt: '2026-03-02T10:00:00' }), 'reportedAt');
    expectInvalid(await stack.call('POST', '/cases', { ...body, reportedAt: 'yesterday' }), 'reportedAt');
    expectInvalid(await stack.call('POST', '/cases', { ...body, reportedAt: iso(Date.now() + 10 * MINUTE) }), 'reportedAt');
    await expectNoCase(body.caseId);
    // With an explicit offset it is fine.
    expect((await stack.call('POST', '/cases', { ...body, reportedAt: '2026-03-02T10:00:00+08:00' })).status).toBe(201);
  });

  it('refuses a summary over 4,000 characters and takes one of exactly 4,000', async () => {
    const body = caseBody();
    expectInvalid(await stack.call('POST', '/cases', { ...body, summary: 'x'.repeat(4001) }), 'summary');
    await expectNoCase(body.caseId);
    expect((await stack.call('POST', '/cases', { ...body, summary: 'x'.repeat(4000) })).status).toBe(201);
  });

  it('refuses an unknown event type, FILE without decision and bad event fields', async () => {
    const { caseId } = await createCase(stack);
    const before = await getCase(stack, caseId);
    expectInvalid(await sendEvent(stack, caseId, { type: 'ARREST' }), 'type');
    expectInvalid(await sendEvent(stack, caseId, { decision: 'file' }), 'type');
    await send(stack, caseId, { type: 'REGISTER' });
    await send(stack, caseId, { type: 'NOTIFY' });
    expectInvalid(await sendEvent(stack, caseId, { type: 'FILE' }), 'decision');
    expectInvalid(await sendEvent(stack, caseId, { type: 'FILE', decision: 'maybe' }), 'decision');
    expectInvalid(await sendEvent(stack, caseId, { type: 'FILE', decision: 'file', track: 'express' }), 'track');
    expectInvalid(await sendEvent(stack, caseId, { type: 'FILE', decision: 'file', facts: { detentionDays: -1 } }), 'facts.detentionDays');
    expectInvalid(await sendEvent(stack, caseId, { type: 'TRANSFER', toUnit: 'X1', toUnitType: 'precinct' }), 'toUnitType');
    expectInvalid(await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'forever' }, tokens.supervisor), 'limit');
    expectInvalid(await sendEvent(stack, caseId, { type: 'SUSPEND_CLOCK' }), 'reason');
    expectInvalid(await sendEvent(stack, caseId, { type: 'CLOSE' }), 'outcome');
    const after = await getCase(stack, caseId);
    expect(after.stage).toBe('notified');
    expect(after.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY']);
    expect(before.stage).toBe('reported');
  });

  it('refuses an `at` more than 5 minutes ahead of now, or without offset', async () => {
    const { caseId } = await createCase(stack);
    const before = await getCase(stack, caseId);
    expectInvalid(await sendEvent(stack, caseId, { type: 'REGISTER', at: iso(Date.now() + 10 * MINUTE) }), 'at');
    expectInvalid(await sendEvent(stack, caseId, { type: 'REGISTER', at: '2026-03-02T10:00:00' }), 'at');
    expect(await getCase(stack, caseId)).toEqual(before);
  });

  it('refuses unknown or out-of-range query filters', async () => {
    expectInvalid(await stack.call('GET', '/cases?stage=bogus'), 'stage');
    expectInvalid(await stack.call('GET', '/cases?category=civil'), 'category');
    expectInvalid(await stack.call('GET', '/cases?track=express'), 'track');
    expectInvalid(await stack.call('GET', '/cases?overdue=yes'), 'overdue');
    expectInvalid(await stack.call('GET', '/cases?limit=0'), 'limit');
    expectInvalid(await stack.call('GET', '/cases?limit=-3'), 'limit');
    expectInvalid(await stack.call('GET', '/cases?limit=many'), 'limit');
    expectInvalid(await stack.call('GET', '/cases?cursor=not%20a%20cursor'), 'cursor');
  });

  it('refuses a cursor it never handed out, without waiting on Temporal', async () => {
    expectInvalid(await stack.call('GET', '/cases?cursor=AAAA'), 'cursor');
    expectInvalid(await stack.call('GET', '/cases?cursor=eyJMYXN0U3RhcnRUaW1lIjoiMjAyNiJ9'), 'cursor');
  });

  it('refuses a malformed JSON body, an empty body and a body that is not an object', async () => {
    const { caseId } = await createCase(stack);
    expectError(await stack.call('POST', '/cases', '{"caseId": '), 400, 'invalid_request');
    expectError(await stack.call('POST', `/cases/${caseId}/events`, '{"type": "REGISTER"'), 400, 'invalid_request');
    expectError(await stack.call('POST', `/cases/${caseId}/events`, ''), 400, 'invalid_request');
    expectError(await stack.call('POST', `/cases/${caseId}/events`, '"REGISTER"'), 400, 'invalid_request');
    expectError(await stack.call('POST', `/cases/${caseId}/events`), 400, 'invalid_request');
    expect((await getCase(stack, caseId)).stage).toBe('reported');
  });
});

describe.concurrent('401 unauthenticated', () => {
  it('answers every case route 401 without a token or with an unknown one', async () => {
    const { caseId } = await createCase(stack);
    const routes: [string, string, unknown][] = [
      ['GET', '/cases', undefined],
      ['GET', `/cases/${caseId}`, undefined],
      ['POST', '/cases', caseBody()],
      ['POST', `/cases/${caseId}/events`, { type: 'REGISTER' }],
    ];
    for (const [method, path, body] of routes) {
      expectError(await stack.call(method, path, body, null), 401, 'unauthenticated');
      expectError(await stack.call(method, path, body, 'not-a-known-token-at-all'), 401, 'unauthenticated');
    }
    // The scheme matters too.
    const basic = await fetch(`${stack.url}/cases/${caseId}`, { headers: { authorization: `Basic ${tokens.caseSystem}` } });
    expect(basic.status).toBe(401);
    const bare = await fetch(`${stack.url}/cases/${caseId}`, { headers: { authorization: tokens.caseSystem } });
    expect(bare.status).toBe(401);
    expect((await getCase(stack, caseId)).stage).toBe('reported');
  });
});

describe.concurrent('403 forbidden', () => {
  it('a supervisor may not report a case', async () => {
    const body = caseBody();
    expectError(await stack.call('POST', '/cases', body, tokens.supervisor), 403, 'forbidden');
    await expectNoCase(body.caseId);
  });

  it('a case system may not create a case at a station outside its stations', async () => {
    const body = caseBody({ station: 'S99' });
    expectError(await stack.call('POST', '/cases', body), 403, 'forbidden');
    await expectNoCase(body.caseId);
  });

  it('a case system may not EXTEND or ACK_ESCALATION; a supervisor may not send lifecycle events', async () => {
    const { caseId } = await createCase(stack);
    await send(stack, caseId, { type: 'REGISTER' });
    const before = await getCase(stack, caseId);
    expectError(await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }), 403, 'forbidden');
    expectError(await sendEvent(stack, caseId, { type: 'ACK_ESCALATION', escalationId: 'x' }), 403, 'forbidden');
    for (const event of [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'SUSPEND_CLOCK', reason: 'r' }, { type: 'CLOSE', outcome: 'penalty' }]) {
      expectError(await sendEvent(stack, caseId, event, tokens.supervisor), 403, 'forbidden');
    }
    expect(await getCase(stack, caseId)).toEqual(before);
  });
});

describe.concurrent('404 not_found', () => {
  it('answers an unknown case 404, for reading and for events', async () => {
    const caseId = uniqueId('NOPE');
    expectError(await stack.call('GET', `/cases/${caseId}`), 404, 'not_found');
    expectError(await stack.call('GET', `/cases/${caseId}`, undefined, tokens.supervisor), 404, 'not_found');
    expectError(await sendEvent(stack, caseId, { type: 'REGISTER' }), 404, 'not_found');
    expectError(await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor), 404, 'not_found');
  });

  it('answers a case outside the token’s stations 404, as if it did not exist, and never lists it', async () => {
    const created = await createCase(stack, { station: 'S77' }, tokens.admin);
    const { caseId } = created;
    const unknownId = uniqueId('C');
    const unknown = await stack.call('GET', `/cases/${unknownId}`);

    const outside = await stack.call('GET', `/cases/${caseId}`);
    expectError(outside, 404, 'not_found');
    expect(outside.body).toEqual({ ...unknown.body, message: unknown.body.message.replace(unknownId, caseId) });
    expectError(await sendEvent(stack, caseId, { type: 'REGISTER' }), 404, 'not_found');
    expect((await getCase(stack, caseId, tokens.admin)).stage).toBe('reported');
    expect((await getCase(stack, caseId, tokens.supervisor)).stage).toBe('reported');

    // Once visibility has it (the admin sees it listed), the case system still never does.
    const listed = await until(
      () => stack.call('GET', '/cases?station=S77&limit=200', undefined, tokens.admin),
      (res) => res.body.items.some((c: { caseId: string }) => c.caseId === caseId),
    );
    expect(listed.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    const filtered = await stack.call('GET', '/cases?station=S77');
    expect(filtered.status).toBe(200);
    expect(filtered.body).toEqual({ items: [], nextCursor: null });
    let cursor: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const res = await stack.call('GET', `/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      for (const item of res.body.items) expect(['S01', 'S02']).toContain(item.station);
      expect(res.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
  });

  it('answers an unknown route 404 with an error body', async () => {
    expectError(await stack.call('GET', '/nothing-here'), 404, 'not_found');
    expectError(await stack.call('GET', '/nothing-here', undefined, null), 404, 'not_found');
    expectError(await stack.call('POST', '/cases/C-1/comments', { text: 'x' }), 404, 'not_found');
    // A known path under a method it does not take is a 405 (with Allow: edge.test.ts), not a 404.
    expectError(await stack.call('DELETE', '/cases/C-1'), 405, 'method_not_allowed');
  });
});

describe.concurrent('409 event_not_allowed', () => {
  it('names the stage, the events allowed there and the reason, in every stage', async () => {
    const { caseId } = await createCase(stack);
    const path: [Record<string, unknown> | null, Record<string, unknown>][] = [
      [null, { type: 'CLOSE', outcome: 'penalty' }],
      [{ type: 'REGISTER' }, { type: 'FILE', decision: 'file' }],
      [{ type: 'NOTIFY' }, { type: 'APPROVE' }],
      [{ type: 'FILE', decision: 'file' }, { type: 'CLOSE', outcome: 'penalty' }],
      [{ type: 'APPROVE' }, { type: 'REGISTER' }],
      [{ type: 'CLOSE', outcome: 'dismissed' }, { type: 'NOTIFY' }],
    ];
    for (const [step, wrong] of path) {
      const view = step ? await send(stack, caseId, step) : await getCase(stack, caseId);
      const refusal = await refused(stack, caseId, wrong);
      expect(refusal.stage).toBe(view.stage);
      expect([...refusal.allowed].sort()).toEqual(allowedIn(view.stage));
      expect(await getCase(stack, caseId)).toEqual(view);
    }
  });

  it('a refused event changes nothing: not the case view, not the workflow history', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }]);
    const view = await getCase(stack, caseId);
    const length = await settledHistoryLength(stack, caseId);
    const lastAt = view.history.at(-1).at;

    // Not allowed in the stage; a failed guard (ineligible fast track, nothing to resume, unknown escalation);
    // business time earlier than the case's last event.
    await refused(stack, caseId, { type: 'CLOSE', outcome: 'penalty' });
    await refused(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true, minor: true } });
    await refused(stack, caseId, { type: 'RESUME_CLOCK' });
    await refused(stack, caseId, { type: 'ACK_ESCALATION', escalationId: 'nope' }, tokens.supervisor);
    await refused(stack, caseId, { type: 'EXTEND', limit: 'review' }, tokens.supervisor);
    const early = await refused(stack, caseId, { type: 'FILE', decision: 'file', at: iso(Date.parse(lastAt) - 1000) });
    expect(early.stage).toBe('notified');
    // And refusals of other kinds on the way in.
    expectError(await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }), 403, 'forbidden');
    expectInvalid(await sendEvent(stack, caseId, { type: 'FILE' }), 'decision');

    expect(await getCase(stack, caseId)).toEqual(view);
    expect(await settledHistoryLength(stack, caseId)).toBe(length);
    // The case still takes the right event.
    expect((await send(stack, caseId, { type: 'FILE', decision: 'file' })).stage).toBe('review');
  });
});

describe.concurrent('POST /cases is idempotent per body', () => {
  it('the same caseId with an identical body answers 200 with the current view; a different body 409 case_exists', async () => {
    const body = caseBody({ offense: 'theft', reporter: { name: 'Wang Fang', phone: '13900000000' }, summary: 'wallet taken', custody: false });
    const first = await stack.call('POST', '/cases', body);
    expect(first.status).toBe(201);
    const registered = await send(stack, body.caseId, { type: 'REGISTER' });

    const again = await stack.call('POST', '/cases', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(registered);
    // Key order is not part of the body's identity.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await stack.call('POST', '/cases', reordered)).status).toBe(200);

    for (const change of [{ summary: 'wallet and phone taken' }, { category: 'administrative' }, { station: 'S02' }, { reportedAt: iso(Date.now() - 60 * MINUTE) }]) {
      const res = await stack.call('POST', '/cases', { ...body, ...change });
      expectError(res, 409, 'case_exists');
    }
    expect(await getCase(stack, body.caseId)).toEqual(registered);
  });
});

describe.concurrent('413 body too large', () => {
  it('refuses a body over 64 KiB without creating or changing anything', async () => {
    const body = caseBody({ summary: 'x'.repeat(70 * 1024) });
    const res = await stack.call('POST', '/cases', body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    await expectNoCase(body.caseId);

    const { caseId } = await createCase(stack);
    const event = await sendEvent(stack, caseId, { type: 'SUSPEND_CLOCK', reason: 'y'.repeat(70 * 1024) });
    expect(event.status).toBe(413);
    expect((await getCase(stack, caseId)).suspended).toBeNull();
  });
});
