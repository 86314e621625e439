// The payments benchmark's API process: the real app (createApp) served over HTTP, on its own
// postgres.js pool. It counts the SQL statements it sends (drizzle's logger, plus BEGIN and
// COMMIT of each transaction) so the parent can work out statements per payment.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { postgresClient, postgresConnection } from "@lk/db";
import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { createSandboxProvider } from "../packages/core/src/index";
import { failToParent, serveParent } from "./payments-procs";

const env = process.env;
let statements = 0;

try {
  const sql = postgresClient(env.BENCH_DB_URL!, {
    max: Number(env.BENCH_POOL ?? 20),
    applicationName: "lk-bench-api",
  });
  // The same client and connection as connect() in packages/db; only the counting is added.
  const begin = sql.begin.bind(sql) as (fn: (tx: unknown) => unknown) => Promise<unknown>;
  (sql as unknown as { begin: typeof begin }).begin = (fn) => {
    statements += 2; // BEGIN, and COMMIT or ROLLBACK
    return begin(fn);
  };
  const conn = postgresConnection(sql, {
    logger: {
      logQuery: () => {
        statements++;
      },
    },
  });

  const config = loadConfig({
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_PUBLIC_URL: "http://127.0.0.1:1",
  });
  const acquirer = createSandboxProvider({
    baseUrl: env.BENCH_SANDBOX_URL!,
    shopId: "bench",
    secretKey: "bench-secret",
  });
  const app = createApp({ conn, config, acquirer });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
    // The notification URL the API hands the acquirer must reach this server.
    config.core.publicUrl = `http://127.0.0.1:${info.port}`;
    process.send!({ type: "ready", url: config.core.publicUrl });
  });
  serveParent(
    () => ({ statements }),
    async () => {
      server.close();
      await conn.close();
    },
  );
} catch (e) {
  failToParent(e);
}
