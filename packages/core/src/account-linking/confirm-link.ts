import { accountLinkCodes, accounts, services, serviceTariffHistory, UNASSIGNED_COMPANY_ID } from "@lk/db";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getAccount } from "../accounts/get-account";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { conflict } from "../errors/index";
import { codeExpired, linkNotFound, wrongCode } from "./errors";
import { hashLinkCode, LINK_CODE_TRIES } from "./request-link";

/**
 * Step 2: the code from the account's contact. Right within 5 minutes and 3 tries → the account,
 * its services and their history move to the company (into the chosen group).
 */
export async function confirmAccountLink({ ctx, input }: { ctx: Ctx; input: { id: string; code: string } }) {
  requirePermission(ctx, "accounts:write");
  const scope = companyScope(ctx);
  const now = ctx.now();
  const [link] = await ctx.db
    .select()
    .from(accountLinkCodes)
    .where(and(eq(accountLinkCodes.id, input.id), eq(accountLinkCodes.companyId, scope.companyId)));
  if (!link) throw linkNotFound();
  if (link.usedAt || link.expiresAt <= now || link.attempts >= LINK_CODE_TRIES) throw codeExpired();
  if (link.codeHash !== hashLinkCode(link.id, input.code)) {
    const attempts = link.attempts + 1;
    await ctx.db.update(accountLinkCodes).set({ attempts }).where(eq(accountLinkCodes.id, link.id));
    throw wrongCode(LINK_CODE_TRIES - attempts);
  }
  await ctx.db.transaction(async (tx) => {
    const used = await tx
      .update(accountLinkCodes)
      .set({ usedAt: now })
      .where(and(eq(accountLinkCodes.id, link.id), isNull(accountLinkCodes.usedAt)))
      .returning({ id: accountLinkCodes.id });
    if (used.length === 0) throw codeExpired();
    const moved = await tx
      .update(accounts)
      .set({ companyId: scope.companyId, groupId: link.groupId })
      .where(and(eq(accounts.id, link.accountId), eq(accounts.companyId, UNASSIGNED_COMPANY_ID)))
      .returning({ id: accounts.id });
    if (moved.length === 0) {
      throw conflict(
        { ru: "Лицевой счёт уже привязан к другой компании", en: "The account has been linked elsewhere" },
        "already_linked",
      );
    }
    await tx
      .update(services)
      .set({ companyId: scope.companyId })
      .where(eq(services.accountId, link.accountId));
    const svc = tx.select({ id: services.id }).from(services).where(eq(services.accountId, link.accountId));
    await tx
      .update(serviceTariffHistory)
      .set({ companyId: scope.companyId })
      .where(inArray(serviceTariffHistory.serviceId, svc));
    await audit(tx, ctx, { action: "accounts.linked", entityType: "account", entityId: link.accountId });
  });
  return getAccount({ ctx, input: { id: link.accountId } });
}
