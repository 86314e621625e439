import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { authenticateAccessToken, type Principal, unauthorized } from "@lk/core";
import type { Context, MiddlewareHandler } from "hono";
import { clientIp } from "./context";
import type { AppDeps, AppEnv } from "./env";
import { pickLang } from "./lang";
import { resolveApiKey, resolvePartnerKey, resolvePartnerSecret } from "./principals";

/** Request id (the caller's if sane), language, timing log line, and the X-Request-Id header. */
export function requestBasics(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.:-]{8,100}$/.test(incoming) ? incoming : randomUUID();
    c.set("deps", deps);
    c.set("requestId", requestId);
    c.set("lang", pickLang(c.req.header("accept-language")));
    c.set("principal", { type: "anonymous" });
    c.header("X-Request-Id", requestId);
    c.header("Content-Language", c.get("lang"));
    const started = performance.now();
    await next();
    // Responses built elsewhere (errors, streams) may lack the header. Set it on the response's own
    // headers: c.header() here would rebuild the finished response, which costs a copy of it and
    // takes @hono/node-server off its fast path for every request.
    try {
      if (!c.res.headers.has("x-request-id")) c.res.headers.set("X-Request-Id", requestId);
    } catch {
      c.header("X-Request-Id", requestId); // immutable headers (a fetched Response passed through)
    }
    // The demo logs requests at debug: its start banner (logins, key) stays on screen.
    (deps.config.demo ? deps.logger.debug : deps.logger.info)("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      principal: c.get("principal").type,
    });
  };
}

function bearer(c: Context<AppEnv>): string | undefined {
  const h = c.req.header("authorization");
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m)
    throw unauthorized(
      { ru: "Заголовок Authorization: Bearer <токен>", en: "Use Authorization: Bearer <token>" },
      "invalid_authorization_header",
    );
  return m[1];
}

/**
 * Works out who is calling: a user's access JWT, an integrator's API key (sk_…), the operator key,
 * or a partner's publishable key (pk_…). No credentials → anonymous; the service decides whether
 * that is enough. Bad credentials → 401 at once.
 */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    const now = deps.now();
    // The agent gateway authenticates with HTTP Basic itself (its answers are the agents' XML).
    const token = c.req.path.startsWith(AGENT_GATEWAY_PREFIX) ? undefined : bearer(c);
    const operatorKey =
      c.req.header("x-operator-key") ??
      (token?.startsWith("op_") || token === deps.config.operatorKey ? token : undefined);
    let principal: Principal = { type: "anonymous" };
    if (operatorKey !== undefined) {
      if (!timingSafeEqualStr(operatorKey, deps.config.operatorKey))
        throw unauthorized(undefined, "invalid_operator_key");
      principal = { type: "operator", name: "operator" };
    } else if (token?.startsWith("sk_partner_")) {
      principal = await resolvePartnerSecret(c, token);
    } else if (token?.startsWith("sk_")) {
      principal = await resolveApiKey(c, token);
    } else if (token) {
      principal = await authenticateAccessToken(
        // A write is always checked afresh: a user signed out or blocked on another worker must
        // not write through the cache's window (ADR 0066).
        {
          db: deps.conn.db,
          keys: deps.keys,
          config: deps.core,
          ...(READ_ONLY.has(c.req.method) ? { sessions: deps.sessions } : {}),
        },
        token,
        now,
      );
    } else {
      const pk = c.req.header("x-lk-key");
      if (pk) principal = await resolvePartnerKey(c, pk);
    }
    c.set("principal", principal);
    // A program (an API key) reads English unless it asks for Russian; people get Russian by default.
    if (principal.type === "api_key" && !c.req.header("accept-language")) {
      c.set("lang", "en");
      c.header("Content-Language", "en");
    }
    c.set("ctx", {
      db: deps.conn.db,
      principal,
      config: deps.core,
      keys: deps.keys,
      now: deps.now,
      requestId: c.get("requestId"),
      ip: clientIp(c, deps.config.trustProxy),
      userAgent: c.req.header("user-agent") ?? null,
      lang: c.get("lang"),
    });
    try {
      await next();
    } finally {
      // Whatever a write changed (a sign-out, a block, a group), the next request of this process
      // checks the session afresh; other processes within LK_SESSION_CACHE_MS (ADR 0066).
      if (!READ_ONLY.has(c.req.method)) deps.sessions.invalidate();
    }
  };
}

const AGENT_GATEWAY_PREFIX = "/v1/agent-gateway/";

const READ_ONLY = new Set(["GET", "HEAD", "OPTIONS"]);

/** Constant-time comparison of secrets of any length (hashing first equalises the lengths). */
function timingSafeEqualStr(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
