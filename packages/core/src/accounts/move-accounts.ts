import { accounts } from "@lk/db";
import { and, inArray } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { groupNotFound, topLevelForbidden } from "../groups/errors";
import { groupVisible, loadGroups } from "../groups/tree";
import { accountNotFound } from "./get-account";
import { visibleAccountsCondition } from "./visibility";

/** Moves accounts into a group (null: out of every group) in one transaction: all or nothing. */
export async function moveAccounts({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { account_ids: string[]; group_id: string | null };
}) {
  requirePermission(ctx, "accounts:write");
  const scope = companyScope(ctx);
  if (input.group_id === null) {
    if (scope.groupIds !== null) throw topLevelForbidden();
  } else {
    const groups = await loadGroups(ctx.db, scope.companyId);
    if (!groups.some((g) => g.id === input.group_id) || !groupVisible(scope, input.group_id))
      throw groupNotFound();
  }
  const ids = [...new Set(input.account_ids)];
  return ctx.db.transaction(async (tx) => {
    const moved = await tx
      .update(accounts)
      .set({ groupId: input.group_id })
      .where(and(inArray(accounts.id, ids), visibleAccountsCondition(scope)))
      .returning({ id: accounts.id });
    // Any id the caller cannot see rolls the whole move back: never a partial move.
    if (moved.length !== ids.length) throw accountNotFound();
    await audit(tx, ctx, {
      action: "accounts.moved",
      entityType: "group",
      entityId: input.group_id ?? "none",
      data: { account_ids: ids },
    });
    return { moved: moved.length };
  });
}
