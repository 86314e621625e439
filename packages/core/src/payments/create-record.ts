import {
  auditLog,
  type PaymentMethod,
  type PaymentSource,
  paymentItems,
  payments,
  type Queryable,
  rows,
} from "@lk/db";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { auditValues } from "../audit/audit";
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
  /** The payment's id when the caller needs it before the write (an agent's claim row names it). */
  id?: string;
  /**
   * The payment's date when it is not the moment it is written: an agent's `txn_date`, when the
   * payer paid at the terminal (the history lists and filters payments by it). Default: now.
   */
  createdAt?: Date;
}

export interface InsertOptions {
  /**
   * A data-modifying statement that claims what the payment is for (an agent's (agent, txn_id)
   * row): it runs first, in the same statement, and the payment is written only when it returns a
   * row — which is returned as `claimed`. A claim that returns nothing writes nothing: `created:
   * false`, without the idempotency read-back (the claim's owner answers the repeat).
   */
  claim?: SQL;
}

/**
 * Writes the payment and its items (and reserves bonuses) atomically, before any network call.
 * The (company_id, idempotency_key) unique constraint makes a replay return the first row:
 * `created: false`. A payment fully covered by bonuses succeeds right here.
 *
 * The payment, its items and its audit row go in as one statement (data-modifying CTEs), which is
 * atomic by itself; a transaction is opened only when more follows (bonuses, a bonus-only payment).
 */
export async function insertPayment(
  ctx: Ctx,
  d: PaymentDraft,
  opts: InsertOptions = {},
): Promise<{
  id: string;
  created: boolean;
  /** created_at of the row, when this call inserted it. */
  at: Date;
  /** The claim's row (InsertOptions.claim), when the payment was written. */
  claimed?: Record<string, unknown>;
}> {
  const now = ctx.now();
  const at = d.createdAt ?? now;
  const amount = d.items.reduce((s, i) => s + i.amount, 0);
  const bonus = Math.min(d.bonus, amount);
  const charged = amount - bonus + (amount - bonus > 0 ? d.commission : 0);
  const write = async (q: Queryable) => {
    // Written out (not drizzle's insert builder, which cost more to build than the rest of the
    // create): columns not listed take their defaults, as the builder's DEFAULTs did.
    const stamp = now.toISOString();
    // INSERT … SELECT (PostgreSQL types the parameters from the columns, as with VALUES), so that a
    // claim (opts.claim, CTE `g`) can gate it: no claimed row, no payment.
    const insert = sql`(INSERT INTO payments (id, company_id, source, method, amount, commission, bonus_amount,
        charged_amount, description, idempotency_key, return_url, save_card, receipt_email, receipt_phone,
        created_by_user_id, partner_id, autopay_rule_id, autopay_run_key, created_at, updated_at)
      SELECT COALESCE(${d.id ?? null}::uuid, gen_random_uuid()), ${d.companyId}::uuid, ${d.source},
        ${charged === 0 ? "bonus" : d.method}, ${amount}::bigint,
        ${charged === 0 ? 0 : d.commission}::bigint, ${bonus}::bigint, ${charged}::bigint, ${d.description},
        ${d.idempotencyKey}, ${d.returnUrl ?? null}, ${d.saveCard ?? false}::boolean, ${d.receiptEmail ?? null},
        ${d.receiptPhone ?? null}, ${d.createdByUserId ?? null}::uuid, ${d.partnerId ?? null},
        ${d.autopayRuleId ?? null}::uuid, ${d.autopayRunKey ?? null}, ${at.toISOString()}::timestamptz, ${stamp}::timestamptz
      ${opts.claim ? sql`FROM g` : sql``}
      ON CONFLICT DO NOTHING
      RETURNING id)`;
    const parts = allocate(
      d.items.map((i) => i.amount),
      bonus,
    );
    const items = sql.join(
      d.items.map(
        (i, n) =>
          sql`(${n}::int, ${i.companyId}::uuid, ${i.accountId}::uuid, ${i.invoiceId}::uuid, ${i.amount}::bigint, ${parts[n] ?? 0}::bigint)`,
      ),
      sql`, `,
    );
    const a = auditValues(ctx, {
      action: "payment.created",
      companyId: d.companyId,
      entityType: "payment",
      data: { amount, bonus, charged, items: d.items.length, source: d.source },
    });
    const [row] = await rows<{ id: string; claimed?: unknown }>(
      q,
      sql`WITH ${opts.claim ? sql`g AS (${opts.claim}), ` : sql``}p AS ${insert},
        i AS (
          INSERT INTO ${paymentItems} (payment_id, position, company_id, account_id, invoice_id, amount, bonus_amount)
          SELECT p.id, v.position, v.company_id, v.account_id, v.invoice_id, v.amount, v.bonus_amount
          FROM p, (VALUES ${items}) AS v(position, company_id, account_id, invoice_id, amount, bonus_amount)
        ),
        a AS (
          INSERT INTO ${auditLog} (company_id, actor_type, actor_id, action, entity_type, entity_id, data, ip, user_agent, request_id, created_at)
          SELECT ${a.companyId}::uuid, ${a.actorType}, ${a.actorId}, ${a.action}, ${a.entityType}, p.id::text,
            ${JSON.stringify(a.data)}::text::jsonb, ${a.ip}, ${a.userAgent}, ${a.requestId}, ${a.createdAt.toISOString()}::timestamptz
          FROM p
        )
        SELECT id${opts.claim ? sql`, (SELECT row_to_json(g)::text FROM g) AS claimed` : sql``} FROM p`,
    );
    if (row)
      return {
        id: row.id,
        created: true,
        at,
        ...(opts.claim ? { claimed: JSON.parse(String(row.claimed)) as Record<string, unknown> } : {}),
      };
    if (opts.claim) return { id: d.id ?? "", created: false, at };
    const [existing] = await q
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.companyId, d.companyId), eq(payments.idempotencyKey, d.idempotencyKey)));
    if (!existing) throw new Error("payments: conflict without a row (autopay run key taken)");
    return { id: existing.id, created: false, at: now };
  };
  if (bonus === 0 && charged > 0) return write(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const res = await write(tx);
    if (!res.created) return res;
    if (bonus > 0)
      await postBonus(tx, {
        companyId: d.companyId,
        kind: "spend",
        amount: -bonus,
        paymentId: res.id,
        description: "Оплата бонусами",
        now,
      });
    if (charged === 0) await applyReport(tx, ctx, res.id, { status: "succeeded", occurredAt: now });
    return res;
  });
}

