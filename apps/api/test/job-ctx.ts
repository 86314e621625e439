// A back-office context for running the scheduled jobs (expiry, autopay, billing) in API tests,
// exactly as apps/api/src/jobs does: the operator principal on the app's database and clock.
import { randomUUID } from "node:crypto";
import { type CoreConfig, type Ctx, defaultCoreConfig, KeyStore } from "@lk/core";
import type { TestApp } from "./helpers";

export function jobCtx(
  t: Pick<TestApp, "conn" | "clock"> & { config?: { core: CoreConfig } },
  name = "test",
): Ctx {
  return {
    db: t.conn.db,
    principal: { type: "operator", name: `job:${name}` },
    config: t.config?.core ?? defaultCoreConfig,
    keys: new KeyStore(t.conn.db),
    now: t.clock,
    requestId: `job-${name}-${randomUUID()}`,
    ip: null,
    userAgent: null,
    lang: "en",
  };
}
