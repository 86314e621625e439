import { serve } from "@hono/node-server";
import { connect, migrate } from "@lk/db";
import { createApp } from "./app";
import type { AppConfig } from "./config";
import { jsonLogger } from "./http/logger";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it, and serves the API until closed. */
export async function startServer(
  config: AppConfig,
  hooks: { afterMigrate?: (conn: Awaited<ReturnType<typeof connect>>) => Promise<void> } = {},
): Promise<RunningServer> {
  const logger = jsonLogger(config.logLevel);
  const conn = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
  const res = await migrate(conn, (l) => logger.info(l));
  logger.info("database ready", { kind: conn.kind, applied: res.applied.length });
  await hooks.afterMigrate?.(conn);
  const app = createApp({ conn, config, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://localhost:${config.port}`;
  logger.info("listening", { url });
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await conn.close();
    },
  };
}
