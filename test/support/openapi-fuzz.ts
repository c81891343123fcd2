// Requests generated from the service's own OpenAPI document: a valid one per operation, then mutated into the
// malformed, oversized and hostile things clients and attackers send. Seeded, so a failure can be replayed.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema is untyped data here */
import { tokens } from './stack';

export type FuzzRequest = { label: string; method: string; path: string; headers: Record<string, string>; body?: string | Buffer };
type Operation = { method: string; path: string; params: any[]; body?: any };

export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** Values no schema here accepts where it expects something else; some are attacks on whatever reads them next. */
export const hostileValues: unknown[] = [
  null, true, 0, -1, 1.5, 1e308, -1e308, '', ' ', '\u0000', '\uFFFF', '\uD800', '😀'.repeat(50), 'A'.repeat(5_000), [], {}, [[[[[]]]]],
  { __proto__: { polluted: true } }, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } },
  "' OR 1=1 --", "S01' OR CaseStatus = 'open", '"; DROP TABLE cases; --', '../../../../etc/passwd', '${jndi:ldap://127.0.0.1/a}', '<script>alert(1)</script>',
  '2026-02-30T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-01-01T00:00:00+99:99', '2026-01-01', 'now', 'NaN', '-0', '1e999', '0x10',
];
const hostileRaw: (string | Buffer)[] = [
  '', '{', '}', 'null', '[]', '"text"', '123', 'true', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":1}{"b":2}', '{"a":1 /* c */}',
  Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), // invalid UTF-8 in a string
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"REGISTER"}')]), // a BOM first
  Buffer.from('{"type":"REGISTER"}', 'utf16le'),
  nested(20_000), '{"a":'.repeat(8_000) + '1' + '}'.repeat(8_000), ' '.repeat(60_000) + '{}', `{"x":"${'A'.repeat(70_000)}"}`,
  'x'.repeat(1_000_000), '{"__proto__":{"isAdmin":true},"type":"REGISTER"}', '{"constructor":{"prototype":{"isAdmin":true}},"type":"REGISTER"}',
];
const contentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'application/vnd.api+json', '*/*', 'application/json, text/plain', 'application/jsonx'];
const authHeaders = [undefined, 'Bearer', 'Bearer ', `Bearer ${'x'.repeat(10_000)}`, 'Basic ZGV2OmRldg==', `bearer ${tokens.caseSystem}`, `Bearer  ${tokens.caseSystem}`,
  `Bearer ${tokens.supervisor}`, `Bearer ${tokens.admin}`, 'Bearer unknown-token'];
const pathValues = ['FZ-none', 'a'.repeat(65), 'a'.repeat(5_000), '..', '%2e%2e%2f%2e%2e', '%00', '%', '%zz', '%E2%98%83', 'a%2Fb', '__proto__', 'constructor', ' ', '%20', 'C%0d%0aX-Injected:%201'];
const queryExtras = ['limit=1&limit=2', 'foo=1', '__proto__[x]=1', 'constructor[prototype][x]=1', 'station[]=S01', 'limit=-1', 'limit=1e3', 'limit=0x10', 'limit=99999999999999999999',
  'cursor=' + 'A'.repeat(4_000), 'cursor=eyJ4IjoxfQ', 'cursor=%FF%FE', 'overdue=TRUE', 'station=%', '%=%', '&&&', 'station=' + 'S'.repeat(3_000)];

/** Percent-encodes, and sends a lone surrogate as the bytes it would be in UTF-8, which no decoder accepts. */
const enc = (value: unknown) => {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return '%ED%A0%80';
  }
};

function resolve(doc: any, schema: any): any {
  return schema?.$ref ? resolve(doc, schema.$ref.split('/').slice(1).reduce((o: any, k: string) => o?.[k], doc)) : schema;
}

