/** One field-level problem, as the API lists them in `errors[]`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as the LK API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  /** The OpenTelemetry trace id, when the server traces (docs/operations.md). */
  traceId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface LkErrorInit {
  status?: number;
  problem?: Problem;
  requestId?: string;
  cause?: unknown;
}

/** Base of every error the SDK throws, so callers can `catch (e) { if (e instanceof LkError) … }`. */
export class LkError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** The trace of the failed request, when the server traces: what operations search by. */
  readonly traceId: string | undefined;
  readonly detail: string | undefined;
  readonly problem: Problem | undefined;

  constructor(message: string, init: LkErrorInit = {}) {
    super(message, { cause: init.cause });
    // `new.target.name` would be mangled by minifiers; subclasses set a stable name instead.
    this.name = "LkError";
    const p = init.problem;
    this.status = init.status ?? p?.status;
    this.code = p?.code;
    this.requestId = p?.requestId ?? init.requestId;
    this.traceId = p?.traceId;
    this.detail = p?.detail;
    this.problem = p;
  }
}

export class AuthenticationError extends LkError {
  override name = "AuthenticationError";
}
export class PermissionError extends LkError {
  override name = "PermissionError";
}
export class NotFoundError extends LkError {
  override name = "NotFoundError";
}
export class ConflictError extends LkError {
  override name = "ConflictError";
}
export class ServerError extends LkError {
  override name = "ServerError";
}
/** The request never got an HTTP answer (DNS, refused, reset). */
export class ConnectionError extends LkError {
  override name = "ConnectionError";
}
/** A per-request timeout or the overall deadline ran out. */
export class TimeoutError extends LkError {
  override name = "TimeoutError";
}

export class ValidationError extends LkError {
  override name = "ValidationError";
  /** Each invalid input field; empty when the server named none. */
  readonly fields: FieldError[] = this.problem?.errors ?? [];
}

export class RateLimitError extends LkError {
  override name = "RateLimitError";
  /** Seconds the server asked us to wait, when it said. */
  retryAfter: number | undefined;
}

const byStatus: Record<number, typeof LkError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};

/** Parses `Retry-After` (delta seconds or an HTTP date) into seconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/** Builds the typed error for a non-2xx response; reads the body, so call it once per response. */
export async function fromResponse(res: Response): Promise<LkError> {
  let problem: Problem | undefined;
  const text = await res.text().catch(() => "");
  if (/json/.test(res.headers.get("content-type") ?? "")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") problem = parsed as Problem;
    } catch {
      // A broken body still deserves a typed error; keep the status.
    }
  }
  const Ctor = byStatus[res.status] ?? (res.status >= 500 ? ServerError : LkError);
  // The first invalid field and its problem is the useful part of a 400: say it in the message.
  const first = problem?.errors?.[0];
  const more = (problem?.errors?.length ?? 0) - 1;
  const message = first
    ? `${first.field}: ${first.message}${more > 0 ? ` (+${more} more in .fields)` : ""}`
    : (problem?.detail ?? problem?.title ?? (text.slice(0, 200) || `HTTP ${res.status}`));
  const err = new Ctor(message, {
    status: res.status,
    problem,
    requestId: res.headers.get("x-request-id") ?? undefined,
  });
  if (err instanceof RateLimitError) err.retryAfter = parseRetryAfter(res.headers.get("retry-after"));
  return err;
}
