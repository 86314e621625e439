import {
  companyPaymentSettings,
  invoices,
  type PaymentStatus,
  paymentItems,
  payments,
  savedCards,
  type Tx,
} from "@lk/db";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { resumeSettledAccounts } from "../accounts/resume";
import { audit } from "../audit/audit";
import { onAutopayOutcome } from "../autopay/outcome";
import { accrueBonus, postBonus } from "../bonuses/journal";
import { bonusAccrualFor, bonusRules } from "../bonuses/rules";
import type { Ctx } from "../context/index";
import { type LedgerLine, postLedger } from "../ledger/post";
import { notify } from "../notifications/notify";
import { enqueueMessage } from "../outbox/outbox";
import { emitEvent, emitPartnerEvent, partnerPaymentJson } from "../webhooks/index";
import { type ItemView, itemsOf, type PaymentRow } from "./load";
import { receiptText } from "./receipt";
import { paymentJson } from "./serialize";
import { nextStatus } from "./status";

/** What the acquirer says about a payment (from a notification or a direct answer). */
export interface AcquirerReport {
  status: PaymentStatus;
  occurredAt: Date;
  acquirerPaymentId?: string | undefined;
  failureReason?: string | undefined;
  cardToken?: string | undefined;
  cardMask?: string | undefined;
}

export type ApplyOutcome = "applied" | "ignored_stale";

/**
 * Moves a payment to the reported status if that is a forward move, in the caller's transaction.
 * The payment row is locked first, so two reports of one payment are applied one after the other
 * and `succeeded` credits the accounts exactly once, in the same transaction as the status change.
 */
export async function applyReport(
  tx: Tx,
  ctx: Ctx,
  paymentId: string,
  report: AcquirerReport,
  /**
   * Runs once the outcome is known, before the rows that other payments also lock (the accounts'
   * balances, the company's bonus balance) are touched: the caller's own bookkeeping goes here so
   * that those locks are held for as little as possible before the commit.
   */
  beforeLocks?: (outcome: ApplyOutcome) => Promise<void>,
): Promise<ApplyOutcome> {
  const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!p) {
    await beforeLocks?.("ignored_stale");
    return "ignored_stale";
  }
  const next = nextStatus(p.status, report.status);
  if (!next) {
    await beforeLocks?.("ignored_stale");
    return "ignored_stale";
  }
  const now = ctx.now();
  const [updated] = await tx
    .update(payments)
    .set({
      status: next,
      statusChangedAt: report.occurredAt,
      updatedAt: now,
      ...(report.acquirerPaymentId && !p.acquirerPaymentId
        ? { acquirerPaymentId: report.acquirerPaymentId }
        : {}),
      ...(report.failureReason ? { failureReason: report.failureReason } : {}),
      ...(report.cardMask ? { cardMask: report.cardMask } : {}),
      ...(next === "succeeded" ? { succeededAt: now, failureReason: null } : {}),
    })
    .where(eq(payments.id, paymentId))
    .returning();
  const row = updated!;
  const items = (await itemsOf(tx, [paymentId])).get(paymentId) ?? [];
  await audit(tx, ctx, {
    action: `payment.${next}`,
    companyId: row.companyId,
    entityType: "payment",
    entityId: row.id,
    data: { from: p.status, to: next, occurred_at: report.occurredAt.toISOString() },
  });
  if (next === "succeeded") await onSucceeded(tx, ctx, row, items, report, beforeLocks);
  else {
    await beforeLocks?.("applied");
    if (next === "failed" || next === "canceled") await onNotPaid(tx, ctx, row, items);
  }
  return "applied";
}

