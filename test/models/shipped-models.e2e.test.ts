// A sample of the shipped models on real Temporal, through the HTTP API and a worker running the workflow bundle:
// each fires on a case it describes and stays quiet on one like it. The pure-engine table covers every model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, getCase, sendAll, until } from '../e2e/helpers';
import { startStack, tokens, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.close());

const DAY = 86_400_000;
const rules = (view: { warnings: Array<{ rule: string; closedAt: string | null }> }) => view.warnings.filter((w) => !w.closedAt).map((w) => w.rule);
const toReview = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }];
const facts = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

describe('shipped models on real Temporal (e2e sample)', () => {
  it('filing-rejected-twice fires on the second rejection, not on the first', async () => {
    const { caseId } = await createCase(stack, {}, tokens.admin);
    const once = await sendAll(stack, caseId, [...toReview, { type: 'REJECT' }], tokens.admin);
    expect(rules(once)).not.toContain('filing-rejected-twice');
    const twice = await sendAll(stack, caseId, [{ type: 'FILE', decision: 'file' }, { type: 'REJECT' }], tokens.admin);
    expect(rules(twice)).toContain('filing-rejected-twice');
  });

  it('custody-limit-overdue fires on a custody case left overdue, not on the same case without custody', async () => {
    const reportedAt = new Date(Date.now() - 2 * DAY).toISOString();
    const held = await createCase(stack, { reportedAt, custody: true }, tokens.admin);
    const free = await createCase(stack, { reportedAt }, tokens.admin);
    const heldView = await until(() => getCase(stack, held.caseId, tokens.admin), (v) => rules(v).includes('limit-overdue'));
    expect(rules(heldView)).toContain('custody-limit-overdue');
    const freeView = await until(() => getCase(stack, free.caseId, tokens.admin), (v) => rules(v).includes('limit-overdue'));
    expect(rules(freeView)).not.toContain('custody-limit-overdue');
  });

  it('converted-from-fast-track fires once a fast-track case goes back to the ordinary track', async () => {
    const { caseId } = await createCase(stack, {}, tokens.admin);
    const fast = await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file', track: 'fast', facts }, { type: 'APPROVE' }], tokens.admin);
    expect(rules(fast)).not.toContain('converted-from-fast-track');
    const converted = await sendAll(stack, caseId, [{ type: 'CONVERT_TO_ORDINARY' }], tokens.admin);
    expect(rules(converted)).toContain('converted-from-fast-track');
  });
});
