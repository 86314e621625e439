import type { invoiceLines, invoices } from "@lk/db";

type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

/**
 * What is still due on an invoice: nothing once it is `paid` (by payments toward it or because its
 * account's balance settled it), else its total minus what covers it — payments toward it after
 * refunds plus what credits to its account settled of it (`paid`, as `invoiceCovered` in
 * payments/items.ts computes it), never below 0. A refund that leaves
 * an invoice paid by payments short makes it unpaid again (payments/apply.ts, reopenInvoices).
 */
export const amountDue = (r: Pick<InvoiceRow, "status" | "totalAmount">, paid: number) =>
  r.status === "paid" ? 0 : Math.max(0, r.totalAmount - paid);

/**
 * The API shape of an invoice (snake_case, kopecks with currency). `paidAmount`: kopecks covering
 * it (`invoiceCovered`; 0 for a new invoice).
 */
export function invoiceView(
  r: InvoiceRow & { accountNumber: string; groupId: string | null; paidAmount?: number },
  baseUrl: string,
) {
  return {
    id: r.id,
    number: r.number,
    period: r.period,
    kind: r.kind,
    status: r.status,
    account_id: r.accountId,
    account_number: r.accountNumber,
    group_id: r.groupId,
    issued_on: r.issuedOn,
    due_on: r.dueOn,
    net_amount: r.netAmount,
    vat_amount: r.vatAmount,
    total_amount: r.totalAmount,
    amount_due: amountDue(r, r.paidAmount ?? 0),
    currency: "RUB" as const,
    paid_at: r.paidAt?.toISOString() ?? null,
    pdf_url: `${baseUrl}/v1/invoices/${r.id}/pdf`,
    documents: [
      { id: `act.${r.id}`, kind: "act" as const, pdf_url: `${baseUrl}/v1/documents/act.${r.id}/pdf` },
      {
        id: `vat_invoice.${r.id}`,
        kind: "vat_invoice" as const,
        pdf_url: `${baseUrl}/v1/documents/vat_invoice.${r.id}/pdf`,
      },
    ],
  };
}

export function lineView(l: LineRow) {
  return {
    line_no: l.lineNo,
    kind: l.kind,
    description: l.description,
    service_id: l.serviceId,
    destination_type: l.destinationType,
    quantity: Number(l.quantity),
    unit: l.unit,
    period_from: l.periodFrom,
    period_to: l.periodTo,
    net_amount: l.netAmount,
    vat_rate: l.vatRateBp / 100,
    vat_amount: l.vatAmount,
    total_amount: l.totalAmount,
  };
}

export type InvoiceView = ReturnType<typeof invoiceView>;
export type InvoiceLineView = ReturnType<typeof lineView>;
