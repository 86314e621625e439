import { bonusBalances, bonusEntries } from "@lk/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";

type Key = { id: number };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.id === "number";

/** The company's bonus balance and its history, newest first. */
export async function getBonuses({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; cursor?: string | undefined };
}) {
  requirePermission(ctx, "accounts:read");
  const { companyId } = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const [bal] = await ctx.db.select().from(bonusBalances).where(eq(bonusBalances.companyId, companyId));
  const rows = await ctx.db
    .select()
    .from(bonusEntries)
    .where(and(eq(bonusEntries.companyId, companyId), after ? lt(bonusEntries.id, after.id) : undefined))
    .orderBy(desc(bonusEntries.id))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ id: r.id }));
  return {
    balance: bal?.balance ?? 0,
    currency: "RUB" as const,
    data: res.data.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      amount: e.amount,
      balance_after: e.balanceAfter,
      payment_id: e.paymentId,
      description: e.description,
      created_at: e.createdAt.toISOString(),
    })),
    next_cursor: res.next_cursor,
  };
}
