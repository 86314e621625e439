import { createRoute } from "@hono/zod-openapi";
import { CompanyIdParam, CompanyPaymentSettings, UpdateCompanyPaymentSettingsRequest } from "@lk/contracts";
import { getCompanyPaymentSettings, updateCompanyPaymentSettings } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: companies"];
const path = "/v1/operator/companies/{id}/payment-settings";

export const operatorCompanyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path,
      operationId: "getCompanyPaymentSettings",
      tags,
      summary: "A company's payment terms: trust payment allowed, bonus percentage",
      security: operatorAuth,
      request: { params: CompanyIdParam },
      responses: { 200: json(CompanyPaymentSettings, "The terms"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await getCompanyPaymentSettings({ ctx: ctxOf(c), input: { company: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path,
      operationId: "updateCompanyPaymentSettings",
      tags,
      summary: "Set a company's payment terms from its contract",
      description:
        "`trust_payment_allowed: true` lets the company's credit accounts take a trust payment (the same limit, 5 days and once a month as a promised payment); `bonus_percent_bp` overrides the configured bonus percentage (`0` = no bonuses, `null` = back to the default). Audited as `company.payment_settings_updated`.",
      security: operatorAuth,
      request: { params: CompanyIdParam, body: jsonBody(UpdateCompanyPaymentSettingsRequest) },
      responses: { 200: json(CompanyPaymentSettings, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateCompanyPaymentSettings({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), company: c.req.valid("param").id },
        }),
        200,
      ),
  );
