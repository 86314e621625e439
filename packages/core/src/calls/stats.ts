import { calls, rows } from "@lk/db";
import { type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { requirePermission } from "../context/index";
import { localIso } from "../time/index";
import { type CallFilterInput, resolveCallFilter } from "./filters";
import { presentTotals, type TotalsRow, totalsColumns } from "./summary";

export type CallStatsBy = "day" | "destination_type" | "top_numbers";

export interface CallStatsInput extends CallFilterInput {
  by: CallStatsBy;
  /** How many numbers `top_numbers` returns. */
  top?: number | undefined;
}

/** The number on the other end of the line: whom we called, or who called us. */
const remoteNumber = sql`CASE WHEN ${calls.direction} = 'outgoing' THEN ${calls.callee} ELSE ${calls.caller} END`;

function grouping(by: CallStatsBy, top: number, tz: string): { key: SQL; order: SQL; limit: SQL } {
  switch (by) {
    case "day":
      return {
        // The operator's local day (ADR 0080): a call at 00:30 MSK on the 1st is the 1st's.
        key: sql`to_char(${calls.startedAt} AT TIME ZONE ${tz}::text, 'YYYY-MM-DD')`,
        order: sql`1`,
        limit: sql``,
      };
    case "destination_type":
      return { key: sql`${calls.destinationType}`, order: sql`1`, limit: sql`` };
    case "top_numbers":
      return {
        key: remoteNumber,
        order: sql`count(*) DESC, sum(${calls.cost}) DESC, 1`,
        limit: sql`LIMIT ${top}`,
      };
  }
}

/** Calls grouped by local day (the operator's time zone), by destination type, or by the most frequent remote numbers. */
export async function callStats({ ctx, input }: { ctx: Ctx; input: CallStatsInput }) {
  requirePermission(ctx, "calls:read");
  const filter = await resolveCallFilter(ctx, input);
  const g = grouping(input.by, input.top ?? 10, ctx.config.timeZone);
  const result = await rows<TotalsRow & { key: string }>(
    ctx.db,
    sql`SELECT ${g.key} AS key, ${totalsColumns} FROM ${calls} WHERE ${filter.where}
        GROUP BY 1 ORDER BY ${g.order} ${g.limit}`,
  );
  return {
    by: input.by,
    from: localIso(filter.from, ctx.config.timeZone),
    to: localIso(filter.to, ctx.config.timeZone),
    data: result.map((r) => ({ key: String(r.key), ...presentTotals(r) })),
  };
}
