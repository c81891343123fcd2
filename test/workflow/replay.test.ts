// Cases live for months: every recorded history (scripts/record-histories.ts) must replay with the current
// workflow code. A change of timers, commands or their order without patched() fails here, not in production.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, it, inject } from 'vitest';

// Written by scripts/record-histories.ts.
const HISTORIES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');

const fixtures = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ name: file.replace(/\.json$/, ''), json: JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown }));

const replayOptions = () => ({ workflowBundle: { codePath: inject('workflowBundlePath') } });

describe('replay of recorded case histories', () => {
  const results = new Map<string, ReplayResult>();
  beforeAll(async () => {
      const histories = fixtures.map(({ name, json }) => ({ workflowId: name, history: historyFromJSON(json) }));
    for await (const result of Worker.runReplayHistories(replayOptions(), histories)) results.set(result.workflowId, result);
  });

  it('has the representative scenarios recorded', () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['full-lifecycle', 'decline-with-reject', 'negative-list-transfer', 'fast-track-convert', 'suspend-resume-extend', 'escalations', 'carried-start']),
    );
  });

  it.each(fixtures.map((f) => f.name))('replays %s without nondeterminism', (name) => {
    const result = results.get(name);
    expect(result, `no replay result for ${name}`).toBeDefined();
    expect(result?.error).toBeUndefined();
  });

  it('does notice a history the code cannot have produced', async () => {
    // The same lifecycle, but its first activity recorded under another type: replay must refuse it,
    // which shows the checks above are not vacuous.
    const original = fixtures.find((f) => f.name === 'full-lifecycle');
    expect(original).toBeDefined();
    const tampered = JSON.parse(JSON.stringify(original!.json)) as { events: Array<Record<string, { activityType?: { name: string } }>> };
    const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType!.name = 'sendFax';
    await expect(Worker.runReplayHistory(replayOptions(), historyFromJSON(tampered), 'tampered')).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
