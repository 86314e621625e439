import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

export const AuditQuery = z.object({
  action: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "Exact action, or a prefix ending in `.` (e.g. `user.`)" }),
  actor_id: z.string().max(100).optional(),
  entity_type: z.string().max(50).optional(),
  entity_id: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
});

export const AuditEntry = z
  .object({
    id: z.number().int(),
    action: z.string().openapi({ description: "Stable code, e.g. `auth.signed_in`" }),
    action_label: z.string().openapi({
      description: "The action as a person reads it, in the request's language («Вход в кабинет»)",
    }),
    actor_type: z.string().openapi({ description: "user, api_key, operator, partner, anonymous" }),
    actor_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    actor_label: z.string().openapi({
      description:
        "Who did it, for a «Кто» column: the user's full name, «API-ключ «name»», the partner's name, «Оператор связи», or «Без входа»",
    }),
    actor_login: z.string().nullable(),
    entity_type: z.string().nullable(),
    entity_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi("AuditEntry");

export const AuditList = z
  .object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() })
  .openapi("AuditList");
