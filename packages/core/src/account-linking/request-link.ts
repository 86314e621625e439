import { createHash, randomInt, randomUUID } from "node:crypto";
import { accountLinkCodes, accounts, services, UNASSIGNED_COMPANY_ID } from "@lk/db";
import { and, desc, eq, ne } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { rateLimited } from "../errors/index";
import { groupNotFound, topLevelForbidden } from "../groups/errors";
import { groupVisible, loadGroups } from "../groups/tree";
import { enqueueMessage } from "../outbox/outbox";
import { hitRateLimit } from "../ratelimit/ratelimit";
import { alreadyLinked, noContact, phoneAccountNotFound, unassignedAccountNotFound } from "./errors";

export const LINK_CODE_TTL_MINUTES = 5;
export const LINK_CODE_TRIES = 3;

export const hashLinkCode = (linkId: string, code: string) =>
  createHash("sha256").update(`${linkId}:${code}`).digest("hex");

export function maskContact(channel: "email" | "sms", value: string): string {
  if (channel === "sms") return `${value.slice(0, 2)}******${value.slice(-4)}`;
  const [user = "", domain = ""] = value.split("@");
  return `${user.slice(0, 1)}***@${domain}`;
}

/**
 * Step 1 of linking an existing personal account: finds it in the operator's base by number and
 * region (or by a phone number of one of its services, as the help article allows) and sends a one-time code to the account's own contact (SMS if it has a phone, else
 * e-mail), so only its real holder can add it. Ten requests per company an hour.
 */
export async function requestAccountLink({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    account_number?: string | undefined;
    region?: string | undefined;
    /** Instead of number and region: a phone number of one of the account's services (+7XXXXXXXXXX). */
    phone?: string | undefined;
    group_id?: string | null | undefined;
  };
}) {
  requirePermission(ctx, "accounts:write");
  const scope = companyScope(ctx);
  const now = ctx.now();
  const groupId = input.group_id ?? null;
  if (groupId === null && scope.groupIds !== null) throw topLevelForbidden();
  if (groupId !== null) {
    const groups = await loadGroups(ctx.db, scope.companyId);
    if (!groups.some((g) => g.id === groupId) || !groupVisible(scope, groupId)) throw groupNotFound();
  }
  const limit = await hitRateLimit(ctx.db, `account-link:${scope.companyId}`, 10, 3600, now);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  const [account] = input.phone
    ? await ctx.db
        .select({ a: accounts })
        .from(services)
        .innerJoin(accounts, eq(accounts.id, services.accountId))
        .where(and(eq(services.identifier, input.phone), ne(services.status, "disconnected")))
        .orderBy(desc(services.connectedAt))
        .limit(1)
        .then((r) => r.map((x) => x.a))
    : await ctx.db
        .select()
        .from(accounts)
        .where(and(eq(accounts.number, input.account_number ?? ""), eq(accounts.region, input.region ?? "")));
  if (account?.companyId === scope.companyId) throw alreadyLinked();
  // Another customer's account looks exactly like a missing one.
  if (!account || account.companyId !== UNASSIGNED_COMPANY_ID)
    throw input.phone ? phoneAccountNotFound() : unassignedAccountNotFound();
  const channel: "sms" | "email" | null = account.contactPhone
    ? "sms"
    : account.contactEmail
      ? "email"
      : null;
  if (!channel) throw noContact();
  const recipient = (channel === "sms" ? account.contactPhone : account.contactEmail)!;
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MINUTES * 60_000);
  const sentTo = maskContact(channel, recipient);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(accountLinkCodes).values({
      id,
      companyId: scope.companyId,
      userId: ctx.principal.type === "user" ? ctx.principal.userId : null,
      accountId: account.id,
      groupId,
      codeHash: hashLinkCode(id, code),
      channel,
      sentTo,
      expiresAt,
      createdAt: now,
    });
    await enqueueMessage(
      tx,
      {
        channel,
        recipient,
        subject: "Код подтверждения привязки лицевого счёта",
        body: `Код для привязки лицевого счёта ${account.number} к личному кабинету: ${code}. Действует ${LINK_CODE_TTL_MINUTES} минут. Никому не сообщайте код.`,
        kind: "account_link_code",
        companyId: scope.companyId,
      },
      now,
    );
    await audit(tx, ctx, {
      action: "accounts.link_requested",
      entityType: "account",
      entityId: account.id,
      data: { number: account.number, channel },
    });
  });
  return {
    link_id: id,
    channel,
    sent_to: sentTo,
    expires_at: expiresAt.toISOString(),
    attempts_left: LINK_CODE_TRIES,
  };
}
