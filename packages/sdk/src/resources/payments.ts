import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Payment, QueryOf } from "../types";

const base = "/v1/payments";

/** Payments; the server prices them, the client only says what to pay for. */
export function payments(t: Transport) {
  return {
    /**
     * Always carries an Idempotency-Key (generated, or yours via `options.idempotencyKey` — pass your
     * own to make retrying *your* operation, e.g. after a crash, safe too).
     */
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Payment>("POST", base, { ...options, body }),
    get: (id: string, options?: CallOptions) =>
      t.request<Payment>("GET", `${base}/${encodeURIComponent(id)}`, options),
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Payment>(t, base, filter, options),
  };
}

export type PaymentsResource = ReturnType<typeof payments>;
