import { webhookEndpoints } from "@lk/db";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { checkEvents } from "./check-events";
import { newWebhookSecret } from "./secret";
import { checkWebhookUrl } from "./url";
import { type EndpointView, endpointView } from "./view";

export interface CreateEndpointInput {
  url: string;
  events: string[];
  description?: string | null | undefined;
}

/** Registers a receiver. The response carries the `whsec_…` secret the receiver verifies with. */
export async function createWebhookEndpoint({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateEndpointInput;
}): Promise<EndpointView & { secret: string }> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const url = checkWebhookUrl(input.url);
  const events = checkEvents(input.events);
  const secret = newWebhookSecret();
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        companyId,
        url,
        events,
        description: input.description ?? null,
        secret,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: "webhook_endpoint.created",
      entityType: "webhook_endpoint",
      entityId: row!.id,
      data: { url, events },
    });
    return { ...endpointView(row!), secret };
  });
}
