import { serve } from "@hono/node-server";
import { createSandboxProvider } from "@lk/core";
import { type Connection, connect, migrate } from "@lk/db";
import { createApp } from "./app";
import type { AppConfig } from "./config";
import { jsonLogger } from "./http/logger";
import { defaultJobs } from "./jobs/jobs";
import { startJobs } from "./jobs/scheduler";

export interface RunningServer {
  url: string;
  conn: Connection;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Runs after migrations, before the server listens (the demo seeds here). */
  afterMigrate?: (conn: Connection) => Promise<void>;
  /** Run background jobs (default true). */
  jobs?: boolean;
  /** Apply pending migrations first (default true; cluster workers leave it to the primary). */
  migrate?: boolean;
}

/** Opens the database, migrates it, and serves the API (and its background jobs) until closed. */
export async function startServer(config: AppConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = jsonLogger(config.logLevel);
  const conn = await connect({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    max: config.dbPool,
    streamMax: config.dbStreamPool,
  });
  if (opts.migrate !== false) {
    const res = await migrate(conn, (l) => logger.info(l));
    logger.info("database ready", { kind: conn.kind, applied: res.applied.length });
  }
  await opts.afterMigrate?.(conn);
  const acquirer = createSandboxProvider({
    baseUrl: config.acquirer.url,
    shopId: config.acquirer.shopId,
    secretKey: config.acquirer.secret,
  });
  const app = createApp({ conn, config, logger, acquirer });
  const stopJobs = opts.jobs === false ? async () => {} : startJobs(defaultJobs(app.deps), logger);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const url = config.core.publicUrl;
  logger.info("listening", { url, pid: process.pid });
  return {
    url,
    conn,
    close: async () => {
      await stopJobs();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await conn.close();
    },
  };
}
