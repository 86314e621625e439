import {
  accounts,
  notificationPreferences,
  notifications,
  outboxMessages,
  type Tx,
  userGroups,
  users,
} from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import type { Msg } from "../errors/index";
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
  // Recipients, their preferences for this kind and (for a notice about an account) whether their
  // group limits let them see it, in one query.
  const visible = n.accountId
    ? sql`(NOT EXISTS (SELECT 1 FROM ${userGroups} ug WHERE ug.user_id = ${users.id})
        OR EXISTS (SELECT 1 FROM ${userGroups} ug JOIN ${accounts} a ON a.id = ${n.accountId}
          LEFT JOIN account_groups g ON g.id = a.group_id
          WHERE ug.user_id = ${users.id} AND ug.group_id IN (a.group_id, g.parent_id)))`
    : undefined;
  const recipients = await tx
    .select({
      id: users.id,
      email: users.email,
      inApp: notificationPreferences.inApp,
      emailPref: notificationPreferences.email,
    })
    .from(users)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, n.kind)),
    )
    .where(and(eq(users.companyId, n.companyId), eq(users.status, "active"), visible));
  if (recipients.length === 0) return 0;
  const inserted = await tx
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        companyId: n.companyId,
        userId: r.id,
        kind: n.kind,
        titleRu: n.title.ru,
        titleEn: n.title.en,
        bodyRu: n.body.ru,
        bodyEn: n.body.en,
        data: n.data ?? null,
        dedupeKey: n.dedupeKey,
        inApp: r.inApp ?? true,
        createdAt: n.now,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  const fresh = new Set(inserted.map((r) => r.userId));
  const mails = recipients.filter((r) => fresh.has(r.id) && (r.emailPref ?? true) && r.email);
  if (mails.length > 0)
    await tx.insert(outboxMessages).values(
      mails.map((r) => ({
        channel: "email" as const,
        recipient: r.email!,
        subject: n.title.ru,
        body: `${n.body.ru}\n\n${n.body.en}`,
        kind: `notice_${n.kind}`,
        companyId: n.companyId,
        userId: r.id,
        createdAt: n.now,
      })),
    );
  return inserted.length;
}
