// Issue 16, defects 6 and 7: every answer at the HTTP edge, the router's own refusals included, is the contract's
// `{ error, message }` with the contract's code for its status and never echoes the URL; JSON answers are neither
// sniffed nor cached; the docs page may not be framed. Raw node:http requests, since fetch would normalise the
// very URLs and headers under test.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tokens } from '../support/stack';
import { caseBody, neverFailingStack } from './helpers';

const stack = neverFailingStack();
const admin = { authorization: `Bearer ${tokens.admin}` };

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

function raw(method: string, path: string, headers: Record<string, string | string[]> = {}, body?: string | Buffer): Promise<Raw> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The contract's error shape, its code for `status`, no stack trace, and not a word of `url` echoed back. */
function expectContractError(res: Raw, status: number, error: string, url?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({ error, message: expect.any(String) });
  expect(Object.keys(body).every((k) => ['error', 'message', 'issues'].includes(k)), res.text).toBe(true);
  if (url) expect(res.text).not.toContain(url);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
}

describe.concurrent('errors at the edge go through the one mapper', () => {
  it('a case id past the router\'s parameter length is a 400 naming caseId, not a 414 echoing the URL', async () => {
    const long = 'x'.repeat(101);
    const res = await raw('GET', `/cases/${long}`, admin);
    expectContractError(res, 400, 'invalid_request', long);
    expect(JSON.parse(res.text).issues.map((i: { path: string }) => i.path)).toContain('caseId');
    const huge = 'y'.repeat(5000);
    expectContractError(await raw('GET', `/cases/${huge}`, admin), 400, 'invalid_request', huge);
  });

  it('a badly percent-encoded URL is 400 invalid_request, not FST_ERR_BAD_URL', async () => {
    const res = await raw('GET', '/cases/%zz', admin);
    expectContractError(res, 400, 'invalid_request', '%zz');
    expect(res.text).not.toContain('FST_');
  });

  it('a path traversal under /docs is refused with the contract\'s code for its status', async () => {
    const attempts: [string, number, string][] = [
      ['/docs/static/../../package.json', 403, 'forbidden'],
      ['/docs/static/%2e%2e/%2e%2e/package.json', 403, 'forbidden'],
      // An encoded slash is no separator: a file of that name, which the docs do not have.
      ['/docs/static/..%2f..%2fpackage.json', 404, 'not_found'],
    ];
    for (const [path, status, error] of attempts) {
      const res = await raw('GET', path);
      expectContractError(res, status, error, 'package.json');
      expect(res.text).not.toContain('"caseflow"');
    }
  });

  it('an unknown method on a known path is 405 with Allow; an unknown path stays 404', async () => {
    for (const [method, path, allow] of [['DELETE', '/cases', 'GET, HEAD, POST'], ['PUT', '/cases/C-1', 'GET, HEAD'], ['PATCH', '/healthz', 'GET, HEAD'], ['GET', '/cases/C-1/events', 'POST']]) {
      const res = await raw(method!, path!, admin);
      expectContractError(res, 405, 'method_not_allowed');
      expect(res.headers.allow, `${method} ${path}`).toBe(allow);
    }
    // Methods that carry a body are answered 405 before their body is looked at.
    for (const method of ['QUERY', 'PROPFIND']) {
      const res = await raw(method, '/cases/count', admin);
      expectContractError(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    expectContractError(await raw('GET', '/no-such-thing', admin), 404, 'not_found', 'no-such-thing');
  });

  it('a JSON route sent text/plain or a compressed body is 415, and nothing is created', async () => {
    const body = caseBody();
    const plain = await raw('POST', '/cases', { ...admin, 'content-type': 'text/plain' }, JSON.stringify(body));
    expectContractError(plain, 415, 'unsupported_media_type');
    const gzip = await raw('POST', '/cases', { ...admin, 'content-type': 'application/json', 'content-encoding': 'gzip' }, JSON.stringify(body));
    expectContractError(gzip, 415, 'unsupported_media_type');
    expect((await stack.call('GET', `/cases/${body.caseId}`, undefined, tokens.admin)).status).toBe(404);
  });
});

describe.concurrent('headers', () => {
  it('JSON answers, successes included, are nosniff and no-store', async () => {
    for (const path of ['/healthz', '/cases?limit=1', '/openapi.json']) {
      const res = await raw('GET', path, admin);
      expect(res.status, path).toBe(200);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('/docs carries a CSP that forbids framing', async () => {
    const res = await raw('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('two Authorization headers are 400, even when the first is valid', async () => {
    for (const pair of [[admin.authorization, 'Bearer nobody-at-all-token'], ['Bearer nobody-at-all-token', admin.authorization]]) {
      expectContractError(await raw('GET', '/cases?limit=1', { authorization: pair }), 400, 'invalid_request');
    }
  });
});
