// The API process itself (server/main.ts) against the shared dev server: SIGHUP re-reads the tokens file while
// requests keep flowing, and none of them is dropped or refused on the way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { tokenHash } from '../../contracts/tokens';
import { stopGently } from '../support/node-process';
import { freePort, runEntry, waitFor, type Proc } from '../support/processes';

const file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-reload-')), 'tokens.json');
const write = (tokens: object[]) => writeFileSync(file, JSON.stringify({ tokens }));
const kept = { token: 'kept-token-0123456789', name: 'kept', role: 'supervisor', stations: ['*'] };
const added = 'added-token-0123456789';

let proc: Proc | undefined;
afterAll(() => stopGently(proc));

describe('tokens file re-read on SIGHUP', () => {
  it('takes new tokens and drops removed ones without dropping a request; a broken file keeps the old ones', async () => {
    write([kept]);
    const port = await freePort();
    proc = runEntry('server/main.ts', { PORT: String(port), TEMPORAL_ADDRESS: inject('temporalAddress'), CASEFLOW_AUTH_FILE: file, CASEFLOW_RATE_LIMIT: '0', CASEFLOW_DATA_DIR: path.dirname(file) });
    await waitFor(() => proc!.output().includes('caseflow API on') || proc!.child.exitCode !== null, 'the API to start');
    const status = async (token: string) =>
      (await fetch(`http://127.0.0.1:${port}/cases?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect(await status(kept.token)).toBe(200);
    expect(await status(added)).toBe(401);

    // A steady stream of requests with the kept token across three re-reads: every one must answer 200.
    let streaming = true;
    const answers: number[] = [];
    const stream = (async () => {
      while (streaming) answers.push(await status(kept.token));
    })();
    // However slow the machine, the stream must have gone on answering across each re-read, not merely before it.
    const answeredSince = async (mark: number) => waitFor(() => answers.length >= mark + 2, 'the stream to go on answering');
    try {
      write([kept, { sha256: tokenHash(added), name: 'added', role: 'case-system', stations: ['S01'] }]);
      proc.child.kill('SIGHUP');
      await waitFor(async () => (await status(added)) === 200, 'the added token to open');
      await answeredSince(0);

      writeFileSync(file, '{ "tokens": [ { "token": "short", "name": "broken", "role": "admin", "stations": ["*"] } ] }');
      proc.child.kill('SIGHUP');
      await waitFor(() => proc!.output().includes('tokens file not re-read'), 'the broken file to be reported');
      expect(proc.output()).toMatch(/tokens\[0\] \(\\"broken\\"\)\.token: a token of at least 16 characters/);
      expect(await status(added), 'the tokens in force stay').toBe(200);
      const afterBroken = answers.length;

      write([kept]);
      proc.child.kill('SIGHUP');
      await waitFor(async () => (await status(added)) === 401, 'the removed token to close');
      await answeredSince(afterBroken);
    } finally {
      streaming = false;
      await stream;
    }

    expect(answers.filter((s) => s !== 200)).toEqual([]);
    expect(proc.child.exitCode, 'SIGHUP does not end the process').toBeNull();
  }, 60_000);
});
