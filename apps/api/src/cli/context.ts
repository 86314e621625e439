import { randomUUID } from "node:crypto";
import { type Ctx, KeyStore } from "@lk/core";
import { type Connection, connect, migrate } from "@lk/db";
import { type AppConfig, loadConfig } from "../config";
import { assertDataDirFree } from "../data-lock";

export interface CliContext {
  config: AppConfig;
  conn: Connection;
  /** A service context acting as operator staff on the server (the CLI is trusted). */
  ctx: Ctx;
  close(): Promise<void>;
}

/**
 * Opens the configured database (migrating it first) and builds an operator context. Never the
 * embedded database of a running server: that folder is its process's alone (DataDirLockedError).
 */
export async function openCli(opts: { migrate?: boolean } = {}): Promise<CliContext> {
  const config = loadConfig();
  if (!config.databaseUrl) assertDataDirFree(config.dataDir);
  const conn = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
  if (opts.migrate !== false) await migrate(conn);
  const ctx: Ctx = {
    db: conn.db,
    principal: { type: "operator", name: `cli:${process.env.USER ?? "operator"}` },
    config: config.core,
    keys: new KeyStore(conn.db),
    now: () => new Date(),
    requestId: `cli-${randomUUID()}`,
    ip: null,
    userAgent: "lk-cli",
    lang: process.env.LANG?.startsWith("en") ? "en" : "ru",
  };
  return { config, conn, ctx, close: () => conn.close() };
}

/** Runs a command body with a CLI context and turns errors into a readable line and exit code 1. */
export async function withCli(fn: (cli: CliContext) => Promise<void>, opts: { migrate?: boolean } = {}) {
  let cli: CliContext | undefined;
  try {
    cli = await openCli(opts);
    await fn(cli);
  } catch (e) {
    const err = e as {
      msg?: { ru: string; en: string };
      message?: string;
      fields?: { field: string; message: { ru: string; en: string } }[];
    };
    const lang = cli?.ctx.lang ?? "ru";
    console.error(`error: ${err.msg ? err.msg[lang] : err.message}`);
    for (const f of err.fields ?? []) console.error(`  ${f.field}: ${f.message[lang]}`);
    process.exitCode = 1;
  } finally {
    await cli?.close();
  }
}
