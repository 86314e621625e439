import { createRoute, z } from "@hono/zod-openapi";
import {
  Agent,
  AgentIdParam,
  AgentList,
  AgentRegistryList,
  AgentRegistryParams,
  AgentRegistryReport,
  AgentWithSecret,
  CreateAgentRequest,
  ImportAgentRegistryQuery,
  ResolveAgentDiscrepancyRequest,
  UpdateAgentRequest,
} from "@lk/contracts";
import {
  createAgent,
  getAgent,
  getRegistryReport,
  getRegistryReportCsv,
  importRegistry,
  listAgents,
  listRegistries,
  requireOperator,
  resolveDiscrepancy,
  rotateAgentSecret,
  updateAgent,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: payment agents"];
const base = "/v1/operator/agents";

export const operatorAgentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: base,
      operationId: "createAgent",
      tags,
      summary: "Register a payment agent (its gateway secret is shown once)",
      description:
        "The agent calls the gateway (`/v1/agent-gateway/osmp`) with HTTP Basic `login:secret` from one of `allowed_sources`. See docs/payment-agents.md.",
      security: operatorAuth,
      request: { body: jsonBody(CreateAgentRequest) },
      responses: { 201: json(AgentWithSecret, "Created"), ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await createAgent({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: base,
      operationId: "listAgents",
      tags,
      summary: "All payment agents, newest first",
      security: operatorAuth,
      responses: { 200: json(AgentList, "Agents"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listAgents({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      operationId: "getAgent",
      tags,
      summary: "One payment agent (by id or login)",
      security: operatorAuth,
      request: { params: AgentIdParam },
      responses: { 200: json(Agent, "The agent"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getAgent({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: `${base}/{id}`,
      operationId: "updateAgent",
      tags,
      summary: "Change name, source addresses, commission, timeout, or disable",
      security: operatorAuth,
      request: { params: AgentIdParam, body: jsonBody(UpdateAgentRequest) },
      responses: { 200: json(Agent, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateAgent({ ctx: ctxOf(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/rotate-secret`,
      operationId: "rotateAgentSecret",
      tags,
      summary: "A new gateway secret; the old one stops working at once",
      security: operatorAuth,
      request: { params: AgentIdParam },
      responses: { 200: json(AgentWithSecret, "New secret (shown once)"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await rotateAgentSecret({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/registries`,
      operationId: "importAgentRegistry",
      tags,
      summary: "Upload the agent's daily registry (CSV) and get its reconciliation report",
      description:
        "UTF-8 CSV, `;` or `,`, header naming `txn_id`, `txn_date` (YYYYMMDDHHMMSS or `YYYY-MM-DD HH:MM:SS`, the operator's time zone), `account` (12 digits), `sum` (rubles with a dot). A bad line is 400 naming it and nothing is stored; the same file again is the same registry.",
      security: operatorAuth,
      request: {
        params: AgentIdParam,
        query: ImportAgentRegistryQuery,
        body: {
          required: true,
          content: { "text/csv": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
      responses: { 200: json(AgentRegistryReport, "The report"), ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      requireOperator(ctxOf(c)); // before reading a body from anyone else
      const q = c.req.valid("query");
      return c.json(
        await importRegistry({
          ctx: ctxOf(c),
          input: {
            agent: c.req.valid("param").id,
            csv: await c.req.text(),
            date: q.date,
            file_name: q.file_name,
          },
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/registries`,
      operationId: "listAgentRegistries",
      tags,
      summary: "The agent's uploaded registries, newest day first",
      security: operatorAuth,
      request: { params: AgentIdParam },
      responses: { 200: json(AgentRegistryList, "Registries"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await listRegistries({ ctx: ctxOf(c), input: { agent: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/registries/{registryId}`,
      operationId: "getAgentRegistryReport",
      tags,
      summary:
        "A registry's reconciliation report: matched, missing on our side, missing on theirs, amount mismatches",
      security: operatorAuth,
      request: { params: AgentRegistryParams },
      responses: { 200: json(AgentRegistryReport, "The report"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await getRegistryReport({ ctx: ctxOf(c), input: { agent: p.id, registry: p.registryId } }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}/registries/{registryId}/report.csv`,
      operationId: "downloadAgentRegistryReport",
      tags,
      summary: "The reconciliation report as CSV (`;`, UTF-8, the operator's time zone, sums in rubles)",
      security: operatorAuth,
      request: { params: AgentRegistryParams },
      responses: {
        200: {
          description: "CSV",
          content: { "text/csv": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const csv = await getRegistryReportCsv({
        ctx: ctxOf(c),
        input: { agent: p.id, registry: p.registryId },
      });
      return c.body(`\uFEFF${csv}`, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="agent-registry-${p.registryId}.csv"`,
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/registries/{registryId}/resolutions`,
      operationId: "resolveAgentDiscrepancy",
      tags,
      summary: "Resolve one discrepancy: accept the agent's payment or reverse ours (once)",
      description:
        "`accept` on `missing_ours` credits the registry's payment; on `amount_mismatch` credits the difference or reverses the excess. `reverse` on `missing_theirs` or `amount_mismatch` takes our payment back through the ledger (invoices it paid reopen). A repeat of the same resolution changes nothing; a different one is 409.",
      security: operatorAuth,
      request: { params: AgentRegistryParams, body: jsonBody(ResolveAgentDiscrepancyRequest) },
      responses: {
        200: json(AgentRegistryReport, "The report after it"),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const b = c.req.valid("json");
      return c.json(
        await resolveDiscrepancy({
          ctx: ctxOf(c),
          input: { agent: p.id, registry: p.registryId, txn_id: b.txn_id, action: b.action },
        }),
        200,
      );
    },
  );
