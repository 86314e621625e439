import { accountGroups, accounts, companies } from "@lk/db";
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { groupNotFound } from "../groups/errors";
import { groupVisible, loadGroups, withDescendants } from "../groups/tree";
import { decodeCursor, page } from "../pagination/cursor";
import { presentAccount } from "./present";
import { accountSearchCondition } from "./search";
import { visibleAccountsCondition } from "./visibility";

export type AccountSort = "number" | "-number" | "balance" | "-balance" | "created" | "-created";

export interface ListAccountsInput {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  group_id?: string | undefined;
  status?: "active" | "suspended" | "closed" | undefined;
  balance_below?: number | undefined;
  sort: AccountSort;
}

type Key = { k: string | number; id: string };
const isKey = (v: Record<string, unknown>): v is Key =>
  (typeof v.k === "string" || typeof v.k === "number") && typeof v.id === "string";

/** The sort column and how a cursor value is cast back to its type for the keyset comparison. */
function sortSpec(sort: AccountSort) {
  const field = sort.replace("-", "") as "number" | "balance" | "created";
  const descending = sort.startsWith("-");
  const col =
    field === "number" ? accounts.number : field === "balance" ? accounts.balance : accounts.createdAt;
  const cast = (k: string | number): SQL =>
    field === "number"
      ? sql`${String(k)}::bpchar`
      : field === "balance"
        ? sql`${Number(k)}::bigint`
        : sql`${String(k)}::timestamptz`;
  const keyOf = (a: typeof accounts.$inferSelect): Key => ({
    k: field === "number" ? a.number : field === "balance" ? a.balance : a.createdAt.toISOString(),
    id: a.id,
  });
  return { col, descending, cast, keyOf };
}

export async function listAccounts({ ctx, input }: { ctx: Ctx; input: ListAccountsInput }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const spec = sortSpec(input.sort);
  const cursor = decodeCursor(input.cursor, isKey);
  const where: (SQL | undefined)[] = [visibleAccountsCondition(scope)];
  if (input.group_id) {
    const groups = await loadGroups(ctx.db, scope.companyId);
    if (!groups.some((g) => g.id === input.group_id) || !groupVisible(scope, input.group_id))
      throw groupNotFound();
    where.push(inArray(accounts.groupId, withDescendants(groups, input.group_id)));
  }
  if (input.status) where.push(eq(accounts.status, input.status));
  if (input.balance_below !== undefined) where.push(lt(accounts.balance, input.balance_below));
  if (input.q) where.push(accountSearchCondition(input.q));
  if (cursor) {
    const op = spec.descending ? sql`<` : sql`>`;
    where.push(sql`(${spec.col}, ${accounts.id}) ${op} (${spec.cast(cursor.k)}, ${cursor.id}::uuid)`);
  }
  const order = spec.descending ? [desc(spec.col), desc(accounts.id)] : [asc(spec.col), asc(accounts.id)];
  const found = await ctx.db
    .select({ a: accounts, g: accountGroups, billing: companies.billingSystem })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .leftJoin(accountGroups, eq(accountGroups.id, accounts.groupId))
    .where(and(...where))
    .orderBy(...order)
    .limit(input.limit + 1);
  const p = page(found, input.limit, (r) => spec.keyOf(r.a));
  return { data: p.data.map((r) => presentAccount(r.a, r.g, r.billing)), next_cursor: p.next_cursor };
}
