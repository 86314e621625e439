import { webhookDeliveries, webhookEndpoints } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { loadEndpoint } from "./load";

/** Deletes an endpoint: nothing more is sent to it; its delivery log is kept for the audit trail. */
export async function deleteWebhookEndpoint({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, companyId, input.id, true);
    await tx
      .update(webhookEndpoints)
      .set({ deletedAt: now, status: "disabled", disabledAt: now, disabledReason: "deleted", updatedAt: now })
      .where(eq(webhookEndpoints.id, row.id));
    await tx
      .update(webhookDeliveries)
      .set({ status: "failed", nextAttemptAt: null, lastError: "endpoint deleted", updatedAt: now })
      .where(and(eq(webhookDeliveries.endpointId, row.id), eq(webhookDeliveries.status, "pending")));
    await audit(tx, ctx, {
      action: "webhook_endpoint.deleted",
      entityType: "webhook_endpoint",
      entityId: row.id,
      data: { url: row.url },
    });
  });
}
