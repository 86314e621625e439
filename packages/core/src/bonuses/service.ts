import { accounts, bonusBalances, bonusEntries, paymentItems } from "@lk/db";
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { type CompanyScope, type Ctx, companyScope, requirePermission } from "../context/index";
import { describeEntry } from "../ledger/describe";
import { decodeCursor, page } from "../pagination/cursor";

type Key = { id: number };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.id === "number";

/**
 * A user limited to some groups sees the entries of payments whose every account is visible to
 * them — never a payment (or its id) that touched a hidden account, nor company-wide adjustments
 * (issue 18). The balance stays the company's: it is what their payments can spend.
 */
function onlyVisibleAccounts(scope: CompanyScope): SQL {
  return sql`${bonusEntries.paymentId} IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM ${paymentItems} JOIN ${accounts} ON ${accounts.id} = ${paymentItems.accountId}
    WHERE ${paymentItems.paymentId} = ${bonusEntries.paymentId} AND NOT (${visibleAccountsCondition(scope)}))`;
}

/** The company's bonus balance and its history, newest first. */
export async function getBonuses({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined };
}) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const { companyId } = scope;
  const after = decodeCursor(input.cursor, isKey);
  const [bal] = await ctx.db.select().from(bonusBalances).where(eq(bonusBalances.companyId, companyId));
  const rows = await ctx.db
    .select()
    .from(bonusEntries)
    .where(
      and(
        eq(bonusEntries.companyId, companyId),
        after ? lt(bonusEntries.id, after.id) : undefined,
        scope.groupIds === null ? undefined : onlyVisibleAccounts(scope),
      ),
    )
    .orderBy(desc(bonusEntries.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ id: r.id }));
  // What each payment paid for, by account number (a person knows accounts by number, not id).
  const paymentIds = [...new Set(res.data.map((e) => e.paymentId).filter((id): id is string => !!id))];
  const numbers = new Map<string, string[]>();
  if (paymentIds.length) {
    const items = await ctx.db
      .selectDistinct({ paymentId: paymentItems.paymentId, number: accounts.number })
      .from(paymentItems)
      .innerJoin(accounts, eq(accounts.id, paymentItems.accountId))
      .where(and(inArray(paymentItems.paymentId, paymentIds), eq(accounts.companyId, companyId)))
      .orderBy(asc(accounts.number));
    for (const i of items) numbers.set(i.paymentId, [...(numbers.get(i.paymentId) ?? []), i.number]);
  }
  return {
    balance: bal?.balance ?? 0,
    currency: "RUB" as const,
    data: res.data.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      amount: e.amount,
      balance_after: e.balanceAfter,
      payment_id: e.paymentId,
      account_numbers: e.paymentId ? (numbers.get(e.paymentId) ?? []) : [],
      description: describeEntry(e.kind, e.description, ctx.lang),
      created_at: e.createdAt.toISOString(),
    })),
    next_cursor: res.next_cursor,
  };
}
