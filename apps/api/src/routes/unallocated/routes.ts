import { createRoute, z } from "@hono/zod-openapi";
import { DistributeUnallocatedRequest, Unallocated, UnallocatedDistribution } from "@lk/contracts";
import { distributeUnallocated, getUnallocated } from "@lk/core";
import { ctxOf } from "../../http/context";
import { idempotencyKeyOf, idempotent } from "../../http/idempotency";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Unallocated money"];

export const unallocatedRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/unallocated",
      operationId: "getUnallocated",
      tags,
      summary: "The company's money from bank transfers not yet on an account",
      security: bearerAuth,
      responses: { 200: json(Unallocated, "Balance and latest movements"), ...problems(401, 403) },
    }),
    async (c) => c.json(await getUnallocated({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/unallocated/distributions",
      operationId: "distributeUnallocated",
      tags,
      summary: "Put unallocated money on accounts (a bank-transfer payment; settles their invoices)",
      description:
        "Requires `Idempotency-Key`. More than the unallocated balance is 409 `insufficient_unallocated`.",
      security: bearerAuth,
      middleware: [idempotent()] as const,
      request: {
        headers: z.object({ "idempotency-key": z.string().optional() }),
        body: jsonBody(DistributeUnallocatedRequest),
      },
      responses: {
        201: json(UnallocatedDistribution, "Distributed"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(
        await distributeUnallocated({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), idempotency_key: idempotencyKeyOf(c) },
        }),
        201,
      ),
  );
