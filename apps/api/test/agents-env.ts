import { makeCompany, type TestCompany } from "@lk/core/testing";
import { call, createTestApp, operator, type TestApp } from "./helpers";

// The agent gateway as an agent's system calls it: HTTP Basic, a source address (LK_TRUST_PROXY is
// on in tests, so X-Forwarded-For is the client address), query or form parameters, XML back.

export const GATEWAY = "/v1/agent-gateway/osmp";
export const AGENT_IP = "203.0.113.7";

export interface Agent {
  id: string;
  login: string;
  secret: string;
}

export async function makeAgent(t: TestApp, over: Record<string, unknown> = {}): Promise<Agent> {
  const login = `agent${Math.floor(Math.random() * 1e9)}`;
  const r = await call(
    t.app,
    "POST",
    "/v1/operator/agents",
    {
      login,
      name: "Сбербанк Онлайн",
      allowed_sources: ["203.0.113.0/24", "2001:db8::/32"],
      commission_bp: 80,
      ...over,
    },
    operator,
  );
  if (r.status !== 201) throw new Error(`agent: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id, login, secret: r.body.secret };
}

export interface GatewayResult {
  status: number;
  xml: string;
  result: number;
  prvTxn: number | null;
  sum: string | null;
  osmpTxnId: string | null;
  comment: string | null;
  fields: Record<string, string>;
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? null;

export function parseAnswer(status: number, xml: string): GatewayResult {
  const fields: Record<string, string> = {};
  for (const m of xml.matchAll(/<field\d+ name="([^"]+)">([^<]*)<\/field\d+>/g)) fields[m[1]!] = m[2]!;
  const prv = tag(xml, "prv_txn");
  return {
    status,
    xml,
    result: Number(tag(xml, "result")),
    prvTxn: prv === null ? null : Number(prv),
    sum: tag(xml, "sum"),
    osmpTxnId: tag(xml, "osmp_txn_id"),
    comment: tag(xml, "comment"),
    fields,
  };
}

export async function gateway(
  t: TestApp,
  agent: Pick<Agent, "login" | "secret"> | null,
  params: Record<string, string>,
  opts: { ip?: string; method?: "GET" | "POST" } = {},
): Promise<GatewayResult> {
  const headers: Record<string, string> = { "x-forwarded-for": opts.ip ?? AGENT_IP };
  if (agent)
    headers.authorization = `Basic ${Buffer.from(`${agent.login}:${agent.secret}`).toString("base64")}`;
  const qs = new URLSearchParams(params).toString();
  const res =
    opts.method === "POST"
      ? await t.app.request(GATEWAY, {
          method: "POST",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: qs,
        })
      : await t.app.request(`${GATEWAY}?${qs}`, { headers });
  return parseAnswer(res.status, await res.text());
}

export const pay = (
  t: TestApp,
  a: Agent,
  txn: string,
  account: string,
  sum: string,
  extra: Record<string, string> = {},
) => gateway(t, a, { command: "pay", txn_id: txn, account, sum, txn_date: "20261205143000", ...extra });

export async function company(t: TestApp): Promise<TestCompany> {
  return makeCompany(t.conn, { accountsPerGroup: 1 });
}

/** What the agent suites start from: an app of their own, one registered agent, one company. */
export interface AgentTestApp {
  t: TestApp;
  agent: Agent;
  co: TestCompany;
  acc: { id: string; number: string };
}

export async function agentTestApp(opts: Parameters<typeof createTestApp>[0] = {}): Promise<AgentTestApp> {
  const t = await createTestApp(opts);
  const agent = await makeAgent(t);
  const co = await company(t);
  return { t, agent, co, acc: co.accounts[0]! };
}
