import { createServer, type Server } from "node:http";
import { serve } from "@hono/node-server";
import { createSandboxProvider } from "@lk/core";
import { type Connection, connect, migrate } from "@lk/db";
import { createApp } from "./app";
import { cashRegisterOf } from "./cash-register";
import type { AppConfig } from "./config";
import { claimDataDir } from "./data-lock";
import { answerClientErrors } from "./http/client-error";
import { jsonLogger } from "./http/logger";
import { defaultJobs } from "./jobs/jobs";
import { startJobs } from "./jobs/scheduler";
import { type Exposition, workerExposition } from "./observability/cluster-metrics";
import { createMetrics } from "./observability/metrics";
import { trackConnections } from "./observability/shutdown";
import { startTracing, type Tracing } from "./observability/tracing";

export interface RunningServer {
  url: string;
  conn: Connection;
  app: ReturnType<typeof createApp>;
  /** Graceful: readiness off, drain, stop listening, finish requests and job batches, close pools. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Runs after migrations, before the server listens (the demo seeds here). */
  afterMigrate?: (conn: Connection) => Promise<void>;
  /** Run background jobs (default true). */
  jobs?: boolean;
  /** Apply pending migrations first (default true; cluster workers leave it to the primary). */
  migrate?: boolean;
  /** An open database to serve (tests); the caller keeps it and closes it after `close()`. */
  conn?: Connection;
  /**
   * A worker of `lk serve` with LK_WORKERS > 1: its `/metrics` answers the whole cluster's sum, read
   * through the primary, which alone serves LK_METRICS_PORT (observability/cluster-metrics.ts).
   */
  clusterWorker?: boolean;
}

/** Opens the database, migrates it, and serves the API (and its background jobs) until closed. */
export async function startServer(config: AppConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = jsonLogger(config.logLevel);
  // The embedded database is this process's alone while it runs: the lock tells the CLI (and a
  // second server) so, instead of letting them open the folder (ADR 0081). A database handed in
  // by the caller (tests) is the caller's.
  const release =
    config.databaseUrl || opts.conn
      ? () => {}
      : claimDataDir(config.dataDir, { port: config.port, demo: config.demo });
  try {
    return await listen(config, opts, logger, release);
  } catch (e) {
    release();
    throw e;
  }
}

async function listen(
  config: AppConfig,
  opts: StartOptions,
  logger: ReturnType<typeof jsonLogger>,
  release: () => void,
): Promise<RunningServer> {
  const conn =
    opts.conn ??
    (await connect({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      max: config.dbPool,
      streamMax: config.dbStreamPool,
    }));
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
  const cashRegister = cashRegisterOf(config);
  // The replica's pool opens lazily (postgres.js): an unreachable replica fails nothing at start.
  const readConn = config.readDatabaseUrl
    ? await connect({ url: config.readDatabaseUrl, max: config.dbPool, streamMax: config.dbStreamPool })
    : null;
  // Before the app: it installs its request spans only while tracing is on.
  const tracing: Tracing | null = await startTracing();
  const metrics = createMetrics({ conn, dbPool: config.dbPool });
  if (opts.clusterWorker) metrics.exposition = workerExposition(metrics.registry);
  const app = createApp({ conn, config, logger, acquirer, cashRegister, metrics, readConn });
  const stopJobs = opts.jobs === false ? async () => {} : startJobs(defaultJobs(app.deps), logger, metrics);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  const connections = trackConnections(server);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const metricsServer =
    config.metricsPort && !opts.clusterWorker ? await serveMetrics(config, metrics.exposition) : null;
  const url = config.core.publicUrl;
  logger.info("listening", {
    url,
    pid: process.pid,
    ...(config.metricsPort ? { metricsPort: config.metricsPort } : {}),
  });

  let closing: Promise<void> | null = null;
  const close = async () => {
    const started = Date.now();
    logger.info("shutting down", { drainMs: config.shutdownDrainMs, timeoutMs: config.shutdownTimeoutMs });
    // 1. Readiness off first: a load balancer polling /readyz stops sending new requests.
    app.deps.ready.value = false;
    connections.draining = true;
    if (config.shutdownDrainMs > 0) await sleep(config.shutdownDrainMs);
    // 2. Stop accepting new connections; open ones stay until their requests are answered.
    const closed = connections.stopListening();
    // 3. Requests in flight and the jobs' current batches finish (each batch commits or rolls back),
    //    within the bound; past it, the remaining connections are cut.
    const deadline = sleep(Math.max(0, config.shutdownTimeoutMs - (Date.now() - started))).then(
      () => "timeout",
    );
    const outcome = await Promise.race([
      Promise.all([connections.idle(), stopJobs(), app.deps.background.settled()]).then(() => "drained"),
      deadline,
    ]);
    if (outcome === "timeout")
      logger.warn("shutdown timeout: cutting the connections still open", {
        requests: connections.inFlight(),
      });
    connections.finish(outcome === "timeout");
    await closed;
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    // 4. The spans of those last requests and batches leave before the process does.
    await tracing
      ?.shutdown()
      .catch((e) => logger.warn("trace export at shutdown failed", { error: String(e) }));
    // 5. Pools last: nothing of ours is using them any more.
    if (!opts.conn) await conn.close();
    await readConn?.close();
    release();
    logger.info("stopped", { ms: Date.now() - started, outcome });
  };
  return {
    url,
    conn,
    app,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/**
 * `/metrics` alone on a port of its own, for a scraper inside the operator's network (no key): a
 * process's registry, or a cluster primary's sum of its workers'.
 */
export async function serveMetrics(
  config: Pick<AppConfig, "metricsPort" | "metricsHost">,
  source: Exposition,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    source.metrics().then(
      (text) => res.writeHead(200, { "content-type": source.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.metricsPort, config.metricsHost, () => resolve());
  });
  return server;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
