import { outboxMessages, type Queryable } from "@lk/db";
import { and, eq } from "drizzle-orm";

// A message that carries a secret (the temporary password sent by SMS, ADR 0086) is the one place
// that secret exists in clear: the user row keeps only its hash. So the operator's outbox list
// never shows its text, and once the password has been changed the text is wiped from the row.
// The demo's test mailbox shows it: a demo has no real recipients, and it is how one reads it.

const SECRET_KINDS = new Set(["temporary_password"]);

export const HIDDEN_SECRET = {
  ru: "Текст скрыт: в нём временный пароль, его видит только получатель",
  wiped: "ЛК Бизнес: временный пароль уже сменён",
};

/** The body as the operator may read it. */
export const operatorBody = (kind: string, body: string): string =>
  SECRET_KINDS.has(kind) ? HIDDEN_SECRET.ru : body;

/** Wipes a user's temporary password from the messages that carried it (it no longer signs in). */
export async function wipeTemporaryPasswordMessages(db: Queryable, userId: string) {
  await db
    .update(outboxMessages)
    .set({ body: HIDDEN_SECRET.wiped })
    .where(and(eq(outboxMessages.userId, userId), eq(outboxMessages.kind, "temporary_password")));
}
