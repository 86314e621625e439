import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, ListQuery, listOf, Period, Timestamp } from "./common";

const Direction = z.enum(["outgoing", "incoming"]);
const DestinationType = z.enum(["local", "long_distance", "international", "mobile"]);
const Iso = z.iso.datetime({ offset: true }).openapi({ example: "2026-10-01T00:00:00Z" });

/** The filter of the call list, summary, statistics and export. */
export const CallFilterQuery = z.object({
  period: Period.optional().openapi({
    description: "A month `YYYY-MM` in the operator's time zone (LK_TIME_ZONE); default the current one",
  }),
  from: Iso.optional().openapi({ description: "Start of a custom range (inclusive), instead of `period`" }),
  to: Iso.optional().openapi({ description: "End of a custom range (exclusive); default now" }),
  account_id: z.string().uuid().optional(),
  group_id: z.string().uuid().optional().openapi({ description: "A group of accounts, subgroups included" }),
  phone: z
    .string()
    .max(32)
    .optional()
    .openapi({ description: "Calls from or to this number (+7XXXXXXXXXX, 8XXXXXXXXXX, international)" }),
  direction: Direction.optional(),
  destination_type: DestinationType.optional(),
  min_duration: z.coerce.number().int().min(0).max(86400).optional().openapi({ description: "Seconds" }),
  min_cost: z.coerce.number().int().min(0).optional().openapi({ description: "Kopecks" }),
});

export const CallsQuery = ListQuery.extend(CallFilterQuery.shape);

export const CallStatsQuery = CallFilterQuery.extend({
  by: z.enum(["day", "destination_type", "top_numbers"]),
  top: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: "How many `top_numbers`" }),
});

export const CallExportQuery = CallFilterQuery.extend({
  format: z.enum(["csv", "xlsx"]).default("csv"),
});

export const Call = z
  .object({
    id: z.string().openapi({ example: "1048576" }),
    account_id: z.string().uuid(),
    account_number: z.string(),
    service_id: z.string().uuid().nullable(),
    started_at: Timestamp,
    duration_sec: z.number().int(),
    billable_sec: z
      .number()
      .int()
      .openapi({ description: "Seconds as the tariff counts them (0 for incoming)" }),
    direction: Direction,
    caller: z.string().openapi({ example: "+74955550001" }),
    callee: z.string().openapi({ example: "+79161234567" }),
    destination_type: DestinationType,
    cost_amount: Kopecks.openapi({ description: "Kopecks net of VAT; 0 for incoming" }),
    currency: Currency,
  })
  .openapi("Call");

export const CallList = listOf(Call, "CallList");

const Totals = {
  count: z.number().int(),
  duration_sec: z.number().int(),
  billable_sec: z.number().int(),
  minutes: z.number().openapi({ description: "billable_sec / 60, two decimals" }),
  cost_amount: Kopecks,
  currency: Currency,
};

export const CallsSummary = z.object({ from: Timestamp, to: Timestamp, ...Totals }).openapi("CallsSummary");

export const CallStats = z
  .object({
    by: z.enum(["day", "destination_type", "top_numbers"]),
    from: Timestamp,
    to: Timestamp,
    data: z.array(
      z.object({
        key: z.string().openapi({ description: "The day (YYYY-MM-DD), destination type or remote number" }),
        ...Totals,
      }),
    ),
  })
  .openapi("CallStats");

export const CallImportReport = z
  .object({
    rows_read: z.number().int(),
    inserted: z.number().int(),
    duplicates: z.number().int(),
    bad_rows: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), code: z.string(), message: z.string() })),
    errors_truncated: z.boolean(),
  })
  .openapi("CallImportReport");
