import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, startTimeSkipping, type TestTemporal } from './temporal-env';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
// The first start of a server binary on a cold machine can take a while to load from disk.
const SERVER_START_MS = 60_000;

describe('time-skipping test server', () => {
  let temporal: TestTemporal;
  beforeAll(async () => {
    temporal = await startTimeSkipping();
  }, SERVER_START_MS);
  afterAll(() => temporal?.shutdown());

  it('answers over gRPC', async () => {
    const info = await temporal.env.connection.workflowService.getSystemInfo({});
    expect(info.capabilities).toBeDefined();
  });

  it('sleeps 30 days in a few seconds of wall time', async () => {
    const wallStart = Date.now();
    const serverStart = await temporal.env.currentTimeMs();
    await temporal.env.sleep('30 days');
    expect(await temporal.env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + THIRTY_DAYS_MS);
    expect(Date.now() - wallStart).toBeLessThan(5_000);
  });
});

describe('dev server', () => {
  let temporal: TestTemporal;
  beforeAll(async () => {
    temporal = await startDevServer();
  }, SERVER_START_MS);
  afterAll(() => temporal?.shutdown());

  it('answers over gRPC with its server version', async () => {
    const info = await temporal.env.connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(temporal.address).toMatch(/:\d+$/);
  });
});
