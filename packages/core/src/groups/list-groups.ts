import { accounts } from "@lk/db";
import { count, eq } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { type GroupRow, groupVisible, loadGroups, pathOf } from "./tree";

export function presentGroup(all: GroupRow[], g: GroupRow, accountsCount: number) {
  return {
    id: g.id,
    parent_id: g.parentId,
    name: g.name,
    cost_center: g.costCenter,
    path: pathOf(all, g.id),
    accounts_count: accountsCount,
    created_at: g.createdAt.toISOString(),
  };
}

/** The company's group tree (flat, parents before children); a restricted user sees only theirs. */
export async function listGroups({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const all = await loadGroups(ctx.db, scope.companyId);
  const counts = await ctx.db
    .select({ groupId: accounts.groupId, n: count() })
    .from(accounts)
    .where(eq(accounts.companyId, scope.companyId))
    .groupBy(accounts.groupId);
  const byGroup = new Map(counts.map((c) => [c.groupId, Number(c.n)]));
  const visible = all.filter((g) => groupVisible(scope, g.id));
  visible.sort((a, b) => pathOf(all, a.id).join("/").localeCompare(pathOf(all, b.id).join("/"), "ru"));
  return { data: visible.map((g) => presentGroup(all, g, byGroup.get(g.id) ?? 0)), next_cursor: null };
}
