/** Small measuring tools: no histogram library, the sample counts here sort in microseconds. */

export const now = (): number => performance.now();

export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export type Latency = { n: number; p50: number; p99: number; max: number };

export function latency(samples: number[]): Latency {
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the wall time in ms. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = now();
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return now() - started;
}

/** The time one call takes, in ms. */
export async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = now();
  await call();
  return now() - started;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
