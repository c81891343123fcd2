// Bulk operations run for hours: every recorded bulk history (scripts/record-bulk-histories.ts) must replay with the
// current workflow code. 'id-list' was recorded before POST /admin/calendar paged: a POST /bulk run, a calendar over
// an id list and a cancelled run, which must keep replaying on the id-list path. 'paged' is a calendar run continuing
// as new from page to page, each run its own history.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const DIR = path.join(__dirname, '..', 'fixtures', 'bulk-histories');
const fixtures = readdirSync(DIR)
  .sort()
  .flatMap((generation) =>
    readdirSync(path.join(DIR, generation))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => ({ name: `${generation}/${file.replace(/\.json$/, '')}`, json: JSON.parse(readFileSync(path.join(DIR, generation, file), 'utf8')) as unknown })),
  );

describe('replay of recorded bulk histories', () => {
  const results = new Map<string, ReplayResult>();
  beforeAll(async () => {
    const histories = fixtures.map(({ name, json }) => ({ workflowId: name, history: historyFromJSON(json) }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) results.set(result.workflowId, result);
  }, 120_000);

  it('holds the id-list runs recorded before paging, and a paged run over several runs', () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['id-list/calendar', 'id-list/cancelled', 'id-list/events-with-refusal', 'paged/calendar-run1', 'paged/calendar-run2', 'paged/calendar-run4']),
    );
  });

  it.each(fixtures.map((f) => f.name))('%s replays without nondeterminism', (name) => {
    expect(results.get(name)?.error).toBeUndefined();
  });
});
