// The calls export benchmark's server: the real app in a process of its own, so its peak RSS
// (the kernel's high-water mark, `maxRSS`) is the server's alone — not the data generator's.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { connect } from "@lk/db";
import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { failToParent, serveParent } from "./payments-procs";

try {
  const conn = await connect({ url: process.env.BENCH_DB_URL!, max: 10 });
  const config = loadConfig({ LK_LOG_LEVEL: "silent", LK_SCRYPT_N: "1024" });
  const app = createApp({ conn, config });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
    process.send!({
      type: "ready",
      url: `http://127.0.0.1:${info.port}`,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    });
  });
  serveParent(
    () => ({ maxRssMb: process.resourceUsage().maxRSS / 1024 }),
    async () => {
      server.close();
      await conn.close();
    },
  );
} catch (e) {
  failToParent(e);
}
