import { accountGroups, type Queryable } from "@lk/db";
import { eq } from "drizzle-orm";
import type { CompanyScope } from "../context/index";

export type GroupRow = typeof accountGroups.$inferSelect;

export async function loadGroups(db: Queryable, companyId: string): Promise<GroupRow[]> {
  return db.select().from(accountGroups).where(eq(accountGroups.companyId, companyId));
}

/** The group and all groups below it (the tree is small: one company's groups, in memory). */
export function withDescendants(groups: GroupRow[], rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    for (const g of groups) if (g.parentId === out[i] && !out.includes(g.id)) out.push(g.id);
  }
  return out;
}

/** Names from the top down to the group. */
export function pathOf(groups: GroupRow[], id: string): string[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const path: string[] = [];
  for (let g = byId.get(id); g && path.length < 50; g = g.parentId ? byId.get(g.parentId) : undefined) {
    path.unshift(g.name);
  }
  return path;
}

export const groupVisible = (scope: CompanyScope, groupId: string) =>
  scope.groupIds === null || scope.groupIds.includes(groupId);
