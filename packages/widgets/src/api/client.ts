import type {
  AccountLookup,
  CreatePayment,
  FieldError,
  Invoice,
  Payment,
  PaymentMethod,
  Quote,
} from "./types";

/**
 * A failed call: a problem+json answer, or `code: "network"` when no answer came at all.
 * `detail` is already localized by the server (Accept-Language).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: FieldError[] = [],
    readonly retryAfter = 0,
  ) {
    super(detail || code);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  apiBase: string;
  publishableKey: string;
  lang: string;
}

/** A tiny fetch client for the public endpoints (not @lk/sdk: the widget bundle must stay small). */
export class PublicApi {
  constructor(private readonly opts: ClientOptions) {}

  lookupAccount(query: string, region?: string): Promise<AccountLookup> {
    const q = new URLSearchParams({ query });
    if (region) q.set("region", region);
    return this.call("GET", `/v1/public/accounts/lookup?${q}`);
  }

  getInvoice(number: string): Promise<Invoice> {
    return this.call("GET", `/v1/public/invoices/${encodeURIComponent(number)}`);
  }

  quote(amount: number, method: PaymentMethod): Promise<Quote> {
    return this.call("POST", "/v1/public/payments/quote", { amount, method });
  }

  /** The same idempotency key on a retry makes a replay return the first payment instead of a second one. */
  createPayment(body: CreatePayment, idempotencyKey: string): Promise<Payment> {
    return this.call("POST", "/v1/public/payments", body, { "Idempotency-Key": idempotencyKey });
  }

  getPayment(id: string): Promise<Payment> {
    return this.call("GET", `/v1/public/payments/${encodeURIComponent(id)}`);
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<T> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Accept-Language": this.opts.lang,
      "X-LK-Key": this.opts.publishableKey,
      ...extra,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(this.opts.apiBase.replace(/\/+$/, "") + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials: "omit",
      });
    } catch {
      throw new ApiError(0, "network", "");
    }
    const data = await res.json().catch(() => null);
    if (res.ok && data) return data as T;
    const p = (data ?? {}) as { code?: string; detail?: string; errors?: FieldError[] };
    const retryAfter = Number(res.headers.get("Retry-After")) || 0;
    throw new ApiError(
      res.status,
      p.code ?? `http_${res.status}`,
      p.detail ?? "",
      p.errors ?? [],
      retryAfter,
    );
  }
}
