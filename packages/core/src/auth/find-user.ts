import { type Queryable, users } from "@lk/db";
import { eq, or, sql } from "drizzle-orm";

/** Digits of a phone as stored: +7XXXXXXXXXX. Accepts 8XXXXXXXXXX, 7…, with spaces/brackets/dashes. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s()+-]/g, "");
  if (!/^\d{10,11}$/.test(digits)) return null;
  const d =
    digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7")) ? digits.slice(1) : digits;
  return d.length === 10 ? `+7${d}` : null;
}

/** Users sign in with their login, e-mail or phone. */
export async function findUserByIdentifier(db: Queryable, identifier: string) {
  const id = identifier.trim();
  const phone = normalizePhone(id);
  const [user] = await db
    .select()
    .from(users)
    .where(
      or(
        eq(users.login, id.toLowerCase()),
        sql`lower(${users.email}) = ${id.toLowerCase()}`,
        ...(phone ? [eq(users.phone, phone)] : []),
      ),
    )
    .limit(1);
  return user;
}
