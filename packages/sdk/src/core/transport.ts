import { ConnectionError, fromResponse, LkError, parseRetryAfter, TimeoutError } from "../errors";
import { type Auth, TokenStore, type Tokens } from "./auth";
import { defaultRetryPolicy, isRetryable, type RetryPolicy, retryDelay } from "./retry";
import { linkedController, sleep } from "./signal";
import { buildUrl } from "./url";

export interface TransportOptions {
  /** Origin of the API, e.g. `https://api.example.ru`; empty means same-origin (the portal). */
  baseUrl?: string;
  auth?: Auth;
  /** `"include"` for browser cookie sessions (the refresh token lives in an httpOnly cookie). */
  credentials?: RequestCredentials;
  fetch?: typeof fetch;
  /** Per attempt, until the response body is read (or the headers, for downloads). Default 30 s. */
  timeoutMs?: number;
  /** Across all attempts and backoff sleeps of one call. Default 120 s. */
  deadlineMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  retry?: Partial<Omit<RetryPolicy, "maxRetries">>;
  /** Node only (browsers forbid it): default `lk-sdk/<version> node/<version>`. */
  userAgent?: string;
  /**
   * `Accept-Language` of every call: `"ru"` for Russian messages. Default: `"en"` on servers; in a
   * browser the browser's own language (nothing is set).
   */
  language?: string;
  headers?: Record<string, string>;
}

/** Status, headers and request id of the response a call ended with. */
export interface ResponseMeta {
  status: number;
  headers: Headers;
  requestId: string | undefined;
}

export interface WithResponse<T> {
  data: T;
  response: ResponseMeta;
}

/**
 * What every call returns: a Promise of the data, plus `withResponse()` for the status, headers and
 * request id beside it (`const { data, response } = await lk.payments.get(id).withResponse()`).
 */
export interface ApiPromise<T> extends Promise<T> {
  withResponse(): Promise<WithResponse<T>>;
}

/**
 * The `X-Request-Id` of the response an object came in (kept on it as the non-enumerable
 * `_requestId`, so it stays out of JSON and equality checks); undefined for anything else.
 */
export const requestIdOf = (result: unknown): string | undefined =>
  (result as { _requestId?: string } | null)?._requestId;

/** Options any resource method accepts as its last argument. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the key generated for POSTs; pass your own to make a retry of *your* operation safe. */
  idempotencyKey?: string;
  timeoutMs?: number;
  deadlineMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface RequestOptions extends CallOptions {
  query?: object;
  body?: unknown;
  /** Resolve with the Response once headers arrive (downloads); the body is left unread. */
  raw?: boolean;
  /** `false` sends no Authorization and never refreshes (sign-in, refresh, password reset). */
  auth?: boolean;
}

export interface Transport {
  request<T>(method: string, path: string, options?: RequestOptions & { raw?: false }): ApiPromise<T>;
  request(method: string, path: string, options: RequestOptions & { raw: true }): ApiPromise<Response>;
  /** Replaces the user tokens (sign-in stores them here; `null` signs the client out). */
  setTokens(tokens: Tokens | null): void;
}

/** Kept equal to package.json's version by packages/sdk/test/transport.test.ts. */
export const SDK_VERSION = "0.1.0";
const nodeVersion = (): string | undefined =>
  typeof document === "undefined"
    ? (globalThis as { process?: { version?: string } }).process?.version
    : undefined;

