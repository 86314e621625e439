import type { Ctx } from "@lk/core";
import type { Connection } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Logger } from "../http/logger";

/**
 * A streaming replica for the heavy read-only queries (call pages, statistics, exports, documents):
 * used while it answers and is within `maxLagMs` of the primary, else the primary serves them. A
 * query that fails on the replica for want of a connection is run again on the primary, so a replica
 * stopped or restarted costs the user nothing but time. Money never reads here: anything read inside
 * a transaction that writes stays on the primary (docs/operations.md, "Read replicas").
 */
export interface ReadReplicaOptions {
  primary: Connection;
  replica: Connection | null;
  maxLagMs: number;
  /** How often the replica's health and lag are checked (lazily, on use). */
  checkEveryMs?: number;
  logger: Logger;
}

export interface ReplicaState {
  configured: boolean;
  usable: boolean;
  lagMs: number | null;
  fallbacks: number;
  replicaReads: number;
}

export class ReadReplica {
  private usable = false;
  private lagMs: number | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;
  fallbacks = 0;
  replicaReads = 0;

  constructor(private readonly opts: ReadReplicaOptions) {}

  state(): ReplicaState {
    return {
      configured: this.opts.replica !== null,
      usable: this.usable,
      lagMs: this.lagMs,
      fallbacks: this.fallbacks,
      replicaReads: this.replicaReads,
    };
  }

  /** Runs `fn` with a ctx reading from the replica when it is fit, else (or on failure) the primary. */
  async read<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    const replica = this.opts.replica;
    if (!replica) return fn(ctx);
    await this.refresh();
    if (!this.usable) return fn(ctx);
    try {
      this.replicaReads++;
      return await fn({ ...ctx, db: replica.db });
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      this.markDown(e);
      return fn(ctx);
    }
  }

  /** Checks the replica now and then: it answers, it is in recovery and streaming, its lag is small. */
  async refresh(force = false): Promise<void> {
    if (!this.opts.replica) return;
    if (!force && Date.now() - this.checkedAt < (this.opts.checkEveryMs ?? 5_000)) return;
    this.checking ??= this.check().finally(() => {
      this.checking = null;
      this.checkedAt = Date.now();
    });
    await this.checking;
  }

  private async check() {
    try {
      const r = await this.opts.replica!.db.execute(sql`
        SELECT pg_is_in_recovery() AS standby,
               EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming,
               CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000 END AS lag_ms`);
      const row = (Array.isArray(r) ? r[0] : (r as { rows: unknown[] }).rows[0]) as {
        standby: boolean;
        streaming: boolean;
        lag_ms: number | string | null;
      };
      const lag = row.lag_ms === null ? null : Number(row.lag_ms);
      this.lagMs = lag;
      // A standby that lost its primary replays nothing new and would serve stale pages as "no lag".
      const fit = row.standby && row.streaming && lag !== null && lag <= this.opts.maxLagMs;
      if (fit !== this.usable)
        this.opts.logger[fit ? "info" : "warn"](fit ? "read replica in use" : "read replica not used", {
          standby: row.standby,
          streaming: row.streaming,
          lagMs: lag,
        });
      this.usable = fit;
    } catch (e) {
      this.markDown(e);
    }
  }

  private markDown(e: unknown) {
    this.fallbacks++;
    if (this.usable)
      this.opts.logger.warn("read replica unreachable; reading from the primary", { error: String(e) });
    this.usable = false;
    this.lagMs = null;
    this.checkedAt = Date.now();
  }
}

/** Errors that mean "no connection to that server", not "bad query": worth another try elsewhere. */
function isConnectionError(e: unknown): boolean {
  const codes = new Set<string>();
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string") codes.add(code);
  }
  for (const c of codes) {
    if (
      [
        "ECONNREFUSED",
        "ECONNRESET",
        "ETIMEDOUT",
        "EPIPE",
        "ENOTFOUND",
        "CONNECTION_CLOSED",
        "CONNECTION_ENDED",
        "CONNECTION_DESTROYED",
        "CONNECT_TIMEOUT",
      ].includes(c)
    )
      return true;
    // admin_shutdown, crash_shutdown, cannot_connect_now, recovery conflict with a long query
    if (["57P01", "57P02", "57P03", "40001"].includes(c)) return true;
  }
  return false;
}
