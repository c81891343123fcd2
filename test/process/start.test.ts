import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendantsOf, freePort, isRunning, runEntry, waitFor, type Proc } from '../support/processes';
import { tokens } from '../support/stack';

async function startService(dataDir: string) {
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const proc = runEntry('scripts/start.ts', {
    PORT: String(port),
    CASEFLOW_TEMPORAL_PORT: String(temporalPort),
    CASEFLOW_TEMPORAL_UI_PORT: String(uiPort),
    CASEFLOW_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: '',
  });
  await waitFor(() => proc.output().includes('caseflow is up') || proc.child.exitCode !== null, 'caseflow to start');
  expect(proc.output()).toContain('caseflow is up');
  return { proc, api: `http://127.0.0.1:${port}`, temporalPort };
}

async function stop(proc: Proc): Promise<number | null> {
  proc.child.kill('SIGINT');
  return proc.exited;
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function portOpen(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (err) {
    return !String((err as Error).cause ?? err).includes('ECONNREFUSED');
  }
}

describe('npm start', () => {
  it('runs an embedded Temporal whose cases survive a restart, and Ctrl-C stops every process', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'caseflow-data-'));
    const first = await startService(dataDir);
    const reportedAt = new Date(Date.now() - 60_000).toISOString();
    const created = await fetch(`${first.api}/cases`, {
      method: 'POST',
      headers: json(tokens.caseSystem),
      body: JSON.stringify({ caseId: 'restart-1', category: 'administrative', station: 'S01', reportedAt }),
    });
    expect(created.status).toBe(201);
    const registered = await fetch(`${first.api}/cases/restart-1/events`, { method: 'POST', headers: json(tokens.caseSystem), body: '{"type":"REGISTER"}' });
    expect(registered.status).toBe(200);

    // What `npm start` runs beside itself (the embedded Temporal server, whatever that starts), taken while it is up.
    const children = descendantsOf(first.proc.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    expect(await stop(first.proc)).toBe(0);
    expect(children.filter(isRunning), 'processes left running after Ctrl-C').toEqual([]);
    expect(await portOpen(first.temporalPort)).toBe(false);

    const second = await startService(dataDir);
    try {
      const view = await (await fetch(`${second.api}/cases/restart-1`, { headers: json(tokens.caseSystem) })).json();
      expect(view).toMatchObject({ caseId: 'restart-1', stage: 'registered' });
      const notified = await fetch(`${second.api}/cases/restart-1/events`, { method: 'POST', headers: json(tokens.caseSystem), body: '{"type":"NOTIFY"}' });
      expect(await notified.json()).toMatchObject({ stage: 'notified' });
    } finally {
      expect(await stop(second.proc)).toBe(0);
    }
  }, 180_000);

  it('refuses to start on a bad policy file, naming the file, the field and the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-policy-'));
    const file = path.join(dir, 'policy.yaml');
    writeFileSync(file, 'timezone: Asia/Shanghai\nescalation: { repeatOverdueEvery: P1D, chain: [a] }\nlimits: { criminal: { ordinary: { register: 3 days } } }\n');
    const proc = runEntry('scripts/start.ts', { CASEFLOW_POLICY: file, TEMPORAL_ADDRESS: '' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain(`policy file ${file}`);
    expect(proc.output()).toContain('limits.criminal.ordinary.register');
    expect(proc.output()).not.toContain('caseflow is up');
  });

  it.each(['server/main.ts', 'scripts/start.ts'])('%s refuses a tokens file with the same token twice, naming the entry', async (entry) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-tokens-')), 'tokens.json');
    const twice = 'a-machine-token-of-some-length';
    writeFileSync(file, JSON.stringify({ tokens: [
      { name: 'intake', role: 'case-system', stations: ['S01'], token: twice },
      { name: 'records', role: 'case-system', stations: ['S02'], token: twice },
    ] }));
    const proc = runEntry(entry, { CASEFLOW_AUTH_FILE: file, TEMPORAL_ADDRESS: '' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('tokens[1] ("records"): the same token as tokens[0] ("intake")');
    expect(proc.output()).not.toContain('caseflow is up');
  });

  it('refuses to start in production without a tokens file', async () => {
    const proc = runEntry('scripts/start.ts', { NODE_ENV: 'production', CASEFLOW_AUTH_FILE: '', TEMPORAL_ADDRESS: '' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('CASEFLOW_AUTH_FILE is required');
  });
});
