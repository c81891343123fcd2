// `npm run cluster`: caseflow on PostgreSQL and a Temporal server built from its module, two workers and two API
// processes, in the foreground until Ctrl-C (scripts/cluster/start-cluster.ts; docs/deployment.md).
import path from 'node:path';
import { readEnv } from '../config/env';
import { CLUSTER_NAMESPACE, startCluster } from './cluster/start-cluster';

async function main() {
  const clusterDir = path.join(readEnv().CASEFLOW_DATA_DIR, 'cluster');
  // Ctrl-C before everything is up abandons the start: exiting kills what was started (scripts/cluster/service.ts),
  // which PostgreSQL and Temporal recover from as from a crash. Without this, the signal would end this process
  // alone and leave the others running in their own process groups.
  const abandon = () => process.exit(130);
  process.once('SIGINT', abandon).once('SIGTERM', abandon);
  const cluster = await startCluster({ clusterDir });
  process.off('SIGINT', abandon).off('SIGTERM', abandon);
  const { postgres, temporal } = cluster;
  const services = [postgres.service, temporal.service, ...cluster.workers.map((w) => w.service), ...cluster.apis.map((a) => a.service)];
  console.log(`caseflow cluster is up in ${(cluster.startedInMs / 1000).toFixed(1)}s
${cluster.apis.map((a, i) => `  API ${i + 1}        ${a.url}   (docs ${a.url}/docs, pid ${a.service.pid})`).join('\n')}
${cluster.workers.map((w, i) => `  worker ${i + 1}     pid ${w.service.pid}, metrics ${w.metricsUrl}`).join('\n')}
  Temporal     ${temporal.address}   namespace ${CLUSTER_NAMESPACE}, pid ${temporal.service.pid}, metrics ${temporal.metricsUrl}, config ${temporal.configFile}
  PostgreSQL   127.0.0.1:${postgres.port}   pid ${postgres.service.pid}, user ${postgres.user}, password in ${path.join(cluster.clusterDir, 'postgresql-password')}
  Archival     ${temporal.archivalDir}
  Data folder  ${cluster.clusterDir}
  Logs         ${services.map((s) => path.basename(s.logFile)).join(', ')} in ${cluster.logDir}
Ctrl-C stops everything.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('caseflow cluster: stopping');
    void cluster.stop().then(() => {
      console.log('caseflow cluster: stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  // A process of the cluster dying on its own is worth knowing about while it runs.
  for (const service of services) {
    void service.exited.then(() => {
      if (!stopping) console.error(`caseflow cluster: ${service.name} exited; see ${service.logFile}`);
    });
  }
}

main().catch((err: Error) => {
  console.error(`caseflow cluster failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
