// Thousands of malformed, oversized and hostile requests, generated from /openapi.json, at a real API process:
// never a 5xx, never a crash, and a normal case goes through afterwards. FUZZ_SEED replays a run.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAt, newCase, plainLifecycle, pool } from '../support/http-client';
import { stopGently } from '../support/node-process';
import { mutate, operations, rng, type FuzzRequest } from '../support/openapi-fuzz';
import type { Proc } from '../support/processes';
import { alive, startApiProcess } from '../support/service-processes';
import { startStack, uniqueId, type Stack } from '../support/stack';

const TOTAL = 2_400;
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
let stack: Stack;
let api: { proc: Proc; url: string };

beforeAll(async () => {
  stack = await startStack();
  // The rate limit is tested on its own; here every request should reach the code behind it. Body limit: default.
  api = await startApiProcess({ TEMPORAL_ADDRESS: inject('temporalAddress'), CASEFLOW_TASK_QUEUE: stack.taskQueue, CASEFLOW_RATE_LIMIT: '1000000' });
}, 180_000);
afterAll(async () => {
  await stopGently(api?.proc);
  await stack?.close();
});

type Outcome = { req: FuzzRequest; status: number; body: string };

async function send(req: FuzzRequest): Promise<Outcome> {
  try {
    const res = await fetch(api.url + req.path, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
    return { req, status: res.status, body: (await res.text()).slice(0, 300) };
  } catch (err) {
    // A dropped connection is as bad as a 5xx: the client got no answer.
    return { req, status: 599, body: String((err as Error).cause ?? err) };
  }
}

/** Below HTTP's semantics: requests Node's parser must refuse itself. Answers the status line, or '' when closed. */
function raw(text: string): Promise<string> {
  const port = Number(new URL(api.url).port);
  return new Promise((resolve) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    socket.on('data', (d) => (got += d)).on('close', () => resolve(got.split('\r\n')[0] ?? '')).on('error', () => resolve(got.split('\r\n')[0] ?? ''));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

const malformedHttp = [
  'GET /cases HTTP/1.1\r\n\r\n', // no Host
  'GET /cases HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n',
  `GET /cases HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  'POST /cases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}',
  'POST /cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
  'BREW /cases HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /cases HTTP/9.9\r\nHost: x\r\n\r\n',
  '\x00\x01\x02\x03\r\n\r\n',
];

describe('a fuzzer driven by the OpenAPI document', () => {
  it(`answers ${TOTAL} hostile requests without a 5xx, and stays healthy`, async () => {
    const call = apiAt(api.url);
    const doc = (await call('GET', '/openapi.json', undefined, null)).body;
    const known = [uniqueId('FZK'), uniqueId('FZK')];
    for (const id of known) expect((await call('POST', '/cases', newCase(id))).status).toBe(201);
    expect((await call('POST', `/cases/${known[1]}/events`, plainLifecycle[0])).status).toBe(200);

    const r = rng(SEED);
    const ops = operations(doc);
    const requests = ops.flatMap((op) => [...mutate(doc, op, r, Math.ceil(TOTAL / ops.length), known)]);
    const started = Date.now();
    const outcomes = await pool(requests, 16, send);
    const statusLines = await Promise.all(malformedHttp.map(raw));
    // 503 temporal_unavailable is the contract's answer when the (shared, busy) server is slow to answer; any other
    // 5xx, or no answer at all, is a failure.
    const failures = outcomes.filter((o) => o.status >= 500 && !(o.status === 503 && o.body.includes('temporal_unavailable')));
    const histogram = outcomes.reduce<Record<number, number>>((h, o) => ({ ...h, [o.status]: (h[o.status] ?? 0) + 1 }), {});
    console.log(`fuzz: ${outcomes.length} requests (seed ${SEED}) in ${Date.now() - started} ms over ${ops.length} operations: ${JSON.stringify(histogram)}`);

    // On failure, the API's own error lines say why, which the status alone cannot.
    const errorLines = api.proc.output().split('\n').filter((l) => /"level":(50|"error")/.test(l)).slice(0, 3);
    expect([...failures.map((f) => `${f.req.label} -> ${f.req.method} ${f.req.path.slice(0, 80)} ${f.status} ${f.body}`).slice(0, 20), ...(failures.length ? errorLines : [])].join('\n')).toBe('');
    expect(Object.keys(histogram).length).toBeGreaterThan(5); // it did hit many different answers, not one wall
    for (const line of statusLines) expect(line === '' || /^HTTP\/1\.[01] [1-4]\d\d/.test(line), line).toBe(true);

    expect(alive(api.proc)).toBe(true);
    expect((await call('GET', '/healthz', undefined, null)).status).toBe(200);
    expect((await call('GET', '/readyz', undefined, null)).status).toBe(200);
    const after = uniqueId('FZ-AFTER');
    expect((await call('POST', '/cases', newCase(after))).status).toBe(201);
    for (const event of plainLifecycle) expect((await call('POST', `/cases/${after}/events`, event)).status).toBe(200);
    // Nothing the fuzzer sent (prototype keys included) changed who may do what.
    expect((await call('GET', '/cases', undefined, 'unknown-token')).status).toBe(401);
    expect((await call('POST', '/cases', newCase(uniqueId('FZ-ROLE')), 'dev-supervisor-token')).status).toBe(403);
  }, 180_000);
});
