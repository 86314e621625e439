import { accounts, type Queryable, services, tariffs } from "@lk/db";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { notFound } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { presentService } from "./present";

export const serviceNotFound = () => notFound({ ru: "Услуга", en: "Service" }, "service_not_found");

/** Services of one account (the caller has already checked the account is visible). */
export async function listAccountServices(db: Queryable, companyId: string, accountId: string) {
  const found = await db
    .select({ s: services, t: tariffs, number: accounts.number })
    .from(services)
    .innerJoin(tariffs, eq(tariffs.id, services.tariffId))
    .innerJoin(accounts, eq(accounts.id, services.accountId))
    .where(and(eq(services.companyId, companyId), eq(services.accountId, accountId)))
    .orderBy(asc(services.createdAt), asc(services.id));
  return found.map((r) => presentService(r.s, r.t, r.number));
}

type Key = { id: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.id === "string";

export async function listServices({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    account_id?: string | undefined;
    status?: (typeof services.$inferSelect)["status"] | undefined;
    kind?: (typeof services.$inferSelect)["kind"] | undefined;
  };
}) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const cursor = decodeCursor(input.cursor, isKey);
  const where: (SQL | undefined)[] = [
    eq(services.companyId, scope.companyId),
    visibleAccountsCondition(scope),
  ];
  if (input.account_id) where.push(eq(services.accountId, input.account_id));
  if (input.status) where.push(eq(services.status, input.status));
  if (input.kind) where.push(eq(services.kind, input.kind));
  if (cursor) where.push(gt(services.id, cursor.id));
  const found = await ctx.db
    .select({ s: services, t: tariffs, number: accounts.number })
    .from(services)
    .innerJoin(tariffs, eq(tariffs.id, services.tariffId))
    .innerJoin(accounts, eq(accounts.id, services.accountId))
    .where(and(...where))
    .orderBy(asc(services.id))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (r) => ({ id: r.s.id }));
  return { data: p.data.map((r) => presentService(r.s, r.t, r.number)), next_cursor: p.next_cursor };
}

export async function getService({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const [r] = await ctx.db
    .select({ s: services, t: tariffs, number: accounts.number })
    .from(services)
    .innerJoin(tariffs, eq(tariffs.id, services.tariffId))
    .innerJoin(accounts, eq(accounts.id, services.accountId))
    .where(
      and(
        eq(services.id, input.id),
        eq(services.companyId, scope.companyId),
        visibleAccountsCondition(scope),
      ),
    );
  if (!r) throw serviceNotFound();
  return presentService(r.s, r.t, r.number);
}
