import { accountGroups, accounts } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, requireSomeField } from "../errors/index";
import { groupNotEmpty, groupNotFound, topLevelForbidden } from "./errors";
import { presentGroup } from "./list-groups";
import { groupVisible, loadGroups, withDescendants } from "./tree";

export interface GroupInput {
  name?: string | undefined;
  parent_id?: string | null | undefined;
  cost_center?: string | null | undefined;
}

export async function createGroup({ ctx, input }: { ctx: Ctx; input: GroupInput & { name: string } }) {
  requirePermission(ctx, "accounts:write");
  const scope = companyScope(ctx);
  const all = await loadGroups(ctx.db, scope.companyId);
  const parentId = input.parent_id ?? null;
  if (parentId === null && scope.groupIds !== null) throw topLevelForbidden();
  if (parentId !== null && !(all.some((g) => g.id === parentId) && groupVisible(scope, parentId))) {
    throw groupNotFound();
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(accountGroups)
      .values({
        companyId: scope.companyId,
        parentId,
        name: input.name,
        costCenter: input.cost_center ?? null,
        createdAt: ctx.now(),
      })
      .returning();
    await audit(tx, ctx, {
      action: "groups.created",
      entityType: "group",
      entityId: row!.id,
      data: { ...input },
    });
    return presentGroup([...all, row!], row!, 0);
  });
}

export async function updateGroup({ ctx, input }: { ctx: Ctx; input: GroupInput & { id: string } }) {
  requirePermission(ctx, "accounts:write");
  requireSomeField(input, ["name", "parent_id", "cost_center"]);
  const scope = companyScope(ctx);
  const all = await loadGroups(ctx.db, scope.companyId);
  const group = all.find((g) => g.id === input.id);
  if (!group || !groupVisible(scope, group.id)) throw groupNotFound();
  if (input.parent_id !== undefined) {
    if (input.parent_id === null && scope.groupIds !== null) throw topLevelForbidden();
    if (input.parent_id !== null) {
      if (!all.some((g) => g.id === input.parent_id) || !groupVisible(scope, input.parent_id)) {
        throw groupNotFound();
      }
      if (withDescendants(all, group.id).includes(input.parent_id)) {
        throw invalidField("parent_id", "group_cycle", {
          ru: "Группу нельзя вложить в саму себя или в её подгруппу",
          en: "A group cannot be placed inside itself or its subgroup",
        });
      }
    }
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(accountGroups)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.parent_id !== undefined ? { parentId: input.parent_id } : {}),
        ...(input.cost_center !== undefined ? { costCenter: input.cost_center } : {}),
      })
      .where(and(eq(accountGroups.id, group.id), eq(accountGroups.companyId, scope.companyId)))
      .returning();
    await audit(tx, ctx, {
      action: "groups.updated",
      entityType: "group",
      entityId: group.id,
      data: { ...input },
    });
    const n = await tx.$count(accounts, eq(accounts.groupId, group.id));
    const updated = all.map((g) => (g.id === row!.id ? row! : g));
    return presentGroup(updated, row!, n);
  });
}

/** Only an empty group goes: accounts and subgroups must be moved out first. */
export async function deleteGroup({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requirePermission(ctx, "accounts:write");
  const scope = companyScope(ctx);
  const all = await loadGroups(ctx.db, scope.companyId);
  const group = all.find((g) => g.id === input.id);
  if (!group || !groupVisible(scope, group.id)) throw groupNotFound();
  if (all.some((g) => g.parentId === group.id)) throw groupNotEmpty();
  await ctx.db.transaction(async (tx) => {
    const n = await tx.$count(accounts, eq(accounts.groupId, group.id));
    if (n > 0) throw groupNotEmpty();
    await tx.delete(accountGroups).where(eq(accountGroups.id, group.id));
    await audit(tx, ctx, {
      action: "groups.deleted",
      entityType: "group",
      entityId: group.id,
      data: { name: group.name },
    });
  });
}
