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

  it('answers over gRPC with the capabilities the workflows rely on', async () => {
    const info = await temporal.env.connection.workflowService.getSystemInfo({});
    // The case workflow writes its view and warnings with upsertMemo.
    expect(info.capabilities).toMatchObject({ upsertMemo: true, signalAndQueryHeader: true });
  });

  // The server's own clock must move: a server that cannot skip leaves it where it was.
  it('skips its clock 30 days ahead on request', async () => {
    const serverStart = await temporal.env.currentTimeMs();
    await temporal.env.sleep('30 days');
    expect(await temporal.env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + THIRTY_DAYS_MS);
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
