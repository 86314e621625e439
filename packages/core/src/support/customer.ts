import { accounts, services, supportAttachments, supportRequests, users } from "@lk/db";
import { and, desc, eq, isNull, or, type SQL } from "drizzle-orm";
import { findVisibleAccount } from "../accounts/get-account";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField } from "../errors/index";
import { newestFirstAfter, newestFirstKey, page } from "../pagination/cursor";
import { serviceNotFound } from "../services/list-services";
import { attachmentNotFound, requestClosed, requestNotFound } from "./errors";
import { checkSupportFiles, type UploadFile } from "./files";
import { presentRequest, requestDetail } from "./present";
import { addMessage } from "./thread";

async function authorName(ctx: Ctx): Promise<string> {
  const p = ctx.principal;
  if (p.type !== "user") return p.type === "api_key" ? "API" : "—";
  const [u] = await ctx.db.select({ name: users.fullName }).from(users).where(eq(users.id, p.userId));
  return u?.name ?? "—";
}

/** Requests about no account are company-wide; about an account, they follow its group. */
function visibleRequests(ctx: Ctx): SQL {
  const scope = companyScope(ctx);
  return and(
    eq(supportRequests.companyId, scope.companyId),
    or(isNull(supportRequests.accountId), visibleAccountsCondition(scope)),
  )!;
}

async function findVisibleRequest(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ r: supportRequests })
    .from(supportRequests)
    .leftJoin(accounts, eq(accounts.id, supportRequests.accountId))
    .where(and(eq(supportRequests.id, id), visibleRequests(ctx)));
  if (!row) throw requestNotFound();
  return row.r;
}

export interface CreateSupportInput {
  subject: string;
  text: string;
  account_id?: string | undefined;
  service_id?: string | undefined;
  files?: UploadFile[];
}

export async function createSupportRequest({ ctx, input }: { ctx: Ctx; input: CreateSupportInput }) {
  requirePermission(ctx, "services:write");
  const scope = companyScope(ctx);
  let accountId = input.account_id ? (await findVisibleAccount(ctx, input.account_id)).id : null;
  let serviceId: string | null = null;
  if (input.service_id) {
    const [s] = await ctx.db
      .select({ id: services.id, accountId: services.accountId })
      .from(services)
      .where(and(eq(services.id, input.service_id), eq(services.companyId, scope.companyId)));
    if (!s) throw serviceNotFound();
    await findVisibleAccount(ctx, s.accountId).catch(() => {
      throw serviceNotFound();
    });
    if (accountId && s.accountId !== accountId) {
      throw invalidField("service_id", "service_not_on_account", {
        ru: "Услуга не относится к этому лицевому счёту",
        en: "The service is not on this account",
      });
    }
    accountId = s.accountId;
    serviceId = s.id;
  }
  const files = checkSupportFiles(input.files ?? []);
  const name = await authorName(ctx);
  const actor = actorOf(ctx.principal);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(supportRequests)
      .values({
        companyId: scope.companyId,
        accountId,
        serviceId,
        subject: input.subject,
        authorUserId: ctx.principal.type === "user" ? ctx.principal.userId : null,
        authorType: actor.actorType,
        authorId: actor.actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await addMessage(
      tx,
      {
        requestId: r!.id,
        authorType: "customer",
        authorId: actor.actorId,
        authorName: name,
        body: input.text,
      },
      files,
      now,
    );
    await audit(tx, ctx, {
      action: "support.created",
      entityType: "support_request",
      entityId: r!.id,
      data: { subject: input.subject, files: files.length },
    });
    return requestDetail(tx, r!);
  });
}

export const supportCursor = (cursor: string | undefined) =>
  newestFirstAfter(cursor, supportRequests.updatedAt, supportRequests.id);

export async function listSupportRequests({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    limit: number;
    cursor?: string | undefined;
    status?: (typeof supportRequests.$inferSelect)["status"] | undefined;
    account_id?: string | undefined;
  };
}) {
  requirePermission(ctx, "accounts:read");
  const where: (SQL | undefined)[] = [visibleRequests(ctx), supportCursor(input.cursor)];
  if (input.status) where.push(eq(supportRequests.status, input.status));
  if (input.account_id) where.push(eq(supportRequests.accountId, input.account_id));
  const found = await ctx.db
    .select({ r: supportRequests })
    .from(supportRequests)
    .leftJoin(accounts, eq(accounts.id, supportRequests.accountId))
    .where(and(...where))
    .orderBy(desc(supportRequests.updatedAt), desc(supportRequests.id))
    .limit(input.limit + 1);
  const p = page(found, input.limit, (x) => newestFirstKey(x.r.updatedAt, x.r.id));
  return { data: p.data.map((x) => presentRequest(x.r)), next_cursor: p.next_cursor };
}

export async function getSupportRequest({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  return requestDetail(ctx.db, await findVisibleRequest(ctx, input.id));
}

/** The customer answers in the thread; the request goes back to the operator (`open`). */
export async function replySupportRequest({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; text: string; files?: UploadFile[] };
}) {
  requirePermission(ctx, "services:write");
  const r = await findVisibleRequest(ctx, input.id);
  if (r.status === "closed") throw requestClosed();
  const files = checkSupportFiles(input.files ?? []);
  const name = await authorName(ctx);
  const actor = actorOf(ctx.principal);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await addMessage(
      tx,
      {
        requestId: r.id,
        authorType: "customer",
        authorId: actor.actorId,
        authorName: name,
        body: input.text,
      },
      files,
      now,
    );
    const [u] = await tx
      .update(supportRequests)
      .set({ status: "open", updatedAt: now })
      .where(eq(supportRequests.id, r.id))
      .returning();
    await audit(tx, ctx, { action: "support.replied", entityType: "support_request", entityId: r.id });
    return requestDetail(tx, u!);
  });
}

export async function closeSupportRequest({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "services:write");
  const r = await findVisibleRequest(ctx, input.id);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(supportRequests)
      .set({ status: "closed", updatedAt: now })
      .where(eq(supportRequests.id, r.id))
      .returning();
    await audit(tx, ctx, { action: "support.closed", entityType: "support_request", entityId: r.id });
    return requestDetail(tx, u!);
  });
}

export async function getSupportAttachment({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; attachment_id: string };
}) {
  requirePermission(ctx, "accounts:read");
  const r = await findVisibleRequest(ctx, input.id);
  const [f] = await ctx.db
    .select()
    .from(supportAttachments)
    .where(and(eq(supportAttachments.id, input.attachment_id), eq(supportAttachments.requestId, r.id)));
  if (!f) throw attachmentNotFound();
  return { fileName: f.fileName, contentType: f.contentType, content: f.content };
}
