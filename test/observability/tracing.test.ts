// Tracing is all or nothing: without OTEL_EXPORTER_OTLP_ENDPOINT no provider, plugin or interceptor exists;
// with it, spans reach the collector over OTLP/HTTP (here a loopback stand-in).
import { createServer } from 'node:http';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env';
import { startTracing } from '../../observability/tracing';
import { observedWorkerOptions } from '../../observability/worker-options';

describe('tracing', () => {
  it('stays off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const env = readEnv({});
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(startTracing(env)).toBeUndefined();
    expect(observedWorkerOptions({ bundled: false, tracing: startTracing(env) }).plugins).toBeUndefined();
    // The global provider is still the API's no-op: a span started now records nothing.
    expect(trace.getTracer('caseflow').startSpan('probe').isRecording()).toBe(false);
  });

  it('exports spans to the collector once the endpoint is set', async () => {
    const posted: string[] = [];
    const collector = createServer((req, res) => {
      posted.push(req.url ?? '');
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as { port: number };

    const tracing = startTracing(readEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` }));
    expect(tracing).toBeDefined();
    expect(observedWorkerOptions({ bundled: false, tracing }).plugins).toEqual([tracing!.plugin]);
    const span = trace.getTracer('caseflow').startSpan('probe');
    expect(span.isRecording()).toBe(true);
    span.end();
    await tracing!.shutdown();
    expect(posted).toContain('/v1/traces');
    await new Promise((resolve) => collector.close(resolve));
  });
});
