import { DefaultLogger, Runtime } from '@temporalio/worker';

// Each test file runs in its own process; the SDK's INFO lines about worker state and WARN lines about retried deliveries would bury the report.
Runtime.install({ logger: new DefaultLogger('ERROR') });
