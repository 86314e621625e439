import { injectTraceContext, inSpan, SpanKind, SpanStatusCode, tracingOn } from "@lk/tracing";

/**
 * `fetchImpl` with a client span per call (`POST`, with the peer's address and the answer's
 * status) and the W3C `traceparent` of that span on the request, so the acquirer, the cash
 * register or a partner's endpoint can continue the trace (docs/operations.md, "Traces"). The URL
 * is recorded without its query string. With tracing off, `fetchImpl` itself is called.
 */
export function traced(fetchImpl: typeof fetch): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) => {
    if (!tracingOn()) return fetchImpl(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const attributes = {
      "http.request.method": method,
      "server.address": url.hostname,
      "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80),
      "url.full": `${url.origin}${url.pathname}`,
    };
    return inSpan(
      method,
      attributes,
      async (span) => {
        const headers = headerRecord(init.headers);
        injectTraceContext(headers);
        const res = await fetchImpl(input, { ...init, headers });
        span?.setAttribute("http.response.status_code", res.status);
        if (res.status >= 400) span?.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.status}` });
        return res;
      },
      SpanKind.CLIENT,
    );
  }) as typeof fetch;
}

function headerRecord(h: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers || Array.isArray(h)) for (const [k, v] of h) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** The global fetch, traced (webhook deliveries: redirects and timeouts as fetch does them). */
export const tracedFetch: typeof fetch = traced((input, init) => fetch(input, init));
