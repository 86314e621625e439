import { auditLog, invoices, type PaymentStatus, payments, rows, savedCards, type Tx } from "@lk/db";
import { and, getTableColumns, inArray, sql } from "drizzle-orm";
import { resumeSettledAccounts } from "../accounts/resume";
import { auditValues } from "../audit/audit";
import { onAutopayOutcome } from "../autopay/outcome";
import { accrueBonus, postBonus } from "../bonuses/journal";
import { bonusAccrualFor } from "../bonuses/rules";
import type { Ctx } from "../context/index";
import { settleInvoices } from "../invoices/settle";
import { type LedgerLine, postLedgerDetailed } from "../ledger/post";
import { rub } from "../money/format";
import { notify } from "../notifications/notify";
import { enqueueMessage } from "../outbox/outbox";
import { insertSellReceipt, needsReceipt } from "../receipts/create";
import { localDate } from "../time/index";
import { emitEvent, emitPartnerEvent, partnerPaymentJson } from "../webhooks/index";
import { invoiceCovered } from "./items";
import type { ItemView, PaymentRow } from "./load";
import { receiptSms, receiptText } from "./receipt";
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
  cardExpiry?: { month: number; year: number } | undefined;
  /**
   * The date the money counts from, when it is not the moment it is credited: an agent's
   * `txn_date` (when the payer paid at the terminal). The ledger lines' `effective_at` — so the
   * account's history, the balance report and the акт сверки date the payment by it. Default: now.
   */
  valueDate?: Date | undefined;
}

export type ApplyOutcome = "applied" | "ignored_stale";

/** A payment locked for update with what applying a report needs, read in one round trip. */
export interface LockedPayment {
  row: PaymentRow;
  items: ItemView[];
  /** The company's bonus percentage (basis points), or null for the default. */
  bonusPercentBp: number | null;
}

/** The payments columns as drizzle maps them (key → column), and their select list, made once. */
const PAYMENT_COLUMNS = Object.entries(getTableColumns(payments));
const PAYMENT_COLUMN_BY_KEY = new Map(PAYMENT_COLUMNS);
const PAYMENT_SELECT = sql.raw(PAYMENT_COLUMNS.map(([, c]) => `p."${c.name}"`).join(", "));

/**
 * Locks the payment row (FOR UPDATE) and reads its items and the company's bonus percentage in
 * the same statement, so that two reports of one payment are applied one after the other.
 */
