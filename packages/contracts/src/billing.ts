import { z } from "@hono/zod-openapi";
import { Kopecks, Period, Timestamp } from "./common";

export const BillingRunRequest = z.object({ period: Period }).openapi("BillingRunRequest");

export const BillingRun = z
  .object({
    id: z.string().uuid(),
    period: z.string(),
    status: z.enum(["running", "stale", "completed", "failed"]).openapi({
      description:
        "`stale`: running, but no heartbeat (a committed batch) for LK_BILLING_STALE_SECONDS — its process died; resume it (`POST …/resume`, `lk billing resume`) or start the period again (the new run takes it over)",
    }),
    total_accounts: z.number().int(),
    processed_accounts: z.number().int(),
    invoices_created: z.number().int(),
    amount_total: Kopecks,
    progress: z.number().openapi({ description: "0..1" }),
    error: z.string().nullable(),
    started_at: Timestamp,
    heartbeat_at: Timestamp.openapi({
      description: "The run's last sign of life: its start and each committed batch",
    }),
    finished_at: Timestamp.nullable(),
  })
  .openapi("BillingRun");

export const BillingRunList = z.object({ data: z.array(BillingRun) }).openapi("BillingRunList");
export const BillingRunListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Newest first; default 20" }),
});
