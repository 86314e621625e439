import { z } from "@hono/zod-openapi";
import { Kopecks, Period, Timestamp } from "./common";

export const BillingRunRequest = z.object({ period: Period }).openapi("BillingRunRequest");

export const BillingRun = z
  .object({
    id: z.string().uuid(),
    period: z.string(),
    status: z.enum(["running", "completed", "failed"]),
    total_accounts: z.number().int(),
    processed_accounts: z.number().int(),
    invoices_created: z.number().int(),
    amount_total: Kopecks,
    progress: z.number().openapi({ description: "0..1" }),
    error: z.string().nullable(),
    started_at: Timestamp,
    finished_at: Timestamp.nullable(),
  })
  .openapi("BillingRun");
