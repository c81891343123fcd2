// A case system's traffic through both API processes of the cluster while a fault is made: lanes each taking new
// cases through report, REGISTER, NOTIFY and a read, every answer kept with when it was sent and came back. A refused
// step is sent again after a short pause, as a client honouring 503 would (sooner than Retry-After asks, so the
// moment the cluster recovers is seen to within a quarter of a second).
import { expect } from 'vitest';
import { sleep, type Call } from '../support/http-client';
import { tokens, uniqueId } from '../support/stack';

const RETRY_PAUSE_MS = 250;
const EVENTS = ['REGISTER', 'NOTIFY'] as const;

export type LoadAnswer = {
  lane: number;
  /** The index of the API process it was sent to. */
  api: number;
  caseId: string;
  step: 'create' | (typeof EVENTS)[number] | 'read';
  /** 0: no HTTP answer at all (connection refused or timed out). */
  status: number;
  error?: string;
  retryAfter: string | null;
  sentAt: number;
  at: number;
};

export type Load = Awaited<ReturnType<typeof stopLoad>>;

export function startLoad(apis: Call[], lanes = 4) {
  const answers: LoadAnswer[] = [];
  /** Per case whose report was acknowledged, the events acknowledged (2xx) for it. */
  const acknowledged = new Map<string, string[]>();
  let stopping = false;
  let turn = 0;

  /** Sends until answered 2xx, or 409 after an earlier try that got no 2xx (that try was applied after all). */
  async function until(lane: number, caseId: string, step: LoadAnswer['step'], send: (api: Call) => Promise<{ status: number; headers: Headers; body: unknown }>) {
    let tried = false;
    while (!stopping) {
      const index = turn++ % apis.length;
      const api = apis[index]!;
      const sentAt = Date.now();
      const answer: LoadAnswer = { lane, api: index, caseId, step, status: 0, retryAfter: null, sentAt, at: 0 };
      try {
        const res = await send(api);
        Object.assign(answer, { status: res.status, retryAfter: res.headers.get('retry-after'), error: (res.body as { error?: string } | null)?.error });
      } catch (err) {
        answer.error = (err as Error).message;
      }
      answer.at = Date.now();
      answers.push(answer);
      if (answer.status >= 200 && answer.status < 300) return true;
      if (answer.status === 409 && tried) return false;
      tried = true;
      await sleep(RETRY_PAUSE_MS);
    }
    return false;
  }

  async function lane(n: number) {
    for (let i = 0; !stopping; i++) {
      const caseId = uniqueId(`C-load-${n}-${i}`);
      const report = { caseId, category: 'administrative', station: 'S01', reportedAt: new Date().toISOString() };
      if (!(await until(n, caseId, 'create', (api) => api('POST', '/cases', report)))) continue;
      acknowledged.set(caseId, []);
      for (const type of EVENTS) {
        if (await until(n, caseId, type, (api) => api('POST', `/cases/${caseId}/events`, { type }))) acknowledged.get(caseId)!.push(type);
      }
      await until(n, caseId, 'read', (api) => api('GET', `/cases/${caseId}`, undefined, tokens.supervisor));
    }
  }

  const running = Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
  return { answers, acknowledged, lanes, stop: () => stopLoad(running, () => (stopping = true), answers, acknowledged, lanes) };
}

async function stopLoad(running: Promise<unknown>, stop: () => void, answers: LoadAnswer[], acknowledged: Map<string, string[]>, lanes: number) {
  stop();
  await running;
  return { answers, acknowledged, lanes };
}

const ok = (a: LoadAnswer) => a.status >= 200 && a.status < 300;

/** Every lane has had a 2xx to a request sent since `since`. */
export function lanesMovingSince(load: Pick<Load, 'answers' | 'lanes'>, since: number): boolean {
  const moving = new Set(load.answers.filter((a) => ok(a) && a.sentAt >= since).map((a) => a.lane));
  return moving.size === load.lanes;
}

/**
 * What the contract allows an answer to be around a fault: 2xx; 503 with Retry-After; a 409 `event_not_allowed`
 * for an event sent again after a try that got no 2xx. Never a 500, and never no answer unless `dead` says the
 * request went to an API process that was killed.
 */
export function expectOnlyAllowedAnswers(load: Load, dead: (a: LoadAnswer) => boolean = () => false) {
  const wrong = load.answers.filter(
    (a) => !ok(a) && !(a.status === 503 && Number(a.retryAfter) > 0) && !(a.status === 409 && a.error === 'event_not_allowed') && !(a.status === 0 && dead(a)),
  );
  expect(wrong, 'answers other than 2xx, 503 with Retry-After, or 409 for a re-sent event').toEqual([]);
}

/**
 * Every answer to a request sent after `from` and answered before `to` (the engine down) is a 503 with Retry-After
 * and one of `errors`; returns how many there were of each, for the log line.
 */
export function expectUnavailableBetween(load: Load, from: number, to: number, errors: string[]) {
  const during = load.answers.filter((a) => a.sentAt >= from && a.at <= to);
  expect(during.length, 'requests answered while down').toBeGreaterThan(0);
  expect(during.filter((a) => a.status !== 503 || !(Number(a.retryAfter) > 0) || !errors.includes(a.error!))).toEqual([]);
  const byError = errors.map((error) => `${error} ${during.filter((a) => a.error === error).length}`).join(', ');
  return `${during.length} answers, all 503 with Retry-After: ${byError}`;
}

/** Every acknowledged event is in its case's history exactly once; none is there twice. */
export async function expectEachAcknowledgedEventOnce(load: Load, read: Call) {
  for (const [caseId, events] of load.acknowledged) {
    const view = await read('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
    expect(view.status, `${caseId}: ${JSON.stringify(view.body)}`).toBe(200);
    const types: string[] = view.body.history.map((h: { type: string }) => h.type);
    for (const type of events) expect(types.filter((t) => t === type), `${caseId} ${type}`).toHaveLength(1);
    expect(new Set(types).size, `${caseId}: ${types.join(',')}`).toBe(types.length);
  }
}

/** "200: 41, 503: 12", for the log line. */
function statusCounts(answers: LoadAnswer[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
}

const rate = (answers: LoadAnswer[], from: number, to: number) => answers.filter((a) => ok(a) && a.at >= from && a.at < to).length / ((to - from) / 1000);

/**
 * How the load came back after the engine was answering again at `back`: the first 2xx to a request sent once the
 * service had stopped, every lane moving again (a 2xx on each), and the rate of 2xx answers before the fault and
 * after recovery.
 */
export function recovery(load: Load, { faultAt, stoppedAt, back, end }: { faultAt: number; stoppedAt: number; back: number; end: number }) {
  const after = load.answers.filter((a) => a.at >= faultAt);
  const firstOk = Math.min(...after.filter((a) => ok(a) && a.sentAt >= stoppedAt).map((a) => a.at));
  const laneBack = Array.from({ length: load.lanes }, (_, n) => Math.min(...after.filter((a) => a.lane === n && ok(a) && a.sentAt >= back).map((a) => a.at)));
  const allLanes = Math.max(...laneBack);
  expect(Number.isFinite(firstOk) && Number.isFinite(allLanes), 'every lane answered 2xx again after the fault').toBe(true);
  const start = Math.min(...load.answers.map((a) => a.sentAt));
  return {
    toFirstOkMs: firstOk - back,
    toAllLanesMs: allLanes - back,
    okPerSecondBefore: rate(load.answers, start, faultAt),
    okPerSecondAfter: rate(load.answers, allLanes, end),
    statuses: statusCounts(after),
  };
}
