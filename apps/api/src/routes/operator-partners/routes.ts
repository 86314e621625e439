import { createRoute } from "@hono/zod-openapi";
import {
  CreatePartnerRequest,
  IdParam,
  Partner,
  PartnerList,
  PartnerWithSecrets,
  UpdatePartnerRequest,
} from "@lk/contracts";
import { createPartner, getPartner, listPartners, rotatePartnerKeys, updatePartner } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: partners"];

export const operatorPartnerRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/partners",
      operationId: "createPartner",
      tags,
      summary: "Register a partner site (publishable key bound to origins, secret key shown once)",
      description:
        "Origins are exact `https://host[:port]` (plain `http://` only for localhost/127.0.0.1). Commission per method is paid by the payer on top; `sbp: null` (default) = not offered. The response carries `secret_key` (`sk_partner_…`, for the partner's back end) and `webhook_secret` — store them now.",
      security: operatorAuth,
      request: { body: jsonBody(CreatePartnerRequest) },
      responses: { 201: json(PartnerWithSecrets, "Created"), ...problems(400, 401) },
    }),
    async (c) => c.json(await createPartner({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/partners",
      operationId: "listPartners",
      tags,
      summary: "All partners, newest first",
      security: operatorAuth,
      responses: { 200: json(PartnerList, "Partners"), ...problems(401) },
    }),
    async (c) => c.json(await listPartners({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/partners/{id}",
      operationId: "getPartner",
      tags,
      summary: "One partner",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 200: json(Partner, "The partner"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await getPartner({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/v1/operator/partners/{id}",
      operationId: "updatePartner",
      tags,
      summary: "Change name, origins, commission, webhook URL, or disable",
      security: operatorAuth,
      request: { params: IdParam, body: jsonBody(UpdatePartnerRequest) },
      responses: { 200: json(Partner, "Updated"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await updatePartner({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/partners/{id}/rotate-keys",
      operationId: "rotatePartnerKeys",
      tags,
      summary: "New publishable key, secret key and webhook secret; the old ones stop working at once",
      security: operatorAuth,
      request: { params: IdParam },
      responses: {
        200: json(PartnerWithSecrets, "New keys (secret shown once)"),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await rotatePartnerKeys({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
