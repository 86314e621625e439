import { apiKeys, auditLog, partners, users } from "@lk/db";
import { and, desc, eq, gte, like, lt, sql } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { decodeCursor, page } from "../pagination/cursor";
import { auditActionLabel, auditActorLabel } from "./labels";

export interface AuditQuery {
  /** Exact action (`user.blocked`) or a prefix ending in `.` (`user.`). */
  action?: string | undefined;
  actor_id?: string | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The company's audit trail, newest first (admins only): who did what, when, from where — with
 * the action and the actor as a person reads them (action_label, actor_label) in ctx.lang.
 */
export async function listAuditLog({ ctx, input }: { ctx: Ctx; input: AuditQuery }) {
  requirePermission(ctx, "company:manage");
  const { companyId } = companyScope(ctx);
  const after = decodeCursor(input.cursor, (v): v is { id: number } => typeof v.id === "number");
  const rows = await ctx.db
    .select({
      log: auditLog,
      actorName: users.fullName,
      actorLogin: users.login,
      keyName: apiKeys.name,
      partnerName: partners.name,
    })
    .from(auditLog)
    .leftJoin(users, and(eq(auditLog.actorType, "user"), sql`${users.id}::text = ${auditLog.actorId}`))
    .leftJoin(apiKeys, and(eq(auditLog.actorType, "api_key"), sql`${apiKeys.id}::text = ${auditLog.actorId}`))
    .leftJoin(
      partners,
      and(eq(auditLog.actorType, "partner"), sql`${partners.id}::text = ${auditLog.actorId}`),
    )
    .where(
      and(
        eq(auditLog.companyId, companyId),
        input.action
          ? input.action.endsWith(".")
            ? like(auditLog.action, `${input.action}%`)
            : eq(auditLog.action, input.action)
          : undefined,
        input.actor_id ? eq(auditLog.actorId, input.actor_id) : undefined,
        input.entity_type ? eq(auditLog.entityType, input.entity_type) : undefined,
        input.entity_id ? eq(auditLog.entityId, input.entity_id) : undefined,
        input.from ? gte(auditLog.createdAt, new Date(input.from)) : undefined,
        input.to ? lt(auditLog.createdAt, new Date(input.to)) : undefined,
        after ? lt(auditLog.id, after.id) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const p = page(rows, input.limit, (r) => ({ id: r.log.id }));
  return {
    data: p.data.map(({ log, actorName, actorLogin, keyName, partnerName }) => ({
      id: log.id,
      action: log.action,
      action_label: auditActionLabel(log.action, ctx.lang),
      actor_type: log.actorType,
      actor_id: log.actorId,
      actor_name: actorName ?? null,
      actor_label: auditActorLabel(log.actorType, actorName ?? keyName ?? partnerName ?? null, ctx.lang),
      actor_login: actorLogin ?? null,
      entity_type: log.entityType,
      entity_id: log.entityId,
      data: log.data as Record<string, unknown> | null,
      ip: log.ip,
      user_agent: log.userAgent,
      request_id: log.requestId,
      created_at: log.createdAt.toISOString(),
    })),
    next_cursor: p.next_cursor,
  };
}
