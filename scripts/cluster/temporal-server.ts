// The Temporal server of `npm run cluster`: the module's own development-postgres12.yaml with every port moved to a
// free loopback port, PostgreSQL for persistence and visibility, archival to files in the cluster's folder, and the
// dynamic config compose uses.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../config/temporal-binaries';
import type { Postgres } from './postgres';
import { freeLoopbackPort, freeLowPort, startService, waitUntil, type Service } from './service';
import type { TemporalServerBuild } from './temporal-build';

export type TemporalServer = {
  service: Service;
  address: string;
  metricsUrl: string;
  configFile: string;
  archivalDir: string;
  /** Resolves once the frontend answers: after start, and after `service.start()` again (same config, same ports). */
  ready: () => Promise<void>;
};

type Rpc = { grpcPort: number; membershipPort: number; httpPort?: number };
type ServerConfig = {
  persistence: { datastores: Record<string, { sql: { connectAddr: string; user: string; password: string } }> };
  global: { pprof: { port: number }; metrics: { prometheus: { listenAddress: string } } };
  services: Record<string, { rpc: Rpc }>;
  clusterMetadata: { currentClusterName: string; clusterInformation: Record<string, { rpcAddress: string }> };
  namespaceDefaults: { archival: Record<'history' | 'visibility', { state: string; URI: string }> };
  dynamicConfigClient: { filepath: string };
};

async function clusterConfig(build: TemporalServerBuild, postgres: Postgres, archivalDir: string) {
  const config = parse(readFileSync(path.join(build.moduleDir, 'config', 'development-postgres12.yaml'), 'utf8')) as ServerConfig;
  for (const { sql } of Object.values(config.persistence.datastores)) {
    Object.assign(sql, { connectAddr: `127.0.0.1:${postgres.port}`, user: postgres.user, password: postgres.password });
  }
  for (const { rpc } of Object.values(config.services)) {
    rpc.grpcPort = await freeLowPort();
    rpc.membershipPort = await freeLowPort();
    if (rpc.httpPort !== undefined) rpc.httpPort = await freeLowPort();
  }
  const address = `127.0.0.1:${config.services.frontend!.rpc.grpcPort}`;
  config.clusterMetadata.clusterInformation[config.clusterMetadata.currentClusterName]!.rpcAddress = address;
  // Port 0 leaves pprof off: a debugging aid nobody here reads.
  config.global.pprof.port = 0;
  const metricsAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  config.global.metrics.prometheus.listenAddress = metricsAddress;
  // Namespaces registered without archival settings (deploy/setup-temporal.ts registers none) take these.
  for (const kind of ['history', 'visibility'] as const) {
    mkdirSync(path.join(archivalDir, kind), { recursive: true });
    config.namespaceDefaults.archival[kind] = { state: 'enabled', URI: `file://${path.join(archivalDir, kind)}` };
  }
  config.dynamicConfigClient.filepath = path.join(projectRoot, 'deploy', 'dynamicconfig.yaml');
  return { config, address, metricsUrl: `http://${metricsAddress}/metrics` };
}

async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

export async function startTemporalServer(build: TemporalServerBuild, postgres: Postgres, clusterDir: string, logDir: string): Promise<TemporalServer> {
  const archivalDir = path.join(clusterDir, 'archival');
  const { config, address, metricsUrl } = await clusterConfig(build, postgres, archivalDir);
  const configFile = path.join(clusterDir, 'temporal.yaml');
  // It holds the database password.
  writeFileSync(configFile, stringify(config), { mode: 0o600 });
  const service = startService('temporal', build.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    cwd: clusterDir,
    logFile: path.join(logDir, 'temporal.log'),
  });
  const ready = () => waitUntil(service, 'the Temporal frontend to answer', () => answers(address), 120_000);
  await ready();
  return { service, address, metricsUrl, configFile, archivalDir, ready };
}
