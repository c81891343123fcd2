import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export type TemporalTarget = { connectionOptions: NativeConnectionOptions; namespace: string };

/**
 * Temporal's own environment config (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS, profiles);
 * an embedded server's address wins when there is one.
 */
export function temporalTarget(embeddedAddress?: string): TemporalTarget {
  // Empty means unset, as for caseflow's own variables: envconfig takes `TEMPORAL_API_KEY=` (an env file's blank line,
  // compose's `${TEMPORAL_API_KEY:-}`) as an empty key, which turns TLS on against a plaintext cluster.
  const setVars = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => Boolean(e[1])));
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: setVars });
  return {
    connectionOptions: { ...connectionOptions, ...(embeddedAddress ? { address: embeddedAddress, tls: undefined, apiKey: undefined } : {}) },
    namespace: namespace ?? 'default',
  };
}
