import {
  accounts,
  notificationPreferences,
  notifications,
  outboxMessages,
  rows,
  type Tx,
  userGroups,
  users,
} from "@lk/db";
import { sql } from "drizzle-orm";
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
  // One statement: the recipients (active users of the company; for a notice about an account,
  // only those whose group limits let them see it) with their preferences for this kind; an in-app
  // row each (the (user, dedupe_key) unique constraint skips a repeat); an e-mail in the outbox for
  // each newly notified user whose preferences allow it and whose address is known.
  const visible = n.accountId
    ? sql`AND (NOT EXISTS (SELECT 1 FROM ${userGroups} ug WHERE ug.user_id = u.id)
        OR EXISTS (SELECT 1 FROM ${userGroups} ug JOIN ${accounts} a ON a.id = ${n.accountId}::uuid
          LEFT JOIN account_groups g ON g.id = a.group_id
          WHERE ug.user_id = u.id AND ug.group_id IN (a.group_id, g.parent_id)))`
    : sql``;
  const now = n.now.toISOString();
  const [row] = await rows<{ count: number }>(
    tx,
    sql`WITH r AS (
          SELECT u.id, u.email, COALESCE(np.in_app, true) AS in_app, COALESCE(np.email, true) AS email_on
          FROM ${users} u
          LEFT JOIN ${notificationPreferences} np ON np.user_id = u.id AND np.kind = ${n.kind}
          WHERE u.company_id = ${n.companyId}::uuid AND u.status = 'active' ${visible}
        ),
        n AS (
          INSERT INTO ${notifications} (company_id, user_id, kind, title_ru, title_en, body_ru, body_en, data, dedupe_key, in_app, created_at)
          SELECT ${n.companyId}::uuid, r.id, ${n.kind}, ${n.title.ru}, ${n.title.en}, ${n.body.ru}, ${n.body.en},
            ${n.data ? JSON.stringify(n.data) : null}::text::jsonb, ${n.dedupeKey}, r.in_app, ${now}::timestamptz
          FROM r
          ON CONFLICT DO NOTHING
          RETURNING user_id
        ),
        o AS (
          INSERT INTO ${outboxMessages} (channel, recipient, subject, body, kind, company_id, user_id, created_at)
          SELECT 'email', r.email, ${n.title.ru}, ${`${n.body.ru}\n\n${n.body.en}`}, ${`notice_${n.kind}`},
            ${n.companyId}::uuid, r.id, ${now}::timestamptz
          FROM n JOIN r ON r.id = n.user_id
          WHERE r.email_on AND r.email IS NOT NULL AND r.email <> ''
        )
        SELECT count(*)::int AS count FROM n`,
  );
  return Number(row?.count ?? 0);
}
