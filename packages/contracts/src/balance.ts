import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, Period, Timestamp } from "./common";

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .openapi({ example: "2026-10-01" });

export const BalanceQuery = z.object({
  period: Period.optional(),
  from: Day.optional().openapi({ description: "First day (inclusive), instead of period" }),
  to: Day.optional().openapi({ description: "Last day (inclusive)", example: "2026-10-31" }),
  account_id: z.string().uuid().optional(),
  group_id: z.string().uuid().optional().openapi({ description: "A group with its subgroups" }),
});

export const BalanceReport = z
  .object({
    from: Day.openapi({ description: "First day of the report (inclusive), in the operator's time zone" }),
    to: Day.openapi({
      description: "Last day of the report (inclusive, like the query's `to`)",
      example: "2026-10-31",
    }),
    account_id: z.string().nullable(),
    group_id: z.string().nullable(),
    opening_balance: Kopecks,
    charges: Kopecks.openapi({ description: "Charged in the period (positive)" }),
    payments: Kopecks,
    other: Kopecks.openapi({ description: "Everything else, signed (bonuses, transfers, adjustments, …)" }),
    closing_balance: Kopecks,
    currency: Currency,
    by_kind: z.array(z.object({ kind: z.string(), amount: Kopecks, entries: z.number().int() })),
  })
  .openapi("BalanceReport");

export const ChargesByGroupQuery = z.object({
  period: Period.optional().openapi({
    description: "The last month of the report (`YYYY-MM`, operator's time zone); default the current one",
  }),
  months: z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .default(2)
    .openapi({ description: "How many months up to `period`, 1–12", example: 2 }),
});

export const ChargesByGroupReport = z
  .object({
    periods: z.array(Period).openapi({ description: "The months of the report, oldest first" }),
    from: Day.openapi({ description: "First day of the first month, in the operator's time zone" }),
    to: Day.openapi({ description: "Last day of the last month (inclusive)", example: "2026-10-31" }),
    currency: Currency,
    data: z.array(
      z.object({
        group_id: z
          .string()
          .uuid()
          .nullable()
          .openapi({ description: "A top-level group the caller sees; null for accounts with no group" }),
        name: z.string().nullable(),
        cost_center: z.string().nullable(),
        charges: z
          .array(z.object({ period: Period, amount: Kopecks.openapi({ description: "Charged (positive)" }) }))
          .openapi({ description: "One entry per month of `periods`, in the same order" }),
      }),
    ),
  })
  .openapi("ChargesByGroupReport");

export const LedgerAdjustmentRequest = z
  .object({
    account_id: z.string().uuid(),
    amount: Kopecks.refine((n) => n !== 0, { message: "non-zero" }).openapi({
      description: "Positive credits the account, negative debits it",
    }),
    kind: z.enum(["adjustment", "bonus", "refund", "payment"]).default("adjustment"),
    description: z.string().trim().min(3).max(500),
  })
  .openapi("LedgerAdjustmentRequest");

export const LedgerEntry = z
  .object({
    id: z.number().int(),
    account_id: z.string(),
    kind: z.string(),
    amount: Kopecks,
    balance_after: Kopecks,
    currency: Currency,
    description: z.string(),
    effective_at: Timestamp,
    replayed: z.boolean(),
  })
  .openapi("LedgerEntry");
