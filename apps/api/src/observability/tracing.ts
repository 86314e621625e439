import { setTracingOn, tracingOn } from "@lk/tracing";
import { context, propagation, trace } from "@opentelemetry/api";

/** What `startTracing` hands back: flush and stop on graceful shutdown. */
export interface Tracing {
  /** Exports the spans still buffered, then unregisters the SDK. */
  shutdown(): Promise<void>;
}

/** Set by `startTracing` once the SDK's modules are loaded (the tracing-off test reads it). */
export const tracingState = { sdkLoaded: false };

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); else returns null having loaded nothing: the SDK's modules
 * are imported here, on demand, so a server without tracing neither loads nor runs them (ADR 0090).
 *
 * The SDK reads the standard variables itself: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the
 * resource; the service is `lk-api` unless named), OTEL_TRACES_SAMPLER / _ARG (default
 * `parentbased_always_on`), OTEL_BSP_* (the batch processor), OTEL_EXPORTER_OTLP_* (the exporter:
 * OTLP/HTTP with JSON bodies, `<endpoint>/v1/traces`). OTEL_SDK_DISABLED=true turns it off.
 */
export async function startTracing(): Promise<Tracing | null> {
  // process.env, not the app config: the SDK reads its own variables from there too.
  const env = process.env;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED === "true" || env.OTEL_TRACES_EXPORTER === "none") return null;
  // One provider per process: a second server in the same process (tests) shares the first's.
  if (tracingOn()) return { shutdown: async () => {} };
  const [sdk, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, core, resources] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-base"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/core"),
      import("@opentelemetry/resources"),
    ]);
  tracingState.sdkLoaded = true;
  const detected = resources.detectResources({ detectors: [resources.envDetector] });
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ "service.name": "lk-api" }))
    .merge(detected);
  const provider = new sdk.BasicTracerProvider({
    resource,
    spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter())],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setTracingOn(true);
  return {
    shutdown: async () => {
      setTracingOn(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
