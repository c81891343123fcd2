// A case whose view outgrows the memo cap (contracts/messages.ts) is still read whole: the API asks the workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MEMO_VIEW, CASE_MEMO_VIEW_MAX_BYTES } from '../../contracts/messages';
import { startStack, type Stack } from '../support/stack';
import { createCase, getCase, sendAll } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('a case with a long history', () => {
  it('leaves the memo once its view passes the cap, and still reads whole', async () => {
    const created = await createCase(stack);
    const reason = '案件中止：等待鉴定意见 (awaiting the expert opinion) '.repeat(2);
    const pairs = [{ type: 'SUSPEND_CLOCK', reason }, { type: 'RESUME_CLOCK' }];
    const memoView = async () => (await stack.client.workflow.getHandle(created.caseId).describe()).memo?.[CASE_MEMO_VIEW];

    await sendAll(stack, created.caseId, [{ type: 'REGISTER' }, ...pairs]);
    expect(await memoView()).toMatchObject({ caseId: created.caseId, stage: 'registered' });

    let sent = 3;
    while (Buffer.byteLength(JSON.stringify(await getCase(stack, created.caseId))) <= CASE_MEMO_VIEW_MAX_BYTES) {
      await sendAll(stack, created.caseId, Array.from({ length: 20 }, () => pairs).flat());
      sent += 40;
    }
    // Upserting a memo key with null removes it.
    expect(await memoView()).toBeUndefined();
    const view = await getCase(stack, created.caseId);
    expect(view.history).toHaveLength(sent);
    expect(view.history.at(-1)).toMatchObject({ type: 'RESUME_CLOCK' });
    expect(view.stage).toBe('registered');
  }, 120_000);
});
