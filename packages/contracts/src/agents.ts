import { z } from "@hono/zod-openapi";
import { Kopecks, Timestamp } from "./common";

const Source = z.string().trim().min(1).max(60).openapi({ example: "203.0.113.0/24" });

export const CreateAgentRequest = z
  .object({
    login: z.string().trim().min(3).max(64).openapi({ description: "HTTP Basic login", example: "sberbank" }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Сбербанк Онлайн" }),
    allowed_sources: z
      .array(Source)
      .min(1)
      .max(100)
      .openapi({ description: "IPv4/IPv6 addresses or CIDR blocks the agent calls from" }),
    commission_bp: z.number().int().min(0).max(10_000).optional().openapi({
      description: "The agent's commission, basis points of each sum (owed by the operator)",
      example: 80,
    }),
    timeout_ms: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .optional()
      .openapi({ description: "The agent's timeout; past it the gateway answers result 1", example: 60000 }),
  })
  .strict()
  .openapi("CreateAgentRequest");

export const UpdateAgentRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    allowed_sources: z.array(Source).min(1).max(100).optional(),
    commission_bp: z.number().int().min(0).max(10_000).optional(),
    timeout_ms: z.number().int().min(100).max(120_000).optional(),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .strict()
  .openapi("UpdateAgentRequest");

export const Agent = z
  .object({
    id: z.string().uuid(),
    login: z.string(),
    name: z.string(),
    allowed_sources: z.array(z.string()),
    commission_bp: z.number().int(),
    timeout_ms: z.number().int(),
    secret_prefix: z.string().openapi({ example: "agsec_AbC1…" }),
    status: z.enum(["active", "disabled"]),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Agent");

export const AgentWithSecret = Agent.extend({
  secret: z.string().openapi({ description: "`agsec_…`, the HTTP Basic password: shown ONCE" }),
}).openapi("AgentWithSecret");

export const AgentList = z
  .object({ data: z.array(Agent), next_cursor: z.string().nullable() })
  .openapi("AgentList");

export const AgentRegistry = z
  .object({
    id: z.string().uuid(),
    agent_id: z.string().uuid(),
    date: z.string().openapi({ format: "date", example: "2026-12-05" }),
    file_name: z.string().nullable(),
    lines: z.number().int(),
    total: Kopecks,
    uploaded_at: Timestamp,
  })
  .openapi("AgentRegistry");

export const AgentRegistryList = z
  .object({ data: z.array(AgentRegistry), next_cursor: z.string().nullable() })
  .openapi("AgentRegistryList");

export const AgentReconciliationRow = z
  .object({
    kind: z.enum(["matched", "missing_ours", "missing_theirs", "amount_mismatch"]),
    txn_id: z.string(),
    account_number: z.string(),
    their_amount: Kopecks.nullable(),
    our_amount: Kopecks.nullable(),
    their_date: Timestamp.nullable(),
    our_date: Timestamp.nullable(),
    prv_txn: z.number().int().nullable(),
    resolution: z
      .object({
        action: z.enum(["accept", "reverse"]),
        amount: Kopecks.openapi({ description: "What moved on the account, signed" }),
        at: Timestamp,
      })
      .nullable(),
  })
  .openapi("AgentReconciliationRow");

export const AgentRegistryReport = z
  .object({
    registry: AgentRegistry,
    summary: z.object({
      matched: z.number().int(),
      missing_ours: z.number().int(),
      missing_theirs: z.number().int(),
      amount_mismatch: z.number().int(),
      unresolved: z.number().int(),
      their_total: Kopecks,
      our_total: Kopecks,
    }),
    data: z.array(AgentReconciliationRow),
  })
  .openapi("AgentRegistryReport");

export const ResolveAgentDiscrepancyRequest = z
  .object({
    txn_id: z.string().min(1).max(64),
    action: z.enum(["accept", "reverse"]).openapi({
      description:
        "`accept`: credit a payment missing on our side, or move ours to the agent's sum; `reverse`: take back our payment",
    }),
  })
  .strict()
  .openapi("ResolveAgentDiscrepancyRequest");

export const AgentIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, description: "The agent's id or login" }),
});

export const AgentRegistryParams = AgentIdParam.extend({
  registryId: z
    .string()
    .uuid()
    .openapi({ param: { name: "registryId", in: "path" } }),
});

export const ImportAgentRegistryQuery = z.object({
  date: z.string().optional().openapi({
    description: "The registry's business day (YYYY-MM-DD); default: the one day its lines fall on",
  }),
  file_name: z.string().max(200).optional(),
});
