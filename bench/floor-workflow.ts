// The floor: the least a workflow can do per Update. Bundled on its own (bench/run.ts), never part of
// workflows/index.ts, so caseflow's bundle and replay tests do not know it exists.
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const bumpUpdate = defineUpdate<number, [{ type: string }]>('bump');

/** Takes `closeAfter` updates, each answered with a counter, then completes, as a case completes on CLOSE. */
export async function floorWorkflow(input: { closeAfter: number }): Promise<number> {
  let count = 0;
  setHandler(bumpUpdate, () => ++count);
  await condition(() => count >= input.closeAfter);
  await condition(allHandlersFinished);
  return count;
}
