import { type Queryable, supportAttachments, supportMessages, type supportRequests } from "@lk/db";
import { asc, eq } from "drizzle-orm";

export type SupportRow = typeof supportRequests.$inferSelect;

export function presentRequest(r: SupportRow) {
  return {
    id: r.id,
    subject: r.subject,
    status: r.status,
    account_id: r.accountId,
    service_id: r.serviceId,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** A request with its thread (oldest first) and each message's attachments (without content). */
export async function requestDetail(db: Queryable, r: SupportRow) {
  const messages = await db
    .select()
    .from(supportMessages)
    .where(eq(supportMessages.requestId, r.id))
    .orderBy(asc(supportMessages.seq));
  const files = await db
    .select({
      id: supportAttachments.id,
      messageId: supportAttachments.messageId,
      fileName: supportAttachments.fileName,
      contentType: supportAttachments.contentType,
      sizeBytes: supportAttachments.sizeBytes,
    })
    .from(supportAttachments)
    .where(eq(supportAttachments.requestId, r.id))
    .orderBy(asc(supportAttachments.createdAt));
  return {
    ...presentRequest(r),
    messages: messages.map((m) => ({
      id: m.id,
      author: m.authorType,
      author_name: m.authorName,
      text: m.body,
      attachments: files
        .filter((f) => f.messageId === m.id)
        .map((f) => ({
          id: f.id,
          file_name: f.fileName,
          content_type: f.contentType,
          size_bytes: f.sizeBytes,
        })),
      created_at: m.createdAt.toISOString(),
    })),
  };
}
