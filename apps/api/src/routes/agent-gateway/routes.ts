import { createRoute, z } from "@hono/zod-openapi";
import {
  answerXml,
  authenticateAgent,
  type GatewayAnswer,
  type GatewayRequest,
  handleWithinTimeout,
  parseBasicAuth,
  RESULT,
} from "@lk/core";
import type { Context } from "hono";
import { ctxOf } from "../../http/context";
import type { AppEnv } from "../../http/env";
import { createRouter } from "../../http/router";

// The payment agents' gateway (docs/payment-agents.md): the OSMP-style check/pay protocol that
// Sberbank Online, terminal networks and aggregators call. It speaks the agents' protocol, not our
// JSON API: parameters in the query or a form body, an XML answer (HTTP 200, outcome in <result>).
// Only refusals of the caller itself (credentials, source address) use HTTP 401/403, with the same
// XML body (result 300), because an agent must not retry those.

export const AGENT_GATEWAY_PATH = "/v1/agent-gateway/osmp";

const tags = ["Payment agents: gateway"];

const Params = z.object({
  command: z.string().optional().openapi({ description: "`check` or `pay`", example: "pay" }),
  txn_id: z.string().optional().openapi({ description: "The agent's transaction id", example: "9876" }),
  account: z
    .string()
    .optional()
    .openapi({ description: "Personal account number, 12 digits", example: "770000000001" }),
  sum: z.string().optional().openapi({ description: "Rubles with a dot, e.g. `100.50`", example: "100.50" }),
  txn_date: z.string().optional().openapi({
    description:
      "When the agent took the money, YYYYMMDDHHMMSS, the operator's time zone (LK_TIME_ZONE, Europe/Moscow by default)",
    example: "20261205143000",
  }),
});

const xml = (description: string) => ({
  description,
  content: {
    "application/xml": {
      schema: z.string().openapi({
        example:
          '<?xml version="1.0" encoding="UTF-8"?><response><osmp_txn_id>9876</osmp_txn_id><prv_txn>42</prv_txn><sum>100.50</sum><result>0</result><comment>OK</comment></response>',
      }),
    },
  },
});

const description =
  "HTTP Basic with the agent's login and secret (`lk agents create`), from one of its allowed source addresses. `check` finds the account (masked holder and recommended sum in `<fields>`); `pay` credits it once per (agent, txn_id): a repeat answers the first `prv_txn`. Result codes: 0 ok, 1 temporary error (retry), 4 bad account format, 5 account not found, 7 payment forbidden (closed account, disabled agent), 241 sum too small, 242 sum too large, 300 other error.";

function send(c: Context<AppEnv>, a: GatewayAnswer, status: 200 | 401 | 403 = 200) {
  return c.body(answerXml(a), status, { "Content-Type": "application/xml; charset=utf-8" });
}

async function serve(c: Context<AppEnv>, req: GatewayRequest) {
  const ctx = ctxOf(c);
  const logger = c.get("deps").logger;
  const failed = (e: unknown, login?: string) =>
    logger.error("agent gateway failed", {
      requestId: c.get("requestId"),
      ...(login ? { agent: login } : {}),
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    });
  let agent: Awaited<ReturnType<typeof authenticateAgent>>;
  try {
    // The agent and the account the request names, in one statement (packages/core/src/agents/gateway.ts).
    agent = await authenticateAgent(ctx, parseBasicAuth(c.req.header("authorization")), req);
  } catch (e) {
    // A database failure before the agent is known is still the protocol's «temporary error».
    failed(e);
    return send(c, { osmpTxnId: req.txn_id, result: RESULT.temporary });
  }
  if (agent === "no_credentials" || agent === "bad_credentials") {
    c.header("WWW-Authenticate", 'Basic realm="lk-agent-gateway", charset="UTF-8"');
    return send(
      c,
      { osmpTxnId: req.txn_id, result: RESULT.other, comment: "Неверный логин или пароль агента" },
      401,
    );
  }
  if (agent === "source_not_allowed")
    return send(
      c,
      { osmpTxnId: req.txn_id, result: RESULT.other, comment: "Адрес не разрешён для этого агента" },
      403,
    );
  const answer = await handleWithinTimeout(ctx, agent, req, (e) => failed(e, agent.agent.login));
  return send(c, answer);
}

const first = (v: unknown) =>
  typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;
const pick = (o: Record<string, unknown>): GatewayRequest => ({
  command: first(o.command),
  txn_id: first(o.txn_id),
  account: first(o.account),
  sum: first(o.sum),
  txn_date: first(o.txn_date),
});

export const agentGatewayRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: AGENT_GATEWAY_PATH,
      operationId: "agentGatewayGet",
      tags,
      summary: "Payment agents: check an account or pay (OSMP protocol, query parameters)",
      description,
      security: [],
      request: { query: Params },
      responses: {
        200: xml("The protocol's answer; the outcome is in <result>"),
        401: xml("No or wrong agent credentials (result 300)"),
        403: xml("The source address is not allowed for this agent (result 300)"),
      },
    }),
    async (c) => serve(c, pick(c.req.queries() as Record<string, unknown>)),
  )
  .openapi(
    createRoute({
      method: "post",
      path: AGENT_GATEWAY_PATH,
      operationId: "agentGatewayPost",
      tags,
      summary: "Payment agents: check an account or pay (OSMP protocol, URL-encoded form body)",
      description,
      security: [],
      request: {
        body: { required: false, content: { "application/x-www-form-urlencoded": { schema: Params } } },
      },
      responses: {
        200: xml("The protocol's answer; the outcome is in <result>"),
        401: xml("No or wrong agent credentials (result 300)"),
        403: xml("The source address is not allowed for this agent (result 300)"),
      },
    }),
    async (c) => {
      // Form fields first; query parameters fill in what the body lacks (some agents send both).
      let body: Record<string, unknown> = {};
      try {
        body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
      } catch {
        body = {};
      }
      return serve(c, pick({ ...(c.req.queries() as Record<string, unknown>), ...body }));
    },
  );
