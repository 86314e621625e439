/** What a `log` hook gets for each HTTP attempt (a retried call logs each try). */
export interface LogEntry {
  method: string;
  /** The path without origin or query string (a query may carry personal data). */
  path: string;
  /** HTTP status; absent when no response came (connection failure, timeout, abort). */
  status?: number;
  /** From sending the request until the response headers arrived (or the attempt failed). */
  durationMs: number;
  /** The server's `X-Request-Id`: quote it to support. */
  requestId?: string;
  /** Why the attempt got no response. */
  error?: string;
}

/**
 * Wraps `fetch` so every attempt is reported to `log`: method, path, status, duration, request id —
 * never headers or bodies, so never the API key or a token. `createClient({ log })` uses it; with
 * the per-resource entry points pass `createTransport({ fetch: loggingFetch(log) })`. A wrapper, not
 * transport code: a bundle that logs nothing pays nothing for it.
 */
export function loggingFetch(log: (entry: LogEntry) => void, inner?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), "http://localhost");
    const base = { method: init?.method ?? "GET", path: url.pathname };
    const started = performance.now();
    try {
      const res = await (inner ?? fetch)(input, init);
      const requestId = res.headers.get("x-request-id") ?? undefined;
      log({ ...base, status: res.status, durationMs: performance.now() - started, requestId });
      return res;
    } catch (e) {
      log({ ...base, durationMs: performance.now() - started, error: (e as Error)?.message ?? String(e) });
      throw e;
    }
  };
}
