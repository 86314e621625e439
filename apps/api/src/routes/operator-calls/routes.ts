import { createRoute, z } from "@hono/zod-openapi";
import { CallImportReport } from "@lk/contracts";
import { importCalls } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { fromReadableStream } from "../calls/stream";

export const operatorCallRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/v1/operator/calls/import",
    operationId: "importCalls",
    tags: ["Operator: calls"],
    summary: "Load call detail records from the switch (CSV, streamed)",
    description:
      "Header line with columns `started_at;duration_sec;direction;caller;callee` (optional `record_id`, `destination_type`); `;`, `,` or tab. Each call goes to the telephony service with that number and is rated by its tariff. Bad rows are listed with their line numbers and do not stop the good ones; records loaded before count as duplicates. See docs/calls.md.",
    security: operatorAuth,
    request: {
      body: { required: true, content: { "text/csv": { schema: z.string().openapi({ format: "binary" }) } } },
    },
    responses: { 200: json(CallImportReport, "What was loaded"), ...problems(400, 401, 413) },
  }),
  async (c) =>
    c.json(await importCalls({ ctx: ctxOf(c), input: { source: fromReadableStream(c.req.raw.body) } }), 200),
);
