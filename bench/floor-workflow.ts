// The floor: the least a workflow can do per Update. Bundled on its own (bench/run.ts), never part of
// workflows/index.ts, so caseflow's bundle and replay tests do not know it exists.
import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { searchAttributes as sa } from '../contracts/names';

export const bumpUpdate = defineUpdate<number, [{ type: string }]>('bump');

export type FloorActivities = { notice(): Promise<void> };

const { notice } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * What a case writes to Temporal on an event, added piece by piece to measure each: a search attribute upsert,
 * a memo of `memoChars` characters (a case view is about 1.5 kB), and its one timer cancelled and started again;
 * `notice` runs one activity after the first Update and waits for it before completing, as a case sends the
 * reporter's notice on REGISTER.
 */
export type FloorWork = { searchAttribute?: boolean; memoChars?: number; rearmTimer?: boolean; notice?: boolean };

/** Takes `closeAfter` updates, each answered with a counter, then completes, as a case completes on CLOSE. */
export async function floorWorkflow(input: { closeAfter: number; work?: FloorWork }): Promise<number> {
  const work = input.work ?? {};
  let count = 0;
  let sent: Promise<void> | undefined;
  setHandler(bumpUpdate, () => {
    count += 1;
    if (work.searchAttribute) upsertSearchAttributes([{ key: sa.stage, value: `bump-${count}` }]);
    if (work.memoChars) upsertMemo({ view: `${count}`.padEnd(work.memoChars, '.') });
    if (work.notice) sent ??= notice();
    return count;
  });
  for (let seen = 0; count < input.closeAfter; seen = count) {
    await condition(() => count !== seen, work.rearmTimer ? '1 day' : undefined);
  }
  await sent;
  await condition(allHandlersFinished);
  return count;
}
