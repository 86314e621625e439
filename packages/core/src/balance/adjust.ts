import { accounts, ledgerEntries } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { invalidField, notFound } from "../errors/index";
import { settleInvoices } from "../invoices/settle";
import { postLedger } from "../ledger/index";

export interface AdjustmentInput {
  account_id: string;
  /** Kopecks; positive credits the account, negative debits it. */
  amount: number;
  kind?: "adjustment" | "bonus" | "refund" | "payment" | undefined;
  description: string;
  /** The Idempotency-Key (required): a replay returns the first entry and moves nothing. */
  key?: string | undefined;
}

/** An operator's manual ledger entry (correction, goodwill bonus, offline payment). */
export async function postAdjustment({ ctx, input }: { ctx: Ctx; input: AdjustmentInput }) {
  const who = requireOperator(ctx);
  const key = input.key;
  if (!key)
    throw invalidField("header.idempotency-key", "required", {
      ru: "Нужен заголовок Idempotency-Key",
      en: "The Idempotency-Key header is required",
    });
  if (!Number.isSafeInteger(input.amount) || input.amount === 0)
    throw invalidField("amount", "invalid_amount", {
      ru: "Сумма — целое число копеек, не ноль",
      en: "Amount is a non-zero integer of kopecks",
    });
  return ctx.db.transaction(async (tx) => {
    const [acc] = await tx
      .select({ id: accounts.id, companyId: accounts.companyId, number: accounts.number })
      .from(accounts)
      .where(eq(accounts.id, input.account_id))
      .for("update");
    if (!acc) throw notFound({ ru: "Лицевой счёт", en: "Account" });
    const [prior] = await tx
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.accountId, acc.id),
          eq(ledgerEntries.refType, "operator_adjustment"),
          eq(ledgerEntries.refId, key),
        ),
      );
    if (prior) return { entry: prior, replayed: true };
    const [posted] = await postLedger(
      tx,
      [
        {
          accountId: acc.id,
          kind: input.kind ?? "adjustment",
          amount: input.amount,
          description: input.description,
          refType: "operator_adjustment",
          refId: key,
        },
      ],
      { now: ctx.now() },
    );
    // A credit settles the account's invoices now, oldest first (ADR 0070).
    if (input.amount > 0) await settleInvoices(tx, [{ accountId: acc.id, amount: input.amount }], ctx.now());
    const [entry] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, posted!.id));
    await audit(tx, ctx, {
      action: "ledger.adjustment",
      companyId: acc.companyId,
      entityType: "account",
      entityId: acc.id,
      data: { amount: input.amount, kind: input.kind ?? "adjustment", by: who },
    });
    return { entry: entry!, replayed: false };
  });
}
