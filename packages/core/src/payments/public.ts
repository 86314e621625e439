import { accounts, invoices, payments, receipts } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { unauthorized } from "../errors/index";
import { receiptNo } from "../receipts/number";
import { insertPayment, startAtAcquirer } from "./create-record";
import { accountNotFound, checkReturnUrl, invoiceNotFound, paymentNotFound } from "./errors";
import { resolveItems } from "./items";
import { type CommissionTerms, commissionFor } from "./pricing";
import type { AcquirerProvider } from "./provider";
import { confirmationOf } from "./serialize";

export interface PublicPaymentInput {
  account_number?: string | undefined;
  invoice_number?: string | undefined;
  /** Kopecks credited; optional for an invoice (its amount due). */
  amount?: number | undefined;
  method: "card" | "sbp";
  receipt_email?: string | undefined;
  receipt_phone?: string | undefined;
  return_url?: string | undefined;
  /** The partner's commission terms for this method, from the partner's settings. */
  commission: CommissionTerms;
  /** The widget's Idempotency-Key. */
  idempotency_key: string;
}

function partnerOf(ctx: Ctx) {
  const p = ctx.principal;
  if (p.type !== "partner") throw unauthorized();
  return p;
}

/**
 * A payment from a partner's widget: anyone who knows an account or invoice number may pay it
 * (they never see more than the public lookup shows). Priced here, commission on top.
 */
export async function createPublicPayment({
  ctx,
  input,
  acquirer,
}: {
  ctx: Ctx;
  input: PublicPaymentInput;
  acquirer: AcquirerProvider | undefined;
}) {
  const partner = partnerOf(ctx);
  checkReturnUrl(input.return_url);
  let item: { account_id?: string; invoice_id?: string; amount?: number | undefined };
  if (input.invoice_number) {
    const [inv] = await ctx.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.number, input.invoice_number))
      .limit(1);
    if (!inv) throw invoiceNotFound();
    item = { invoice_id: inv.id, amount: input.amount };
  } else {
    const [acc] = await ctx.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.number, input.account_number ?? ""));
    if (!acc) throw accountNotFound();
    item = { account_id: acc.id, amount: input.amount };
  }
  const items = await resolveItems(ctx.db, [item], undefined);
  const first = items[0]!;
  const { id } = await insertPayment(ctx, {
    companyId: first.companyId,
    source: "public",
    method: input.method,
    idempotencyKey: `partner:${partner.partnerId}:${input.idempotency_key}`,
    description: "Оплата услуг связи",
    items,
    commission: commissionFor(first.amount, input.commission),
    bonus: 0,
    receiptEmail: input.receipt_email,
    receiptPhone: input.receipt_phone,
    returnUrl: input.return_url,
    partnerId: partner.partnerId,
  });
  const p = await startAtAcquirer(ctx, acquirer, id);
  return publicView(p);
}

const publicView = (p: typeof payments.$inferSelect, receiptNumber: number | null = null) => ({
  id: p.id,
  status: p.status,
  amount: p.amount,
  commission: p.commission,
  charged_amount: p.chargedAmount,
  currency: "RUB" as const,
  ...confirmationOf(p),
  failure_reason: p.failureReason,
  created_at: p.createdAt.toISOString(),
  succeeded_at: p.succeededAt ? p.succeededAt.toISOString() : null,
  /** The fiscal receipt's human number, once the payment has one (docs/receipts.md). */
  receipt_number: receiptNumber === null ? null : receiptNo(receiptNumber),
});

/** Status of a payment this partner started (another partner's id is 404). */
export async function getPublicPaymentStatus({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const partner = partnerOf(ctx);
  const [row] = await ctx.db
    .select({ p: payments, receiptNumber: receipts.number })
    .from(payments)
    .leftJoin(receipts, and(eq(receipts.paymentId, payments.id), isNull(receipts.refundId)))
    .where(and(eq(payments.id, input.id), eq(payments.partnerId, partner.partnerId)));
  if (!row) throw paymentNotFound();
  return publicView(row.p, row.receiptNumber);
}
