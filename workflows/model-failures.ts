import { log, metricMeter } from '@temporalio/workflow';
import type { ModelFailure } from '../machines/models';

/**
 * A model that failed on this case: counted by model id and logged with it (the log line carries the caseId), while
 * the case goes on as if the model did not hold. Both are dropped on replay, so a failure is reported once.
 */
export function reportModelFailures(failures: readonly ModelFailure[]): void {
  for (const f of failures) {
    metricMeter.createCounter('caseflow_model_errors_total', 'errors', 'Early-warning models that failed on a case').add(1, { model: f.model });
    log.warn('early-warning model failed on a case', { model: f.model, error: f.message });
  }
}
