import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import { createCase, getCase, refused, sendAll, until } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('a closed case', () => {
  it('stays readable after its workflow completes, takes no more events, and answers an identical start with 200', async () => {
    const created = await createCase(stack);
    await sendAll(stack, created.caseId, [
      { type: 'REGISTER' },
      { type: 'NOTIFY' },
      { type: 'FILE', decision: 'file' },
      { type: 'APPROVE' },
      { type: 'CLOSE', outcome: 'mediated' },
    ]);
    const handle = stack.client.workflow.getHandle(created.caseId);
    const described = await until(() => handle.describe(), (d) => d.status.name === 'COMPLETED');
    expect(described.status.name).toBe('COMPLETED');

    const view = await getCase(stack, created.caseId);
    expect(view).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'mediated' });
    const refusal = await refused(stack, created.caseId, { type: 'SUSPEND_CLOCK', reason: 'late' });
    expect(refusal).toMatchObject({ error: 'event_not_allowed', stage: 'closed', allowed: [] });

    const { caseId, category, station, reportedAt } = created;
    const again = await stack.call('POST', '/cases', { caseId, category, station, reportedAt });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(view);
  });
});