export function createTransport(options: TransportOptions = {}): Transport {
  const baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
  const tokens = new TokenStore(options.auth);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const cookieSession = options.credentials === "include";
  let refreshing: Promise<void> | undefined;
  // Built once: a call only copies them.
  const node = nodeVersion();
  const baseHeaders: Record<string, string> = { accept: "application/json" };
  const language = options.language ?? (node ? "en" : undefined);
  if (language) baseHeaders["accept-language"] = language;
  const userAgent = options.userAgent ?? (node ? `lk-sdk/${SDK_VERSION} node/${node}` : undefined);
  if (userAgent) baseHeaders["user-agent"] = userAgent;
  Object.assign(baseHeaders, options.headers);

  const refresh = (): Promise<void> =>
    (refreshing ??= transport
      .request<Tokens>("POST", "/v1/auth/refresh", {
        auth: false,
        body: tokens.refresh ? { refresh_token: tokens.refresh } : {},
      })
      .then((t) => tokens.set(t))
      .finally(() => {
        refreshing = undefined;
      }));

  function request(method: string, path: string, o: RequestOptions = {}): ApiPromise<unknown> {
    let meta: ResponseMeta | undefined;
    const p = send(method, path, o, (m) => {
      meta = m;
    }) as ApiPromise<unknown>;
    p.withResponse = () => p.then((data) => ({ data, response: meta as ResponseMeta }));
    return p;
  }

  async function send(
    method: string,
    path: string,
    o: RequestOptions,
    answered: (meta: ResponseMeta) => void,
  ): Promise<unknown> {
    const timeoutMs = o.timeoutMs ?? options.timeoutMs ?? 30_000;
    const deadlineMs = o.deadlineMs ?? options.deadlineMs ?? 120_000;
    const maxRetries = o.maxRetries ?? options.maxRetries ?? policy.maxRetries;
    const deadlineAt = Date.now() + deadlineMs;
    const url = baseUrl + buildUrl(path, o.query);
    const headers: Record<string, string> = { ...baseHeaders, ...o.headers };
    let body: string | FormData | undefined;
    // FormData (file uploads) goes as is: fetch writes the multipart boundary into Content-Type.
    if (typeof FormData !== "undefined" && o.body instanceof FormData) body = o.body;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] = "application/json";
    }
    // One key per logical call, reused by every retry, so the server can replay instead of repeat.
    const key = o.idempotencyKey ?? (method === "POST" ? crypto.randomUUID() : undefined);
    if (key) headers["idempotency-key"] = key;
    const retrySafe = !!key || (method !== "POST" && method !== "PATCH");
    let refreshed = o.auth === false;

    for (let attempt = 0; ; attempt++) {
      // Awaited only for a getAccessToken callback: the common path stays free of extra ticks.
      let bearer = o.auth === false ? undefined : tokens.bearer();
      if (typeof bearer === "object") bearer = await bearer;
      const remaining = deadlineAt - Date.now();
      const byDeadline = remaining <= timeoutMs;
      const { controller, dispose } = linkedController(o.signal);
      const timer = setTimeout(
        () =>
          controller.abort(
            new TimeoutError(
              byDeadline ? `deadline of ${deadlineMs} ms exceeded` : `timed out after ${timeoutMs} ms`,
            ),
          ),
        Math.max(0, Math.min(remaining, timeoutMs)),
      );
      let err: LkError;
      let retryAfter: number | undefined;
      let keepLink = false;
      try {
        const res = await (options.fetch ?? fetch)(url, {
          method,
          headers: bearer ? { ...headers, authorization: `Bearer ${bearer}` } : headers,
          body,
          signal: controller.signal,
          credentials: options.credentials,
        });
        if (res.ok) {
          const requestId = res.headers.get("x-request-id") ?? undefined;
          answered({ status: res.status, headers: res.headers, requestId });
          if (o.raw) {
            // The stream may outlive the per-attempt timer; the caller's signal still cancels it.
            keepLink = true;
            return res;
          }
          const text = await res.text();
          let data: unknown;
          try {
            data = text ? JSON.parse(text) : undefined;
          } catch (e) {
            throw new LkError(`invalid JSON from ${method} ${path}`, {
              status: res.status,
              requestId,
              cause: e,
            });
          }
          // Non-enumerable: out of JSON.stringify, spreads and deep equality, like openai-node's `_request_id`.
          if (data && typeof data === "object")
            Object.defineProperty(data, "_requestId", { value: requestId });
          return data;
        }
        if (res.status === 401 && !refreshed && tokens.canRefresh(cookieSession)) {
          refreshed = true;
          await res.body?.cancel();
          // Another call may have refreshed while this one was in flight: then just use the new token.
          if (tokens.access === bearer || !bearer) await refresh();
          attempt--; // a refreshed token is a fresh start, not a retry
          continue;
        }
        retryAfter = parseRetryAfter(res.headers.get("retry-after"));
        err = await fromResponse(res);
      } catch (e) {
        if (o.signal?.aborted) throw o.signal.reason;
        const reason: unknown = controller.signal.reason;
        if (reason instanceof TimeoutError) err = reason;
        else if (e instanceof LkError)
          throw e; // a refresh that failed, or a body that is not JSON
        else err = new ConnectionError(`request to ${method} ${path} failed`, { cause: e });
      } finally {
        clearTimeout(timer);
        if (!keepLink) dispose();
      }
      if (!retrySafe || attempt >= maxRetries || !isRetryable(err)) throw err;
      const delay = retryDelay(attempt, policy, retryAfter);
      // Sleeping past the deadline would only end in a timeout: fail now with the real cause.
      if (Date.now() + delay >= deadlineAt) throw err;
      await sleep(delay, o.signal);
    }
  }

  const transport: Transport = {
    request: request as Transport["request"],
    setTokens: (t) => tokens.set(t),
  };
  return transport;
}
