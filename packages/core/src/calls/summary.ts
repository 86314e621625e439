import { calls, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { requirePermission } from "../context/index";
import { localIso } from "../time/index";
import { type CallFilterInput, resolveCallFilter } from "./filters";

/** SELECT list of the totals of a set of calls (count, seconds, billable minutes, cost). */
export const totalsColumns = sql`count(*) AS count, coalesce(sum(${calls.durationSec}), 0) AS duration_sec,
  coalesce(sum(${calls.billableSec}), 0) AS billable_sec, coalesce(sum(${calls.cost}), 0) AS cost`;

export type TotalsRow = { count: unknown; duration_sec: unknown; billable_sec: unknown; cost: unknown };

/** Aggregates come back as strings (postgres.js bigint) or numbers (PGlite): all are exact below 2^53. */
export const presentTotals = (r: TotalsRow) => {
  const billable = Number(r.billable_sec);
  return {
    count: Number(r.count),
    duration_sec: Number(r.duration_sec),
    billable_sec: billable,
    minutes: Math.round((billable / 60) * 100) / 100,
    cost_amount: Number(r.cost),
    currency: "RUB" as const,
  };
};

/** Totals for the same filter as the call list. */
export async function callsSummary({ ctx, input }: { ctx: Ctx; input: CallFilterInput }) {
  requirePermission(ctx, "calls:read");
  const filter = await resolveCallFilter(ctx, input);
  const [row] = await rows<TotalsRow>(
    ctx.db,
    sql`SELECT ${totalsColumns} FROM ${calls} WHERE ${filter.where}`,
  );
  return {
    from: localIso(filter.from, ctx.config.timeZone),
    to: localIso(filter.to, ctx.config.timeZone),
    ...presentTotals(row ?? { count: 0, duration_sec: 0, billable_sec: 0, cost: 0 }),
  };
}
