import { accounts, services } from "@lk/db";
import { and, eq, or, type SQL, sql } from "drizzle-orm";

/** A Russian phone in any common spelling → +7XXXXXXXXXX, or null. */
export function normalizeSearchPhone(input: string): string | null {
  const digits = input.replace(/[\s()+.-]/g, "");
  if (!/^\d{10,11}$/.test(digits)) return null;
  const d = digits.length === 11 && /^[78]/.test(digits) ? digits.slice(1) : digits;
  return d.length === 10 ? `+7${d}` : null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * What `?q=` matches: an account number prefix, a service identifier (a phone in any spelling,
 * a login or its prefix, case-insensitive), or a contract number (exact or prefix, case-insensitive).
 */
export function accountSearchCondition(q: string): SQL {
  const text = q.trim();
  const lower = escapeLike(text.toLowerCase());
  const conds: SQL[] = [
    sql`lower(${accounts.contractNumber}) LIKE ${`${lower}%`}`,
    sql`EXISTS (SELECT 1 FROM ${services} WHERE ${and(
      eq(services.accountId, accounts.id),
      sql`lower(${services.identifier}) LIKE ${`${lower}%`}`,
    )})`,
  ];
  const digits = text.replace(/\s/g, "");
  if (/^\d{1,12}$/.test(digits)) conds.push(sql`${accounts.number} LIKE ${`${digits}%`}`);
  const phone = normalizeSearchPhone(text);
  if (phone) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM ${services} WHERE ${and(eq(services.accountId, accounts.id), eq(services.identifier, phone))})`,
    );
  }
  return or(...conds)!;
}
