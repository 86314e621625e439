// What one check and one pay of the agent gateway send to PostgreSQL, counted in this process on
// the real app (createApp) over its own postgres.js client: drizzle's logger sees each statement,
// and each transaction adds its BEGIN and COMMIT (as bench/payments-api.ts counts them). Unlike
// latency on the shared machine, these counts do not depend on what else runs there.

import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { countingConnection } from "./counting-connection";

const OPERATOR_KEY = "op_bench_operator_key_0123456789";

export interface GatewayStatements {
  check: number;
  pay: number;
  /** A pay repeated with the same txn_id (answered from the first). */
  repeat: number;
  /** Kopecks the counted pay credited (the bench's ledger check adds them to what was answered). */
  credited: number;
}

export async function countGatewayStatements(url: string, account: string): Promise<GatewayStatements> {
  const { conn, statements } = countingConnection(url, { max: 2, applicationName: "lk-bench-count" });
  try {
    const config = loadConfig({
      LK_LOG_LEVEL: "silent",
      LK_SCRYPT_N: "1024",
      LK_OPERATOR_KEY: OPERATOR_KEY,
      LK_TRUST_PROXY: "true", // app.request has no socket: the address comes from X-Forwarded-For
    });
    const app = createApp({ conn, config });
    const r = await app.request("/v1/operator/agents", {
      method: "POST",
      headers: { "content-type": "application/json", "x-operator-key": OPERATOR_KEY },
      body: JSON.stringify({ login: "bench-counted", name: "Счётчик", allowed_sources: ["127.0.0.1/32"] }),
    });
    const a = (await r.json()) as { login: string; secret: string };
    const headers = {
      authorization: `Basic ${Buffer.from(`${a.login}:${a.secret}`).toString("base64")}`,
      "x-forwarded-for": "127.0.0.1",
    };
    const counted = async (query: string) => {
      const before = statements();
      const res = await app.request(`/v1/agent-gateway/osmp?${query}`, { headers });
      const xml = await res.text();
      if (!xml.includes("<result>0</result>")) throw new Error(`counted request: ${xml}`);
      return statements() - before;
    };
    const q = `txn_id=counted1&account=${account}&sum=1.00`;
    const check = await counted(`command=check&${q}`);
    const pay = await counted(`command=pay&${q}&txn_date=20261205120000`);
    const repeat = await counted(`command=pay&${q}&txn_date=20261205120000`);
    return { check, pay, repeat, credited: 100 };
  } finally {
    await conn.close();
  }
}
