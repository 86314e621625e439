import { accounts, companyUnallocated, rows, type Tx, unallocatedEntries } from "@lk/db";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { AppError, invalidField, notFound } from "../errors/index";
import { describeEntry } from "../ledger/describe";
import { writeBankCredits } from "./credit";

/**
 * Puts money on companies' unallocated balances (append-only journal + cached balance, in the
 * caller's transaction): rows locked in company-id order, each entry with its running balance.
 */
export async function addUnallocated(
  tx: Tx,
  adds: {
    companyId: string;
    amount: number;
    /** The statement's document it came from (bank_documents.id), if any. */
    bankDocumentId: string | null;
    description: string;
    paymentId?: string;
  }[],
  now: Date,
): Promise<void> {
  if (adds.length === 0) return;
  const companies = [...new Set(adds.map((a) => a.companyId))].sort();
  const list = `{${companies.join(",")}}`;
  await rows(
    tx,
    sql`INSERT INTO company_unallocated (company_id, balance) SELECT unnest(${list}::uuid[]), 0 ON CONFLICT DO NOTHING`,
  );
  const locked = await rows<{ company_id: string; balance: string | number }>(
    tx,
    sql`SELECT company_id, balance FROM company_unallocated WHERE company_id = ANY(${list}::uuid[]) ORDER BY company_id FOR UPDATE`,
  );
  const bal = new Map(locked.map((l) => [l.company_id, Number(l.balance)]));
  const entries = adds.map((a) => {
    const after = bal.get(a.companyId)! + a.amount;
    if (after < 0) throw new Error("unallocated: balance below zero");
    bal.set(a.companyId, after);
    return {
      company_id: a.companyId,
      amount: a.amount,
      balance_after: after,
      bank_document_id: a.bankDocumentId,
      payment_id: a.paymentId ?? null,
      description: a.description,
    };
  });
  await rows(
    tx,
    sql`INSERT INTO unallocated_entries (company_id, amount, balance_after, bank_document_id, payment_id, description, created_at)
        SELECT x.company_id, x.amount, x.balance_after, x.bank_document_id, x.payment_id, x.description, ${now.toISOString()}::timestamptz
          FROM json_to_recordset(${JSON.stringify(entries)}::json)
            AS x(company_id uuid, amount bigint, balance_after bigint, bank_document_id uuid, payment_id uuid, description text)`,
  );
  const ids = [...bal.keys()];
  await rows(
    tx,
    sql`UPDATE company_unallocated c SET balance = v.balance
          FROM unnest(${`{${ids.join(",")}}`}::uuid[], ${`{${ids.map((i) => bal.get(i)).join(",")}}`}::bigint[]) AS v(id, balance)
         WHERE c.company_id = v.id`,
  );
}

/** The company's unallocated money and its latest movements (portal screen). */
export async function getUnallocated({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "payments:write");
  const { companyId } = companyScope(ctx);
  const [row] = await ctx.db
    .select({ balance: companyUnallocated.balance })
    .from(companyUnallocated)
    .where(eq(companyUnallocated.companyId, companyId));
  const entries = await ctx.db
    .select()
    .from(unallocatedEntries)
    .where(eq(unallocatedEntries.companyId, companyId))
    .orderBy(desc(unallocatedEntries.id))
    .limit(50);
  return {
    balance: row?.balance ?? 0,
    currency: "RUB" as const,
    entries: entries.map((e) => ({
      amount: e.amount,
      balance_after: e.balanceAfter,
      description: describeEntry(
        e.amount > 0 ? "unallocated_in" : "unallocated_out",
        e.description,
        ctx.lang,
      ),
      payment_id: e.paymentId,
      created_at: e.createdAt.toISOString(),
    })),
  };
}

const notEnough = () =>
  new AppError(409, "insufficient_unallocated", {
    ru: "Нераспределённых средств меньше, чем распределяется",
    en: "Less unallocated money than you are distributing",
  });

