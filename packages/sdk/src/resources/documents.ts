import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import { download } from "../download";
import type { BodyOf, Document, QueryOf, Schema } from "../types";

const base = "/v1/documents";
type Recipients = Schema<"DocumentRecipients", Record<string, unknown>>;

/** Closing documents (acts, invoice-facturas), reconciliation reports, payment invoices. */
export function documents(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Document>(t, base, filter, options),
    pdf: (id: string, options?: CallOptions) => download(t, `${base}/${encodeURIComponent(id)}/pdf`, options),
    /** A payment invoice's ГОСТ Р 56042 payment QR code as SVG. */
    qrSvg: (id: string, options?: CallOptions) =>
      download(t, `${base}/${encodeURIComponent(id)}/qr.svg`, options),
    /** Every document of a period as one ZIP, streamed. */
    archive: (filter?: QueryOf<"/v1/documents/archive">, options?: CallOptions) =>
      download(t, `${base}/archive`, { ...options, query: filter }),
    /** An invoice to pay by bank transfer for the given amounts. */
    paymentInvoice: (body: BodyOf<"/v1/documents/payment-invoice", "post">, options?: CallOptions) =>
      t.request<Schema<"PaymentInvoice">>("POST", `${base}/payment-invoice`, { ...options, body }),
    reconciliation: (filter: QueryOf<"/v1/documents/reconciliation">, options?: CallOptions) =>
      t.request<Schema<"Reconciliation">>("GET", `${base}/reconciliation`, { ...options, query: filter }),
    reconciliationPdf: (filter: QueryOf<"/v1/documents/reconciliation.pdf">, options?: CallOptions) =>
      download(t, `${base}/reconciliation.pdf`, { ...options, query: filter }),
    /** Who receives documents by e-mail. */
    recipients: (options?: CallOptions) => t.request<Recipients>("GET", `${base}/recipients`, options),
    setRecipients: (body: BodyOf<"/v1/documents/recipients", "put">, options?: CallOptions) =>
      t.request<Recipients>("PUT", `${base}/recipients`, { ...options, body }),
  };
}

export type DocumentsResource = ReturnType<typeof documents>;
