// Contract section 9, access: prosecutor and court tokens see only cases their org holds or has held (404
// otherwise, and never in a list) and send only their own events (403); police tokens cannot send theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, sendAll, sendEvent } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe.concurrent('prosecutor and court tokens', () => {
  it('a police case no agency has held does not exist for them, in a read or a list', async () => {
    const kase = await createCase(stack);
    for (const token of [tokens.prosecutor, tokens.court]) {
      const read = await stack.call('GET', `/cases/${kase.caseId}`, undefined, token);
      expect(read.status, JSON.stringify(read.body)).toBe(404);
      expect(read.body.error).toBe('not_found');
      const list = await stack.call('GET', '/cases?limit=100', undefined, token);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(kase.caseId);
      const count = await stack.call('GET', '/cases/count', undefined, token);
      expect(count.status).toBe(200);
    }
  });

  it('send no police or supervisor event, and report no case: 403, and the case is unchanged', async () => {
    const kase = await createCase(stack);
    for (const token of [tokens.prosecutor, tokens.court]) {
      for (const event of [{ type: 'REGISTER' }, { type: 'EXTEND', limit: 'register' }, { type: 'CLOSE', outcome: 'prosecution' }]) {
        const res = await sendEvent(stack, kase.caseId, event, token);
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.error).toBe('forbidden');
      }
      const created = await stack.call('POST', '/cases', { ...kase, caseId: `${kase.caseId}-x`, reportedAt: kase.reportedAt }, token);
      expect(created.status).toBe(403);
    }
    const after = await sendAll(stack, kase.caseId, [{ type: 'REGISTER' }]);
    expect(after.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER']);
  });
});
