import { z } from "@hono/zod-openapi";
import { Kopecks, Timestamp, Uuid } from "./common";

export const PromisedPayment = z
  .object({
    id: Uuid,
    account_id: Uuid,
    kind: z.enum(["promised", "trust"]),
    amount: Kopecks,
    currency: z.literal("RUB"),
    status: z.enum(["active", "repaid", "expired_unpaid"]),
    status_label: z.string().openapi({
      description: "The status as a person reads it, in the request's language (Действует / Active)",
    }),
    month: z
      .string()
      .openapi({ description: "The month it counts against, `YYYY-MM` in the operator's time zone" }),
    expires_at: Timestamp,
    created_at: Timestamp,
    closed_at: Timestamp.nullable(),
  })
  .openapi("PromisedPayment");

export const PromisedPaymentInfo = z
  .object({
    account_id: Uuid,
    kind: z.enum(["promised", "trust"]),
    eligible: z.boolean(),
    reason: z.string().nullable(),
    reason_message: z.string().nullable(),
    limit: Kopecks,
    currency: z.literal("RUB"),
    days: z.number().int(),
    active: PromisedPayment.nullable(),
    history: z.array(PromisedPayment),
  })
  .openapi("PromisedPaymentInfo");

export const TakePromisedPaymentRequest = z
  .object({ amount: Kopecks.min(100) })
  .strict()
  .openapi("TakePromisedPaymentRequest");
