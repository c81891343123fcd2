import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { MemoryPoint, Timed } from './open-cases';
import type { BenchOptions } from './options';
import { round, type Latency } from './stats';
import type { SlotsLane } from './concurrency';
import { floorSteps, type CpuPerLifecycle, type EventLatency, type throughput } from './throughput';

export type MachineInfo = { cpu: string; cores: number; memoryGb: number; node: string; os: string; date: string; loadBefore: number; loadAfter?: number; temporal?: string };
type Throughput = Awaited<ReturnType<typeof throughput>>;

export type Results = {
  opts: BenchOptions;
  machine: MachineInfo;
  pure: { transitionsPerSecond: number; casesPerSecond: number; transitionsPerCpuSecond: number };
  throughput: Throughput;
  defaultCache: number;
  events: EventLatency;
  slots: SlotsLane[];
  open: { points: MemoryPoint[]; createdPerSecond: number; failed: number; cache: number };
  reads: { cache: number; backlog: number; before: MemoryPoint; after: MemoryPoint; memo: Timed; replayed: Timed; raw: Timed; list: Timed; listFiltered: Timed };
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

/**
 * caseflow's own CPU per lifecycle beyond the floor lane that does a case's Temporal work: the case worker's beyond
 * the floor worker's, the API process's beyond the floor's Temporal client (the bench process there), the server's
 * beyond the server's. The load generator's HTTP client is the users' side and not counted.
 */
export function ownCpu({ http, floorWithCaseWork: work }: Throughput) {
  const beyond = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
  const parts = { worker: beyond(http.cpu.worker, work.cpu.worker), api: beyond(http.cpu.api, work.cpu.bench), server: beyond(http.cpu.server, work.cpu.server) };
  const known = Object.values(parts).every((v) => v !== undefined);
  return { ...parts, total: known ? parts.worker! + parts.api! + parts.server! : undefined };
}

function targets(r: Results): Target[] {
  const t = r.throughput;
  const work = t.http.perSecond / t.floorWithCaseWork.perSecond;
  const bare = t.http.perSecond / t.floor.perSecond;
  const withWrites = floorSteps.length - 1;
  const p50 = r.events.http.p50 / r.events.floor[withWrites]!.p50;
  const p50Bare = r.events.http.p50 / r.events.floor[0]!.p50;
  const loaded = t.loaded.http.p50 / t.loaded.floorWithCaseWork.p50;
  const loadedBare = t.loaded.http.p50 / t.loaded.floor.p50;
  const own = ownCpu(t);
  const n = r.opts.BENCH_CASES;
  // KB of RSS per further open case with the small cache over the second half of the cases (the cache is full and
  // the heap past its first growth by then), against what one cached case costs.
  const half = r.open.points[Math.floor(r.open.points.length / 2)]!;
  const last = r.open.points.at(-1)!;
  const perOpen = ((last.rssMb - half.rssMb) * 1024) / Math.max(1, last.cases - half.cases);
  const perCached = perCachedKb(r);
  const listP99 = r.reads.list.p99;
  return [
    { what: 'pure machine (transition, deadlines, warnings, view), one core', measured: `${Math.round(r.pure.transitionsPerSecond)} transitions/s`, target: '≥ 15,000/s', holds: r.pure.transitionsPerSecond >= 15_000 },
    {
      what: 'caseflow\'s own CPU per lifecycle beyond the floor doing a case\'s Temporal work',
      measured: own.total === undefined ? '? (no /proc)' : `${Math.round(own.total)} ms (worker ${msCell(own.worker)}, API ${msCell(own.api)}, server ${msCell(own.server)})`,
      target: '≤ 20 ms',
      holds: own.total !== undefined && own.total <= 20,
    },
    { what: 'HTTP lifecycles/s vs the floor doing a case\'s Temporal work', measured: `${round(work, 2)}×`, target: '≥ 0.9×', holds: work >= 0.9 },
    { what: 'event p50 over HTTP vs the floor\'s Update with a case\'s writes, one at a time', measured: `${round(p50, 2)}×`, target: '≤ 1.1×', holds: p50 <= 1.1 },
    {
      what: `event p50 over HTTP vs the floor's Update with a case's work, ${t.concurrency} lifecycles in flight`,
      measured: `${round(loaded, 2)}× (${round(t.loaded.http.p50)} / ${round(t.loaded.floorWithCaseWork.p50)} ms)`,
      target: '≤ 1.5×',
      holds: loaded <= 1.5,
    },
    { what: 'against the bare floor: HTTP lifecycles/s', measured: `${round(bare, 2)}×`, target: '≥ 0.8×', holds: bare >= 0.8 },
    { what: 'against the bare floor: event p50 over HTTP vs a bare Update, one at a time', measured: `${round(p50Bare, 2)}×`, target: '≤ 1.25×', holds: p50Bare <= 1.25 },
    { what: `against the bare floor: event p50 over HTTP vs a bare Update, ${t.concurrency} in flight`, measured: `${round(loadedBare, 2)}×`, target: '≤ 1.5×', holds: loadedBare <= 1.5 },
    { what: `GET /cases/:id p99 at ${n} open cases`, measured: `${round(r.reads.memo.p99)} ms`, target: '< 50 ms', holds: r.reads.memo.p99 < 50 && !r.reads.memo.failed },
    { what: `GET /cases p99 at ${n} open cases (newest page, the default 20)`, measured: `${round(listP99)} ms`, target: '< 50 ms', holds: listP99 < 50 && !r.reads.list.failed },
    {
      what: `worker memory from ${half.cases} to ${last.cases} open cases (cache ${r.open.cache})`,
      measured: `${perOpen >= 0 ? '+' : ''}${round(perOpen)} KB RSS per further open case; a cached case costs ${round(perCached)} KB`,
      target: 'bounded by the cache: an open case beyond it costs < 10% of a cached one',
      holds: perOpen < 0.1 * perCached,
    },
  ];
}

const failed = (t: Throughput) => (t.failures.count ? `${t.failures.count} of ${t.lifecycles}; first: ${t.failures.first}` : `0 of ${t.lifecycles}`);
/** A CPU figure in whole ms, or '?' where the process could not be read (no /proc). */
const msCell = (v: number | undefined) => (v === undefined ? '?' : `${Math.round(v)}`);
/** The API process idles in the floor lanes, where the bench process holds the Temporal client instead. */
const cpu = ({ server, api, worker, bench }: CpuPerLifecycle, http: boolean) => {
  const total = server === undefined || worker === undefined || api === undefined ? undefined : server + worker + bench + (http ? api : 0);
  const side = http ? `API ${msCell(api)} ms, load generator ${msCell(bench)} ms` : `bench process (Temporal client) ${msCell(bench)} ms`;
  return `CPU per lifecycle: server ${msCell(server)} ms, worker ${msCell(worker)} ms, ${side} (total ${msCell(total)} ms)`;
};
const lane = (l: Throughput['http'], http = false) => `${round(l.perSecond)} /s; ${cpu(l.cpu, http)}`;
const ms = (l: Latency) => `p50 ${round(l.p50)} ms, p99 ${round(l.p99)} ms, max ${round(l.max)} ms`;
const reads = (t: Timed) => `${ms(t)}${t.failed ? `; ${t.failed} failed (${t.firstFailure})` : ''}`;

function figures(r: Results): Array<[string, string]> {
  const n = r.opts.BENCH_CASES;
  const rows: Array<[string, string]> = [
    ['(a) lifecycles/s through the HTTP API', `${lane(r.throughput.http, true)} (${r.throughput.lifecycles} lifecycles, ${r.throughput.concurrency} in flight)`],
    ['(a) floor: start + 5 Updates, Temporal client, trivial workflow', lane(r.throughput.floor)],
    ['(a) floor with a case\'s writes on each Update (search attribute, 1.5 kB memo, timer re-armed)', lane(r.throughput.floorWithWrites)],
    ['(a) floor with a case\'s writes and its notice activity (a case\'s Temporal work)', lane(r.throughput.floorWithCaseWork)],
    ['(a) HTTP lifecycles that failed (stopped at an error answer)', failed(r.throughput)],
    ...r.slots.map((s): [string, string] => [
      `(a) HTTP, case worker with ${s.slots === null ? 'the SDK\'s default' : s.slots} workflow-task slots (${r.opts.BENCH_LIFECYCLES} lifecycles, after a warm-up)`,
      lane(s, true),
    ]),
    [`(a) one event over HTTP while ${r.throughput.concurrency} lifecycles are in flight`, ms(r.throughput.loaded.http)],
    [`(a) the floor's Update while ${r.throughput.concurrency} lifecycles are in flight: bare / with a case's work`, `${ms(r.throughput.loaded.floor)} / ${ms(r.throughput.loaded.floorWithCaseWork)}`],
    ['(b) one event over HTTP', `${ms(r.events.http)}${r.events.failed ? `; ${r.events.failed} failed` : ''}`],
    ['(b) the same event as an Update on the case, Temporal client', ms(r.events.caseUpdate)],
    ...floorSteps.map((step, i): [string, string] => [`(b) floor: ${step.label}`, ms(r.events.floor[i]!)]),
    [`(c) GET /cases/:id, ${n} open (view from the memo, no worker involved)`, reads(r.reads.memo)],
    [`(c) for comparison: the same cases by Query on a fresh worker (each replayed)`, reads(r.reads.replayed)],
    [`(c) GET /cases (newest page, default 20), ${n} open`, reads(r.reads.list)],
    [`(c) GET /cases?station&stage&limit=50, ${n} open`, reads(r.reads.listFiltered)],
    [`(c) for comparison: the newest 20 by ListWorkflowExecutions straight to Temporal`, reads(r.reads.raw)],
    ['(c) cases opened through POST /cases', `${round(r.open.createdPerSecond)} /s (8 in flight); ${r.open.failed} failed`],
    ['(c) cases whose first task the small-cache worker left behind (taken up by the next worker before the reads)', `${r.reads.backlog}`],
    ['(d) pure machine', `${Math.round(r.pure.transitionsPerSecond)} transitions/s (${Math.round(r.pure.casesPerSecond)} lifecycles/s, one core); ${Math.round(r.pure.transitionsPerCpuSecond)} per second of its process's CPU time`],
    ...r.open.points.map((p): [string, string] => [`(e) worker RSS, cache ${r.open.cache}, ${p.cases} open cases`, `${round(p.rssMb)} MB, ${p.cached} cached`]),
    [`(e) worker RSS, cache ${r.reads.cache}, ${n} open, before / after the Query pass`, `${round(r.reads.before.rssMb)} MB (${r.reads.before.cached} cached) / ${round(r.reads.after.rssMb)} MB (${r.reads.after.cached} cached): ${round(perCachedKb(r))} KB per cached case`],
  ];
  if (r.tuned) {
    rows.push(['(a) for comparison, SQLite defaults (no pragmas): HTTP / floor', `${round(r.tuned.throughput.http.perSecond)} /s / ${round(r.tuned.throughput.floor.perSecond)} /s (${r.tuned.throughput.lifecycles} lifecycles)`]);
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

/**
 * What the CPU columns of (a) say about the throughput target: the machine is CPU-bound, so a lane's rate follows
 * its CPU per lifecycle, and the floor doing a case's Temporal work bounds what any case service could reach here.
 */
function ceiling(r: Results): string {
  const { floor, floorWithCaseWork: work } = r.throughput;
  const own = ownCpu(r.throughput);
  const ms = (v: number | undefined) => (v === undefined ? '?' : `${Math.round(v)} ms`);
  return `- The floor doing a case's Temporal work (writes and notice) runs at ${round(work.perSecond / floor.perSecond, 2)}× the floor's rate in this run:
  that is the ceiling for any service that keeps a case's writes, before it spends a millisecond of CPU of its own.
  caseflow's own CPU per lifecycle, beyond that work, is ${ms(own.worker)} in the worker (the machine, the views, the
  workflow sandbox), ${ms(own.api)} in the API (Fastify, zod, the opening view, the client's larger payloads) and
  ${ms(own.server)} in the server.`;
}

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

- One dev server, run with the \`--sqlite-pragma\` settings \`npm start\` gives the embedded one (${o.pragmas.join(', ') || 'none'});
  the HTTP API runs in a process of its own (bench/api-process.ts, as \`buildApp\` builds it, without the rate limit,
  logging errors only), the load in the bench process, and each worker in a process of its own
  (bench/worker-process.ts), so the CPU and memory of each are its own. Workers
  keep the SDK's default cache (${r.defaultCache} workflows here) unless said otherwise.
- (a) A lifecycle over HTTP is \`POST /cases\` and REGISTER, NOTIFY, FILE, APPROVE, CLOSE, one after another, with
  ${o.BENCH_CONCURRENCY} lifecycles in flight. The floor does the same Temporal operations (one start, five Updates) straight
  through the Temporal client on bench/floor-workflow.ts, a workflow that only counts; a second floor lane also
  writes on every Update what a case writes (a search attribute, a 1.5 kB memo, its timer re-armed), and a third
  adds the reporter's notice, one activity after the first Update that the workflow waits for before it completes.
  Two rounds of each, alternating, after a warm-up round. Then the HTTP lane once per setting of the case worker's
  workflow-task slots (\`maxConcurrentWorkflowTaskExecutions\`), each on a fresh worker after a warm-up round.
  Then once more, one round, on a second server with SQLite's defaults. Each lane is charged the CPU time
  (user + system, from /proc) the dev server, the API, the lane's worker and the bench process spent while it ran,
  divided by its lifecycles. In the HTTP lanes the bench process is the load generator (node:http, kept-alive
  connections), the users' side, not counted as caseflow's; in the floor lanes it is the Temporal client, which the
  API process is in the HTTP lane, so the API's own share is its CPU against the floor's bench process. Each event's
  time in the HTTP lane and each Update's in the floor lanes is also kept: the latency under load.
- (b) One request at a time, interleaved, 50 per execution on fresh executions: SUSPEND_CLOCK / RESUME_CLOCK over
  HTTP; the same Update sent to a case straight through the Temporal client; and the floor's Update, bare and with
  each of a case's writes added in turn.
- (c) One request at a time with N open cases: \`GET /cases/:id\` for ${o.BENCH_SAMPLES} random cases (served from the memo
  by DescribeWorkflowExecution; no worker involved); for comparison the same cases by Query on a freshly started
  worker, which fetches and replays each; then the newest page of \`GET /cases\` (the default 20), a filtered page
  of 50, and the newest 20 asked of Temporal's ListWorkflowExecutions directly.
- (d) \`openCase\`, then \`decide\` and \`toView\` over the five lifecycle events, in the bench process, before any server
  starts; \`npm run bench:machine\` runs it alone.
- (e) Worker RSS after each quarter of the N cases was opened (each holds its register timer) on a worker with
  \`maxCachedWorkflows\` = ${o.BENCH_CACHE}, read once that worker has run every opened case's first task. The verdict
  takes the RSS per further case over the second half of the cases (cache full, heap past its first growth). The
  cost of one cached case is the RSS the Query pass in (c) added per case it cached. RSS, not the V8 heap:
  workflows run on the SDK's worker thread, whose heap \`process.memoryUsage()\` does not show.

## Why the figures are what they are

- An event is one Temporal round trip (the Update's validator checks the caller's stations). What it costs beyond
  the bare Update is in (b), piece by piece: the case's writes (search attributes, the view in the memo, a timer
  when the next wake-up comes earlier), the machine and the view computed in the workflow task (the direct Update
  on a case against the floor with the same writes), and the HTTP edge (HTTP against the direct Update).
- A lifecycle also starts with seven search attributes and the opening view in the memo, and REGISTER sends the
  reporter's notice through an activity (schedule, run, complete: one more workflow task), which the floor does not.
${ceiling(r)}
- \`GET /cases/:id\` reads the memo with DescribeWorkflowExecution: one server round trip, whatever the case's age
  or the worker's cache. \`GET /cases\` is a visibility query the dev server answers from SQLite; its cost grows
  with the rows of the page (compare the raw ListWorkflowExecutions row).
- Memory follows the cache, not the cases: timers live on the server, and a case not cached costs the worker
  nothing until its next event or timer, when it is replayed.
`;
}
