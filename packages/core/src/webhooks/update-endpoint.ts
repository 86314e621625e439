import { webhookDeliveries, webhookEndpoints } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { checkEvents } from "./check-events";
import { loadEndpoint } from "./load";
import { checkWebhookUrl } from "./url";
import { type EndpointView, endpointView } from "./view";

export interface UpdateEndpointInput {
  id: string;
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | null | undefined;
  status?: "active" | "disabled" | undefined;
}

/**
 * Changes an endpoint. `status: "disabled"` pauses it (its pending deliveries wait); `"active"`
 * re-enables it, clears the failure counters and resumes what was waiting.
 */
export async function updateWebhookEndpoint({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: UpdateEndpointInput;
}): Promise<EndpointView> {
  requirePermission(ctx, "webhooks:write");
  const { companyId } = companyScope(ctx);
  const url = input.url !== undefined ? checkWebhookUrl(input.url) : undefined;
  const events = input.events !== undefined ? checkEvents(input.events) : undefined;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, companyId, input.id, true);
    const enabling = input.status === "active" && row.status === "disabled";
    const disabling = input.status === "disabled" && row.status === "active";
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(enabling
          ? {
              status: "active" as const,
              disabledAt: null,
              disabledReason: null,
              consecutiveFailures: 0,
              failingSince: null,
            }
          : {}),
        ...(disabling ? { status: "disabled" as const, disabledAt: now, disabledReason: "manual" } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, row.id))
      .returning();
    if (enabling)
      // Paused deliveries go out on the worker's next run.
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: now, updatedAt: now })
        .where(and(eq(webhookDeliveries.endpointId, row.id), eq(webhookDeliveries.status, "pending")));
    await audit(tx, ctx, {
      action: "webhook_endpoint.updated",
      entityType: "webhook_endpoint",
      entityId: row.id,
      data: {
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      },
    });
    return endpointView(updated!);
  });
}
