import { deliverWebhooks } from "@lk/core";
import { webhookDeliveries, webhookEndpoints } from "@lk/db";
import type { Command } from "commander";
import { and, desc, eq } from "drizzle-orm";
import { withCli } from "../context";

/** `lk webhooks deliver` runs the delivery worker once; `lk webhooks log` shows recent deliveries. */
export function registerWebhookCommands(program: Command) {
  const webhooks = program.command("webhooks").description("outgoing webhooks (issue #6)");
  webhooks
    .command("deliver")
    .description("send the webhook deliveries that are due now (the job the server runs every few seconds)")
    .option("--limit <n>", "deliveries to claim", "100")
    .action((opts: { limit: string }) =>
      withCli(async ({ conn }) => {
        const res = await deliverWebhooks({ db: conn.db, now: () => new Date(), limit: Number(opts.limit) });
        console.log(
          `attempted ${res.attempted}: ${res.succeeded} succeeded, ${res.retrying} to retry, ${res.failed} failed, ${res.disabledEndpoints} endpoint(s) disabled`,
        );
      }),
    );
  webhooks
    .command("log")
    .description("the latest webhook deliveries")
    .option("--company <id>", "only this company")
    .option("--status <status>", "pending | succeeded | failed")
    .option("--limit <n>", "how many", "20")
    .action((opts: { company?: string; status?: "pending" | "succeeded" | "failed"; limit: string }) =>
      withCli(async ({ conn }) => {
        const rows = await conn.db
          .select({ d: webhookDeliveries, url: webhookEndpoints.url })
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(
            and(
              opts.company ? eq(webhookDeliveries.companyId, opts.company) : undefined,
              opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
            ),
          )
          .orderBy(desc(webhookDeliveries.createdAt))
          .limit(Number(opts.limit));
        for (const { d, url } of rows)
          console.log(
            `${d.createdAt.toISOString()}  ${d.eventType}  → ${url}  [${d.status}, ${d.attempts} attempt(s)${d.lastStatusCode ? `, HTTP ${d.lastStatusCode}` : ""}${d.lastError && !d.lastStatusCode ? `, ${d.lastError}` : ""}]  ${d.eventId}`,
          );
        if (rows.length === 0) console.log("no deliveries");
      }),
    );
}
