import type { Connection } from "@lk/db";
import { sql } from "drizzle-orm";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Exposition } from "./cluster-metrics";

/**
 * The process's Prometheus metrics (prom-client). One registry per app, so tests and several apps in
 * one process never share series. Labels are bounded: route templates (never paths), methods, status
 * codes, job names, fixed enums — no ids.
 */
export interface Metrics {
  registry: Registry;
  /** What `/metrics` answers: this registry, or in a cluster worker the whole cluster's sum. */
  exposition: Exposition;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status_class">;
  httpInFlight: Gauge;
  rateLimited: Counter<"route">;
  jobRuns: Counter<"job" | "result">;
  jobDuration: Histogram<"job">;
  jobLastSuccess: Gauge<"job">;
  jobLag: Gauge<"job">;
  webhookDeliveries: Counter<"result">;
  outboxMessages: Counter<"result">;
  /** The app tells the metrics where its read replica's state is (after both exist). */
  watchReplica(state: ReplicaStateFn): void;
}

export interface MetricsOptions {
  conn: Connection;
  /** Connections the query pool may open (LK_DB_POOL), reported beside what is in use. */
  dbPool: number;
  /** Process metrics (CPU, memory, event loop, GC); off in tests that build many apps. */
  processMetrics?: boolean;
}

type ReplicaStateFn = () => {
  configured: boolean;
  usable: boolean;
  lagMs: number | null;
  fallbacks: number;
  replicaReads: number;
};

