import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { MemoryPoint, Reads } from './open-cases';
import type { BenchOptions } from './options';
import { round, type Latency } from './stats';

export type MachineInfo = { cpu: string; cores: number; memoryGb: number; node: string; os: string; date: string; loadBefore: number; loadAfter?: number; temporal?: string };
type Throughput = { lifecycles: number; concurrency: number; http: number; floor: number };

export type Results = {
  opts: BenchOptions;
  machine: MachineInfo;
  pure: { transitionsPerSecond: number; casesPerSecond: number };
  throughput: Throughput;
  defaultCache: number;
  events: { http: Latency; bare: Latency };
  open: { points: MemoryPoint[]; createdPerSecond: number; cache: number; reads: Reads };
  cached: { cache: number; idle: MemoryPoint; full: MemoryPoint; touchedPerSecond: number; reads: Reads };
  tuned?: { pragmas: string[]; throughput: Throughput };
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

type Target = { what: string; measured: string; target: string; holds: boolean };

function targets(r: Results): Target[] {
  const ratio = r.throughput.http / r.throughput.floor;
  const p50 = r.events.http.p50 / r.events.bare.p50;
  const n = r.opts.BENCH_CASES;
  const quarter = r.open.points[1]!;
  const last = r.open.points.at(-1)!;
  const readP99 = Math.max(r.open.reads.get.p99, r.open.reads.list.p99, r.open.reads.listFiltered.p99);
  const heapGrowth = last.heapMb / quarter.heapMb;
  const rssGrowth = last.rssMb / quarter.rssMb;
  return [
    { what: 'HTTP lifecycles/s vs the floor', measured: `${round(ratio, 2)}×`, target: '≥ 0.8×', holds: ratio >= 0.8 },
    { what: 'event p50 over HTTP vs a bare Update', measured: `${round(p50, 2)}×`, target: '≤ 1.25×', holds: p50 <= 1.25 },
    { what: `worst read p99 at ${n} open cases (cache ${r.open.cache})`, measured: `${round(readP99)} ms`, target: '< 50 ms', holds: readP99 < 50 },
    {
      what: `worker memory from ${quarter.cases} to ${last.cases} open cases (cache ${r.open.cache})`,
      measured: `heap ${round(heapGrowth, 2)}×, RSS ${round(rssGrowth, 2)}×`,
      target: 'flat (≤ 1.25×): bounded by the cache',
      holds: heapGrowth <= 1.25 && rssGrowth <= 1.25,
    },
  ];
}

const ms = (l: Latency) => `p50 ${round(l.p50)} ms, p99 ${round(l.p99)} ms`;

function figures(r: Results): Array<[string, string]> {
  const perCached = (r.cached.full.heapMb - r.cached.idle.heapMb) / Math.max(1, r.cached.full.cached - r.cached.idle.cached);
  const rows: Array<[string, string]> = [
    ['(a) lifecycles/s through the HTTP API', `${round(r.throughput.http)} /s (${r.throughput.lifecycles} lifecycles, ${r.throughput.concurrency} in flight)`],
    ['(a) floor: start + 5 Updates, Temporal client, trivial workflow', `${round(r.throughput.floor)} /s`],
    ['(b) one event over HTTP', ms(r.events.http)],
    ['(b) one bare Update', ms(r.events.bare)],
    [`(c) GET /cases/:id, ${r.opts.BENCH_CASES} open, cache ${r.open.cache}`, ms(r.open.reads.get)],
    [`(c) GET /cases (newest page), ${r.opts.BENCH_CASES} open`, ms(r.open.reads.list)],
    [`(c) GET /cases?station&stage&limit=50, ${r.opts.BENCH_CASES} open`, ms(r.open.reads.listFiltered)],
    [`(c) GET /cases/:id, every case cached (cache ${r.cached.cache})`, ms(r.cached.reads.get)],
    ['(c) cases opened through POST /cases', `${round(r.open.createdPerSecond)} /s (32 in flight)`],
    ['(d) pure machine', `${Math.round(r.pure.transitionsPerSecond)} transitions/s (${Math.round(r.pure.casesPerSecond)} lifecycles/s, one core)`],
    ...r.open.points.map((p): [string, string] => [`(e) worker, cache ${r.open.cache}, ${p.cases} open cases`, `RSS ${round(p.rssMb)} MB, heap ${round(p.heapMb)} MB, ${p.cached} cached`]),
    [`(e) worker, cache ${r.cached.cache}, idle`, `RSS ${round(r.cached.idle.rssMb)} MB, heap ${round(r.cached.idle.heapMb)} MB`],
    [`(e) worker, cache ${r.cached.cache}, after reading all ${r.cached.full.cases}`, `RSS ${round(r.cached.full.rssMb)} MB, heap ${round(r.cached.full.heapMb)} MB, ${r.cached.full.cached} cached (${round(perCached * 1024)} KB heap each)`],
  ];
  if (r.tuned) {
    rows.push([`(a) with --sqlite-pragma ${r.tuned.pragmas.join(' ')}: HTTP / floor`, `${round(r.tuned.throughput.http)} /s / ${round(r.tuned.throughput.floor)} /s`]);
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

const mdTable = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

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
| load average (1 min) | ${round(m.loadBefore, 2)} at the start, ${round(m.loadAfter ?? NaN, 2)} at the end: the machine is shared, so treat small differences as noise |
| run | BENCH_CASES=${o.BENCH_CASES}, BENCH_LIFECYCLES=${o.BENCH_LIFECYCLES}, BENCH_CONCURRENCY=${o.BENCH_CONCURRENCY}, BENCH_SAMPLES=${o.BENCH_SAMPLES}, BENCH_CACHE=${o.BENCH_CACHE}; ${Math.round(r.seconds)} s in all |

## Figures

${mdTable(['what', 'measured'], figures(r))}

## Targets

${mdTable(['target', 'measured', 'wanted', 'verdict'], targets(r).map((t) => [t.what, t.measured, t.target, t.holds ? 'holds' : '**missed**']))}

## How it was measured

- One dev server; the bench process runs the HTTP API (as \`buildApp\` builds it, without the rate limit and with
  logging off) and the load; each worker runs in a process of its own (bench/worker-process.ts), so worker memory is
  the worker's alone. The default case worker keeps the SDK's default cache (${r.defaultCache} workflows).
- (a) A lifecycle over HTTP is \`POST /cases\` and REGISTER, NOTIFY, FILE, APPROVE, CLOSE, one after another, with
  ${o.BENCH_CONCURRENCY} lifecycles in flight. The floor does the same Temporal operations (one start, five Updates) straight
  through the Temporal client on bench/floor-workflow.ts, a workflow that only counts, on the same server. Two
  rounds of each, alternating, after a warm-up round.
- (b) One request at a time: SUSPEND_CLOCK / RESUME_CLOCK over HTTP beside a bare Update, interleaved, 50 per
  execution on fresh executions.
- (c) One request at a time at N open cases, first with the small-cache worker that opened them (most reads are
  cache misses: the worker replays the case to answer the query), then with a worker whose cache holds all N.
- (d) \`openCase\` and \`decide\` over the five lifecycle events, in the bench process, before any server starts.
- (e) Worker RSS and V8 heap after a forced full GC, after each quarter of the N cases was opened (each holds
  its register timer), with \`maxCachedWorkflows\` = ${o.BENCH_CACHE}; then a worker with room for every case, after
  a read of each.

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
- The worker cache is the memory knob: a cached case costs the heap per case shown in (e); a small cache keeps the
  worker flat at any number of open cases (timers live on the server, not in the worker) and pays for it with a
  replay on reads of cases that are not cached.
`;
}
