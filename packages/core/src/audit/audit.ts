import { auditLog, type Queryable } from "@lk/db";
import { actorOf, type Ctx } from "../context/index";

export interface AuditEntry {
  action: string;
  companyId?: string | null;
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
}

/** The audit_log row of an entry (who, from where, when): for callers that write it in SQL of their own. */
export function auditValues(ctx: Ctx, entry: AuditEntry) {
  const { actorType, actorId } = actorOf(ctx.principal);
  const p = ctx.principal;
  const companyId =
    entry.companyId !== undefined
      ? entry.companyId
      : p.type === "user" || p.type === "api_key"
        ? p.companyId
        : null;
  return {
    companyId,
    actorType,
    actorId,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    data: entry.data ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    createdAt: ctx.now(),
  };
}

/** Writes who did what, when and from where. Call it inside the mutation's transaction. */
export async function audit(tx: Queryable, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditValues(ctx, entry));
}
