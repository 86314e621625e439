import { notificationPreferences, notifications } from "@lk/db";
import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { forbidden, unauthorized } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { type NotificationKind, notificationKinds } from "./kinds";

/** Notifications are personal: only a signed-in user has them. */
function userOf(ctx: Ctx) {
  const p = ctx.principal;
  if (p.type === "anonymous") throw unauthorized();
  if (p.type !== "user") throw forbidden();
  return p;
}

/** Keyset position: created_at, then the insertion sequence (never the random id: ties must be stable). */
type Key = { t: string; s: number };
const isKey = (v: Record<string, unknown>): v is Key =>
  typeof v.t === "string" && !Number.isNaN(Date.parse(v.t)) && Number.isSafeInteger(v.s);

export async function listNotifications({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { unread?: boolean | undefined; limit: number; cursor?: string | undefined };
}) {
  const u = userOf(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, u.userId),
        eq(notifications.companyId, u.companyId),
        eq(notifications.inApp, true),
        input.unread ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.createdAt, new Date(after.t)),
              and(eq(notifications.createdAt, new Date(after.t)), lt(notifications.seq, after.s)),
            )
          : undefined,
      ),
    )
    // Newest first; notices of one instant (a billing run's) the one written last first.
    .orderBy(desc(notifications.createdAt), desc(notifications.seq))
    .limit(input.limit + 1);
  const res = page(rows, input.limit, (r) => ({ t: r.createdAt.toISOString(), s: r.seq }));
  return {
    data: res.data.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: ctx.lang === "ru" ? n.titleRu : n.titleEn,
      body: ctx.lang === "ru" ? n.bodyRu : n.bodyEn,
      data: n.data ?? {},
      read_at: n.readAt ? n.readAt.toISOString() : null,
      created_at: n.createdAt.toISOString(),
    })),
    next_cursor: res.next_cursor,
  };
}

/** Marks the given notifications (or all) read; others' ids are silently not touched. */
export async function markNotificationsRead({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { ids?: string[] | undefined };
}) {
  const u = userOf(ctx);
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(
      and(
        eq(notifications.userId, u.userId),
        isNull(notifications.readAt),
        input.ids
          ? inArray(notifications.id, input.ids.length ? input.ids : ["00000000-0000-0000-0000-000000000000"])
          : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return { updated: updated.length };
}

export async function getNotificationPreferences({ ctx }: { ctx: Ctx }) {
  const u = userOf(ctx);
  const rows = await ctx.db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, u.userId));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return {
    data: notificationKinds.map((kind) => ({
      kind,
      in_app: byKind.get(kind)?.inApp ?? true,
      email: byKind.get(kind)?.email ?? true,
    })),
  };
}

export async function setNotificationPreferences({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { preferences: { kind: NotificationKind; in_app: boolean; email: boolean }[] };
}) {
  const u = userOf(ctx);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    for (const p of input.preferences) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: u.userId, kind: p.kind, inApp: p.in_app, email: p.email, updatedAt: now })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { inApp: p.in_app, email: p.email, updatedAt: now },
        });
    }
  });
  return getNotificationPreferences({ ctx });
}
