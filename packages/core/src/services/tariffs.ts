import { type ServiceKind, tariffRates, tariffs } from "@lk/db";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import { type Ctx, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";

type Key = { code: string };
const isKey = (v: Record<string, unknown>): v is Key => typeof v.code === "string";

/** The operator's tariff catalogue (the same for every company), ordered by code. */
export async function listTariffs({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    kind?: ServiceKind | undefined;
    include_inactive?: boolean;
  };
}) {
  requirePermission(ctx, "accounts:read");
  const cursor = decodeCursor(input.cursor, isKey);
  const where: (SQL | undefined)[] = [];
  if (!input.include_inactive) where.push(eq(tariffs.active, true));
  if (input.kind) where.push(eq(tariffs.kind, input.kind));
  if (cursor) where.push(gt(tariffs.code, cursor.code));
  const found = await ctx.db
    .select()
    .from(tariffs)
    .where(and(...where))
    .orderBy(asc(tariffs.code))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (t) => ({ code: t.code }));
  const ids = p.data.map((t) => t.id);
  const rates = ids.length
    ? await ctx.db.select().from(tariffRates).where(inArray(tariffRates.tariffId, ids))
    : [];
  const order = ["local", "long_distance", "mobile", "international"];
  return {
    data: p.data.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      kind: t.kind,
      monthly_fee_amount: t.monthlyFee,
      currency: "RUB" as const,
      rounding: t.rounding,
      description: t.description,
      active: t.active,
      rates: rates
        .filter((r) => r.tariffId === t.id)
        .sort((a, b) => order.indexOf(a.destinationType) - order.indexOf(b.destinationType))
        .map((r) => ({
          destination_type: r.destinationType,
          per_minute_amount: r.perMinute,
          currency: "RUB" as const,
        })),
    })),
    next_cursor: p.next_cursor,
  };
}
