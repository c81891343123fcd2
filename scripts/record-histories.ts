// Records the histories test/workflows/replay.test.ts replays: representative cases run on the time-skipping
// server with the current workflow code, each written to test/fixtures/histories/<generation>/<scenario>.json in
// the JSON form the Temporal CLI and UI export. When the workflow's commands change on purpose (a new version
// behind patched()), name a new GENERATION after the patch and record it; the older generations stay and must
// keep replaying.
//
//   npx tsx scripts/record-histories.ts            # every scenario
//   npx tsx scripts/record-histories.ts decline    # only the scenarios whose name contains "decline"
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadPolicy } from '../config/policy';
import { projectRoot } from '../config/temporal-binaries';
import type { CaseCommand, CaseEventRequest, CaseView, StartCaseRequest } from '../contracts/case';
import { applyEventUpdate, caseViewQuery, type CarriedState } from '../contracts/messages';
import { CASE_WORKFLOW_TYPE, searchAttributes as sa } from '../contracts/names';
import { carry, decide, openCase } from '../machines/case-engine';
import { reporterKey } from '../temporal/repeat-reports';
import { startDevServer, startTimeSkipping, type TestTemporal } from '../test/support/temporal-env';
import { quietRuntime, registerSearchAttributes } from '../test/workflows/test-server';
import { NEWEST_PATCH } from '../workflows/case-generation';
import type { caseWorkflow } from '../workflows/case-workflow';
import { createCaseWorker } from '../worker/create-worker';
import { openClosedCaseArchive } from '../audit/closed-cases';

/** Histories are recorded under the workflow's newest patch; 'original' ones predate every patched() call. */
const HISTORIES_DIR = path.join(projectRoot, 'test', 'fixtures', 'histories', NEWEST_PATCH);

const policy = loadPolicy();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

type Handle = WorkflowHandle<typeof caseWorkflow>;
type Ctx = {
  start(request: Partial<StartCaseRequest>, carried?: CarriedState): Promise<Handle>;
  send(handle: Handle, event: CaseEventRequest): Promise<CaseView>;
  /** Sends an event that must be refused; the refusal is part of what replay has to reproduce. */
  refuse(handle: Handle, event: CaseEventRequest): Promise<void>;
  sleep(ms: number | string): Promise<void>;
  now(): Promise<string>;
};
/**
 * `server: 'dev'` records on a full dev server (real time, a visibility store the case can count in) instead of the
 * time-skipping test server, which answers visibility counts with UNIMPLEMENTED.
 */
type Scenario = { name: string; server?: 'dev'; run(ctx: Ctx): Promise<Handle> };

async function toReview(ctx: Ctx, handle: Handle, file: Partial<Extract<CaseEventRequest, { type: 'FILE' }>> = {}): Promise<void> {
  await ctx.send(handle, { type: 'REGISTER' });
  await ctx.send(handle, { type: 'NOTIFY' });
  await ctx.send(handle, { type: 'FILE', decision: 'file', facts: admitted, ...file });
}

