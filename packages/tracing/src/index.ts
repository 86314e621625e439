// The product's seam to OpenTelemetry traces (docs/operations.md, "Traces"; ADR 0090). Only the
// OpenTelemetry API is imported here; the SDK is loaded by the API server, and only when an OTLP
// endpoint is configured. Until then `tracingOn()` is false and every helper below calls straight
// through: no span objects, no context switches.
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from "@opentelemetry/api";

export type { Attributes, Span };
export { SpanKind, SpanStatusCode };

const state = { on: false };

/** True once the server has registered a tracer provider (OTEL_EXPORTER_OTLP_ENDPOINT set). */
export const tracingOn = (): boolean => state.on;

/** Called by the server after registering the SDK, and with false after shutting it down. */
export function setTracingOn(on: boolean): void {
  state.on = on;
}

const tracer = () => trace.getTracer("lk-business");

/**
 * Runs `fn` inside a new span that is current for everything `fn` awaits. The span ends when `fn`
 * settles, marked as an error if it throws. Without tracing, just `fn()`.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!state.on) return fn(undefined);
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}

/** A span started in `parent` (an incoming request's remote context) and made current for `fn`. */
export function inRootSpan<T>(
  name: string,
  parent: Context,
  attributes: Attributes,
  kind: SpanKind,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, parent, fn);
}

export function failed(span: Span, e: unknown): void {
  span.recordException(e instanceof Error ? e : String(e));
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : "error" });
}

/** The trace id of the current span, or undefined (tracing off, or no span here). */
export function currentTraceId(): string | undefined {
  if (!state.on) return undefined;
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? sc.traceId : undefined;
}

/** Adds `traceparent` (and `tracestate`) of the current span to outgoing headers (W3C Trace Context). */
export function injectTraceContext(headers: Record<string, string>): void {
  if (state.on) propagation.inject(context.active(), headers);
}

const headerGetter: TextMapGetter<(name: string) => string | undefined> = {
  keys: () => ["traceparent", "tracestate"],
  get: (read, key) => read(key),
};

/** The caller's trace context from an incoming request's `traceparent`, so its trace continues. */
export function extractTraceContext(header: (name: string) => string | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, header, headerGetter);
}
