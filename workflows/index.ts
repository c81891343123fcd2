export { caseWorkflow } from './case-workflow';
export { sweepWorkflow, sweepLedgerWorkflow } from './sweep-workflow';
export { modelsWorkflow } from './models-workflow';
export { bulkWorkflow } from './bulk-workflow';
