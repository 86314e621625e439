import { randomUUID } from "node:crypto";
import type { TestCompany } from "@lk/core/testing";
import type { App } from "../../src/app";
import { call, OPERATOR_KEY, signIn } from "../helpers";
import type { Operation } from "./cases";

// Who sends each operation of the fuzz suite. The mapping is by the document's security scheme and a
// few path prefixes; an operation nobody maps fails the suite, so a new kind of route has to say
// who calls it before it ships.

export type PrincipalKind = "user" | "operator" | "publishable" | "partner" | "agent" | "anonymous";

/** Operations without a security scheme that anyone may call, by design. */
const ANONYMOUS = new Set([
  "GET /healthz",
  "GET /readyz",
  "GET /.well-known/jwks.json",
  "POST /v1/auth/sign-in",
  "POST /v1/auth/refresh",
  "POST /v1/auth/sign-out",
  "POST /v1/auth/forgot-password",
  "POST /v1/auth/reset-password",
  "POST /v1/applications",
  "POST /v1/applications/status",
  // Signed by the acquirer (the signature is checked in the handler, not by a scheme).
  "POST /v1/acquirer/notifications",
  // Exists only under `lk serve --demo`; elsewhere a 404.
  "GET /v1/demo/outbox",
]);

export function principalOf(method: string, template: string, op: Operation): PrincipalKind | undefined {
  const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
  if (template.startsWith("/v1/agent-gateway/")) return "agent";
  if (template.startsWith("/v1/partner/")) return "partner";
  if (schemes.has("operatorKey")) return "operator";
  if (schemes.has("publishableKey")) return "publishable";
  if (schemes.has("bearerAuth")) return "user";
  if (schemes.size === 0 && ANONYMOUS.has(`${method.toUpperCase()} ${template}`)) return "anonymous";
  return undefined;
}

export const WIDGET_ORIGIN = "https://fuzz-bank.example";
export const AGENT_SOURCE = "203.0.113.9";

export interface Principals {
  /** How many ways a kind of principal can send a request (roles and keys). */
  variants(kind: PrincipalKind): number;
  headers(kind: PrincipalKind, variant: number): Promise<Record<string, string>>;
  /** Forget the user sessions (after a write that may have signed them out). */
  forgetSessions(): void;
}

/** Credentials for every kind of principal, made through the real API. */
export async function makePrincipals(app: App, co: TestCompany): Promise<Principals> {
  const admin = await signIn(app, co.admin.login, co.admin.password);
  const key = await call(
    app,
    "POST",
    "/v1/api-keys",
    {
      name: "fuzz",
      scopes: [
        "accounts:read",
        "calls:read",
        "documents:read",
        "payments:write",
        "services:write",
        "webhooks:write",
      ],
    },
    { token: admin },
  );
  if (key.status !== 201) throw new Error(`api key: ${key.status} ${JSON.stringify(key.body)}`);
  const partner = await call(
    app,
    "POST",
    "/v1/operator/partners",
    { name: "Fuzz bank", origins: [WIDGET_ORIGIN], commission: { card: { percent_bp: 100, min: 0 } } },
    { headers: { "x-operator-key": OPERATOR_KEY } },
  );
  if (partner.status !== 201) throw new Error(`partner: ${partner.status} ${JSON.stringify(partner.body)}`);
  const agentLogin = `fuzz${randomUUID().slice(0, 8)}`;
  const agent = await call(
    app,
    "POST",
    "/v1/operator/agents",
    { login: agentLogin, name: "Fuzz agent", allowed_sources: ["203.0.113.0/24"], commission_bp: 0 },
    { headers: { "x-operator-key": OPERATOR_KEY } },
  );
  if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${JSON.stringify(agent.body)}`);

  const users = [co.admin, co.accountant, co.viewer];
  const sessions = new Map<number, string>();
  const token = async (i: number) => {
    let t = sessions.get(i);
    if (!t) {
      t = await signIn(app, users[i]!.login, users[i]!.password);
      sessions.set(i, t);
    }
    return t;
  };
  return {
    variants: (kind) => (kind === "user" ? users.length + 1 : 1),
    async headers(kind, variant): Promise<Record<string, string>> {
      switch (kind) {
        case "user":
          return {
            authorization: `Bearer ${variant < users.length ? await token(variant) : key.body.key}`,
          };
        case "operator":
          return { "x-operator-key": OPERATOR_KEY };
        case "publishable":
          return { "x-lk-key": partner.body.publishable_key, origin: WIDGET_ORIGIN };
        case "partner":
          return { authorization: `Bearer ${partner.body.secret_key}` };
        case "agent":
          return {
            authorization: `Basic ${Buffer.from(`${agentLogin}:${agent.body.secret}`).toString("base64")}`,
            "x-forwarded-for": AGENT_SOURCE,
          };
        case "anonymous":
          return {};
      }
    },
    forgetSessions: () => sessions.clear(),
  };
}
