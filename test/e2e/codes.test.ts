// Issue 16, defect 5: a case takes only the station codes the filters take (a station that can never be filtered
// on is refused at create and at TRANSFER), and an offense code has no control characters.
import { describe, expect, it } from 'vitest';
import { tokens, uniqueId } from '../support/stack';
import { caseBody, createCase, neverFailingStack, sendAll, until } from './helpers';

const stack = neverFailingStack();

const LONE_SURROGATE = 'S\ud800';
const badStations = ['S\u000001', 'S\u001b[31m', LONE_SURROGATE, '*', 'S"1', "S'1", 'S 1', 'x'.repeat(65), ''];
const badOffenses = ['theft\u0000', 'theft\u001b', 'theft\n', '\u007f', '\u0085', 'theft\udc00', ''];

function expectInvalid(res: { status: number; body: { error?: string; issues?: { path: string }[] } }, path: string, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.error).toBe('invalid_request');
  expect(res.body.issues?.map((i) => i.path), what).toContain(path);
}

describe.concurrent('codes a case takes are the codes it can be found by', () => {
  it('POST /cases refuses a station the filters refuse, and creates nothing', async () => {
    for (const station of badStations) {
      const body = caseBody({ station });
      expectInvalid(await stack.call('POST', '/cases', body, tokens.admin), 'station', JSON.stringify(station));
      // A lone surrogate cannot even be written into a URL.
      if (station !== LONE_SURROGATE) {
        expectInvalid(await stack.call('GET', `/cases?station=${encodeURIComponent(station)}`, undefined, tokens.admin), 'station', `filter ${JSON.stringify(station)}`);
      }
      expect((await stack.call('GET', `/cases/${body.caseId}`, undefined, tokens.admin)).status).toBe(404);
    }
  });

  it('POST /cases refuses an offense with control characters or broken UTF-16', async () => {
    for (const offense of badOffenses) {
      expectInvalid(await stack.call('POST', '/cases', caseBody({ offense })), 'offense', JSON.stringify(offense));
    }
  });

  it('TRANSFER refuses a unit the filters refuse; a case at a good code is found by it', async () => {
    const station = uniqueId('S');
    const view = await createCase(stack, { station, offense: 'homicide' }, tokens.admin);
    await sendAll(stack, view.caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }], tokens.admin);
    for (const toUnit of badStations) {
      expectInvalid(await stack.call('POST', `/cases/${view.caseId}/events`, { type: 'TRANSFER', toUnit, toUnitType: 'specialized' }, tokens.admin), 'toUnit', JSON.stringify(toUnit));
    }
    const found = await until(() => stack.call('GET', `/cases?station=${station}`, undefined, tokens.admin), (res) => res.body.items.length > 0);
    expect(found.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([view.caseId]);
  });
});
