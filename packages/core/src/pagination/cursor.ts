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
