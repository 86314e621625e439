import { createRoute } from "@hono/zod-openapi";
import { IdParam, PublicPayment } from "@lk/contracts";
import { getPartnerPayment } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const partnerRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/partner/payments/{id}",
    operationId: "partnerGetPayment",
    tags: ["Partner back end"],
    summary: "Status of a payment made through this partner (Bearer sk_partner_…)",
    description:
      "For the partner's server: `Authorization: Bearer sk_partner_…`. Another partner's payment is 404.",
    security: bearerAuth,
    request: { params: IdParam },
    responses: { 200: json(PublicPayment, "The payment"), ...problems(400, 401, 404) },
  }),
  async (c) => c.json(await getPartnerPayment({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
);