export function createMetrics(opts: MetricsOptions): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "lk_" });
  const registers = [registry];
  // Per job: when it last succeeded (or was registered, until it first succeeds) and its interval.
  const replica: { state?: ReplicaStateFn } = {};
  const jobsLastSuccess = new Map<string, { at: number; everyMs: number; ever: boolean }>();

  const m: Metrics = {
    registry,
    exposition: registry,
    httpRequests: new Counter({
      name: "lk_http_requests_total",
      help: "HTTP requests answered, by route template, method and status",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "lk_http_request_duration_seconds",
      help: "Time to answer an HTTP request (to the last header; streams are timed to their start)",
      labelNames: ["method", "route", "status_class"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({
      name: "lk_http_requests_in_flight",
      help: "HTTP requests being answered now",
      registers,
    }),
    rateLimited: new Counter({
      name: "lk_rate_limit_refusals_total",
      help: "Requests refused with 429 by a rate limit or a lockout, by route template",
      labelNames: ["route"],
      registers,
    }),
    jobRuns: new Counter({
      name: "lk_job_runs_total",
      help: "Background job runs, by job and result (ok, error)",
      labelNames: ["job", "result"],
      registers,
    }),
    jobDuration: new Histogram({
      name: "lk_job_duration_seconds",
      help: "Duration of background job runs",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers,
    }),
    jobLastSuccess: new Gauge({
      name: "lk_job_last_success_timestamp_seconds",
      help: "When each job last finished without an error (Unix time; 0 while it never has)",
      labelNames: ["job"],
      registers,
      aggregator: "max",
      collect() {
        for (const [job, s] of jobsLastSuccess) this.set({ job }, s.ever ? s.at / 1000 : 0);
      },
    }),
    jobLag: new Gauge({
      name: "lk_job_lag_seconds",
      help: "How far each job is behind its schedule: time since its last success minus its interval (0 when on time)",
      labelNames: ["job"],
      registers,
      aggregator: "max",
      collect() {
        const now = Date.now();
        for (const [job, s] of jobsLastSuccess)
          this.set({ job }, Math.max(0, (now - s.at - s.everyMs) / 1000));
      },
    }),
    webhookDeliveries: new Counter({
      name: "lk_webhook_deliveries_total",
      help: "Webhook delivery attempts by result (succeeded, retrying, failed)",
      labelNames: ["result"],
      registers,
    }),
    outboxMessages: new Counter({
      name: "lk_outbox_messages_total",
      help: "E-mails handed to SMTP by result (sent, failed)",
      labelNames: ["result"],
      registers,
    }),
    watchReplica(state) {
      replica.state = state;
    },
  };
  // Jobs register themselves so that one that never succeeds shows a growing lag from the start.
  (m as MetricsInternal).trackJob = (job, everyMs, succeededAt) => {
    const known = jobsLastSuccess.get(job);
    jobsLastSuccess.set(job, {
      at: succeededAt ?? known?.at ?? Date.now(),
      everyMs,
      ever: succeededAt !== undefined || (known?.ever ?? false),
    });
  };
  new Gauge({
    name: "lk_workers_reporting",
    help: "Processes whose series this scrape adds up: the workers of an LK_WORKERS cluster, else 1",
    registers,
    aggregator: "sum",
  }).set(1);
  registerDatabaseMetrics(registry, opts);
  registerReplicaMetrics(registry, () => replica.state?.());
  return m;
}

/** What the scheduler calls to keep the lag gauge; not part of the public shape. */
interface MetricsInternal extends Metrics {
  trackJob(job: string, everyMs: number, succeededAt?: number): void;
}

export function trackJob(m: Metrics, job: string, everyMs: number, succeededAt?: number) {
  (m as MetricsInternal).trackJob(job, everyMs, succeededAt);
}

/**
 * Database series read at scrape time, cached for a few seconds so that scrapes cost the database
 * nothing measurable: the pool as PostgreSQL sees it (this process's connections by state), the time
 * a `SELECT 1` waits for a connection and its answer (pool wait + round trip), and payments by
 * channel and status.
 */
function registerDatabaseMetrics(registry: Registry, opts: MetricsOptions) {
  const registers = [registry];
  const { conn } = opts;
  let cached: { at: number; value: Promise<DbSnapshot> } | null = null;
  const snapshot = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 5_000)
      cached = { at: now, value: readSnapshot(conn).catch(() => emptySnapshot) };
    return cached.value;
  };
  new Gauge({
    name: "lk_db_pool_max",
    help: "Connections the query pool may open (LK_DB_POOL; 1 on PGlite)",
    registers,
    collect() {
      this.set(conn.kind === "pglite" ? 1 : opts.dbPool);
    },
  });
  new Gauge({
    name: "lk_db_connections",
    help: "The product's connections to this database by state, as PostgreSQL reports them (all processes and instances; absent on PGlite)",
    labelNames: ["state"],
    registers,
    aggregator: "max", // every worker reads the same database-wide count
    async collect() {
      this.reset();
      for (const [state, n] of (await snapshot()).connections) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "lk_db_probe_seconds",
    help: "Time for a SELECT 1 through the query pool at scrape: waiting for a free connection plus the round trip",
    registers,
    aggregator: "max",
    async collect() {
      this.set((await snapshot()).probeSeconds);
    },
  });
  new Gauge({
    name: "lk_payments",
    help: "Payments by channel (method) and status, all time",
    labelNames: ["method", "status"],
    registers,
    aggregator: "max", // read from the database: the same in every worker
    async collect() {
      this.reset();
      for (const r of (await snapshot()).payments) this.set({ method: r.method, status: r.status }, r.n);
    },
  });
}

interface DbSnapshot {
  connections: [string, number][];
  probeSeconds: number;
  payments: { method: string; status: string; n: number }[];
}
const emptySnapshot: DbSnapshot = { connections: [], probeSeconds: -1, payments: [] };

async function readSnapshot(conn: Connection): Promise<DbSnapshot> {
  const t0 = performance.now();
  await conn.db.execute(sql`SELECT 1`);
  const probeSeconds = (performance.now() - t0) / 1000;
  const connections: [string, number][] = [];
  if (conn.raw.kind === "postgres") {
    // The product's query pools (application_name lk-business): every process and instance.
    const rows = await conn.raw.sql<{ state: string | null; n: number }[]>`
      SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = 'lk-business' AND datname = current_database() GROUP BY 1`;
    for (const r of rows) connections.push([r.state ?? "unknown", r.n]);
  }
  // Counted on a covering scan of the payments table; at millions of payments this is the one
  // series worth dropping (docs/operations.md).
  const res = await conn.db.execute(
    sql`SELECT method, status, count(*)::int AS n FROM payments GROUP BY method, status`,
  );
  const payments = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as DbSnapshot["payments"];
  return { connections, probeSeconds, payments };
}

/** The streaming replica as the app sees it (docs/operations.md, "Read replicas"). */
function registerReplicaMetrics(registry: Registry, state: () => ReturnType<ReplicaStateFn> | undefined) {
  const registers = [registry];
  new Gauge({
    name: "lk_db_replica_usable",
    help: "1 while heavy reads go to the read replica, 0 while they fall back to the primary (absent without DATABASE_READ_URL)",
    registers,
    aggregator: "min", // 0 if any worker has fallen back
    collect() {
      const s = state();
      if (s?.configured) this.set(s.usable ? 1 : 0);
    },
  });
  new Gauge({
    name: "lk_db_replica_lag_seconds",
    help: "The replica's replay lag at its last check",
    registers,
    aggregator: "max",
    collect() {
      const s = state();
      if (s?.configured && s.lagMs !== null) this.set(s.lagMs / 1000);
    },
  });
  new Gauge({
    name: "lk_db_replica_reads",
    help: "Reads served by the replica since start, and fallbacks to the primary after a replica failure",
    labelNames: ["outcome"],
    registers,
    collect() {
      const s = state();
      if (!s?.configured) return;
      this.set({ outcome: "replica" }, s.replicaReads);
      this.set({ outcome: "fallback" }, s.fallbacks);
    },
  });
}
