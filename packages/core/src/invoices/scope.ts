import { accountGroups, accounts, type Queryable } from "@lk/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/index";
import type { CompanyScope } from "../context/index";
import { notFound } from "../errors/index";

/**
 * The accounts condition for document and invoice queries: the caller's visible accounts,
 * narrowed to one account or one group (with its subgroups). A group or account of another
 * company is a 404, as if it did not exist.
 */
export async function accountFilter(
  db: Queryable,
  scope: CompanyScope,
  f: { accountId?: string | undefined; groupId?: string | undefined },
): Promise<SQL> {
  const parts: SQL[] = [visibleAccountsCondition(scope)];
  if (f.accountId) {
    const [a] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.id, f.accountId), visibleAccountsCondition(scope)));
    if (!a) throw notFound({ ru: "Лицевой счёт", en: "Account" });
    parts.push(eq(accounts.id, f.accountId));
  }
  if (f.groupId) {
    const [g] = await db
      .select({ id: accountGroups.id })
      .from(accountGroups)
      .where(and(eq(accountGroups.id, f.groupId), eq(accountGroups.companyId, scope.companyId)));
    if (!g) throw notFound({ ru: "Группа", en: "Group" });
    parts.push(
      sql`${accounts.groupId} IN (WITH RECURSIVE t(id) AS (
            SELECT ${f.groupId}::uuid
            UNION ALL SELECT g.id FROM account_groups g JOIN t ON g.parent_id = t.id)
          SELECT id FROM t)`,
    );
  }
  return and(...parts)!;
}
