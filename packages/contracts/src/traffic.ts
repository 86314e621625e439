import { z } from "@hono/zod-openapi";
import { Period } from "./common";

export const TrafficQuery = z.object({
  period: Period.optional().openapi({
    description: "A month `YYYY-MM` in the operator's time zone (LK_TIME_ZONE); default the current one",
  }),
  service_id: z.string().uuid().optional(),
  account_id: z.string().uuid().optional(),
});

const Bytes = { bytes_in: z.number().int(), bytes_out: z.number().int() };

export const Traffic = z
  .object({
    period: z.string().openapi({ example: "2026-10" }),
    totals: z.object(Bytes),
    services: z.array(
      z.object({
        service_id: z.string().uuid(),
        identifier: z.string(),
        account_id: z.string().uuid(),
        account_number: z.string(),
        ...Bytes,
      }),
    ),
    days: z.array(z.object({ day: z.string().openapi({ example: "2026-10-01" }), ...Bytes })),
  })
  .openapi("Traffic");
