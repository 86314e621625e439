import { type PaymentMethod, rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { loadVatRates } from "../vat/index";
import { composeRefund } from "./compose";
import { loadReceiptFacts } from "./facts";

/**
 * Payments whose money came through the acquirer (a card, a saved card, SBP, …) are settlements
 * that 54-ФЗ puts through a cash register; bank transfers from companies and agents' payments are
 * not ours to fiscalise, and a payment wholly in bonuses moves no money.
 */
const FISCAL_METHODS: ReadonlySet<PaymentMethod> = new Set(["card", "saved_card", "sbp"]);

export const needsReceipt = (p: { method: PaymentMethod; chargedAmount: number }) =>
  FISCAL_METHODS.has(p.method) && p.chargedAmount > 0;

/**
 * The приход receipt of a payment that has just succeeded, in the caller's transaction: a pending
 * row (composed and sent by the `receipts` job), unique per payment. Resolves with its human
 * number. Cheap on purpose — it runs on the payment's notification path.
 */
export async function insertSellReceipt(
  tx: Tx,
  p: { id: string; companyId: string; amount: number; commission: number },
  now: Date,
): Promise<number> {
  const stamp = now.toISOString();
  const [r] = await rows<{ number: string | number }>(
    tx,
    sql`WITH ins AS (
        INSERT INTO receipts (company_id, payment_id, kind, amount, settled_at, external_id, next_attempt_at, created_at, updated_at)
        VALUES (${p.companyId}::uuid, ${p.id}::uuid, 'sell', ${p.amount + p.commission}::bigint, ${stamp}::timestamptz,
          ${`lk-sell-${p.id}`}, ${stamp}::timestamptz, ${stamp}::timestamptz, ${stamp}::timestamptz)
        ON CONFLICT DO NOTHING
        RETURNING number)
      SELECT number FROM ins
      UNION ALL
      SELECT number FROM receipts WHERE payment_id = ${p.id}::uuid AND refund_id IS NULL
      LIMIT 1`,
  );
  return Number(r!.number);
}

/**
 * The возврат прихода receipt of a refund that has just succeeded, in the caller's transaction
 * (after the payment's row is locked): composed here, where what earlier refunds took is known.
 */
export async function insertRefundReceipt(
  tx: Tx,
  ctx: Ctx,
  input: { paymentId: string; companyId: string; refundId: string; amount: number; refundedBefore: number },
): Promise<void> {
  const loaded = await loadReceiptFacts(tx, input.paymentId);
  if (!loaded) return;
  const now = ctx.now();
  const doc = composeRefund(
    loaded.facts,
    { id: input.refundId, amount: input.amount, refundedBefore: input.refundedBefore },
    now,
    loaded.succeededAt ?? now,
    await loadVatRates(tx),
    ctx.config.receipts,
    { inn: ctx.config.operator.inn },
    ctx.config.timeZone,
  );
  const stamp = now.toISOString();
  await tx.execute(
    sql`INSERT INTO receipts (company_id, payment_id, refund_id, kind, amount, settled_at, document, external_id, next_attempt_at, created_at, updated_at)
      VALUES (${input.companyId}::uuid, ${input.paymentId}::uuid, ${input.refundId}::uuid, 'sell_refund', ${input.amount}::bigint,
        ${stamp}::timestamptz, ${JSON.stringify(doc)}::jsonb, ${doc.externalId}, ${stamp}::timestamptz, ${stamp}::timestamptz, ${stamp}::timestamptz)
      ON CONFLICT DO NOTHING`,
  );
}
