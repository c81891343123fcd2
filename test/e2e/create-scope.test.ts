// Issue 16, defects 2 and 4: POST /cases with an id taken by a case outside the token's stations answers as GET
// would (404), whether the body is the original one (idempotent re-send) or another: neither the current view nor
// the case's existence leaks. Inside the token's stations, re-sending and conflicting bodies keep their answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { startStack, type Stack } from '../support/stack';
import { caseBody, neverFailing, sendAll } from './helpers';

const s01 = 's01-only-case-system-token';
const s02 = 's02-only-case-system-token';

let raw: Stack;
let stack: Stack;
beforeAll(async () => {
  const shipped = loadTokens(undefined, false);
  raw = await startStack({
    tokens: {
      tokens: [
        ...shipped.tokens,
        { token: s01, name: 's01-case-system', role: 'case-system', stations: ['S01'] },
        { token: s02, name: 's02-case-system', role: 'case-system', stations: ['S02'] },
      ],
    },
  });
  stack = neverFailing(raw);
});
afterAll(() => raw?.close());

describe.concurrent('POST /cases outside the token\'s stations', () => {
  it('re-sending the original body of a case since transferred away answers 404, as GET does', async () => {
    const body = caseBody({ offense: 'homicide', station: 'S01' });
    const created = await stack.call('POST', '/cases', body, s01);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await sendAll(stack, body.caseId, [
      { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' },
      { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'specialized', by: 'officer-s02' },
    ], s01);
    const suspended = await sendAll(stack, body.caseId, [{ type: 'SUSPEND_CLOCK', reason: 'S02 internal reason', by: 'officer-s02' }], s02);
    expect(suspended.station).toBe('S02');

    const read = await stack.call('GET', `/cases/${body.caseId}`, undefined, s01);
    expect(read.status).toBe(404);
    const again = await stack.call('POST', '/cases', body, s01);
    expect(again.status, JSON.stringify(again.body)).toBe(404);
    expect(again.body.error).toBe('not_found');
    expect(JSON.stringify(again.body)).not.toContain('S02');

    // The station holding it now sees it: a body other than the case's is a conflict there.
    const fromS02 = await stack.call('POST', '/cases', { ...body, station: 'S02' }, s02);
    expect(fromS02.status, JSON.stringify(fromS02.body)).toBe(409);
  });

  it('another station\'s case id answers 404, not 409 case_exists', async () => {
    const body = caseBody({ station: 'S01' });
    expect((await stack.call('POST', '/cases', body, s01)).status).toBe(201);

    const read = await stack.call('GET', `/cases/${body.caseId}`, undefined, s02);
    const taken = await stack.call('POST', '/cases', { ...body, station: 'S02' }, s02);
    expect(taken.status, JSON.stringify(taken.body)).toBe(404);
    expect(taken.body.error).toBe(read.body.error);
    expect(taken.body.message).toBe(read.body.message);
  });

  it('inside the stations, the same body is 200 with the view and another body 409 case_exists', async () => {
    const body = caseBody({ station: 'S01' });
    expect((await stack.call('POST', '/cases', body, s01)).status).toBe(201);
    const same = await stack.call('POST', '/cases', body, s01);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ caseId: body.caseId, station: 'S01', stage: 'reported' });
    const other = await stack.call('POST', '/cases', { ...body, summary: 'another body' }, s01);
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('case_exists');
  });
});
