import { resolve } from 'node:path';
import { policySchema, type Policy } from '../contracts/policy';
import { loadConfigFile } from './load-file';

export const DEFAULT_POLICY_FILE = resolve(__dirname, '../policy/default-policy.yaml');

export function loadPolicy(file: string = DEFAULT_POLICY_FILE): Policy {
  return loadConfigFile(file, 'policy', policySchema);
}
