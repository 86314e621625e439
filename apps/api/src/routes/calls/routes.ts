import { createRoute, z } from "@hono/zod-openapi";
import {
  CallExportQuery,
  CallFilterQuery,
  CallList,
  CallStats,
  CallStatsQuery,
  CallsQuery,
  CallsSummary,
} from "@lk/contracts";
import { callStats, callsSummary, exportCalls, listCalls } from "@lk/core";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { onReplica } from "../../replica/on-replica";
import { toReadableStream } from "./stream";

const tags = ["Calls"];
const filterDoc =
  "Filter: `period` (UTC month, default the current one) or `from`/`to`; `account_id`, `group_id` (with subgroups), `phone` (either side), `direction`, `destination_type`, `min_duration` (s), `min_cost` (kopecks). A user limited to some groups sees only their accounts' calls.";

export const callRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/calls",
      operationId: "listCalls",
      tags,
      summary: "Call details (keyset-paginated, oldest first)",
      description: `${filterDoc} Pages follow (started_at, id), so walking them while new records arrive returns each record once.`,
      security: bearerAuth,
      request: { query: CallsQuery },
      responses: { 200: json(CallList, "A page of calls"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await onReplica(c, (ctx) => listCalls({ ctx, input: c.req.valid("query") })), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/summary",
      operationId: "getCallsSummary",
      tags,
      summary: "Totals for a filter: count, minutes, cost",
      description: filterDoc,
      security: bearerAuth,
      request: { query: CallFilterQuery },
      responses: { 200: json(CallsSummary, "Totals"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await onReplica(c, (ctx) => callsSummary({ ctx, input: c.req.valid("query") })), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/stats",
      operationId: "getCallStats",
      tags,
      summary: "Call statistics by day, destination type or top remote numbers",
      description: `${filterDoc} \`by=day\` groups by UTC day; \`by=top_numbers\` returns the \`top\` numbers called or calling most.`,
      security: bearerAuth,
      request: { query: CallStatsQuery },
      responses: { 200: json(CallStats, "Groups with totals"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await onReplica(c, (ctx) => callStats({ ctx, input: c.req.valid("query") })), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/export",
      operationId: "exportCalls",
      tags,
      summary: "Export the filtered calls as CSV or XLSX (streamed, any size)",
      description: `${filterDoc} CSV is UTF-8 with BOM, \`;\`-separated, money as \`1234,56\` (Russian Excel). XLSX splits into sheets of 1 000 000 rows.`,
      security: bearerAuth,
      request: { query: CallExportQuery },
      responses: {
        200: {
          description: "The file",
          content: {
            "text/csv": { schema: z.string().openapi({ format: "binary" }) },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
              schema: z.string().openapi({ format: "binary" }),
            },
          },
        },
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const file = await onReplica(c, (ctx) => exportCalls({ ctx, input: c.req.valid("query") }));
      return c.body(toReadableStream(file.body), 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      });
    },
  );
