/** A message in both languages the API speaks; the HTTP layer picks one by Accept-Language. */
export interface Msg {
  ru: string;
  en: string;
}

export interface FieldError {
  /** Dotted path of the field in the request, e.g. `contact.email` or `accounts.2.amount`. */
  field: string;
  code: string;
  message: Msg;
}

/**
 * An error a client can cause or must know about. `code` is stable and machine-readable;
 * the HTTP layer turns this into RFC 9457 problem details. Anything else thrown is a 500.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly msg: Msg;
  readonly fields: FieldError[];
  /** Extra response headers, e.g. Retry-After on 429. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    msg: Msg,
    opts: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(msg.en);
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.msg = msg;
    this.fields = opts.fields ?? [];
    this.headers = opts.headers ?? {};
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
