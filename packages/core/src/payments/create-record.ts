import { type PaymentMethod, type PaymentSource, paymentItems, payments } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "../audit/audit";
import { postBonus } from "../bonuses/journal";
import type { Ctx } from "../context/index";
import { applyReport } from "./apply";
import { acquirerNotConfigured } from "./errors";
import type { ResolvedItem } from "./items";
import { loadPayment, type PaymentView } from "./load";
import { allocate } from "./pricing";
import type { AcquirerProvider } from "./provider";

export interface PaymentDraft {
  companyId: string;
  source: PaymentSource;
  method: PaymentMethod;
  /** Already scoped by the caller (principal + client key): unique per company. */
  idempotencyKey: string;
  description: string;
  items: ResolvedItem[];
  commission: number;
  bonus: number;
  receiptEmail?: string | undefined;
  receiptPhone?: string | undefined;
  returnUrl?: string | undefined;
  saveCard?: boolean | undefined;
  createdByUserId?: string | null;
  partnerId?: string | null;
  autopayRuleId?: string | null;
  autopayRunKey?: string | null;
}

/**
 * Writes the payment and its items (and reserves bonuses) in one transaction, before any network
 * call. The (company_id, idempotency_key) unique constraint makes a replay return the first row:
 * `created: false`. A payment fully covered by bonuses succeeds right here.
 */
export async function insertPayment(ctx: Ctx, d: PaymentDraft): Promise<{ id: string; created: boolean }> {
  const now = ctx.now();
  const amount = d.items.reduce((s, i) => s + i.amount, 0);
  const bonus = Math.min(d.bonus, amount);
  const charged = amount - bonus + (amount - bonus > 0 ? d.commission : 0);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(payments)
      .values({
        companyId: d.companyId,
        source: d.source,
        method: charged === 0 ? "bonus" : d.method,
        amount,
        commission: charged === 0 ? 0 : d.commission,
        bonusAmount: bonus,
        chargedAmount: charged,
        description: d.description,
        idempotencyKey: d.idempotencyKey,
        returnUrl: d.returnUrl ?? null,
        saveCard: d.saveCard ?? false,
        receiptEmail: d.receiptEmail ?? null,
        receiptPhone: d.receiptPhone ?? null,
        createdByUserId: d.createdByUserId ?? null,
        partnerId: d.partnerId ?? null,
        autopayRuleId: d.autopayRuleId ?? null,
        autopayRunKey: d.autopayRunKey ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: payments.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.companyId, d.companyId), eq(payments.idempotencyKey, d.idempotencyKey)));
      if (!existing) throw new Error("payments: conflict without a row (autopay run key taken)");
      return { id: existing.id, created: false };
    }
    const parts = allocate(
      d.items.map((i) => i.amount),
      bonus,
    );
    await tx.insert(paymentItems).values(
      d.items.map((i, n) => ({
        paymentId: row.id,
        position: n,
        companyId: i.companyId,
        accountId: i.accountId,
        invoiceId: i.invoiceId,
        amount: i.amount,
        bonusAmount: parts[n] ?? 0,
      })),
    );
    if (bonus > 0)
      await postBonus(tx, {
        companyId: d.companyId,
        kind: "spend",
        amount: -bonus,
        paymentId: row.id,
        description: "Оплата бонусами",
        now,
      });
    await audit(tx, ctx, {
      action: "payment.created",
      companyId: d.companyId,
      entityType: "payment",
      entityId: row.id,
      data: { amount, bonus, charged, items: d.items.length, source: d.source },
    });
    if (charged === 0) await applyReport(tx, ctx, row.id, { status: "succeeded", occurredAt: now });
    return { id: row.id, created: true };
  });
}

export const notificationUrl = (ctx: Ctx) =>
  `${ctx.config.publicUrl.replace(/\/$/, "")}/v1/acquirer/notifications`;

/**
 * Asks the acquirer for a confirmation page, outside any transaction (no locks are held across
 * the network). Safe to repeat: the acquirer's idempotency key is derived from our payment id, so a
 * retried request (after a timeout, or a client replay) gets the same acquirer payment.
 */
export async function startAtAcquirer(
  ctx: Ctx,
  acquirer: AcquirerProvider | undefined,
  id: string,
): Promise<PaymentView> {
  const p = await loadPayment(ctx.db, id);
  if (!p) throw new Error("payments: vanished");
  if (p.status !== "pending" || p.acquirerPaymentId || p.chargedAmount === 0 || p.method === "saved_card")
    return p;
  if (!acquirer) throw acquirerNotConfigured();
  const ap = await acquirer.createPayment({
    idempotencyKey: `lk-pay-${p.id}`,
    orderId: p.id,
    amount: p.chargedAmount,
    currency: "RUB",
    description: p.description,
    notificationUrl: notificationUrl(ctx),
    returnUrl: p.returnUrl ?? undefined,
    saveCard: p.saveCard,
  });
  const now = ctx.now();
  const [updated] = await ctx.db
    .update(payments)
    .set({
      acquirer: acquirer.name,
      acquirerPaymentId: ap.id,
      confirmationUrl: ap.confirmationUrl ?? null,
      updatedAt: now,
    })
    .where(and(eq(payments.id, p.id), isNull(payments.acquirerPaymentId)))
    .returning();
  // The items do not change after creation; only a lost race (another request stored the
  // acquirer's answer first) needs a fresh read.
  if (updated) return { ...updated, items: p.items };
  return (await loadPayment(ctx.db, id))!;
}
