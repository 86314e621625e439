import { createRoute, z } from "@hono/zod-openapi";
import { LedgerAdjustmentRequest, LedgerEntry } from "@lk/contracts";
import { postAdjustment } from "@lk/core";
import { ctxOf } from "../../http/context";
import { idempotencyKeyHeader, json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const operatorLedgerRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/v1/operator/ledger/adjustments",
    operationId: "createLedgerAdjustment",
    tags: ["Operator: ledger"],
    summary: "Post a manual ledger entry (correction, bonus, refund, offline payment)",
    description:
      "Requires `Idempotency-Key`: a replay returns the first entry (`replayed: true`) and moves nothing.",
    security: operatorAuth,
    request: {
      body: jsonBody(LedgerAdjustmentRequest),
      headers: z.object({ "idempotency-key": idempotencyKeyHeader(200) }),
    },
    responses: {
      201: json(LedgerEntry, "Posted"),
      200: json(LedgerEntry, "Replay of an earlier request"),
      ...problems(400, 401, 404),
    },
  }),
  async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const { entry, replayed } = await postAdjustment({
      ctx: ctxOf(c),
      input: { ...c.req.valid("json"), key },
    });
    return c.json(
      {
        id: entry.id,
        account_id: entry.accountId,
        kind: entry.kind,
        amount: entry.amount,
        balance_after: entry.balanceAfter,
        currency: "RUB" as const,
        description: entry.description,
        effective_at: entry.effectiveAt.toISOString(),
        replayed,
      },
      replayed ? 200 : 201,
    );
  },
);
