import { type Database, outboxMessages, rows } from "@lk/db";
import { eq, sql } from "drizzle-orm";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one e-mail; throws on failure. nodemailer's SMTP transport in production. */
export type MailTransport = (mail: Mail) => Promise<void>;

const MAX_ATTEMPTS = 8;

/**
 * Sends pending e-mails from the outbox. Rows are claimed with SKIP LOCKED so several API
 * instances can run this at once without sending a message twice; a failure is retried on the
 * next runs until MAX_ATTEMPTS, then marked failed. SMS have no gateway yet and stay pending.
 */
export async function deliverOutbox(deps: {
  db: Database;
  now: () => Date;
  send: MailTransport;
  limit?: number;
}) {
  let sent = 0;
  let failed = 0;
  const batch = await deps.db.transaction(async (tx) => {
    const claimed = await rows<{
      id: string;
      recipient: string;
      subject: string | null;
      body: string;
      attempts: number;
    }>(
      tx,
      sql`SELECT id, recipient, subject, body, attempts FROM outbox_messages
          WHERE status = 'pending' AND channel = 'email'
          ORDER BY created_at LIMIT ${deps.limit ?? 50} FOR UPDATE SKIP LOCKED`,
    );
    for (const m of claimed) {
      try {
        await deps.send({ to: m.recipient, subject: m.subject ?? "ЛК Бизнес", text: m.body });
        await tx
          .update(outboxMessages)
          .set({ status: "sent", sentAt: deps.now(), attempts: m.attempts + 1 })
          .where(eq(outboxMessages.id, m.id));
        sent++;
      } catch (e) {
        const attempts = m.attempts + 1;
        await tx
          .update(outboxMessages)
          .set({
            attempts,
            lastError: String((e as Error).message).slice(0, 500),
            status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          })
          .where(eq(outboxMessages.id, m.id));
        failed++;
      }
    }
    return claimed.length;
  });
  return { claimed: batch, sent, failed };
}
