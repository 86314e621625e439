import { type OutboxAttachment, outboxMessages, type Queryable } from "@lk/db";

export interface OutgoingMessage {
  channel: "email" | "sms";
  recipient: string;
  subject?: string;
  body: string;
  /** What the message is about, e.g. `password_reset`, `payment_receipt`. */
  kind: string;
  companyId?: string | null;
  userId?: string | null;
  /** An e-mail's attachment, by reference; rendered when the e-mail is sent (deliver.ts). */
  attachment?: OutboxAttachment | null;
}

/**
 * Queues a message in the same transaction as the change it reports, so a rolled-back change sends
 * nothing. The outbox worker (apps/api/src/jobs) delivers it: SMTP when SMTP_URL is set.
 */
export async function enqueueMessage(tx: Queryable, msg: OutgoingMessage, now: Date): Promise<string> {
  const [row] = await tx
    .insert(outboxMessages)
    .values({
      channel: msg.channel,
      recipient: msg.recipient,
      subject: msg.subject ?? null,
      body: msg.body,
      kind: msg.kind,
      companyId: msg.companyId ?? null,
      userId: msg.userId ?? null,
      attachment: msg.attachment ?? null,
      createdAt: now,
    })
    .returning({ id: outboxMessages.id });
  return row!.id;
}
