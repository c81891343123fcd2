// Two deployments in one namespace, each with its own task queue: neither lists, counts or figures the other's
// cases, even for a token that sees every station.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { createCase, until } from './helpers';

let first: Stack;
let second: Stack;
beforeAll(async () => {
  first = await startStack();
  second = await startStack();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe('two deployments sharing a namespace', () => {
  it('keep their cases apart in lists, counts and figures', async () => {
    const station = uniqueId('DEP');
    const mine = await createCase(first, { station }, tokens.admin);
    const listed = await until(
      () => first.call('GET', `/cases?station=${station}`, undefined, tokens.admin),
      (res) => res.body.items.length === 1,
    );
    expect(listed.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([mine.caseId]);
    expect((await first.call('GET', `/cases/count?station=${station}`, undefined, tokens.admin)).body).toEqual({ count: 1 });

    expect((await second.call('GET', `/cases?station=${station}`, undefined, tokens.admin)).body).toEqual({ items: [], nextCursor: null });
    expect((await second.call('GET', `/cases/count?station=${station}`, undefined, tokens.admin)).body).toEqual({ count: 0 });
    // Figures come with the case's first workflow task.
    const ours = await until(() => first.call('GET', `/stats?station=${station}`, undefined, tokens.admin), (res) => res.body.received === 1);
    expect(ours.body.received).toBe(1);
    const figures = await second.call('GET', `/stats?station=${station}`, undefined, tokens.admin);
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ received: 0, withoutFigures: 0 });
  });
});
