import type { SQL } from "drizzle-orm";
import type { Queryable } from "./connect";

/**
 * Runs raw SQL and returns its rows. PGlite answers `{ rows }`, postgres.js an array of rows:
 * this hides the difference so shared code stays driver-neutral.
 */
export async function rows<T = Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
