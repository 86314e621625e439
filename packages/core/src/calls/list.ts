import { accounts, calls } from "@lk/db";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";
import { type CallFilterInput, resolveCallFilter } from "./filters";

export interface ListCallsInput extends CallFilterInput {
  limit: number;
  cursor?: string | undefined;
}

type CallCursor = { t: string; i: number };
const isCallCursor = (v: Record<string, unknown>): v is CallCursor =>
  typeof v.t === "string" && !Number.isNaN(Date.parse(v.t)) && Number.isSafeInteger(v.i);

/** The columns every call view shows (list, export). */
export const callColumns = {
  id: calls.id,
  accountId: calls.accountId,
  accountNumber: accounts.number,
  serviceId: calls.serviceId,
  startedAt: calls.startedAt,
  durationSec: calls.durationSec,
  billableSec: calls.billableSec,
  direction: calls.direction,
  caller: calls.caller,
  callee: calls.callee,
  destinationType: calls.destinationType,
  cost: calls.cost,
};

export type CallRow = {
  id: number;
  accountId: string;
  accountNumber: string;
  serviceId: string | null;
  startedAt: Date;
  durationSec: number;
  billableSec: number;
  direction: "outgoing" | "incoming";
  caller: string;
  callee: string;
  destinationType: "local" | "long_distance" | "international" | "mobile";
  cost: number;
};

export const presentCall = (r: CallRow) => ({
  id: String(r.id),
  account_id: r.accountId,
  account_number: r.accountNumber,
  service_id: r.serviceId,
  started_at: r.startedAt.toISOString(),
  duration_sec: r.durationSec,
  billable_sec: r.billableSec,
  direction: r.direction,
  caller: r.caller,
  callee: r.callee,
  destination_type: r.destinationType,
  cost_amount: Number(r.cost),
  currency: "RUB" as const,
});

/** The keyset condition: rows strictly after (started_at, id) of the cursor. */
export const afterKey = (t: string, id: number) =>
  sql`(${calls.startedAt}, ${calls.id}) > (${t}::timestamptz, ${id}::bigint)`;

/**
 * Call details for a filter, oldest first, keyset-paginated on (started_at, id): pages stay
 * stable while new records arrive, and the index on (company, account, started_at, id) serves it.
 */
export async function listCalls({ ctx, input }: { ctx: Ctx; input: ListCallsInput }) {
  requirePermission(ctx, "calls:read");
  // The account's visibility is checked only when the page is empty: a row found is proof enough.
  const filter = await resolveCallFilter(ctx, input, { deferAccountCheck: true });
  const after = decodeCursor(input.cursor, isCallCursor);
  const rows = await ctx.db
    .select(callColumns)
    .from(calls)
    .innerJoin(accounts, eq(accounts.id, calls.accountId))
    .where(and(filter.where, after ? afterKey(after.t, after.i) : undefined))
    .orderBy(asc(calls.startedAt), asc(calls.id))
    .limit(input.limit + 1);
  if (rows.length === 0) await filter.checkAccount();
  const result = page(rows as CallRow[], input.limit, (r) => ({
    t: r.startedAt.toISOString(),
    i: Number(r.id),
  }));
  return { data: result.data.map(presentCall), next_cursor: result.next_cursor };
}