export async function lockPayment(tx: Tx, paymentId: string): Promise<LockedPayment | undefined> {
  // Written out with the column list made once (below): drizzle's select builder rebuilt this
  // 30-column statement on every notification, at several times the cost of the rest of the call.
  // Values are decoded by each column's own drizzle mapper, as a builder select would.
  const [r] = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT ${PAYMENT_SELECT},
        (SELECT COALESCE(json_agg(json_build_object(
          'accountId', pi.account_id, 'accountNumber', a.number, 'invoiceId', pi.invoice_id,
          'invoiceNumber', i.number, 'amount', pi.amount, 'bonusAmount', pi.bonus_amount
        ) ORDER BY pi.position), '[]'::json)
        FROM payment_items pi JOIN accounts a ON a.id = pi.account_id
        LEFT JOIN invoices i ON i.id = pi.invoice_id
        WHERE pi.payment_id = p.id) AS lk_items,
        (SELECT s.bonus_percent_bp FROM company_payment_settings s WHERE s.company_id = p.company_id) AS lk_bonus_percent_bp
      FROM payments p WHERE p.id = ${paymentId}::uuid
      FOR UPDATE`,
  );
  if (!r) return undefined;
  const row = {} as Record<string, unknown>;
  for (const [key, column] of PAYMENT_COLUMNS) {
    const v = r[column.name];
    row[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  const rawItems = r.lk_items as ItemView[] | string;
  const items = (typeof rawItems === "string" ? JSON.parse(rawItems) : rawItems) as ItemView[];
  const bonus = r.lk_bonus_percent_bp as number | string | null;
  return {
    row: row as PaymentRow,
    items: items.map((i) => ({ ...i, amount: Number(i.amount), bonusAmount: Number(i.bonusAmount) })),
    bonusPercentBp: bonus === null ? null : Number(bonus),
  };
}

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
): Promise<ApplyOutcome> {
  const locked = await lockPayment(tx, paymentId);
  if (!locked || !nextStatus(locked.row.status, report.status)) return "ignored_stale";
  await applyLocked(tx, ctx, locked, report);
  return "applied";
}

/**
 * applyReport for a payment the caller has locked with lockPayment (in this transaction) and whose
 * move it has checked with nextStatus: writes the status and its effects.
 */
export async function applyLocked(
  tx: Tx,
  ctx: Ctx,
  locked: LockedPayment,
  report: AcquirerReport,
): Promise<void> {
  const p = locked.row;
  const next = nextStatus(p.status, report.status);
  if (!next) throw new Error("payments: applyLocked on a stale report");
  const now = ctx.now();
  const set = {
    status: next,
    statusChangedAt: report.occurredAt,
    updatedAt: now,
    ...(report.acquirerPaymentId && !p.acquirerPaymentId
      ? { acquirerPaymentId: report.acquirerPaymentId }
      : {}),
    ...(report.failureReason ? { failureReason: report.failureReason } : {}),
    ...(report.cardMask ? { cardMask: report.cardMask } : {}),
    ...(next === "succeeded" ? { succeededAt: now, failureReason: null } : {}),
  };
  // The status change and its audit row in one statement. The row is locked, so the new row is
  // the locked one with `set` applied (no trigger touches payments): no RETURNING to read back.
  // Written out (drizzle's update builder cost more than the rest of this function): each value
  // is encoded by its column's drizzle mapper, as the builder would.
  const assignments = sql.join(
    Object.entries(set).map(([key, value]) => {
      const column = PAYMENT_COLUMN_BY_KEY.get(key)!;
      return sql`${sql.raw(`"${column.name}"`)} = ${value === null ? null : column.mapToDriverValue(value)}`;
    }),
    sql`, `,
  );
  const update = sql`(UPDATE payments SET ${assignments} WHERE id = ${p.id}::uuid RETURNING id)`;
  const a = auditValues(ctx, {
    action: `payment.${next}`,
    companyId: p.companyId,
    entityType: "payment",
    entityId: p.id,
    data: { from: p.status, to: next, occurred_at: report.occurredAt.toISOString() },
  });
  const statusWritten = rows<{ id: string }>(
    tx,
    sql`WITH u AS ${update}
        INSERT INTO ${auditLog} (company_id, actor_type, actor_id, action, entity_type, entity_id, data, ip, user_agent, request_id, created_at)
        SELECT ${a.companyId}::uuid, ${a.actorType}, ${a.actorId}, ${a.action}, ${a.entityType}, u.id::text,
          ${JSON.stringify(a.data)}::text::jsonb, ${a.ip}, ${a.userAgent}, ${a.requestId}, ${a.createdAt.toISOString()}::timestamptz
        FROM u
        RETURNING entity_id AS id`,
  ).then((done) => {
    if (done.length !== 1) throw new Error("payments: locked payment not updated");
  });
  const row: PaymentRow = { ...p, ...set };
  const items = locked.items;
  if (next === "succeeded")
    await onSucceeded(tx, ctx, row, items, report, locked.bonusPercentBp, statusWritten);
  else {
    await statusWritten;
    if (next === "failed" || next === "canceled") await onNotPaid(tx, ctx, row, items);
  }
}

/**
 * The ledger line (and so the акт сверки line) of a payment: «Оплата картой …»; an agent payment
 * names its source document («Оплата: Сбербанк Онлайн, txn 9876»).
 */
function paymentLineText(p: PaymentRow, what: string): string {
  if (p.method === "agent") return `Оплата: ${p.description}${what}`;
  return `Оплата${p.method === "saved_card" ? " (автоплатёж)" : " картой"}${what}`;
}

async function onSucceeded(
  tx: Tx,
  ctx: Ctx,
  p: PaymentRow,
  items: ItemView[],
  report: AcquirerReport,
  bonusPercentBp: number | null,
  /** The status change, sent but not awaited: the writes below go out in the same round trip. */
  statusWritten: Promise<void>,
) {
  const now = ctx.now();
  const lines: LedgerLine[] = [];
  for (const i of items) {
    const base = {
      accountId: i.accountId,
      refType: "payment",
      refId: p.id,
      ...(report.valueDate ? { effectiveAt: report.valueDate } : {}),
    };
    const what = i.invoiceNumber ? ` по счёту ${i.invoiceNumber}` : "";
    if (i.bonusAmount > 0)
      lines.push({ ...base, kind: "bonus", amount: i.bonusAmount, description: `Оплата бонусами${what}` });
    if (i.amount > i.bonusAmount)
      lines.push({
        ...base,
        kind: "payment",
        amount: i.amount - i.bonusAmount,
        description: paymentLineText(p, what),
      });
  }

  // The writes below do not depend on each other's results: they are all sent at once and
  // PostgreSQL runs them one after another on this transaction's connection, in the order sent
  // (postgres.js pipelines queries issued in the same tick into one socket write; PGlite queues
  // them). One round trip instead of one each; a failure of any rolls the transaction back.
  const writes: Promise<unknown>[] = [statusWritten];
  if (p.autopayRuleId) writes.push(onAutopayOutcome(tx, ctx, p, "succeeded"));
  if (p.saveCard && report.cardToken && p.acquirer) {
    writes.push(
      tx
        .insert(savedCards)
        .values({
          companyId: p.companyId,
          acquirer: p.acquirer,
          token: report.cardToken,
          mask: report.cardMask ?? null,
          expiryMonth: report.cardExpiry?.month ?? null,
          expiryYear: report.cardExpiry?.year ?? null,
          createdAt: now,
        })
        // Saving a card the company removed earlier brings it back (another company's row stays),
        // with the expiry the acquirer reports now.
        .onConflictDoUpdate({
          target: [savedCards.acquirer, savedCards.token],
          set: {
            removedAt: null,
            ...(report.cardExpiry
              ? { expiryMonth: report.cardExpiry.month, expiryYear: report.cardExpiry.year }
              : {}),
          },
          setWhere: sql`${savedCards.companyId} = ${p.companyId}`,
        })
        .execute(),
    );
  }
  const view = { ...p, items };
  // A card or SBP payment gets its fiscal receipt (приход) here, in this transaction; the receipts
  // job registers it and e-mails it with its fiscal data. Only the SMS and the partner's webhook
  // need its human number now: one more round trip, and only for them (docs/receipts.md).
  const fiscal = needsReceipt(p);
  const numbered = fiscal ? insertSellReceipt(tx, p, now) : Promise.resolve(null);
  writes.push(numbered);
  const receiptNumber =
    fiscal && (p.receiptPhone || p.partnerId) ? (await Promise.all([statusWritten, numbered]))[1] : null;
  const receipts = [
    p.receiptEmail && !fiscal ? { channel: "email" as const, recipient: p.receiptEmail } : null,
    p.receiptPhone ? { channel: "sms" as const, recipient: p.receiptPhone } : null,
  ];
  for (const r of receipts) {
    if (!r) continue;
    writes.push(
      enqueueMessage(
        tx,
        {
          ...r,
          subject: "Квитанция об оплате / Payment receipt",
          body:
            r.channel === "sms"
              ? receiptSms(p, receiptNumber)
              : receiptText(view, ctx.config.operator, ctx.config.timeZone),
          kind: "payment_receipt",
          companyId: p.companyId,
        },
        now,
      ),
    );
  }
  for (const i of items) {
    writes.push(
      notify(tx, {
        companyId: p.companyId,
        kind: "payment_received",
        accountId: i.accountId,
        title: { ru: "Платёж зачислен", en: "Payment received" },
        body: {
          ru: `На лицевой счёт ${i.accountNumber} зачислено ${rub(i.amount, "ru")}`,
          en: `${rub(i.amount, "en")} credited to account ${i.accountNumber}`,
        },
        data: { payment_id: p.id, account_id: i.accountId, amount: i.amount },
        dedupeKey: `payment_received:${p.id}:${i.accountId}`,
        now,
      }),
    );
  }
  writes.push(
    emitEvent(tx, { companyId: p.companyId, type: "payment.succeeded", data: paymentJson(view), now }),
  );
  if (p.partnerId)
    writes.push(
      emitPartnerEvent(tx, {
        partnerId: p.partnerId,
        type: "payment.succeeded",
        data: partnerPaymentJson(p, receiptNumber),
        now,
      }),
    );
  // The accrual only appends a journal line: the company's bonus balance moves at commit
  // (migration 0009), so the company's payments do not queue on that row.
  const cardPart = p.amount - p.bonusAmount;
  const rules = ctx.config.bonuses;
  if (cardPart > 0 && rules.sources.includes(p.source)) {
    // The company's contract percentage wins over the configured one (0 in either: no accrual).
    const accrual = bonusAccrualFor(cardPart, bonusPercentBp ?? rules.defaultPercentBp);
    if (accrual > 0)
      writes.push(
        accrueBonus(tx, {
          companyId: p.companyId,
          amount: accrual,
          paymentId: p.id,
          description: "Начисление бонусов за платёж",
          now,
        }),
      );
  }
  // Last: each account's balance row is locked from here to the commit (shared with the account's
  // other payments and charges), so it is sent after everything else (docs/payments.md, Performance).
  const ledger = postLedgerDetailed(tx, lines, { now, operationId: p.id });
  // Both awaited together, so that a failure of one never leaves the other's rejection unhandled.
  const [, { accounts: credited }] = await Promise.all([Promise.all(writes), ledger]);
  // The invoices this money covers are paid in this transaction (ADR 0070): the one an item
  // names, else the account's oldest.
  await settleInvoices(
    tx,
    items.map((i) => ({ accountId: i.accountId, amount: i.amount, invoiceId: i.invoiceId })),
    now,
  );
  // A suspended account whose debt this settles works again. The ledger has just returned each
  // account's status under its lock: when none is suspended there is nothing to look up.
  if (credited.some((a) => a.status === "suspended"))
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

const invoiceIdsOf = (items: Pick<ItemView, "invoiceId">[]) => [
  ...new Set(items.map((i) => i.invoiceId).filter((x): x is string => x !== null)),
];

/**
 * The `paid` invoices among `items` that the payments toward them cover: what a refund may undo.
 * Read before the refund is written, for `reopenInvoices` after it. An invoice settled by its
 * account's balance (`markOverdueInvoices`) and not by payments is not among them.
 */
export async function invoicesPaidByPayments(
  tx: Tx,
  items: Pick<ItemView, "invoiceId">[],
): Promise<string[]> {
  const ids = invoiceIdsOf(items);
  if (ids.length === 0) return [];
  const r = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        inArray(invoices.id, ids),
        sql`${invoices.status} = 'paid'`,
        sql`${invoices.totalAmount} <= ${invoiceCovered}`,
      ),
    );
  return r.map((x) => x.id);
}

/**
 * settleInvoices undone for named invoices, after a refund: each of `ids` (from invoicesPaidByPayments) that the
 * payments toward it no longer cover goes back to unpaid — `overdue` if its due date has passed
 * (as markOverdueInvoices would have it), else `issued` — so its status agrees with its
 * `amount_due` again and it can be paid. Returns the invoices reopened.
 */
export async function reopenInvoices(tx: Tx, ids: string[], now: Date, tz: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const today = localDate(now, tz); // due dates are the operator's local days (ADR 0080)
  const pastDue = sql`${invoices.dueOn} < ${today}::date`;
  const r = await tx
    .update(invoices)
    .set({
      status: sql`CASE WHEN ${pastDue} THEN 'overdue' ELSE 'issued' END`,
      paidAt: null,
      overdueAt: sql`CASE WHEN ${pastDue} THEN COALESCE(${invoices.overdueAt}, ${now.toISOString()}::timestamptz) ELSE ${invoices.overdueAt} END`,
    })
    .where(
      and(
        inArray(invoices.id, ids),
        sql`${invoices.status} = 'paid'`,
        sql`${invoices.totalAmount} > ${invoiceCovered}`,
      ),
    )
    .returning({ id: invoices.id });
  return r.map((x) => x.id);
}
