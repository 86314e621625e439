import { auditLog, type Tx, users, webhookEndpoints } from "@lk/db";
import { and, eq, isNotNull } from "drizzle-orm";
import { enqueueMessage } from "../outbox/outbox";

/**
 * Turns off an endpoint that kept failing and e-mails the company's admins (in the caller's
 * transaction). Its pending deliveries wait; re-enabling it resumes them.
 */
export async function disableFailingEndpoint(
  tx: Tx,
  endpoint: { id: string; companyId: string | null; partnerId?: string | null; url: string },
  now: Date,
): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ status: "disabled", disabledAt: now, disabledReason: "failing", updatedAt: now })
    .where(eq(webhookEndpoints.id, endpoint.id));
  await tx.insert(auditLog).values({
    companyId: endpoint.companyId,
    actorType: "system",
    actorId: "webhook-worker",
    action: "webhook_endpoint.disabled",
    entityType: "webhook_endpoint",
    entityId: endpoint.id,
    data: { url: endpoint.url, reason: "failing", partner_id: endpoint.partnerId ?? null },
    createdAt: now,
  });
  // A partner's endpoint has no company admins: the operator sees it in the audit log.
  if (!endpoint.companyId) return;
  const companyId = endpoint.companyId;
  const admins = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.companyId, companyId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        isNotNull(users.email),
      ),
    );
  for (const admin of admins)
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: admin.email!,
        subject: "Вебхуки отключены / Webhook endpoint disabled",
        body: [
          `Адрес ${endpoint.url} не принимал вебхуки трое суток, и мы его отключили.`,
          "Исправьте приёмник и включите адрес в разделе «API и вебхуки»: накопившиеся события будут доставлены.",
          "",
          `${endpoint.url} has failed every webhook delivery for three days, so we disabled it.`,
          "Fix the receiver and enable the endpoint under “API & webhooks”: the queued events will then be delivered.",
        ].join("\n"),
        kind: "webhook_endpoint_disabled",
        companyId,
        userId: admin.id,
      },
      now,
    );
}
