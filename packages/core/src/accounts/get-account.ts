import { accountGroups, accounts, companies, ledgerEntries } from "@lk/db";
import { and, desc, eq } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { notFound } from "../errors/index";
import { describeEntry } from "../ledger/describe";
import { listAccountServices } from "../services/list-services";
import { presentAccount } from "./present";
import { visibleAccountsCondition } from "./visibility";

export const accountNotFound = () => notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");

/** An account, with its services and the latest 20 ledger lines. */
export async function getAccount({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const [row] = await ctx.db
    .select({ a: accounts, g: accountGroups, billing: companies.billingSystem })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .leftJoin(accountGroups, eq(accountGroups.id, accounts.groupId))
    .where(and(eq(accounts.id, input.id), visibleAccountsCondition(scope)));
  if (!row) throw accountNotFound();
  const ledger = await ctx.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, row.a.id), eq(ledgerEntries.companyId, scope.companyId)))
    .orderBy(desc(ledgerEntries.id))
    .limit(20);
  const services = await listAccountServices(ctx.db, scope.companyId, row.a.id);
  return {
    ...presentAccount(row.a, row.g, row.billing),
    services,
    recent_ledger: ledger.map((l) => ({
      id: l.id,
      kind: l.kind,
      amount: l.amount,
      balance_after_amount: l.balanceAfter,
      currency: "RUB" as const,
      // Stored in Russian; said in the caller's language (ledger/describe.ts).
      description: describeEntry(l.kind, l.description, ctx.lang),
      effective_at: l.effectiveAt.toISOString(),
    })),
  };
}

/** Loads a visible account or throws 404 (for services that act on an account). */
export async function findVisibleAccount(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), visibleAccountsCondition(companyScope(ctx))));
  if (!row) throw accountNotFound();
  return row;
}
