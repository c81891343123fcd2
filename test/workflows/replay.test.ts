// Cases live for months: every recorded history (scripts/record-histories.ts) must replay with the current
// workflow code. A change of timers, commands or their order without patched() fails here, not in production.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, DefaultLogger, Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import {
  ARCHIVED_CLOSES_PATCH,
  FOLDED_CATCH_UP_PATCH,
  NEWEST_PATCH,
  REMEDY_WINDOWS_PATCH,
  REPORTS_COUNTED_AFTER_START_PATCH,
  SETTLED_UPDATES_PATCH,
  STANDING_ALARM_PATCH,
} from '../../workflows/case-generation';

// Written by scripts/record-histories.ts, one folder per workflow generation (the patch it was recorded under).
const HISTORIES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');
const generations = readdirSync(HISTORIES_DIR).sort();

const fixtures = generations.flatMap((generation) =>
  readdirSync(path.join(HISTORIES_DIR, generation))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      generation,
      scenario: file.replace(/\.json$/, ''),
      name: `${generation}/${file.replace(/\.json$/, '')}`,
      json: JSON.parse(readFileSync(path.join(HISTORIES_DIR, generation, file), 'utf8')) as unknown,
    })),
);

/**
 * The 'original' histories were written before caseflow's workflow interceptors existed, so they replay on the
 * bare workflow code. Histories of every later generation (settled-updates on) must replay on both: with the interceptors, as
 * every worker runs, and without them. Before that patch an interceptor's awaits around the update handler changed
 * the order of commands, and a resumed case written by one could not be replayed by the other (a stuck case).
 */
type RecordedEvent = {
  activityTaskScheduledEventAttributes?: { activityType?: { name: string } };
  workflowExecutionCompletedEventAttributes?: { result: { payloads: Array<{ data: string }> } };
  upsertWorkflowSearchAttributesEventAttributes?: unknown;
};

const current = (name: string) => !name.startsWith('original/');
const intercepting = () => ({ workflowBundle: { codePath: inject('workflowBundlePath') } });

async function replayAll(options: Parameters<typeof Worker.runReplayHistories>[0], names: (name: string) => boolean) {
  const results = new Map<string, ReplayResult>();
  const histories = fixtures.filter((f) => names(f.name)).map(({ name, json }) => ({ workflowId: name, history: historyFromJSON(json) }));
  for await (const result of Worker.runReplayHistories(options, histories)) results.set(result.workflowId, result);
  return results;
}

