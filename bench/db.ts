import { type Connection, connect, migrate } from "@lk/db";
import postgres from "postgres";

export const benchServerUrl = () =>
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh, migrated PostgreSQL database for one benchmark (dropped and recreated each run). */
export async function benchDatabase(name: string, max = 20): Promise<{ conn: Connection; url: string }> {
  const server = new URL(benchServerUrl());
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const db = `lk_bench_${name}`;
  await admin.unsafe(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${db}"`);
  await admin.end();
  server.pathname = `/${db}`;
  const conn = await connect({ url: server.toString(), max });
  await migrate(conn);
  return { conn, url: server.toString() };
}

/** p50/p99 and friends of a list of milliseconds. */
export function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1] ?? 0, n: s.length };
}

export const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });
