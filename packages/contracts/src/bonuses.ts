import { z } from "@hono/zod-openapi";
import { Kopecks, Timestamp, Uuid } from "./common";

export const BonusEntry = z
  .object({
    id: z.string(),
    kind: z.enum(["accrual", "spend", "release", "adjustment"]),
    amount: Kopecks,
    balance_after: Kopecks,
    payment_id: Uuid.nullable(),
    account_numbers: z.array(z.string()).openapi({
      description: "The accounts the payment went to (what the bonuses were earned or spent on)",
    }),
    description: z.string(),
    created_at: Timestamp,
  })
  .openapi("BonusEntry");

export const Bonuses = z
  .object({
    balance: Kopecks,
    currency: z.literal("RUB"),
    data: z.array(BonusEntry),
    next_cursor: z.string().nullable(),
  })
  .openapi("Bonuses");
