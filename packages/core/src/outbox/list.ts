import { outboxMessages } from "@lk/db";
import { and, desc, eq } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { newestFirstAfter, newestFirstKey, page } from "../pagination/cursor";
import { operatorBody } from "./secrets";

export interface OutboxQuery {
  /** Only messages to this e-mail address or phone number. */
  to?: string | undefined;
  channel?: "email" | "sms" | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The outgoing e-mails and SMS, newest first: the operator's view of what the product sent (and,
 * without SMTP_URL, the only place codes and receipts can be read). The operator API asks for the
 * operator; the demo's test mailbox (`demo: true`, a route that exists only under `lk serve
 * --demo`) reads the same list without one — a demo has no real recipients (ADR 0081).
 */
export async function listOutbox({
  ctx,
  input,
  demo = false,
}: {
  ctx: Ctx;
  input: OutboxQuery;
  demo?: boolean;
}) {
  if (!demo) requireOperator(ctx);
  const rows = await ctx.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        input.to ? eq(outboxMessages.recipient, input.to) : undefined,
        input.channel ? eq(outboxMessages.channel, input.channel) : undefined,
        newestFirstAfter(input.cursor, outboxMessages.createdAt, outboxMessages.id),
      ),
    )
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(input.limit + 1);
  const p = page(rows, input.limit, (r) => newestFirstKey(r.createdAt, r.id));
  return {
    data: p.data.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body: demo ? m.body : operatorBody(m.kind, m.body),
      kind: m.kind,
      status: m.status,
      created_at: m.createdAt.toISOString(),
      sent_at: m.sentAt ? m.sentAt.toISOString() : null,
    })),
    next_cursor: p.next_cursor,
  };
}
