import { calls, rows } from "@lk/db";
import { and, sql } from "drizzle-orm";
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

/**
 * One page's columns, written out once as SQL: the hottest read of the cabinet skips the query
 * builder's per-request SQL generation and per-cell mapping (~20 % of the API's CPU on this route,
 * docs/calls.md). `calls`/`accounts` keep their table names so the filter's conditions apply.
 */
const pageColumns = sql.raw(`calls.id, calls.account_id, accounts.number AS account_number, calls.service_id,
  calls.started_at, calls.duration_sec, calls.billable_sec, calls.direction, calls.caller, calls.callee,
  calls.destination_type, calls.cost`);

/** A row as the drivers return it: bigints as strings (postgres.js) or numbers/bigints (PGlite). */
export type CallRow = {
  id: string | number | bigint;
  account_id: string;
  account_number: string;
  service_id: string | null;
  started_at: string | Date;
  duration_sec: number;
  billable_sec: number;
  direction: "outgoing" | "incoming";
  caller: string;
  callee: string;
  destination_type: "local" | "long_distance" | "international" | "mobile";
  cost: string | number | bigint;
};

/**
 * A timestamptz as ISO 8601 with milliseconds, as Date#toISOString() writes it. postgres.js hands
 * over PostgreSQL's text ("2026-05-03 10:11:12.123456+00" in a UTC session); rewriting it is ~10×
 * cheaper than parsing it into a Date, and a page has 50 of them. PGlite hands over Dates.
 */
export function iso(t: string | Date): string {
  if (t instanceof Date) return t.toISOString();
  if (t.length < 22 || t.charCodeAt(10) !== 32 || !t.endsWith("+00")) return new Date(t).toISOString();
  const frac = t.charCodeAt(19) === 46 ? `${t.slice(20, t.length - 3)}00`.slice(0, 3) : "000";
  return `${t.slice(0, 10)}T${t.slice(11, 19)}.${frac}Z`;
}

export const presentCall = (r: CallRow) => ({
  id: String(r.id),
  account_id: r.account_id,
  account_number: r.account_number,
  service_id: r.service_id,
  started_at: iso(r.started_at),
  duration_sec: Number(r.duration_sec),
  billable_sec: Number(r.billable_sec),
  direction: r.direction,
  caller: r.caller,
  callee: r.callee,
  destination_type: r.destination_type,
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
  const found = await rows<CallRow>(
    ctx.db,
    sql`SELECT ${pageColumns} FROM calls JOIN accounts ON accounts.id = calls.account_id
         WHERE ${and(filter.where, after ? afterKey(after.t, after.i) : undefined)}
         ORDER BY calls.started_at, calls.id LIMIT ${input.limit + 1}`,
  );
  if (found.length === 0) await filter.checkAccount();
  // The cursor keeps the database's own text of the time: ISO milliseconds would drop
  // microseconds, and a row at …12.123456 would come again after a cursor at …12.123.
  const result = page(found, input.limit, (r) => ({
    t: typeof r.started_at === "string" ? r.started_at : r.started_at.toISOString(),
    i: Number(r.id),
  }));
  return { data: result.data.map(presentCall), next_cursor: result.next_cursor };
}
