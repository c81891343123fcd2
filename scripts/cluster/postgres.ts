// PostgreSQL 15 from Debian for `npm run cluster`: installed when missing, its data folder initialised once under the
// cluster's folder, run as the `postgres` user (it refuses to run as root) on a free loopback port.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freeLoopbackPort, startService, waitUntil, type Service } from './service';

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** Temporal's database role; the password is made at initdb and kept beside the data, readable by root only. */
export const PG_USER = 'temporal';

export type Postgres = {
  service: Service;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  /** Resolves once PostgreSQL accepts connections: after start, and after `service.start()` again (same port). */
  ready: () => Promise<void>;
};

function run(command: string, args: string[], options: Parameters<typeof spawnSync>[2] = {}) {
  const out = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${out.error?.message ?? ''}${out.stderr ?? ''}${out.stdout ?? ''}`);
  return out;
}

function ensureInstalled(log: (line: string) => void): void {
  if (existsSync(path.join(PG_BIN, 'postgres'))) return;
  log('postgresql: installing postgresql-15 with apt-get');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-15'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function postgresAccount(): { uid: number; gid: number } {
  const id = (flag: string) => Number((run('id', [flag, 'postgres']).stdout as string).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function initialise(dataDir: string, passwordFile: string, account: { uid: number; gid: number }, log: (line: string) => void): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, account.uid, account.gid);
  const password = randomBytes(18).toString('base64url');
  // initdb reads the superuser's password from a file, as the postgres user, and wants its data folder empty: so the
  // file sits in a private folder of that user's, removed straight after.
  const pwDir = mkdtempSync(path.join(tmpdir(), 'caseflow-initdb-'));
  const pwfile = path.join(pwDir, 'password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  for (const file of [pwDir, pwfile]) chownSync(file, account.uid, account.gid);
  try {
    run(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=peer', '-E', 'UTF8', '--locale=C.UTF-8'], {
      ...account,
      cwd: '/',
    });
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
  writeFileSync(passwordFile, password, { mode: 0o600 });
  log(`postgresql: initialised ${dataDir}`);
}

export async function startPostgres(clusterDir: string, logDir: string, log: (line: string) => void): Promise<Postgres> {
  ensureInstalled(log);
  const account = postgresAccount();
  const dataDir = path.join(clusterDir, 'postgresql');
  const passwordFile = path.join(clusterDir, 'postgresql-password');
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(dataDir, passwordFile, account, log);
  const port = await freeLoopbackPort();
  const logFile = path.join(logDir, 'postgresql.log');
  const service = startService('postgresql', path.join(PG_BIN, 'postgres'), ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', dataDir], {
    ...account,
    cwd: '/',
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
    logFile,
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, everything committed is kept.
    stopSignal: 'SIGINT',
  });
  const ready = () =>
    waitUntil(service, 'PostgreSQL to accept connections', () => spawnSync(path.join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0, 60_000);
  await ready();
  return { service, port, user: PG_USER, password: readFileSync(passwordFile, 'utf8').trim(), dataDir, ready };
}

/** The URL of database `name` on `server`, created when missing (caseflow's audit trail lives beside Temporal's). */
export async function ensureDatabase(server: Pick<Postgres, 'port' | 'user' | 'password'>, name: string): Promise<string> {
  const base = `postgres://${server.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}
