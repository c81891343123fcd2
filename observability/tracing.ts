import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

export type Tracing = { plugin: OpenTelemetryPlugin; shutdown(): Promise<void> };
export type TracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME: string };

// One provider per process: `npm start` runs the API and the worker side by side and both ask for it.
let current: Tracing | undefined;

/**
 * Spans through Temporal's interceptors (client start and update, workflow, activity), sent over OTLP/HTTP.
 * Without an endpoint nothing is set up at all: no provider, no interceptors, not one span object.
 */
export function startTracing(env: TracingEnv): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  if (current) return current;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME });
  const url = `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global, so the interceptors' tracer and W3C propagation of the trace context into Temporal headers work.
  provider.register();
  current = { plugin: new OpenTelemetryPlugin({ resource, spanProcessor }), shutdown: () => provider.shutdown() };
  return current;
}
