import { visibleAccountsCondition } from "../accounts/visibility";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField } from "../errors/index";
import { insertPayment, type PaymentDraft, startAtAcquirer } from "./create-record";
import { checkReturnUrl } from "./errors";
import { type ItemInput, resolveItems } from "./items";
import { commissionFor, methodCommission } from "./pricing";
import type { AcquirerProvider } from "./provider";
import { type PaymentJson, paymentJson } from "./serialize";

export interface CreatePaymentInput {
  items: ItemInput[];
  /** "card": the acquirer's card page; "sbp": a QR code confirmed in the payer's bank app. */
  method: "card" | "sbp";
  receipt_email?: string | undefined;
  receipt_phone?: string | undefined;
  return_url?: string | undefined;
  /** Kopecks of the company's bonus balance to spend toward this payment. */
  use_bonus?: number | undefined;
  save_card?: boolean | undefined;
  /** The client's Idempotency-Key (required: money moves). */
  idempotency_key: string;
}

/**
 * Pays several accounts and/or invoices at once. The server prices it (amounts, commission by
 * method, bonuses); the payer confirms on the acquirer's page (`confirmation_url`). A repeated
 * idempotency key returns the same payment.
 */
export async function createPayment({
  ctx,
  input,
  acquirer,
}: {
  ctx: Ctx;
  input: CreatePaymentInput;
  acquirer: AcquirerProvider | undefined;
}): Promise<{ payment: PaymentJson; created: boolean }> {
  requirePermission(ctx, "payments:write");
  if (input.method === "sbp" && input.save_card)
    throw invalidField("save_card", "save_card_not_for_sbp", {
      ru: "Карту можно сохранить только при оплате картой",
      en: "A card can be saved only when paying by card",
    });
  checkReturnUrl(input.return_url);
  const scope = companyScope(ctx);
  const items = await resolveItems(ctx.db, input.items, visibleAccountsCondition(scope));
  const amount = items.reduce((s, i) => s + i.amount, 0);
  const bonus = Math.min(input.use_bonus ?? 0, amount);
  const p = ctx.principal;
  const draft: PaymentDraft = {
    companyId: scope.companyId,
    source: "cabinet",
    method: input.method,
    idempotencyKey: input.idempotency_key,
    description:
      items.length === 1 ? "Оплата услуг связи" : `Оплата услуг связи по ${items.length} лицевым счетам`,
    items,
    commission: commissionFor(amount - bonus, methodCommission[input.method]),
    bonus,
    receiptEmail: input.receipt_email,
    receiptPhone: input.receipt_phone,
    returnUrl: input.return_url,
    saveCard: input.save_card,
    createdByUserId: p.type === "user" ? p.userId : null,
  };
  const { id, created, at } = await insertPayment(ctx, draft);
  // A payment this request created is not read back: its draft is what was written.
  const view = await startAtAcquirer(ctx, acquirer, id, created ? { draft, at } : undefined);
  return { payment: paymentJson(view), created };
}
