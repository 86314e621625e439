import { z } from "@hono/zod-openapi";
import { Kopecks, ListQuery, listOf, Timestamp } from "./common";

export const ReceiptStatus = z.enum(["pending", "registered", "failed"]).openapi("ReceiptStatus", {
  description: "pending: not yet registered (retried); registered; failed: the register refused it",
});
export const ReceiptKind = z.enum(["sell", "sell_refund"]).openapi("ReceiptKind", {
  description: "sell = приход (a payment), sell_refund = возврат прихода (a refund)",
});

export const OperatorReceiptListQuery = ListQuery.extend({
  status: ReceiptStatus.optional(),
  kind: ReceiptKind.optional(),
  company_id: z.string().uuid().optional(),
  payment_id: z.string().uuid().optional(),
});

/** A fiscal receipt as the operator sees it: state, tries and, once registered, its fiscal data. */
export const OperatorReceipt = z
  .object({
    id: z.string().uuid(),
    number: z.string().openapi({ description: "The human receipt number people read", example: "000123" }),
    kind: ReceiptKind,
    status: ReceiptStatus,
    company_id: z.string().uuid(),
    payment_id: z.string().uuid(),
    refund_id: z.string().uuid().nullable(),
    amount: Kopecks,
    currency: z.literal("RUB"),
    attempts: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    last_error: z.string().nullable(),
    fiscal: z
      .object({
        fn_number: z.string().openapi({ description: "ФН (tag 1041)" }),
        fd_number: z.number().int().openapi({ description: "ФД (tag 1040)" }),
        fpd: z.string().openapi({ description: "ФПД (tag 1077)" }),
        at: Timestamp,
        ecr_registration_number: z.string(),
        fns_site: z.string(),
        qr: z.string().openapi({
          description: "The ФНС check QR's string",
          example: "t=20261207T1414&s=1250.50&fn=9999078900012345&i=12&fp=1234567890&n=1",
        }),
      })
      .nullable(),
    created_at: Timestamp,
    registered_at: Timestamp.nullable(),
  })
  .openapi("OperatorReceipt");
export const OperatorReceiptList = listOf(OperatorReceipt, "OperatorReceiptList");
