import { resolve } from 'node:path';
import { policySchema, type Policy } from '../contracts/policy';
import { modelProblem } from '../machines/models';
import { ConfigFileError, loadConfigFile } from './load-file';

export const DEFAULT_POLICY_FILE = resolve(__dirname, '../policy/default-policy.yaml');

/**
 * The policy file, validated; and every model's `when` parsed and evaluated once over typed facts, so that a model
 * which cannot run refuses start-up (worker and API alike) instead of failing on every case.
 */
export function loadPolicy(file: string = DEFAULT_POLICY_FILE): Policy {
  const policy = loadConfigFile(file, 'policy', policySchema);
  for (const model of policy.models) {
    const problem = modelProblem(model);
    if (problem) throw new ConfigFileError(`policy file ${file}: model ${model.id}: when, at ${problem.position}: ${problem.message.replace(/\s+/g, ' ')}`);
  }
  return policy;
}
