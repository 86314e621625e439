// The payments benchmark's API process: the real app (createApp) served over HTTP, on its own
// postgres.js pool. It counts the SQL statements it sends (drizzle's logger, plus BEGIN and
// COMMIT of each transaction) so the parent can work out statements per payment.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { createSandboxProvider } from "../packages/core/src/index";
import { countingConnection } from "./counting-connection";
import { failToParent, serveParent } from "./payments-procs";

const env = process.env;

try {
  const { conn, statements } = countingConnection(env.BENCH_DB_URL!, {
    max: Number(env.BENCH_POOL ?? 20),
    applicationName: "lk-bench-api",
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
    () => ({ statements: statements() }),
    async () => {
      server.close();
      await conn.close();
    },
  );
} catch (e) {
  failToParent(e);
}
