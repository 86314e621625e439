import { accountGroups, type Tx, type UserRole, userGroups, users } from "@lk/db";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { revokeAllSessions } from "../auth/session";
import { generateLogin, insertUserWithTemporaryPassword } from "../companies/create-company";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, requireSomeField } from "../errors/index";
import { enqueueMessage } from "../outbox/outbox";
import { lastAdmin, loginTaken, userNotFound } from "./errors";
import { toUserView } from "./view";

async function groupsOf(db: Ctx["db"] | Tx, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, string[]>();
  const rows = await db.select().from(userGroups).where(inArray(userGroups.userId, userIds));
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.groupId]);
  return map;
}

async function loadUser(tx: Tx, companyId: string, id: string) {
  const [u] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.companyId, companyId)))
    .for("update");
  if (!u) throw userNotFound();
  return u;
}

/** Refuses to leave the company without an active admin. */
async function ensureAnotherAdmin(tx: Tx, companyId: string, exceptUserId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.companyId, companyId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        ne(users.id, exceptUserId),
      ),
    );
  if (!row || Number(row.n) === 0) throw lastAdmin();
}

async function checkGroups(tx: Tx, companyId: string, groupIds: string[]) {
  if (groupIds.length === 0) return;
  const found = await tx
    .select({ id: accountGroups.id })
    .from(accountGroups)
    .where(and(eq(accountGroups.companyId, companyId), inArray(accountGroups.id, groupIds)));
  if (found.length !== new Set(groupIds).size) {
    throw invalidField("group_ids", "unknown_group", { ru: "Группа не найдена", en: "Unknown group" });
  }
}

export async function listUsers({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "users:manage");
  const { companyId } = companyScope(ctx);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(users.fullName);
  const groups = await groupsOf(
    ctx.db,
    rows.map((u) => u.id),
  );
  return { data: rows.map((u) => toUserView(u, groups.get(u.id) ?? [])), next_cursor: null };
}

export interface InviteInput {
  full_name: string;
  email: string;
  phone?: string | undefined;
  role: UserRole;
  login?: string | undefined;
  group_ids?: string[] | undefined;
}

/** An admin invites a colleague: a login and a temporary password shown once to the admin. */
export async function inviteUser({ ctx, input }: { ctx: Ctx; input: InviteInput }) {
  requirePermission(ctx, "users:manage");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await checkGroups(tx, companyId, input.group_ids ?? []);
    const login =
      input.login?.toLowerCase() ?? (await generateLogin(tx, input.email.split("@")[0] ?? "user"));
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        sql`${users.login} = ${login} OR lower(${users.email}) = ${input.email.toLowerCase()}${input.phone ? sql` OR ${users.phone} = ${input.phone}` : sql``}`,
      );
    if (clash) throw loginTaken(input.login ? "login" : "email");
    const creds = await insertUserWithTemporaryPassword(
      tx,
      {
        companyId,
        login,
        fullName: input.full_name,
        role: input.role,
        email: input.email,
        phone: input.phone ?? null,
      },
      { now, ttlHours: ctx.config.auth.tempPasswordTtlHours, scryptN: ctx.config.auth.scryptN },
    );
    if (input.group_ids?.length) {
      await tx
        .insert(userGroups)
        .values(input.group_ids.map((groupId) => ({ userId: creds.userId, groupId })));
    }
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: input.email,
        subject: "Вас пригласили в ЛК Бизнес",
        body: `Здравствуйте, ${input.full_name}!\n\nВас пригласили в кабинет компании. Логин: ${login}.\nВременный пароль сообщит администратор; при первом входе его нужно сменить.`,
        kind: "user_invited",
        companyId,
        userId: creds.userId,
      },
      now,
    );
    await audit(tx, ctx, {
      action: "user.invited",
      entityType: "user",
      entityId: creds.userId,
      data: { role: input.role, login },
    });
    const [u] = await tx.select().from(users).where(eq(users.id, creds.userId));
    return {
      user: toUserView(u!, input.group_ids ?? []),
      login,
      temporary_password: creds.temporaryPassword,
      expires_at: creds.expiresAt.toISOString(),
    };
  });
}

export interface UpdateUserInput {
  full_name?: string | undefined;
  phone?: string | null | undefined;
  role?: UserRole | undefined;
}

export async function updateUser({ ctx, input }: { ctx: Ctx; input: { id: string } & UpdateUserInput }) {
  requirePermission(ctx, "users:manage");
  requireSomeField(input, ["full_name", "phone", "role"]);
  const { companyId } = companyScope(ctx);
  return ctx.db.transaction(async (tx) => {
    const u = await loadUser(tx, companyId, input.id);
    if (input.role && input.role !== "admin" && u.role === "admin")
      await ensureAnotherAdmin(tx, companyId, u.id);
    const [updated] = await tx
      .update(users)
      .set({
        ...(input.full_name !== undefined ? { fullName: input.full_name } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(users.id, u.id))
      .returning();
    await audit(tx, ctx, {
      action: "user.updated",
      entityType: "user",
      entityId: u.id,
      data: { role: input.role, full_name: input.full_name, phone: input.phone },
    });
    const groups = await groupsOf(tx, [u.id]);
    return toUserView(updated!, groups.get(u.id) ?? []);
  });
}

/** Limits a user to some groups (and their subgroups); an empty list lifts the restriction. */
export async function setUserGroups({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; group_ids: string[] };
}) {
  requirePermission(ctx, "users:manage");
  const { companyId } = companyScope(ctx);
  return ctx.db.transaction(async (tx) => {
    const u = await loadUser(tx, companyId, input.id);
    await checkGroups(tx, companyId, input.group_ids);
    await tx.delete(userGroups).where(eq(userGroups.userId, u.id));
    const ids = [...new Set(input.group_ids)];
    if (ids.length) await tx.insert(userGroups).values(ids.map((groupId) => ({ userId: u.id, groupId })));
    await audit(tx, ctx, {
      action: "user.groups_set",
      entityType: "user",
      entityId: u.id,
      data: { group_ids: ids },
    });
    return toUserView(u, ids);
  });
}

export async function setUserBlocked({ ctx, input }: { ctx: Ctx; input: { id: string; blocked: boolean } }) {
  requirePermission(ctx, "users:manage");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const u = await loadUser(tx, companyId, input.id);
    if (input.blocked && u.role === "admin") await ensureAnotherAdmin(tx, companyId, u.id);
    const [updated] = await tx
      .update(users)
      .set({
        status: input.blocked ? "blocked" : "active",
        updatedAt: now,
        ...(input.blocked ? {} : { failedAttempts: 0, lockedUntil: null }),
      })
      .where(eq(users.id, u.id))
      .returning();
    if (input.blocked) await revokeAllSessions(tx, u.id, now);
    await audit(tx, ctx, {
      action: input.blocked ? "user.blocked" : "user.unblocked",
      entityType: "user",
      entityId: u.id,
    });
    const groups = await groupsOf(tx, [u.id]);
    return toUserView(updated!, groups.get(u.id) ?? []);
  });
}
