import { z } from 'zod';
import { loadEncryptionKeys } from '../config/encryption-keys';
import { readEnv } from '../config/env';
import { AesGcmCodec } from '../temporal/encryption-codec';

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  /** Open cases for the read and memory figures (the 10,000; opening them takes about 5 minutes here). */
  BENCH_CASES: count(10_000),
  /** Lifecycles per round and lane for throughput (two rounds each). */
  BENCH_LIFECYCLES: count(60),
  /** Lifecycles in flight at once. */
  BENCH_CONCURRENCY: count(16),
  /** Timed requests per latency figure. */
  BENCH_SAMPLES: count(200),
  /** maxCachedWorkflows of the worker that holds the open cases. */
  BENCH_CACHE: count(200),
  /** Run the throughput once more on a server with SQLite's defaults (no pragmas), to show what they buy; 0: skip. */
  BENCH_COMPARE_PRAGMAS: z.enum(['0', '1']).default('1'),
  BENCH_OUT: z.string().default('BENCHMARKS.md'),
  /** How long the pure machine (d) runs. */
  BENCH_MACHINE_MS: count(3_000),
});

export type BenchOptions = ReturnType<typeof readBenchOptions>;

/** The bench's own knobs, parsed once like config/env.ts does for the service. */
export function readBenchOptions(source: NodeJS.ProcessEnv = process.env) {
  const env = schema.parse(source);
  // The server runs with the pragmas `npm start` gives the embedded one.
  return { ...env, pragmas: readEnv({}).sqlitePragmas };
}

/** The payload codec caseflow runs with, so the figures include its cost: the data folder's key, as `npm start` uses. */
export function benchCodec(): AesGcmCodec {
  const env = readEnv();
  return new AesGcmCodec(loadEncryptionKeys(env.CASEFLOW_ENCRYPTION_KEYS, false, env.CASEFLOW_DATA_DIR));
}
