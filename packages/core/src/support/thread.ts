import { supportAttachments, supportMessages, type Tx } from "@lk/db";
import type { CheckedFile } from "./files";

/** Adds one message with its files to a request's thread. */
export async function addMessage(
  tx: Tx,
  m: {
    requestId: string;
    authorType: "customer" | "operator";
    authorId: string | null;
    authorName: string;
    body: string;
  },
  files: CheckedFile[],
  now: Date,
): Promise<string> {
  const [msg] = await tx
    .insert(supportMessages)
    .values({ ...m, createdAt: now })
    .returning({ id: supportMessages.id });
  if (files.length) {
    await tx
      .insert(supportAttachments)
      .values(files.map((f) => ({ ...f, requestId: m.requestId, messageId: msg!.id, createdAt: now })));
  }
  return msg!.id;
}
