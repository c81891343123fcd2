import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDatabase, startPostgres } from '../../scripts/cluster/postgres';

/**
 * Debian's PostgreSQL 15 on a free loopback port, in a throw-away folder (installed with apt-get when missing, as
 * `npm run cluster` does), with an empty database of its own. `stop` ends the server this started, by its pid.
 */
export async function startTestPostgres(database = 'caseflow_audit') {
  const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-pg-'));
  // The server runs as the postgres user, which must reach its data folder below this one.
  chmodSync(dir, 0o755);
  const server = await startPostgres(dir, dir, () => undefined);
  return { url: await ensureDatabase(server, database), stop: () => server.service.stop() };
}
