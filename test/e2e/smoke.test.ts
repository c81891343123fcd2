import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, uniqueId, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('a case over HTTP', () => {
  it('goes from report to close', async () => {
    const caseId = uniqueId('C');
    const reportedAt = new Date(Date.now() - 60_000).toISOString();
    const created = await stack.call('POST', '/cases', { caseId, category: 'criminal', station: 'S01', reportedAt });
    expect(created.status).toBe(201);
    for (const ev of [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'penalty' }]) {
      const res = await stack.call('POST', `/cases/${caseId}/events`, ev);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const view = await stack.call('GET', `/cases/${caseId}`);
    expect(view.body).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'penalty' });
  });
});
