import { webhookEndpoints } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { loadEndpoint } from "./load";
import { PREVIOUS_SECRET_GRACE_MS } from "./schedule";
import { newWebhookSecret } from "./secret";
import { type EndpointView, endpointView } from "./view";

/**
 * A new signing secret, returned once. For 24 hours deliveries carry two signatures (new and old),
 * so a receiver can switch secrets without dropping events.
 */
export async function rotateWebhookSecret({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<EndpointView & { secret: string; previous_secret_expires_at: string }> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const now = ctx.now();
  const secret = newWebhookSecret();
  const until = new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS);
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, companyId, input.id, true);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({ secret, previousSecret: row.secret, previousSecretExpiresAt: until, updatedAt: now })
      .where(eq(webhookEndpoints.id, row.id))
      .returning();
    await audit(tx, ctx, {
      action: "webhook_endpoint.secret_rotated",
      entityType: "webhook_endpoint",
      entityId: row.id,
    });
    return { ...endpointView(updated!), secret, previous_secret_expires_at: until.toISOString() };
  });
}
