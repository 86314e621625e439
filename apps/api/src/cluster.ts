import cluster, { type Worker } from "node:cluster";
import { KeyStore } from "@lk/core";
import { type Connection, connect, migrate } from "@lk/db";
import type { AppConfig } from "./config";
import { jsonLogger } from "./http/logger";
import { primaryExposition } from "./observability/cluster-metrics";
import { serveMetrics } from "./server";

// `lk serve` with LK_WORKERS > 1: the primary process migrates the database once, then forks that
// many HTTP workers (node:cluster shares the listening port between them). The API is stateless —
// sessions, rate limits and signing keys live in PostgreSQL — so any worker answers any request.

/** Which worker slot this process fills (1…N), or null outside a cluster worker. */
const SLOT_ENV = "LK_WORKER_SLOT";

export function workerSlot(): number | null {
  // A worker forked by something else (pm2 -i, throng) has no slot: it runs as a whole server.
  const slot = Number(process.env[SLOT_ENV]);
  return cluster.isWorker && Number.isInteger(slot) && slot >= 1 ? slot : null;
}

/** Background jobs run in slot 1 only: they are safe on several instances, but N pollers are waste. */
export const runsJobs = (slot: number | null) => slot === null || slot === 1;

export interface RunningCluster {
  close(): Promise<void>;
}

/** A worker that dies within this long of starting is restarted after a pause, not at once. */
const QUICK_DEATH_MS = 10_000;
/** Workers still running this long after SIGTERM (a long export streaming) are killed. */
const STOP_DEADLINE_MS = 30_000;

export async function startCluster(
  config: AppConfig,
  opts: { afterMigrate?: (conn: Connection) => Promise<void> } = {},
): Promise<RunningCluster> {
  const logger = jsonLogger(config.logLevel);
  const conn = await connect({ url: config.databaseUrl });
  try {
    const res = await migrate(conn, (l) => logger.info(l));
    logger.info("database ready", { kind: conn.kind, applied: res.applied.length });
    await opts.afterMigrate?.(conn);
    // Create the signing key here, before N workers would race to create one each.
    await new KeyStore(conn.db).signingKey();
  } finally {
    await conn.close();
  }

  // Before the workers start: they ask the primary for the cluster's metrics from the first request.
  const exposition = primaryExposition();
  // A generated operator key must be the same in every worker.
  const env = { LK_OPERATOR_KEY: config.operatorKey };
  const live = new Map<number, Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  const fork = (slot: number, initial: boolean): Promise<void> => {
    if (stopping) return Promise.resolve();
    const started = Date.now();
    const worker = cluster.fork({ ...env, [SLOT_ENV]: String(slot) });
    live.set(slot, worker);
    return new Promise((resolve, reject) => {
      let listening = false;
      worker.once("listening", () => {
        listening = true;
        resolve();
      });
      worker.on("exit", (code, signal) => {
        if (live.get(slot) === worker) live.delete(slot);
        if (stopping) return;
        if (initial && !listening) {
          reject(new Error(`worker ${slot} exited (code ${code}) before it started listening`));
          return;
        }
        const quick = Date.now() - started < QUICK_DEATH_MS;
        logger.error("worker exited; restarting it", { slot, pid: worker.process.pid, code, signal });
        const timer = setTimeout(
          () => {
            restarts.delete(timer);
            void fork(slot, false).catch(() => {});
          },
          quick ? 5_000 : 100,
        );
        restarts.add(timer);
      });
    });
  };
  const stopAll = () => {
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    return Promise.all(
      [...live.values()].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const kill = setTimeout(() => w.process.kill("SIGKILL"), STOP_DEADLINE_MS);
            w.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            w.process.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    await Promise.all(Array.from({ length: config.workers }, (_, i) => fork(i + 1, true)));
  } catch (e) {
    await stopAll();
    throw e;
  }
  // The metrics port is the primary's: it answers the sum of every worker's series.
  const metricsServer = config.metricsPort ? await serveMetrics(config, exposition) : null;
  logger.info("cluster listening", {
    url: config.core.publicUrl,
    workers: config.workers,
    ...(config.metricsPort ? { metricsPort: config.metricsPort } : {}),
  });

  return {
    close: async () => {
      await new Promise<void>((r) => (metricsServer ? metricsServer.close(() => r()) : r()));
      await stopAll();
    },
  };
}
