// A case system's view of an API process it did not start in-process: plain fetch against a base URL.
import { tokens } from './stack';

export type Answer = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function apiAt(url: string) {
  return async function call(method: string, path: string, body?: unknown, token: string | null = tokens.caseSystem): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's page, say): kept as text so the assertion that fails can show it.
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

export type Call = ReturnType<typeof apiAt>;

/** The plain path of contract section 2: report, register, notify, file, approve, close. */
export const plainLifecycle = [
  { type: 'REGISTER', by: 'officer-7' },
  { type: 'NOTIFY' },
  { type: 'FILE', decision: 'file', track: 'ordinary' },
  { type: 'APPROVE', by: 'legal-officer-2' },
  { type: 'CLOSE', outcome: 'penalty' },
] as const;

export function newCase(caseId: string, station = 'S01') {
  return { caseId, category: 'administrative', station, reportedAt: new Date(Date.now() - 60_000).toISOString() };
}

/** Runs `work` over `items` with at most `limit` in flight, as a bounded client pool would. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