/** A value the schema accepts (the alphanumeric strings fit every pattern the API declares). */
export function validValue(doc: any, raw: any, r: Rng): any {
  const schema = resolve(doc, raw);
  const branches = schema?.oneOf ?? schema?.anyOf;
  if (branches) return validValue(doc, r.pick(branches), r);
  if (schema?.enum) return r.pick(schema.enum);
  switch (schema?.type) {
    case 'string':
      if (schema.format === 'date-time') return new Date(Date.now() - 60_000 - r.int(3_600_000)).toISOString();
      return `FZ${r.int(1e9)}`.slice(0, Math.max(schema.maxLength ?? 12, 1)).padEnd(schema.minLength ?? 0, 'a');
    case 'integer':
    case 'number':
      return Math.min(schema.maximum ?? 10, Math.max(schema.minimum ?? 0, 1 + r.int(10)));
    case 'boolean':
      return r.next() < 0.5;
    case 'array':
      return Array.from({ length: schema.minItems ?? r.int(3) }, () => validValue(doc, schema.items, r));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<any>(schema.properties ?? {})) if ((schema.required ?? []).includes(k) || r.next() < 0.5) out[k] = validValue(doc, v, r);
      return out;
    }
    default:
      return 'FZ';
  }
}

export function operations(doc: any): Operation[] {
  return Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<any>(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema })),
  );
}

/** `count` requests against `op`, each valid but for one or two things. */
export function* mutate(doc: any, op: Operation, r: Rng, count: number, knownIds: string[]): Generator<FuzzRequest> {
  for (let i = 0; i < count; i += 1) {
    const headers: Record<string, string> = { authorization: `Bearer ${r.pick([tokens.caseSystem, tokens.supervisor, tokens.admin])}` };
    let path = op.path.replace(/\{(\w+)\}/g, () => enc(r.next() < 0.5 && knownIds.length ? r.pick(knownIds) : `FZ-${r.int(1e6)}`));
    const query = op.params.filter((p) => p.in === 'query' && r.next() < 0.4).map((p) => `${p.name}=${enc(validValue(doc, p.schema, r))}`);
    let body: string | Buffer | undefined = op.body ? JSON.stringify(validValue(doc, op.body, r)) : undefined;
    let method = op.method;
    const applicable = ['auth', 'method', 'query', ...(op.body ? ['field', 'missing', 'raw', 'content-type'] : []), ...(/\{/.test(op.path) ? ['path'] : [])];
    // Mostly hostile; a few valid ones keep real cases (and their workflows) in the mix.
    const kind = r.next() < 0.05 ? 'valid' : r.pick(applicable);
    let label = 'valid';
    if (kind === 'field') {
      const value = validValue(doc, op.body, r);
      const keys = Object.keys(value);
      const key = r.next() < 0.7 && keys.length ? r.pick(keys) : r.pick(['extra', '__proto__', 'constructor', 'type']);
      value[key] = r.pick(hostileValues);
      body = JSON.stringify(value);
      label = `body.${key} hostile`;
    } else if (kind === 'missing') {
      const value = validValue(doc, op.body, r);
      delete value[r.pick(Object.keys(value).concat('none'))];
      body = JSON.stringify(value);
      label = 'body missing a field';
    } else if (kind === 'raw') {
      body = r.pick(hostileRaw);
      label = `raw body ${String(body.slice(0, 12))}`;
    } else if (kind === 'content-type') {
      headers['content-type'] = r.pick(contentTypes);
      body ??= '{}';
      label = `content-type ${headers['content-type']}`;
    } else if (kind === 'path') {
      path = op.path.replace(/\{(\w+)\}/g, () => r.pick(pathValues));
      label = `path ${path.slice(0, 40)}`;
    } else if (kind === 'query') {
      const p = op.params.filter((x) => x.in === 'query');
      query.push(r.next() < 0.5 && p.length ? `${r.pick(p).name}=${enc(r.pick(hostileValues))}` : r.pick(queryExtras));
      label = `query ${query.at(-1)!.slice(0, 40)}`;
    } else if (kind === 'auth') {
      const auth = r.pick(authHeaders);
      if (auth === undefined) delete headers.authorization;
      else headers.authorization = auth;
      headers['x-request-id'] = r.pick(['', 'x'.repeat(2_000), '../../', 'a\tb']);
      label = `auth ${String(auth).slice(0, 20)}`;
    } else if (kind === 'method') {
      method = r.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', op.method === 'GET' ? 'POST' : 'GET']);
      label = `method ${method}`;
    }
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (method === 'GET' || method === 'HEAD') body = undefined;
    yield { label: `${op.method} ${op.path}: ${label}`, method, path: query.length ? `${path}?${query.join('&')}` : path, headers, body };
  }
}
