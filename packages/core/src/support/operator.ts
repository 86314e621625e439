import { type SupportStatus, supportRequests, users } from "@lk/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, requireOperator } from "../context/index";
import { enqueueMessage } from "../outbox/outbox";
import { newestFirstKey, page } from "../pagination/cursor";
import { supportCursor } from "./customer";
import { requestNotFound } from "./errors";
import { requestDetail } from "./present";
import { addMessage } from "./thread";

const STATUS_RU: Record<SupportStatus, string> = {
  open: "открыто",
  waiting_for_customer: "ждёт вашего ответа",
  resolved: "решено",
  closed: "закрыто",
};

export async function listOperatorSupport({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    status?: SupportStatus | undefined;
    company_id?: string | undefined;
  };
}) {
  requireOperator(ctx);
  const where: (SQL | undefined)[] = [supportCursor(input.cursor)];
  if (input.status) where.push(eq(supportRequests.status, input.status));
  if (input.company_id) where.push(eq(supportRequests.companyId, input.company_id));
  const found = await ctx.db
    .select()
    .from(supportRequests)
    .where(and(...where))
    .orderBy(desc(supportRequests.updatedAt), desc(supportRequests.id))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (r) => newestFirstKey(r.updatedAt, r.id));
  const data = [];
  for (const r of p.data) data.push({ ...(await requestDetail(ctx.db, r)), company_id: r.companyId });
  return { data, next_cursor: p.next_cursor };
}

async function findRequest(ctx: Ctx, id: string) {
  const [r] = await ctx.db.select().from(supportRequests).where(eq(supportRequests.id, id));
  if (!r) throw requestNotFound();
  return r;
}

export async function getOperatorSupport({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const r = await findRequest(ctx, input.id);
  return { ...(await requestDetail(ctx.db, r)), company_id: r.companyId };
}

/** Staff answer in the thread (default: now waiting for the customer); the author gets an e-mail. */
export async function answerSupport({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; text: string; status?: SupportStatus | undefined };
}) {
  const staff = requireOperator(ctx);
  const r = await findRequest(ctx, input.id);
  const status = input.status ?? "waiting_for_customer";
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await addMessage(
      tx,
      {
        requestId: r.id,
        authorType: "operator",
        authorId: actorOf(ctx.principal).actorId ?? staff,
        authorName: "Служба поддержки",
        body: input.text,
      },
      [],
      now,
    );
    const [u] = await tx
      .update(supportRequests)
      .set({ status, updatedAt: now })
      .where(eq(supportRequests.id, r.id))
      .returning();
    if (r.authorUserId) {
      const [author] = await tx
        .select({ email: users.email })
        .from(users)
        .where(eq(users.id, r.authorUserId));
      if (author?.email) {
        await enqueueMessage(
          tx,
          {
            channel: "email",
            recipient: author.email,
            subject: `Ответ по обращению «${r.subject}»`,
            body: `Служба поддержки ответила на ваше обращение «${r.subject}» (статус: ${STATUS_RU[status]}):\n\n${input.text}`,
            kind: "support_answer",
            companyId: r.companyId,
            userId: r.authorUserId,
          },
          now,
        );
      }
    }
    await audit(tx, ctx, {
      action: "support.answered",
      companyId: r.companyId,
      entityType: "support_request",
      entityId: r.id,
      data: { status },
    });
    return { ...(await requestDetail(tx, u!)), company_id: u!.companyId };
  });
}

export async function setSupportStatus({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; status: SupportStatus };
}) {
  requireOperator(ctx);
  const r = await findRequest(ctx, input.id);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(supportRequests)
      .set({ status: input.status, updatedAt: now })
      .where(eq(supportRequests.id, r.id))
      .returning();
    await audit(tx, ctx, {
      action: "support.status_changed",
      companyId: r.companyId,
      entityType: "support_request",
      entityId: r.id,
      data: { from: r.status, to: input.status },
    });
    return { ...(await requestDetail(tx, u!)), company_id: u!.companyId };
  });
}
