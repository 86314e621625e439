import { createRoute } from "@hono/zod-openapi";
import { OutboxList, OutboxQuery } from "@lk/contracts";
import { listOutbox, notFound } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

// What the product sent by e-mail and SMS (docs/operations.md, «Outbox»). The operator's route
// always; the demo's test mailbox only under `lk serve --demo` — elsewhere it is 404 (ADR 0081).

export const outboxRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/outbox",
      operationId: "listOutboxMessages",
      tags: ["Operator"],
      summary: "Outgoing e-mails and SMS, newest first (back office)",
      description:
        "Every message the product queued: codes, temporary-password SMS, receipts, notices, with its delivery status. Filter by `to` (an address or phone) and `channel`.",
      security: operatorAuth,
      request: { query: OutboxQuery },
      responses: { 200: json(OutboxList, "Messages"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listOutbox({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/demo/outbox",
      operationId: "listDemoOutbox",
      tags: ["Demo"],
      summary: "The demo's test mailbox: outgoing e-mails and SMS (only under `lk serve --demo`)",
      description:
        "The same list as /v1/operator/outbox, without a key, so the portal's «Тестовая почта» page can show the codes for password reset, account linking and SMS receipts of the demo. Answers 404 on any server not started with `--demo`.",
      security: [],
      request: { query: OutboxQuery },
      responses: { 200: json(OutboxList, "Messages"), ...problems(400, 404) },
    }),
    async (c) => {
      if (!c.get("deps").config.demo)
        throw notFound({ ru: "Тестовая почта (только в демо)", en: "Test mailbox (demo only)" }, "not_found");
      return c.json(await listOutbox({ ctx: ctxOf(c), input: c.req.valid("query"), demo: true }), 200);
    },
  );
