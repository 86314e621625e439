import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { invalidField } from "../errors/index";

/**
 * Opaque keyset cursors: the last row's sort key, as base64url JSON. Clients must not build them;
 * a damaged one is a 400 naming `cursor`, never a 500.
 */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  check: (v: Record<string, unknown>) => v is T,
): T | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (value && typeof value === "object" && check(value as Record<string, unknown>)) return value as T;
  } catch {
    /* fall through */
  }
  throw invalidField("query.cursor", "invalid_cursor", {
    ru: "Неверный курсор: возьмите next_cursor из предыдущего ответа",
    en: "Invalid cursor: use next_cursor from the previous response",
  });
}

/** Fetch `limit + 1` rows; this trims the extra one and makes the next cursor from the last kept row. */
export function page<R>(rows: R[], limit: number, keyOf: (r: R) => Record<string, string | number>) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor(keyOf(last)) : null };
}

type TimeIdKey = { t: string; id: string };
const isTimeIdKey = (v: Record<string, unknown>): v is TimeIdKey =>
  typeof v.t === "string" && typeof v.id === "string";

/**
 * The keyset of a list ordered newest first by (timestamp, uuid): the WHERE condition for the page
 * after `cursor`, or undefined for the first page. Pair it with `newestFirstKey` in `page()`.
 */
export function newestFirstAfter(
  cursor: string | undefined,
  time: AnyPgColumn,
  id: AnyPgColumn,
): SQL | undefined {
  const key = decodeCursor(cursor, isTimeIdKey);
  return key ? sql`(${time}, ${id}) < (${key.t}::timestamptz, ${key.id}::uuid)` : undefined;
}

export const newestFirstKey = (time: Date, id: string): TimeIdKey => ({ t: time.toISOString(), id });