describe('replay of recorded case histories', () => {
  let bare: Map<string, ReplayResult>;
  let intercepted: Map<string, ReplayResult>;
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, '..', '..', 'workflows'), logger: new DefaultLogger('WARN') });
    bare = await replayAll({ workflowBundle: { code } }, () => true);
    intercepted = await replayAll(intercepting(), current);
  }, 120_000);

  it.each(generations)('has the representative scenarios recorded for generation %s', (generation) => {
    expect(fixtures.filter((f) => f.generation === generation).map((f) => f.scenario)).toEqual(
      expect.arrayContaining(['full-lifecycle', 'decline-with-reject', 'negative-list-transfer', 'fast-track-convert', 'suspend-resume-extend', 'escalations', 'carried-start']),
    );
  });

  it('holds histories of every generation: before any patch, settled updates, the standing alarm, folded catch-up, remedy windows, counting after start, archived closes', () => {
    expect(generations).toEqual(
      expect.arrayContaining(['original', SETTLED_UPDATES_PATCH, STANDING_ALARM_PATCH, FOLDED_CATCH_UP_PATCH, REMEDY_WINDOWS_PATCH, REPORTS_COUNTED_AFTER_START_PATCH, ARCHIVED_CLOSES_PATCH, NEWEST_PATCH]),
    );
  });

  it('holds closes of the archiving generation: the final view archived by an activity, then the run marked archived, then its end', () => {
    for (const fixture of fixtures.filter((f) => f.generation === ARCHIVED_CLOSES_PATCH)) {
      const { events } = fixture.json as { events: RecordedEvent[] };
      const archived = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'archiveClosedCase');
      const marked = events.findIndex((e, i) => i > archived && JSON.stringify(e.upsertWorkflowSearchAttributesEventAttributes ?? {}).includes('CaseArchived'));
      expect([fixture.name, archived > 0, marked > archived]).toEqual([fixture.name, true, true]);
      expect(events.at(-1)?.workflowExecutionCompletedEventAttributes, fixture.name).toBeDefined();
    }
  });

  it('holds a repeat reporter of the counting generation: counted by an activity after the start, then warned', () => {
    const { events } = fixtures.find((f) => f.name === `${REPORTS_COUNTED_AFTER_START_PATCH}/repeat-reporter`)!.json as { events: RecordedEvent[] };
    expect(events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)).toContain('countPriorReports');
    const result = events.at(-1)!.workflowExecutionCompletedEventAttributes!.result.payloads[0]!.data;
    const view = JSON.parse(Buffer.from(result, 'base64').toString('utf8')) as { warnings: Array<{ rule: string }> };
    expect(view.warnings.map((w) => w.rule)).toContain('repeat-reporter');
  });

  it('holds a decline of the remedy-windows generation whose run ended only when the reconsideration window closed', () => {
    type Event = { eventType: string; eventTime: string };
    const events = (fixtures.find((f) => f.name === `${REMEDY_WINDOWS_PATCH}/remedy-window-passes`)?.json as { events: Event[] } | undefined)?.events ?? [];
    const fired = events.filter((e) => e.eventType === 'EVENT_TYPE_TIMER_FIRED');
    const completed = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(fired.length).toBeGreaterThan(0);
    // The window closes at 24:00 local (16:00Z) of its 7th whole day after the notice.
    expect(Date.parse(completed!.eventTime) - Date.parse(events[0]!.eventTime)).toBeGreaterThan(7 * 24 * 3_600_000);
    expect(fired.at(-1)!.eventTime.slice(11, 16)).toBe('16:00');
    expect(fixtures.some((f) => f.name === `${REMEDY_WINDOWS_PATCH}/remedy-review-revoke`)).toBe(true);
  });

  it('holds a backdated case of the folding generation, whose catch-up is one escalation', () => {
    const backdated = fixtures.find((f) => f.name === `${FOLDED_CATCH_UP_PATCH}/backdated-catch-up`);
    const deliveries = JSON.stringify(backdated?.json).match(/activityTaskScheduledEventAttributes/g) ?? [];
    // The warning, the folded overdue (nine repeats in it), the repeat a day later, and the notice at REGISTER.
    expect(deliveries).toHaveLength(4);
  });

  it.each(fixtures.map((f) => f.name))('replays %s without nondeterminism', (name) => {
    const result = bare.get(name);
    expect(result, `no replay result for ${name}`).toBeDefined();
    expect(result?.error).toBeUndefined();
  });

  it.each(fixtures.map((f) => f.name).filter(current))('replays %s with the workflow interceptors too', (name) => {
    const result = intercepted.get(name);
    expect(result, `no replay result for ${name}`).toBeDefined();
    expect(result?.error).toBeUndefined();
  });

  it('does notice a history the code cannot have produced', async () => {
    // The same lifecycle, but its first activity recorded under another type: replay must refuse it,
    // which shows the checks above are not vacuous.
    const original = fixtures.find((f) => f.name === 'original/full-lifecycle');
    expect(original).toBeDefined();
    const tampered = JSON.parse(JSON.stringify(original!.json)) as { events: Array<Record<string, { activityType?: { name: string } }>> };
    const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType!.name = 'sendFax';
    await expect(Worker.runReplayHistory(intercepting(), historyFromJSON(tampered), 'tampered')).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
