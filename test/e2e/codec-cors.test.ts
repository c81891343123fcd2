// The Temporal UI calls the codec server from the browser, from its own origin (contract section 10): the origins of
// CASEFLOW_CODEC_CORS_ORIGINS get their preflight answered and may read the answers; any other origin gets neither,
// and the rest of the API sends no CORS headers at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env';
import { startStack, tokens, type Stack } from '../support/stack';

const ui = 'https://temporal-ui.bureau.example';
const other = 'https://elsewhere.example';
const payload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"王小明"').toString('base64') };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ codecCorsOrigins: readEnv({ CASEFLOW_CODEC_CORS_ORIGINS: ` ${ui} ,http://localhost:8233` }).CASEFLOW_CODEC_CORS_ORIGINS });
});
afterAll(() => stack?.close());

const preflight = (path: string, origin: string | null) => fetch(stack.url + path, {
  method: 'OPTIONS',
  headers: {
    ...(origin ? { origin } : {}),
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization,content-type,x-namespace',
  },
});

const post = (path: string, origin: string, token: string | null, body: unknown) => fetch(stack.url + path, {
  method: 'POST',
  headers: { origin, 'content-type': 'application/json', 'x-namespace': 'default', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

describe('CORS for the codec server', () => {
  it('answers the preflight of an allowed origin on both routes, with the UI\'s headers', async () => {
    for (const path of ['/codec/encode', '/codec/decode']) {
      const res = await preflight(path, ui);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ui);
      expect(res.headers.get('access-control-allow-methods')).toBe('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-namespace');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('refuses the preflight of another origin, or of none: 403 and no CORS headers', async () => {
    for (const origin of [other, null, `${ui}/`]) {
      const res = await preflight('/codec/decode', origin);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await res.json()) as { error: string }).error).toBe('forbidden');
    }
  });

  it('lets the allowed origin read the codec\'s answers, the admin\'s and its refusals; another origin none of them', async () => {
    const encoded = await post('/codec/encode', ui, tokens.admin, { payloads: [payload] });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(ui);
    const sealed = ((await encoded.json()) as { payloads: unknown[] }).payloads;
    const decoded = await post('/codec/decode', ui, tokens.admin, { payloads: sealed });
    expect(decoded.status).toBe(200);
    expect(((await decoded.json()) as { payloads: unknown[] }).payloads).toEqual([payload]);

    const unsigned = await post('/codec/decode', ui, null, { payloads: sealed });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('access-control-allow-origin')).toBe(ui);
    const supervisor = await post('/codec/decode', ui, tokens.supervisor, { payloads: sealed });
    expect(supervisor.status).toBe(403);

    const elsewhere = await post('/codec/decode', other, tokens.admin, { payloads: sealed });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves every other route without CORS headers, even for an allowed origin', async () => {
    const res = await fetch(`${stack.url}/me`, { headers: { origin: ui, authorization: `Bearer ${tokens.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const cases = await preflight('/cases', ui);
    expect(cases.status).toBe(405);
    expect(cases.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes the setting as a comma list of origins, none by default, and refuses a path or a non-origin', () => {
    expect(readEnv({}).CASEFLOW_CODEC_CORS_ORIGINS).toEqual([]);
    expect(readEnv({ CASEFLOW_CODEC_CORS_ORIGINS: `${ui}, http://localhost:8233` }).CASEFLOW_CODEC_CORS_ORIGINS).toEqual([ui, 'http://localhost:8233']);
    expect(() => readEnv({ CASEFLOW_CODEC_CORS_ORIGINS: `${ui}/ui` })).toThrow(/an origin is scheme:\/\/host\[:port\]/);
    expect(() => readEnv({ CASEFLOW_CODEC_CORS_ORIGINS: '*' })).toThrow(/an origin is scheme/);
  });
});
