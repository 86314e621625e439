import { randomUUID } from "node:crypto";
import { accounts, transfers } from "@lk/db";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { resumeSettledAccounts } from "../accounts/resume";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, notFound } from "../errors/index";
import { settleInvoices } from "../invoices/settle";
import { postLedger } from "../ledger/post";
import { decodeCursor, page } from "../pagination/cursor";
import { MAX_ITEMS, MAX_PAYMENT_AMOUNT, MIN_ITEM_AMOUNT } from "../payments/pricing";

export interface TransferInput {
  from_account_id: string;
  targets: { account_id: string; amount: number }[];
  idempotency_key: string;
}

type Row = typeof transfers.$inferSelect;
export const transferJson = (t: Row) => ({
  id: t.id,
  from_account_id: t.fromAccountId,
  amount: t.amount,
  currency: "RUB" as const,
  targets: t.targets,
  created_at: t.createdAt.toISOString(),
});

/**
 * Moves money from one of the company's accounts to one or several others, atomically: one
 * transaction, one ledger operation, the source never below its allowed minimum. A repeated key
 * returns the first transfer and moves nothing (unique (company_id, idempotency_key)).
 */
export async function createTransfer({ ctx, input }: { ctx: Ctx; input: TransferInput }) {
  requirePermission(ctx, "payments:write");
  const scope = companyScope(ctx);
  if (input.targets.length === 0 || input.targets.length > MAX_ITEMS)
    throw invalidField("targets", "invalid_targets", {
      ru: `От 1 до ${MAX_ITEMS} получателей`,
      en: `Between 1 and ${MAX_ITEMS} targets`,
    });
  const seen = new Set<string>([input.from_account_id]);
  let total = 0;
  input.targets.forEach((t, n) => {
    if (seen.has(t.account_id))
      throw invalidField(`targets.${n}.account_id`, "duplicate_account", {
        ru: "Счёт уже указан (или совпадает с источником)",
        en: "The account is repeated (or is the source)",
      });
    seen.add(t.account_id);
    if (!Number.isSafeInteger(t.amount) || t.amount < MIN_ITEM_AMOUNT)
      throw invalidField(`targets.${n}.amount`, "amount_too_small", {
        ru: "Сумма — не меньше 1 ₽",
        en: "At least 1 ₽",
      });
    total += t.amount;
  });
  if (total > MAX_PAYMENT_AMOUNT)
    throw invalidField("targets", "amount_too_large", {
      ru: "Слишком большая сумма",
      en: "The amount is too large",
    });
  const ids = [...seen];
  const found = await ctx.db
    .select({ id: accounts.id, status: accounts.status })
    .from(accounts)
    .where(and(inArray(accounts.id, ids), visibleAccountsCondition(scope)));
  if (found.length !== ids.length) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
  const closed = new Set(found.filter((a) => a.status === "closed").map((a) => a.id));
  if (closed.size > 0) {
    const n = input.targets.findIndex((t) => closed.has(t.account_id));
    throw invalidField(
      closed.has(input.from_account_id) ? "from_account_id" : `targets.${n}.account_id`,
      "account_closed",
      {
        ru: "Лицевой счёт закрыт",
        en: "The account is closed",
      },
    );
  }
  const now = ctx.now();
  const p = ctx.principal;
  return ctx.db.transaction(async (tx) => {
    // Lock every account in id order before anything else: inserting the transfer row takes a
    // key-share lock on the source (foreign key), which would otherwise deadlock against a
    // concurrent transfer the other way round.
    await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(inArray(accounts.id, [...ids].sort()))
      .orderBy(accounts.id)
      .for("update");
    const operationId = randomUUID();
    const [row] = await tx
      .insert(transfers)
      .values({
        companyId: scope.companyId,
        fromAccountId: input.from_account_id,
        amount: total,
        targets: input.targets.map((t) => ({ account_id: t.account_id, amount: t.amount })),
        idempotencyKey: input.idempotency_key,
        operationId,
        createdByUserId: p.type === "user" ? p.userId : null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [first] = await tx
        .select()
        .from(transfers)
        .where(
          and(eq(transfers.companyId, scope.companyId), eq(transfers.idempotencyKey, input.idempotency_key)),
        );
      return { transfer: transferJson(first!), created: false };
    }
    await postLedger(
      tx,
      [
        {
          accountId: input.from_account_id,
          kind: "transfer_out",
          amount: -total,
          description: "Перевод на другие лицевые счета",
          refType: "transfer",
          refId: row.id,
        },
        ...input.targets.map((t) => ({
          accountId: t.account_id,
          kind: "transfer_in" as const,
          amount: t.amount,
          description: "Перевод с другого лицевого счёта",
          refType: "transfer",
          refId: row.id,
        })),
      ],
      { now, operationId, enforceMinBalance: true },
    );
    // The money settles the targets' invoices now, oldest first (ADR 0070).
    await settleInvoices(
      tx,
      input.targets.map((t) => ({ accountId: t.account_id, amount: t.amount })),
      now,
    );
    await resumeSettledAccounts(
      tx,
      ctx,
      input.targets.map((t) => t.account_id),
      { kind: "transfer", id: row.id },
    );
    await audit(tx, ctx, {
      action: "transfer.created",
      entityType: "transfer",
      entityId: row.id,
      data: { amount: total, targets: input.targets.length },
    });
    return { transfer: transferJson(row), created: true };
  });
}

type Key = { t: string; id: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.t === "string" && typeof v.id === "string";

/** The company's transfers (from the accounts the caller sees), newest first, keyset-paginated. */
export async function listTransfers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined };
}) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const rows = await ctx.db
    .select({ t: transfers })
    .from(transfers)
    .innerJoin(accounts, eq(accounts.id, transfers.fromAccountId))
    .where(
      and(
        eq(transfers.companyId, scope.companyId),
        visibleAccountsCondition(scope),
        after
          ? or(
              lt(transfers.createdAt, new Date(after.t)),
              and(eq(transfers.createdAt, new Date(after.t)), lt(transfers.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(transfers.createdAt), desc(transfers.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ t: r.t.createdAt.toISOString(), id: r.t.id }));
  return { data: res.data.map((r) => transferJson(r.t)), next_cursor: res.next_cursor };
}
