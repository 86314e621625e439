/**
 * The SQLSTATE of a database error from either driver: postgres.js throws it with `code`, drizzle
 * wraps driver errors and keeps the original as `cause`; PGlite's errors carry `code` too.
 */
export const sqlState = (e: unknown): string | undefined => {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err?.cause?.code ?? err?.code;
  return typeof code === "string" ? code : undefined;
};

/** The name of the constraint a database error names (postgres.js: constraint_name; PGlite: constraint). */
const constraintOf = (e: unknown): string | undefined => {
  for (const x of [(e as { cause?: unknown } | null)?.cause, e]) {
    const c = x as { constraint_name?: unknown; constraint?: unknown } | null | undefined;
    const name = c?.constraint_name ?? c?.constraint;
    if (typeof name === "string") return name;
  }
  return undefined;
};

/** A unique violation (23505), of the named index or constraint when one is given. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  sqlState(e) === "23505" && (constraint === undefined || constraintOf(e) === constraint);
