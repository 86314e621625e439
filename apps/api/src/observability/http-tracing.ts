import { extractTraceContext, failed, inRootSpan, SpanKind, SpanStatusCode } from "@lk/tracing";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/env";
import { routeTemplate } from "./http-metrics";

/**
 * A server span per request (installed only while tracing is on): named by the route template
 * (`POST /v1/payments`, never the path), with the method, status and our request id; a caller's
 * `traceparent` makes it a child of the caller's span. Everything the request does (database
 * statements, the acquirer, log lines) happens inside it. Its trace id goes into problem+json.
 */
export function httpTracing(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const parent = extractTraceContext((name) => c.req.header(name));
    const method = c.req.method;
    return inRootSpan(
      method,
      parent,
      { "http.request.method": method, "url.path": c.req.path },
      SpanKind.SERVER,
      async (span) => {
        c.set("traceId", span.spanContext().traceId);
        try {
          await next();
        } catch (e) {
          failed(span, e);
          throw e;
        } finally {
          const route = routeTemplate(c);
          const status = c.res.status;
          span.updateName(route === "unmatched" ? method : `${method} ${route}`);
          span.setAttributes({
            "http.route": route,
            "http.response.status_code": status,
            "lk.request_id": c.get("requestId") ?? "",
          });
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
      },
    );
  };
}
