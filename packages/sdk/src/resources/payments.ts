import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { BodyOf, Payment, QueryOf, Schema } from "../types";

const base = "/v1/payments";
const at = (id: string, action = "") => `${base}/${encodeURIComponent(id)}${action}`;

/** Payments; the server prices them, the client only says what to pay for. */
export function payments(t: Transport) {
  return {
    /**
     * Always carries an Idempotency-Key (generated, or yours via `options.idempotencyKey` — pass your
     * own to make retrying *your* operation, e.g. after a crash, safe too).
     */
    create: (body: BodyOf<typeof base, "post">, options?: CallOptions) =>
      t.request<Payment>("POST", base, { ...options, body }),
    get: (id: string, options?: CallOptions) => t.request<Payment>("GET", at(id), options),
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) => listOf<Payment>(t, base, filter, options),
    /** Cancels a payment that has not been paid yet. */
    cancel: (id: string, options?: CallOptions) => t.request<Payment>("POST", at(id, "/cancel"), options),
    refund: (id: string, body: BodyOf<"/v1/payments/{id}/refunds", "post">, options?: CallOptions) =>
      t.request<Payment>("POST", at(id, "/refunds"), { ...options, body }),
    /** Sends a copy of a paid payment's receipt to an e-mail and/or a phone (SMS). */
    sendReceipt: (
      id: string,
      body: BodyOf<"/v1/payments/{id}/receipt/send", "post">,
      options?: CallOptions,
    ) =>
      t.request<Schema<"SentReceipt", { email: string | null; phone: string | null }>>(
        "POST",
        at(id, "/receipt/send"),
        { ...options, body },
      ),
    /** The receipt as a stream (plain text). */
    receipt: (id: string, options?: CallOptions) => download(t, at(id, "/receipt"), options),
    /** The receipt as a PDF, with the ФНС check QR of each registered fiscal receipt. */
    receiptPdf: (id: string, options?: CallOptions) => download(t, at(id, "/receipt.pdf"), options),
  };
}

export type PaymentsResource = ReturnType<typeof payments>;