export const notificationUrl = (ctx: Ctx) =>
  `${ctx.config.publicUrl.replace(/\/$/, "")}/v1/acquirer/notifications`;

/**
 * Asks the acquirer for a confirmation page, outside any transaction (no locks are held across
 * the network). Safe to repeat: the acquirer's idempotency key is derived from our payment id, so a
 * retried request (after a timeout, or a client replay) gets the same acquirer payment.
 *
 * `fresh`: the draft of a payment this request has just inserted (`created: true`) and the time it
 * was written, so that what was just written is not read back; the UPDATE below returns only its id.
 */
export async function startAtAcquirer(
  ctx: Ctx,
  acquirer: AcquirerProvider | undefined,
  id: string,
  fresh?: { draft: PaymentDraft; at: Date },
): Promise<PaymentView> {
  const known = fresh ? freshView(id, fresh.draft, fresh.at) : undefined;
  const p = known ?? (await loadPayment(ctx.db, id));
  if (!p) throw new Error("payments: vanished");
  if (p.status !== "pending" || p.acquirerPaymentId || p.chargedAmount === 0 || p.method === "saved_card")
    return known ? ((await loadPayment(ctx.db, id)) ?? p) : p;
  if (!acquirer) throw acquirerNotConfigured();
  const ap = await acquirer.createPayment({
    idempotencyKey: `lk-pay-${p.id}`,
    orderId: p.id,
    amount: p.chargedAmount,
    currency: "RUB",
    description: p.description,
    notificationUrl: notificationUrl(ctx),
    returnUrl: p.returnUrl ? returnUrlWithOurId(p.returnUrl, p.id) : undefined,
    saveCard: p.saveCard,
    ...(p.method === "sbp" ? { method: "sbp" as const } : {}),
    locale: payerLanguage(ctx),
  });
  const now = ctx.now();
  const set = {
    acquirer: acquirer.name,
    acquirerPaymentId: ap.id,
    confirmationUrl: ap.confirmationUrl ?? null,
    qrPayload: ap.qr?.payload ?? null,
    qrExpiresAt: ap.qr?.expiresAt ?? null,
    updatedAt: now,
  };
  if (known) {
    // The row is the draft just written plus `set` (no trigger touches payments): written out, as
    // on every card payment drizzle's builder with a whole-row RETURNING cost ~20× this statement.
    // Only while the row is still as written: a cancel or an early notification may have moved it
    // during the acquirer call, and then the answer is the stored payment, not the draft.
    const [row] = await rows<{ status: string }>(
      ctx.db,
      sql`UPDATE payments SET acquirer = ${set.acquirer}, acquirer_payment_id = ${set.acquirerPaymentId},
        confirmation_url = ${set.confirmationUrl}, qr_payload = ${set.qrPayload},
        qr_expires_at = ${set.qrExpiresAt?.toISOString() ?? null}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
        WHERE id = ${p.id} AND acquirer_payment_id IS NULL
        RETURNING status`,
    );
    if (row?.status === "pending") return { ...known, ...set };
    return (await loadPayment(ctx.db, id))!;
  }
  const [updated] = await ctx.db
    .update(payments)
    .set(set)
    .where(and(eq(payments.id, p.id), isNull(payments.acquirerPaymentId)))
    .returning();
  // The items do not change after creation; only a lost race (another request stored the
  // acquirer's answer first) needs a fresh read.
  if (updated) return { ...updated, items: p.items };
  return (await loadPayment(ctx.db, id))!;
}

