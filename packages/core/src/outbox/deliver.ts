import { type Database, type OutboxAttachment, outboxMessages, type Queryable, rows } from "@lk/db";
import { eq, sql } from "drizzle-orm";

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Sends one e-mail; throws on failure. nodemailer's SMTP transport in production. */
export type MailTransport = (mail: Mail) => Promise<void>;

/**
 * Renders an attachment a message refers to (receipts/mail-attachment.ts); throws if it cannot.
 * It reads through the worker's transaction (PGlite has one connection: another would wait on it).
 */
export type AttachmentRenderer = (ref: OutboxAttachment, db: Queryable) => Promise<MailAttachment>;

const MAX_ATTEMPTS = 8;

/**
 * Sends pending e-mails from the outbox. Rows are claimed with SKIP LOCKED so several API
 * instances can run this at once without sending a message twice; a failure is retried on the
 * next runs until MAX_ATTEMPTS, then marked failed. SMS have no gateway yet and stay pending.
 * An attachment is rendered here, at send time, from the reference the row keeps; one that cannot
 * be rendered (or no renderer given) fails the attempt like a transport error.
 */
export async function deliverOutbox(deps: {
  db: Database;
  now: () => Date;
  send: MailTransport;
  render?: AttachmentRenderer;
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
      attachment: OutboxAttachment | string | null;
    }>(
      tx,
      sql`SELECT id, recipient, subject, body, attempts, attachment FROM outbox_messages
          WHERE status = 'pending' AND channel = 'email'
          ORDER BY created_at LIMIT ${deps.limit ?? 50} FOR UPDATE SKIP LOCKED`,
    );
    for (const m of claimed) {
      try {
        const mail: Mail = { to: m.recipient, subject: m.subject ?? "ЛК Бизнес", text: m.body };
        // Raw SQL: a driver may hand jsonb over as its text.
        const ref =
          typeof m.attachment === "string" ? (JSON.parse(m.attachment) as OutboxAttachment) : m.attachment;
        if (ref) {
          if (!deps.render) throw new Error(`no renderer for the ${ref.kind} attachment`);
          mail.attachments = [await deps.render(ref, tx)];
        }
        await deps.send(mail);
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
