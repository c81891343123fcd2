import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { MemoryPoint, Timed } from './open-cases';
import type { BenchOptions } from './options';
import { round, type Latency } from './stats';
import { floorSteps, type EventLatency } from './throughput';

export type MachineInfo = { cpu: string; cores: number; memoryGb: number; node: string; os: string; date: string; loadBefore: number; loadAfter?: number; temporal?: string };
type Throughput = { lifecycles: number; concurrency: number; http: number; floor: number; floorWithWrites: number; failures: { count: number; first?: string } };

export type Results = {
  opts: BenchOptions;
  machine: MachineInfo;
  pure: { transitionsPerSecond: number; casesPerSecond: number };
  throughput: Throughput;
  defaultCache: number;
  events: EventLatency;
  open: { points: MemoryPoint[]; createdPerSecond: number; failed: number; cache: number };
  reads: { cache: number; backlog: number; before: MemoryPoint; after: MemoryPoint; memo: Timed; replayed: Timed; list: Timed; listFiltered: Timed };
  tuned?: { throughput: Throughput };
  seconds: number;
};

export async function describeMachine(): Promise<MachineInfo> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${type()} ${release()}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    loadBefore: loadavg()[0]!,
  };
}

/** KB of worker RSS per case the Query pass put into the cache. */
const perCachedKb = (r: Results) => ((r.reads.after.rssMb - r.reads.before.rssMb) * 1024) / Math.max(1, r.reads.after.cached - r.reads.before.cached);

type Target = { what: string; measured: string; target: string; holds: boolean };

function targets(r: Results): Target[] {
  const ratio = r.throughput.http / r.throughput.floor;
  const p50 = r.events.http.p50 / r.events.floor[0]!.p50;
  const n = r.opts.BENCH_CASES;
  const quarter = r.open.points[1]!;
  const last = r.open.points.at(-1)!;
  // KB of RSS per further open case with the small cache, against what one cached case costs.
  const perOpen = ((last.rssMb - quarter.rssMb) * 1024) / Math.max(1, last.cases - quarter.cases);
  const perCached = perCachedKb(r);
  const listP99 = r.reads.list.p99;
  return [
    { what: 'HTTP lifecycles/s vs the floor', measured: `${round(ratio, 2)}×`, target: '≥ 0.8×', holds: ratio >= 0.8 },
    { what: 'event p50 over HTTP vs a bare Update', measured: `${round(p50, 2)}×`, target: '≤ 1.25×', holds: p50 <= 1.25 },
    { what: `GET /cases/:id p99 at ${n} open cases`, measured: `${round(r.reads.memo.p99)} ms`, target: '< 50 ms', holds: r.reads.memo.p99 < 50 && !r.reads.memo.failed },
    { what: `GET /cases p99 at ${n} open cases (newest page, the default 20)`, measured: `${round(listP99)} ms`, target: '< 50 ms', holds: listP99 < 50 && !r.reads.list.failed },
    {
      what: `worker memory from ${quarter.cases} to ${last.cases} open cases (cache ${r.open.cache})`,
      measured: `+${round(perOpen)} KB RSS per open case; a cached case costs ${round(perCached)} KB`,
      target: 'bounded by the cache: an open case beyond it costs < 10% of a cached one',
      holds: perOpen < 0.1 * perCached,
    },
  ];
}

const failed = (t: Throughput) => (t.failures.count ? `${t.failures.count} of ${t.lifecycles}; first: ${t.failures.first}` : `0 of ${t.lifecycles}`);
const ms = (l: Latency) => `p50 ${round(l.p50)} ms, p99 ${round(l.p99)} ms, max ${round(l.max)} ms`;
const reads = (t: Timed) => `${ms(t)}${t.failed ? `; ${t.failed} failed (${t.firstFailure})` : ''}`;

