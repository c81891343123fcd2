import { createServer } from 'node:net';
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import { temporalLogger } from './logger';

let scrapeUrl: string | undefined;

/**
 * The process's Temporal Runtime: its logs through pino and, when an address is given, the SDK's own
 * worker metrics (plus caseflow's workflow and activity counters, which go through the same meter) served
 * as Prometheus text on that address. Call once, before any worker or native connection exists.
 */
export function installRuntime(options: { logger: Logger; metricsAddress?: string }): void {
  const { metricsAddress } = options;
  Runtime.install({
    logger: temporalLogger(options.logger.child({ component: 'temporal' })),
    shutdownSignals: [],
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
  scrapeUrl = metricsAddress ? `http://${metricsAddress.replace(/^0\.0\.0\.0:|^\[::\]:/, '127.0.0.1:')}/metrics` : undefined;
}

/** The Runtime's Prometheus text when this process runs a worker with metrics on; '' otherwise. */
export async function workerMetricsText(): Promise<string> {
  if (!scrapeUrl) return '';
  try {
    const res = await fetch(scrapeUrl, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? await res.text() : `# worker metrics unavailable: HTTP ${res.status}\n`;
  } catch (err) {
    return `# worker metrics unavailable: ${(err as Error).message}\n`;
  }
}

/**
 * A loopback address nobody listens on. The Runtime's exporter cannot bind port 0 and tell us the port, and
 * a fixed default would refuse to start a second caseflow on the same machine.
 */
export async function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}
