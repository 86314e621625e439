import { accounts, notificationPreferences, notifications, type Tx, userGroups, users } from "@lk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Msg } from "../errors/index";
import { enqueueMessage } from "../outbox/outbox";
import type { NotificationKind } from "./kinds";

export interface Notice {
  companyId: string;
  kind: NotificationKind;
  title: Msg;
  body: Msg;
  data?: Record<string, unknown>;
  /** Same key twice = one notice per user (jobs and retries stay idempotent). */
  dedupeKey: string;
  /** About one account: only users who can see it are told. */
  accountId?: string;
  now: Date;
}

/**
 * Tells the company's active users, in the caller's transaction: an in-app row and, where the
 * user's preferences allow and an e-mail is known, an e-mail in the outbox. Returns how many users
 * were newly notified (0 on a repeat).
 */
export async function notify(tx: Tx, n: Notice): Promise<number> {
  let recipients = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.companyId, n.companyId), eq(users.status, "active")));
  if (n.accountId) recipients = await visibleTo(tx, recipients, n.accountId);
  if (recipients.length === 0) return 0;
  const prefs = await tx
    .select()
    .from(notificationPreferences)
    .where(
      and(
        inArray(
          notificationPreferences.userId,
          recipients.map((r) => r.id),
        ),
        eq(notificationPreferences.kind, n.kind),
      ),
    );
  const prefOf = new Map(prefs.map((p) => [p.userId, p]));
  let count = 0;
  for (const r of recipients) {
    const pref = prefOf.get(r.id);
    const inApp = pref?.inApp ?? true;
    const email = pref?.email ?? true;
    const inserted = await tx
      .insert(notifications)
      .values({
        companyId: n.companyId,
        userId: r.id,
        kind: n.kind,
        titleRu: n.title.ru,
        titleEn: n.title.en,
        bodyRu: n.body.ru,
        bodyEn: n.body.en,
        data: n.data ?? null,
        dedupeKey: n.dedupeKey,
        inApp,
        createdAt: n.now,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (inserted.length === 0) continue;
    count++;
    if (email && r.email) {
      await enqueueMessage(
        tx,
        {
          channel: "email",
          recipient: r.email,
          subject: n.title.ru,
          body: `${n.body.ru}\n\n${n.body.en}`,
          kind: `notice_${n.kind}`,
          companyId: n.companyId,
          userId: r.id,
        },
        n.now,
      );
    }
  }
  return count;
}

/** Users limited to groups hear only about accounts in those groups (or their subgroups). */
async function visibleTo<T extends { id: string }>(tx: Tx, rs: T[], accountId: string): Promise<T[]> {
  const limits = await tx
    .select({ userId: userGroups.userId, groupId: userGroups.groupId })
    .from(userGroups)
    .where(
      inArray(
        userGroups.userId,
        rs.map((r) => r.id),
      ),
    );
  if (limits.length === 0) return rs;
  const [acc] = await tx
    .select({
      groupId: accounts.groupId,
      parentId: sql<string | null>`(SELECT parent_id FROM account_groups g WHERE g.id = ${accounts.groupId})`,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const reach = new Set([acc?.groupId, acc?.parentId].filter((g): g is string => Boolean(g)));
  const limited = new Map<string, boolean>();
  for (const l of limits) limited.set(l.userId, (limited.get(l.userId) ?? false) || reach.has(l.groupId));
  return rs.filter((r) => !limited.has(r.id) || limited.get(r.id));
}