function figures(r: Results): Array<[string, string]> {
  const n = r.opts.BENCH_CASES;
  const rows: Array<[string, string]> = [
    ['(a) lifecycles/s through the HTTP API', `${round(r.throughput.http)} /s (${r.throughput.lifecycles} lifecycles, ${r.throughput.concurrency} in flight)`],
    ['(a) floor: start + 5 Updates, Temporal client, trivial workflow', `${round(r.throughput.floor)} /s`],
    ['(a) floor with a case\'s writes on each Update (search attribute, 1.5 kB memo, timer re-armed)', `${round(r.throughput.floorWithWrites)} /s`],
    ['(a) HTTP lifecycles that failed (stopped at an error answer)', failed(r.throughput)],
    ['(b) one event over HTTP', `${ms(r.events.http)}${r.events.failed ? `; ${r.events.failed} failed` : ''}`],
    ['(b) the same event as an Update on the case, Temporal client', ms(r.events.caseUpdate)],
    ...floorSteps.map((step, i): [string, string] => [`(b) floor: ${step.label}`, ms(r.events.floor[i]!)]),
    [`(c) GET /cases/:id, ${n} open (view from the memo, no worker involved)`, reads(r.reads.memo)],
    [`(c) for comparison: the same cases by Query on a fresh worker (each replayed)`, reads(r.reads.replayed)],
    [`(c) GET /cases (newest page, default 20), ${n} open`, reads(r.reads.list)],
    [`(c) GET /cases?station&stage&limit=50, ${n} open`, reads(r.reads.listFiltered)],
    ['(c) cases opened through POST /cases', `${round(r.open.createdPerSecond)} /s (8 in flight); ${r.open.failed} failed`],
    ['(c) cases whose first task the small-cache worker left behind (taken up by the next worker before the reads)', `${r.reads.backlog}`],
    ['(d) pure machine', `${Math.round(r.pure.transitionsPerSecond)} transitions/s (${Math.round(r.pure.casesPerSecond)} lifecycles/s, one core)`],
    ...r.open.points.map((p): [string, string] => [`(e) worker RSS, cache ${r.open.cache}, ${p.cases} open cases`, `${round(p.rssMb)} MB, ${p.cached} cached`]),
    [`(e) worker RSS, cache ${r.reads.cache}, ${n} open, before / after the Query pass`, `${round(r.reads.before.rssMb)} MB (${r.reads.before.cached} cached) / ${round(r.reads.after.rssMb)} MB (${r.reads.after.cached} cached): ${round(perCachedKb(r))} KB per cached case`],
  ];
  if (r.tuned) {
    rows.push(['(a) for comparison, SQLite defaults (no pragmas): HTTP / floor', `${round(r.tuned.throughput.http)} /s / ${round(r.tuned.throughput.floor)} /s (${r.tuned.throughput.lifecycles} lifecycles)`]);
    rows.push(['(a) SQLite defaults: HTTP lifecycles that failed', failed(r.tuned.throughput)]);
  }
  return rows;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

export function renderTable(r: Results): string {
  const verdicts = targets(r).map((t) => [t.what, t.measured, t.target, t.holds ? 'holds' : 'MISSED']);
  return `${pad(figures(r))}\n\n${pad([['target', 'measured', 'wanted', ''], ...verdicts])}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const mdTable = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const o = r.opts;
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${m.date}; every figure below comes from that one run, on one machine.

| machine | |
| --- | --- |
| CPU | ${m.cpu}, ${m.cores} cores |
| memory | ${m.memoryGb} GiB |
| OS | ${m.os} |
| Node.js | ${m.node} |
| Temporal | dev server ${m.temporal ?? '?'} (\`temporal server start-dev\`, SQLite file in a temp folder, as \`npm start\` runs it) |
| load average (1 min) | ${round(m.loadBefore, 2)} at the start, ${round(m.loadAfter ?? NaN, 2)} at the end; the machine is shared with other work, so small differences are noise |
| run | BENCH_CASES=${o.BENCH_CASES}, BENCH_LIFECYCLES=${o.BENCH_LIFECYCLES}, BENCH_CONCURRENCY=${o.BENCH_CONCURRENCY}, BENCH_SAMPLES=${o.BENCH_SAMPLES}, BENCH_CACHE=${o.BENCH_CACHE}; ${Math.round(r.seconds)} s in all |

## Figures

${mdTable(['what', 'measured'], figures(r))}

## Targets

${mdTable(['target', 'measured', 'wanted', 'verdict'], targets(r).map((t) => [t.what, t.measured, t.target, t.holds ? 'holds' : '**missed**']))}

## How it was measured

- One dev server; the bench process runs the HTTP API (as \`buildApp\` builds it, without the rate limit, logging
  errors only) and the load; each worker runs in a process of its own (bench/worker-process.ts), so its memory is
  its own. Workers keep the SDK's default cache (${r.defaultCache} workflows here) unless said otherwise.
- (a) A lifecycle over HTTP is \`POST /cases\` and REGISTER, NOTIFY, FILE, APPROVE, CLOSE, one after another, with
  ${o.BENCH_CONCURRENCY} lifecycles in flight. The floor does the same Temporal operations (one start, five Updates) straight
  through the Temporal client on bench/floor-workflow.ts, a workflow that only counts, on the same server. Two
  rounds of each, alternating, after a warm-up round.
- (b) One request at a time: SUSPEND_CLOCK / RESUME_CLOCK over HTTP beside a bare Update, interleaved, 50 per
  execution on fresh executions.
- (c) One request at a time with N open cases: ${o.BENCH_SAMPLES} distinct random cases read twice on a freshly started worker
  (first pass: not cached, the worker fetches and replays each history; second pass: cached), then the newest page
  of \`GET /cases\` and a filtered one.
- (d) \`openCase\` and \`decide\` over the five lifecycle events, in the bench process, before any server starts.
- (e) Worker RSS after each quarter of the N cases was opened (each holds its register timer), with
  \`maxCachedWorkflows\` = ${o.BENCH_CACHE}; the cost of one cached case is the RSS the read pass in (c) added per case it
  cached. RSS, not the V8 heap: workflows run on the SDK's worker thread, whose heap \`process.memoryUsage()\` does
  not show.
- The server runs with \`--sqlite-pragma\` ${o.pragmas.join(', ') || '(none)'}, as \`npm start\` runs the embedded one
  (CASEFLOW_TEMPORAL_SQLITE_PRAGMAS). For comparison, the throughput again, one round, on a second server with
  SQLite's defaults.

## Why the figures are what they are

- An event over HTTP is two Temporal round trips, not one: the route first reads the case (a Query, which the
  worker answers) to check that the caller's stations may see it, then sends the Update; the Update also runs
  the machine twice (validator, then handler) and upserts search attributes and memo when they change. The
  floor's Update is one round trip to a workflow that only counts. Starting a case also sets seven search
  attributes and runs a notice delivery (an activity) on REGISTER. A report with a reporter phone adds one
  visibility count (repeat-reporter check) to \`POST /cases\`; the bench's reports have none.
- A \`GET /cases/:id\` is a Query: with the case in the worker's cache it is one round trip to the worker; without,
  the worker fetches the history and replays it first. \`GET /cases\` is a visibility query, answered by the
  dev server from SQLite; it does not touch the worker.
- The worker cache is the memory knob: a cached case costs the RSS shown in (e) (the SDK's own default sizes the
  cache at about 600 workflows per GiB of heap, the same order); timers live on the server, not in the worker, so a
  small cache keeps the worker near flat at any number of open cases and pays for it with a replay on every read
  or event of a case that is not cached. In development runs with \`maxCachedWorkflows\` = 100 and random reads over
  400–500 open cases, reads stalled: p99 5.9 s, SDK warnings "Workflow task duration exceeded 5 seconds" on
  cache-miss queries, and one read answered 503 after its deadline. Size the cache to the cases read and
  written in a few minutes, not to the smallest that fits.
`;
}
