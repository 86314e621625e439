import { createRoute, z } from "@hono/zod-openapi";
import { IssuedCredentials } from "@lk/contracts";
import { operatorResetPassword } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const operatorUserRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/v1/operator/users/{login}/reset-password",
    operationId: "operatorResetUserPassword",
    tags: ["Operator: users"],
    summary: "Issue a new temporary password (shown once; valid 72 h; ends the user's sessions)",
    security: operatorAuth,
    request: { params: z.object({ login: z.string().min(1).max(100) }) },
    responses: { 200: json(IssuedCredentials, "New temporary password"), ...problems(401, 404) },
  }),
  async (c) => c.json(await operatorResetPassword({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
);