/**
 * The accountant distributes the company's unallocated money to its accounts: in one transaction
 * the journal is debited and a payment (source `bank`, method `bank_transfer`) credits the
 * accounts through the ledger, settling their invoices. Idempotent by `idempotency_key`.
 */
export async function distributeUnallocated({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { targets: { account_id: string; amount: number }[]; idempotency_key: string };
}) {
  requirePermission(ctx, "payments:write");
  const scope = companyScope(ctx);
  if (input.targets.length === 0 || input.targets.length > 100)
    throw invalidField("targets", "invalid_targets", {
      ru: "От 1 до 100 лицевых счетов",
      en: "1 to 100 accounts",
    });
  input.targets.forEach((t, n) => {
    if (!Number.isSafeInteger(t.amount) || t.amount < 1)
      throw invalidField(`targets.${n}.amount`, "invalid_amount", {
        ru: "Сумма — целое число копеек больше нуля",
        en: "Amount is a positive integer of kopecks",
      });
  });
  const ids = [...new Set(input.targets.map((t) => t.account_id))];
  if (ids.length !== input.targets.length)
    throw invalidField("targets", "duplicate", { ru: "Счета повторяются", en: "Accounts repeat" });
  const accs = await ctx.db
    .select({ id: accounts.id, number: accounts.number, status: accounts.status })
    .from(accounts)
    .where(
      and(
        inArray(accounts.id, ids),
        eq(accounts.companyId, scope.companyId),
        visibleAccountsCondition(scope),
      ),
    );
  if (accs.length !== ids.length) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
  const closed = input.targets.findIndex((t) => accs.find((a) => a.id === t.account_id)?.status === "closed");
  if (closed >= 0)
    throw invalidField(`targets.${closed}.account_id`, "account_closed", {
      ru: "Лицевой счёт закрыт",
      en: "The account is closed",
    });
  const total = input.targets.reduce((s, t) => s + t.amount, 0);
  const key = `unallocated:${input.idempotency_key}`;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // Locks in the order a statement import takes them — the accounts (by id, as postLedger does),
    // then the company's unallocated balance — so the two never wait on each other in a circle.
    // The replay check comes after them: a second run of the same key waits here for the first
    // and then finds its payment, instead of a unique violation or «not enough».
    await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(inArray(accounts.id, ids))
      .orderBy(accounts.id)
      .for("no key update");
    const [bal] = await rows<{ balance: string | number }>(
      tx,
      sql`SELECT balance FROM company_unallocated WHERE company_id = ${scope.companyId}::uuid FOR UPDATE`,
    );
    const [prior] = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM payments WHERE company_id = ${scope.companyId}::uuid AND idempotency_key = ${key}`,
    );
    if (prior) return { payment_id: prior.id, amount: total, replayed: true };
    if (!bal || Number(bal.balance) < total) throw notEnough();
    const byId = new Map(accs.map((a) => [a.id, a]));
    const [paymentId] = await writeBankCredits(tx, ctx, [
      {
        companyId: scope.companyId,
        key,
        description: "Распределение нераспределённых средств",
        occurredAt: now,
        items: input.targets.map((t) => ({
          accountId: t.account_id,
          accountNumber: byId.get(t.account_id)!.number.trim(),
          companyId: scope.companyId,
          invoiceId: null,
          invoiceNumber: null,
          amount: t.amount,
        })),
      },
    ]);
    await addUnallocated(
      tx,
      [
        {
          companyId: scope.companyId,
          amount: -total,
          bankDocumentId: null,
          paymentId: paymentId!,
          description: "Распределено на лицевые счета",
        },
      ],
      now,
    );
    await audit(tx, ctx, {
      action: "unallocated.distributed",
      entityType: "payment",
      entityId: paymentId!,
      data: { amount: total, targets: input.targets.length },
    });
    return { payment_id: paymentId!, amount: total, replayed: false };
  });
}