/**
 * What startAtAcquirer needs of a payment just inserted from `d`, without reading it back. Only a
 * card payment that still goes to the acquirer is taken from here; anything else is loaded.
 */
function freshView(id: string, d: PaymentDraft, at: Date): PaymentView | undefined {
  const amount = d.items.reduce((s, i) => s + i.amount, 0);
  const bonus = Math.min(d.bonus, amount);
  const charged = amount - bonus + (amount - bonus > 0 ? d.commission : 0);
  if (charged === 0 || d.method === "saved_card" || d.items.some((i) => i.accountNumber === undefined))
    return undefined;
  return draftView(id, d, at, at);
}

/**
 * The row insertPayment wrote from `d` (pending, as its columns' defaults leave it), without
 * reading it back: `createdAt` is the payment's date, `updatedAt` when it was written. Every item
 * must carry its account number.
 */
export function draftView(id: string, d: PaymentDraft, createdAt: Date, updatedAt: Date): PaymentView {
  const amount = d.items.reduce((s, i) => s + i.amount, 0);
  const bonus = Math.min(d.bonus, amount);
  const charged = amount - bonus + (amount - bonus > 0 ? d.commission : 0);
  const parts = allocate(
    d.items.map((i) => i.amount),
    bonus,
  );
  return {
    id,
    companyId: d.companyId,
    source: d.source,
    method: charged === 0 ? "bonus" : d.method,
    status: "pending",
    amount,
    commission: charged === 0 ? 0 : d.commission,
    bonusAmount: bonus,
    chargedAmount: charged,
    refundedAmount: 0,
    currency: "RUB",
    description: d.description,
    idempotencyKey: d.idempotencyKey,
    acquirer: null,
    acquirerPaymentId: null,
    confirmationUrl: null,
    qrPayload: null,
    qrExpiresAt: null,
    returnUrl: d.returnUrl ?? null,
    saveCard: d.saveCard ?? false,
    cardMask: null,
    failureReason: null,
    receiptEmail: d.receiptEmail ?? null,
    receiptPhone: d.receiptPhone ?? null,
    createdByUserId: d.createdByUserId ?? null,
    partnerId: d.partnerId ?? null,
    autopayRuleId: d.autopayRuleId ?? null,
    autopayRunKey: d.autopayRunKey ?? null,
    statusChangedAt: null,
    succeededAt: null,
    createdAt,
    updatedAt,
    items: d.items.map((i, n) => ({
      accountId: i.accountId,
      accountNumber: i.accountNumber!,
      invoiceId: i.invoiceId,
      invoiceNumber: i.invoiceNumber ?? null,
      amount: i.amount,
      bonusAmount: parts[n] ?? 0,
    })),
  };
}

/**
 * The return_url the acquirer sends the payer back to, with OUR payment id as `payment_id` (the
 * return page's `GET /v1/payments/{payment_id}` must find it; the acquirer's own id means nothing to
 * the shop). The stored and shown `return_url` stays what the caller gave.
 */
export function returnUrlWithOurId(returnUrl: string, paymentId: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set("payment_id", paymentId);
  return url.toString();
}

/**
 * The language of the acquirer's page: the payer's, as the widget or the portal asked for it. An
 * API-key caller is a server whose default (English) says nothing about the payer, so its payments
 * open in Russian, the operator's audience.
 */
function payerLanguage(ctx: Ctx): "ru" | "en" {
  return ctx.principal.type === "api_key" ? "ru" : ctx.lang;
}
