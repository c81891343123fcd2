import { DefaultLogger, Runtime } from '@temporalio/worker';

// Each test file runs in its own process; the SDK's INFO lines about worker state would bury the report.
Runtime.install({ logger: new DefaultLogger('WARN') });