async function onSucceeded(
  tx: Tx,
  ctx: Ctx,
  p: PaymentRow,
  items: ItemView[],
  report: AcquirerReport,
  beforeLocks: ((outcome: ApplyOutcome) => Promise<void>) | undefined,
) {
  const now = ctx.now();
  const lines: LedgerLine[] = [];
  for (const i of items) {
    const base = { accountId: i.accountId, refType: "payment", refId: p.id };
    const what = i.invoiceNumber ? ` по счёту ${i.invoiceNumber}` : "";
    if (i.bonusAmount > 0)
      lines.push({ ...base, kind: "bonus", amount: i.bonusAmount, description: `Оплата бонусами${what}` });
    if (i.amount > i.bonusAmount)
      lines.push({
        ...base,
        kind: "payment",
        amount: i.amount - i.bonusAmount,
        description: `Оплата${p.method === "saved_card" ? " (автоплатёж)" : " картой"}${what}`,
      });
  }

  if (p.saveCard && report.cardToken && p.acquirer) {
    await tx
      .insert(savedCards)
      .values({
        companyId: p.companyId,
        acquirer: p.acquirer,
        token: report.cardToken,
        mask: report.cardMask ?? null,
        createdAt: now,
      })
      .onConflictDoNothing();
  }
  const view = { ...p, items };
  const text = receiptText(view, ctx.config.operator);
  const receipts = [
    p.receiptEmail ? { channel: "email" as const, recipient: p.receiptEmail } : null,
    p.receiptPhone ? { channel: "sms" as const, recipient: p.receiptPhone } : null,
  ];
  for (const r of receipts) {
    if (!r) continue;
    await enqueueMessage(
      tx,
      {
        ...r,
        subject: "Квитанция об оплате / Payment receipt",
        body: r.channel === "sms" ? `Платёж ${p.amount / 100} ₽ зачислен. Квитанция № ${p.id}` : text,
        kind: "payment_receipt",
        companyId: p.companyId,
      },
      now,
    );
  }
  for (const i of items) {
    await notify(tx, {
      companyId: p.companyId,
      kind: "payment_received",
      accountId: i.accountId,
      title: { ru: "Платёж зачислен", en: "Payment received" },
      body: {
        ru: `На лицевой счёт ${i.accountNumber} зачислено ${i.amount / 100} ₽`,
        en: `${i.amount / 100} ₽ credited to account ${i.accountNumber}`,
      },
      data: { payment_id: p.id, account_id: i.accountId, amount: i.amount },
      dedupeKey: `payment_received:${p.id}:${i.accountId}`,
      now,
    });
  }
  await emitEvent(tx, { companyId: p.companyId, type: "payment.succeeded", data: paymentJson(view), now });
  if (p.partnerId)
    await emitPartnerEvent(tx, {
      partnerId: p.partnerId,
      type: "payment.succeeded",
      data: partnerPaymentJson(p),
      now,
    });
  if (p.autopayRuleId) await onAutopayOutcome(tx, ctx, p, "succeeded");
  // The accrual only appends a journal line: the company's bonus balance moves at commit
  // (migration 0009), so the company's payments do not queue on that row.
  const cardPart = p.amount - p.bonusAmount;
  if (bonusRules.sources.includes(p.source) && cardPart > 0) {
    const [settings] = await tx
      .select({ bp: companyPaymentSettings.bonusPercentBp })
      .from(companyPaymentSettings)
      .where(eq(companyPaymentSettings.companyId, p.companyId));
    const accrual = bonusAccrualFor(cardPart, settings?.bp ?? bonusRules.defaultPercentBp);
    if (accrual > 0)
      await accrueBonus(tx, {
        companyId: p.companyId,
        amount: accrual,
        paymentId: p.id,
        description: "Начисление бонусов за платёж",
        now,
      });
  }
  await beforeLocks?.("applied");
  // Last: each account's balance row is locked from here to the commit (shared with the account's
  // other payments and charges), so nothing else comes after it (docs/payments.md, Performance).
  await postLedger(tx, lines, { now, operationId: p.id });
  await markInvoicesPaid(tx, items, now);
  // A suspended account whose debt this settles works again (one indexed query when none is).
  await resumeSettledAccounts(
    tx,
    ctx,
    items.map((i) => i.accountId),
    { kind: "payment", id: p.id },
  );
}

async function onNotPaid(tx: Tx, ctx: Ctx, p: PaymentRow, items: ItemView[]) {
  const now = ctx.now();
  if (p.bonusAmount > 0)
    await postBonus(tx, {
      companyId: p.companyId,
      kind: "release",
      amount: p.bonusAmount,
      paymentId: p.id,
      description: "Возврат бонусов: платёж не прошёл",
      now,
    });
  if (p.status === "failed")
    await emitEvent(tx, {
      companyId: p.companyId,
      type: "payment.failed",
      data: paymentJson({ ...p, items }),
      now,
    });
  if (p.partnerId && p.status === "failed")
    await emitPartnerEvent(tx, {
      partnerId: p.partnerId,
      type: "payment.failed",
      data: partnerPaymentJson(p),
      now,
    });
  if (p.autopayRuleId && p.status === "failed") await onAutopayOutcome(tx, ctx, p, "failed");
}

/** An invoice is paid once the succeeded payments toward it cover its total (partial until then). */
async function markInvoicesPaid(tx: Tx, items: ItemView[], now: Date) {
  const ids = [...new Set(items.map((i) => i.invoiceId).filter((x): x is string => x !== null))];
  if (ids.length === 0) return;
  await tx
    .update(invoices)
    .set({ status: "paid", paidAt: now })
    .where(
      and(
        inArray(invoices.id, ids),
        ne(invoices.status, "paid"),
        sql`${invoices.totalAmount} <= (SELECT COALESCE(SUM(pi.amount), 0) FROM ${paymentItems} pi
          JOIN ${payments} p ON p.id = pi.payment_id
          WHERE pi.invoice_id = ${invoices.id} AND p.status = 'succeeded')`,
      ),
    );
}
