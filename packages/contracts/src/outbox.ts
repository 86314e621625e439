import { z } from "@hono/zod-openapi";
import { ListQuery, listOf, Timestamp, Uuid } from "./common";

export const OutboxQuery = ListQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20).openapi({ example: 20 }),
  to: z
    .string()
    .max(320)
    .optional()
    .openapi({ description: "Only messages to this e-mail address or phone" }),
  channel: z.enum(["email", "sms"]).optional(),
});

export const OutboxMessage = z
  .object({
    id: Uuid,
    channel: z.enum(["email", "sms"]),
    recipient: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    kind: z.string().openapi({ description: "What it is about: password_reset, payment_receipt, …" }),
    status: z.enum(["pending", "sent", "failed"]),
    created_at: Timestamp,
    sent_at: Timestamp.nullable(),
  })
  .openapi("OutboxMessage");

export const OutboxList = listOf(OutboxMessage, "OutboxList");
