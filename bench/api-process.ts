// The HTTP API in a process of its own, as `npm run api` runs it, so the CPU it spends is read apart from the
// load generator's (the bench process) and charged to caseflow. Driven over IPC by bench/api.ts: 'stop' ends it.
import { Client, Connection } from '@temporalio/client';
import { loadPolicy } from '../config/policy';
import { loadTokens } from '../config/tokens';
import { createLogger } from '../observability/logger';
import { buildApp } from '../server/app';
import { createCaseGateway } from '../server/case-gateway';
import { benchCodec } from './options';

export type ApiSpec = { address: string; taskQueue: string };

async function main() {
  const spec = JSON.parse(process.env.BENCH_API ?? '') as ApiSpec;
  const connection = await Connection.connect({ address: spec.address });
  const gateway = createCaseGateway({ client: new Client({ connection, dataConverter: { payloadCodecs: [benchCodec()] } }), connection, taskQueue: spec.taskQueue, policy: loadPolicy() });
  // Without the rate limit (it would cap the run at 20 requests a second) and with only error lines, so a 500 says why.
  const app = await buildApp({ gateway, tokens: loadTokens(undefined, false), loggerInstance: createLogger({ level: 'error', name: 'caseflow-bench-api' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') void app.close().then(() => process.exit(0));
  });
  process.once('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url });
}

main().catch((err: Error) => {
  console.error(`bench API failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
