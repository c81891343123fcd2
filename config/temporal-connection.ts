import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export type TemporalTarget = { connectionOptions: NativeConnectionOptions; namespace: string };

/**
 * Temporal's own environment config (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS, profiles);
 * an embedded server's address wins when there is one.
 */
export function temporalTarget(embeddedAddress?: string): TemporalTarget {
  const { connectionOptions, namespace } = loadClientConnectConfig();
  return {
    connectionOptions: { ...connectionOptions, ...(embeddedAddress ? { address: embeddedAddress, tls: undefined, apiKey: undefined } : {}) },
    namespace: namespace ?? 'default',
  };
}