const scenarios: Scenario[] = [
  {
    name: 'full-lifecycle',
    async run(ctx) {
      const handle = await ctx.start({ category: 'criminal', offense: 'theft', summary: 'bicycle stolen' });
      await ctx.send(handle, { type: 'REGISTER' });
      await ctx.refuse(handle, { type: 'CLOSE', outcome: 'dismissed' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
  {
    name: 'decline-with-reject',
    async run(ctx) {
      const handle = await ctx.start({ category: 'administrative' });
      await ctx.send(handle, { type: 'REGISTER' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
      await ctx.send(handle, { type: 'REJECT', reason: 'facts not examined', by: 'legal-1' });
      await ctx.send(handle, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'NOTIFY' });
      return handle;
    },
  },
  {
    name: 'negative-list-transfer',
    async run(ctx) {
      const handle = await ctx.start({ category: 'criminal', offense: 'homicide', unitType: 'station' });
      await toReview(ctx, handle, { facts: undefined });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.refuse(handle, { type: 'CLOSE', outcome: 'dismissed' });
      await ctx.refuse(handle, { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'station' });
      await ctx.send(handle, { type: 'TRANSFER', toUnit: 'CID-01', toUnitType: 'specialized' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
  {
    name: 'fast-track-convert',
    async run(ctx) {
      const handle = await ctx.start({ category: 'criminal', offense: 'theft' });
      await toReview(ctx, handle, { track: 'fast' });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.sleep('2 days');
      await ctx.send(handle, { type: 'CONVERT_TO_ORDINARY', reason: 'suspect withdrew admission' });
      await ctx.sleep('6 days');
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
  {
    name: 'suspend-resume-extend',
    async run(ctx) {
      const handle = await ctx.start({ category: 'administrative', custody: true });
      await toReview(ctx, handle);
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'SUSPEND_CLOCK', reason: 'awaiting expert opinion' });
      await ctx.sleep('5 days');
      await ctx.send(handle, { type: 'RESUME_CLOCK' });
      await ctx.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' });
      await ctx.refuse(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' });
      await ctx.sleep('40 days');
      await ctx.send(handle, { type: 'CLOSE', outcome: 'penalty' });
      return handle;
    },
  },
  {
    name: 'escalations',
    async run(ctx) {
      const handle = await ctx.start({ category: 'criminal' });
      await ctx.sleep('20 hours'); // register warning
      await ctx.sleep('3 days'); // overdue to the chain, daily
      const view = await ctx.send(handle, { type: 'REGISTER' });
      const overdue = view.escalations.find((e) => e.level === 'overdue');
      if (overdue) await ctx.send(handle, { type: 'ACK_ESCALATION', escalationId: overdue.id, note: 'seen', by: 'supervisor-1' });
      await ctx.sleep('2 days'); // notify warning and overdue
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'dismissed' });
      return handle;
    },
  },
  {
    name: 'backdated-catch-up',
    async run(ctx) {
      // Reported ten days ago: the register limit's nine missed daily repeats fold into one overdue escalation.
      const reportedAt = new Date(Date.parse(await ctx.now()) - 10 * DAY).toISOString();
      const handle = await ctx.start({ category: 'criminal', reportedAt });
      await ctx.sleep('1 day'); // one more repeat, raised on its own
      await toReview(ctx, handle);
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'dismissed' });
      return handle;
    },
  },
  {
    name: 'repeat-reporter',
    server: 'dev',
    async run(ctx) {
      // Two earlier reports from the phone, then a third started as the API starts it, without a count: the case
      // counts them itself after its start, and the repeat-reporter warning opens.
      const reporter = { phone: '+86 138-0000-1111' };
      for (const n of [1, 2]) await ctx.start({ caseId: `rec-earlier-${n}-${Date.parse(await ctx.now())}`, reporter });
      const handle = await ctx.start({ category: 'administrative', reporter });
      for (let view = await handle.query(caseViewQuery); !view.warnings.some((w) => w.rule === 'repeat-reporter'); view = await handle.query(caseViewQuery)) {
        await ctx.sleep(200);
      }
      await toReview(ctx, handle);
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'penalty' });
      return handle;
    },
  },
  {
    name: 'remedy-review-revoke',
    async run(ctx) {
      // A decline reconsidered and upheld, then revoked by the level above: the same run reopens twice and is filed.
      const handle = await ctx.start({ category: 'criminal', offense: 'theft' });
      await ctx.send(handle, { type: 'REGISTER' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.refuse(handle, { type: 'REQUEST_REVIEW', reason: 'too early' });
      await ctx.sleep('2 days');
      await ctx.send(handle, { type: 'REQUEST_RECONSIDERATION', reason: 'the bicycle was seen at a shop' });
      await ctx.send(handle, { type: 'RECONSIDER', decision: 'uphold', reason: 'a different bicycle', by: 'supervisor-1' });
      await ctx.sleep('3 days');
      await ctx.send(handle, { type: 'REQUEST_REVIEW', reason: 'the serial number was never checked' });
      await ctx.send(handle, { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'the serial number matches', by: 'city-bureau' });
      await ctx.refuse(handle, { type: 'FILE', decision: 'decline', reason: 'still no offence' });
      await ctx.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
  {
    name: 'handoff-judged',
    async run(ctx) {
      // Contract section 9: detention and arrest, a return for supplementary investigation, prosecution and judgment.
      const documents = [{ kind: 'indictment-opinion', title: 'opinion', sha256: 'a'.repeat(64) }];
      const handle = await ctx.start({ category: 'criminal', offense: 'theft' });
      await toReview(ctx, handle);
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'DETAIN' });
      await ctx.send(handle, { type: 'REQUEST_ARREST', procuratorate: 'P01' });
      await ctx.send(handle, { type: 'APPROVE_ARREST', by: 'prosecutor-1' });
      await ctx.send(handle, { type: 'TRANSFER_FOR_PROSECUTION', procuratorate: 'P01', documents });
      await ctx.refuse(handle, { type: 'JUDGE', verdict: 'too early', documents });
      await ctx.send(handle, { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'the witness was not heard', documents, by: 'prosecutor-1' });
      await ctx.sleep('4 days');
      await ctx.send(handle, { type: 'RETRANSFER', documents });
      await ctx.send(handle, { type: 'PROSECUTE', court: 'C01', documents, by: 'prosecutor-1' });
      await ctx.send(handle, { type: 'JUDGE', verdict: 'guilty', documents, by: 'judge-1' });
      return handle;
    },
  },
  {
    name: 'remedy-window-passes',
    async run(ctx) {
      // A decline nobody contests: the run stays open, closed, until the reconsideration window closes, then ends.
      const handle = await ctx.start({ category: 'criminal', offense: 'theft' });
      await ctx.send(handle, { type: 'REGISTER' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'decline', reason: 'the dispute is civil' });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'NOTIFY' });
      return handle;
    },
  },
  {
    name: 'filing-supervision',
    async run(ctx) {
      // A decline the procuratorate asks about: the explanation's limit keeps the closed run on past the reporter's
      // window and escalates; a notice to file reopens the case to a filing.
      const handle = await ctx.start({ category: 'criminal', offense: 'fraud' });
      await ctx.send(handle, { type: 'REGISTER' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'FILE', decision: 'decline', reason: 'a civil debt' });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'NOTIFY' });
      await ctx.send(handle, { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says it was fraud', procuratorate: 'P01', by: 'prosecutor-1' });
      await ctx.refuse(handle, { type: 'REQUEST_FILING_EXPLANATION', reason: 'again', procuratorate: 'P01', by: 'prosecutor-1' });
      await ctx.sleep('9 days');
      await ctx.send(handle, { type: 'NOTIFY_TO_FILE', reason: 'the facts meet the filing standard', procuratorate: 'P01', by: 'prosecutor-1' });
      await ctx.send(handle, { type: 'EXPLAIN_NOT_FILING', reason: 'a civil debt', documents: [{ kind: 'explanation', title: 'why', sha256: 'ab'.repeat(32) }] });
      await ctx.refuse(handle, { type: 'FILE', decision: 'decline', reason: 'still civil' });
      await ctx.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
      await ctx.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
  {
    name: 'carried-start',
    async run(ctx) {
      // A run as continue-as-new starts it: from a carried machine state, here a suspended case in handling.
      const now = await ctx.now();
      const t0 = new Date(Date.parse(now) - 5 * DAY).toISOString();
      const request: StartCaseRequest = {
        caseId: `rec-carried-${Date.parse(now)}`, category: 'criminal', station: 'S01', unitType: 'station', reportedAt: t0, custody: true,
      };
      const events: CaseEventRequest[] = [
        { type: 'REGISTER', at: t0 },
        { type: 'NOTIFY', at: t0 },
        { type: 'FILE', decision: 'file', facts: admitted, at: t0 },
        { type: 'APPROVE', at: t0 },
        { type: 'SUSPEND_CLOCK', reason: 'suspect abroad', at: new Date(Date.parse(now) - 4 * DAY).toISOString() },
      ];
      const snapshot = events.reduce((s, e) => {
        const d = decide(s, { by: 'officer-1', ...e } as CaseCommand);
        if (!d.ok) throw new Error(d.refusal.reason);
        return d.snapshot;
      }, openCase({ request, policy }));
      const handle = await ctx.start(request, carry(snapshot));
      await ctx.send(handle, { type: 'RESUME_CLOCK' });
      await ctx.sleep('40 days'); // past the moved due
      await ctx.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      return handle;
    },
  },
];

/** Runs `chosen` on one server and writes each history; the earlier cases a scenario starts are left to the server. */
async function record(temporal: TestTemporal, chosen: Scenario[]): Promise<void> {
  const { env } = temporal;
  const namespace = env.namespace ?? 'default';
  await registerSearchAttributes(env, namespace);
  const taskQueue = 'record-histories';
  // A real archive (PGlite in a folder thrown away after), so the histories hold the archived mark of a closed run.
  const { archive, close } = await openClosedCaseArchive({ dataDir: mkdtempSync(path.join(tmpdir(), 'caseflow-record-')) });
  const worker = await createCaseWorker({ connection: env.nativeConnection, namespace, taskQueue, webhook: {}, archive });
  await worker.runUntil(async () => {
    for (const scenario of chosen) {
      const now = async () => new Date(await env.currentTimeMs()).toISOString();
      const ctx: Ctx = {
        async start(request, carried) {
          const full: StartCaseRequest = {
            caseId: `rec-${scenario.name}-${Date.parse(await now())}`, category: 'criminal', station: 'S01', unitType: 'station',
            reportedAt: await now(), custody: false, ...request,
          };
          const key = reporterKey(full);
          return env.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
            workflowId: full.caseId, taskQueue, args: [{ request: full, policy, ...(carried ? { carried } : {}) }],
            // The attributes only the API's start sets, which another case's count of the phone's reports reads.
            ...(key ? { typedSearchAttributes: [{ key: sa.reporterKey, value: key }, { key: sa.reportedAt, value: new Date(full.reportedAt) }] } : {}),
          });
        },
        async send(handle, event) {
          const command = { by: 'officer-1', ...event, at: event.at ?? (await now()) } as CaseCommand;
          return handle.executeUpdate(applyEventUpdate, { args: [command, { stations: ['*'] }] });
        },
        async refuse(handle, event) {
          const accepted = await ctx.send(handle, event).then(() => true, () => false);
          if (accepted) throw new Error(`${scenario.name}: ${event.type} was expected to be refused`);
        },
        sleep: (ms) => env.sleep(ms),
        now,
      };
      const handle = await scenario.run(ctx);
      const view = await handle.result();
      if (view.status !== 'closed') throw new Error(`${scenario.name}: ended ${view.status} in ${view.stage}`);
      const file = path.join(HISTORIES_DIR, `${scenario.name}.json`);
      writeFileSync(file, `${historyToJSON(await handle.fetchHistory())}\n`);
      const events = (await handle.fetchHistory()).events?.length ?? 0;
      console.log(`${scenario.name}: ${events} events, ${view.escalations.length} escalations -> ${path.relative(projectRoot, file)}`);
    }
  });
  await close();
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = scenarios.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)));
  if (!chosen.length) throw new Error(`no scenario matches ${only.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);

  quietRuntime();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [server, start] of [[undefined, startTimeSkipping], ['dev', startDevServer]] as const) {
    const group = chosen.filter((s) => s.server === server);
    if (!group.length) continue;
    const temporal = await start();
    try {
      await record(temporal, group);
    } finally {
      await temporal.shutdown();
    }
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
