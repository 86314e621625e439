import { accounts } from "@lk/db";
import { type SQL, sql } from "drizzle-orm";

/**
 * Billing walks the accounts company by company, in (company_id, id) order (index
 * accounts_company_id_idx): a batch then holds one or two companies, so its service lookups
 * stay within them and a company hears of its invoices in one digest, not in one per batch
 * (docs/adr/0067-billing-batches-follow-companies.md).
 */
export interface AccountKey {
  companyId: string;
  id: string;
}

const NIL = "00000000-0000-0000-0000-000000000000";
export const BEFORE_FIRST_ACCOUNT: AccountKey = { companyId: NIL, id: NIL };

/** Accounts after `key` in walking order. */
export const afterAccount = (key: AccountKey): SQL =>
  sql`(${accounts.companyId}, ${accounts.id}) > (${key.companyId}::uuid, ${key.id}::uuid)`;

export const accountOrder = [accounts.companyId, accounts.id] as const;

export const keyOf = (row: { companyId: string; id: string }): AccountKey => ({
  companyId: row.companyId,
  id: row.id,
});
