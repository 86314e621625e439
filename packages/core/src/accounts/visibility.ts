import { accounts } from "@lk/db";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { CompanyScope } from "../context/index";

/**
 * The condition every query of account-derived data must carry: the account belongs to the
 * caller's company and, for a user limited to some groups, sits in one of them (subgroups are
 * already expanded in `scope.groupIds`). Join `accounts` and put this in the WHERE clause.
 * A restricted user never sees accounts without a group; an empty list sees nothing.
 * Group membership is resolved per request, so accounts moved into a visible group later show up.
 */
export function visibleAccountsCondition(scope: CompanyScope): SQL {
  const company = eq(accounts.companyId, scope.companyId);
  if (scope.groupIds === null) return company;
  if (scope.groupIds.length === 0) return and(company, sql`false`)!;
  return and(company, inArray(accounts.groupId, scope.groupIds))!;
}
