import { createRoute } from "@hono/zod-openapi";
import { BillingRun, BillingRunList, BillingRunListQuery, BillingRunRequest, IdParam } from "@lk/contracts";
import {
  type BillingRunView,
  claimBillingRun,
  executeBillingRun,
  getBillingRun,
  listBillingRuns,
  startBillingRun,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: billing"];

const runJson = (r: BillingRunView) => ({
  id: r.id,
  period: r.period,
  status: r.status,
  total_accounts: r.totalAccounts,
  processed_accounts: r.processedAccounts,
  invoices_created: r.invoicesCreated,
  amount_total: r.amountTotal,
  progress: r.totalAccounts
    ? Math.min(1, r.processedAccounts / r.totalAccounts)
    : r.status === "completed"
      ? 1
      : 0,
  error: r.error,
  started_at: r.startedAt.toISOString(),
  heartbeat_at: r.heartbeatAt.toISOString(),
  finished_at: r.finishedAt?.toISOString() ?? null,
});

export const operatorBillingRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/billing/runs",
      operationId: "startBillingRun",
      tags,
      summary: "Start the billing run of a period (runs in the background)",
      description:
        "Idempotent: accounts already invoiced for the period are skipped, so starting again after a failure resumes. Poll `GET /v1/operator/billing/runs/{id}` for progress.",
      security: operatorAuth,
      request: { body: jsonBody(BillingRunRequest) },
      responses: { 202: json(BillingRun, "Started"), ...problems(400, 401) },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const run = await startBillingRun({ ctx, input: c.req.valid("json") });
      const log = c.get("deps").logger;
      // The run records its own failure on the row; the log line is for the operator's dashboards.
      // Tracked so that a graceful shutdown lets its current batch commit before the pools close.
      void c
        .get("deps")
        .background.add(executeBillingRun({ ctx, input: { runId: run.id } }))
        .catch((e: unknown) => log.error("billing run failed", { runId: run.id, error: String(e) }));
      return c.json(runJson(run), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/billing/runs",
      operationId: "listBillingRuns",
      tags,
      summary: "The latest billing runs, newest first (a dead one reads as `stale`)",
      security: operatorAuth,
      request: { query: BillingRunListQuery },
      responses: { 200: json(BillingRunList, "The runs"), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(
        { data: (await listBillingRuns({ ctx: ctxOf(c), input: c.req.valid("query") })).map(runJson) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/billing/runs/{id}/resume",
      operationId: "resumeBillingRun",
      tags,
      summary: "Resume a stale or failed run from its last committed batch (runs in the background)",
      description:
        "Only a run whose process is dead (`stale`: no heartbeat for LK_BILLING_STALE_SECONDS) or that failed; a live or completed one is 409 `billing_run_not_resumable`. Accounts already invoiced are skipped, so nothing is billed twice.",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 202: json(BillingRun, "Resumed"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const run = await claimBillingRun({ ctx, input: c.req.valid("param") });
      const log = c.get("deps").logger;
      void c
        .get("deps")
        .background.add(executeBillingRun({ ctx, input: { runId: run.id } }))
        .catch((e: unknown) => log.error("billing run failed", { runId: run.id, error: String(e) }));
      return c.json(runJson(run), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/billing/runs/{id}",
      operationId: "getBillingRun",
      tags,
      summary: "Progress of a billing run",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 200: json(BillingRun, "The run"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(runJson(await getBillingRun({ ctx: ctxOf(c), input: c.req.valid("param") })), 200),
  );
