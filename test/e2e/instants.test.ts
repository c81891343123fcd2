// Issue 16, defect 3: every instant the API takes is range-checked, so an offset can never carry a year out of
// what Temporal holds: 400 naming the field, nothing created, never a 500 (neverFailingStack).
import { describe, expect, it } from 'vitest';
import { tokens } from '../support/stack';
import { caseBody, createCase, neverFailingStack } from './helpers';

const stack = neverFailingStack();

function expectInvalidAt(res: { status: number; body: { error?: string; issues?: { path: string }[] } }, path: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error).toBe('invalid_request');
  expect(res.body.issues?.map((i) => i.path), JSON.stringify(res.body)).toContain(path);
}

describe.concurrent('instants outside the years Temporal holds', () => {
  it('reportedAt: 400 naming it, and no case', async () => {
    for (const body of [
      caseBody({ reportedAt: '0000-01-01T00:00:00+23:59' }),
      caseBody({ reportedAt: '0000-01-20T00:00:00Z', reporter: { name: 'A', phone: '13800000000' } }),
      caseBody({ reportedAt: '1969-12-31T23:59:59Z' }),
    ]) {
      expectInvalidAt(await stack.call('POST', '/cases', body), 'reportedAt');
      expect((await stack.call('GET', `/cases/${body.caseId}`)).status).toBe(404);
    }
  });

  it('an event\'s at: 400 naming it, and the case unchanged', async () => {
    const view = await createCase(stack);
    expectInvalidAt(await stack.call('POST', `/cases/${view.caseId}/events`, { type: 'REGISTER', at: '0000-01-01T00:00:00+23:59' }), 'at');
    expect((await stack.call('GET', `/cases/${view.caseId}`)).body.history).toEqual([]);
  });

  it('/stats from and to: 400 naming each; the extremes of the range answer', async () => {
    expectInvalidAt(await stack.call('GET', `/stats?from=${encodeURIComponent('0000-01-01T00:00:00+23:59')}`, undefined, tokens.supervisor), 'from');
    expectInvalidAt(await stack.call('GET', `/stats?to=${encodeURIComponent('9999-12-31T23:59:59-23:59')}`, undefined, tokens.supervisor), 'to');
    const widest = await stack.call('GET', `/stats?from=${encodeURIComponent('1970-01-01T00:00:00+23:59')}&to=${encodeURIComponent('9998-12-31T23:59:59-23:59')}&station=S-none`, undefined, tokens.supervisor);
    expect(widest.status, JSON.stringify(widest.body)).toBe(200);
    expect(widest.body.received).toBe(0);
  });
});
