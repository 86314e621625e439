import { randomBytes } from "node:crypto";
import { bonusSources, type CoreConfig, defaultCoreConfig } from "@lk/core";
import { z } from "zod";

// Every setting the API reads, validated in one place. Documented in README.md ("Configuration").
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  LK_DATA_DIR: z.string().default("./.data"),
  LK_OPERATOR_KEY: z.string().min(16, "LK_OPERATOR_KEY must be at least 16 characters").optional(),
  LK_PUBLIC_URL: z.string().url().optional(),
  LK_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LK_COOKIE_SECURE: z.enum(["true", "false"]).default("true"),
  LK_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  LK_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(defaultCoreConfig.billing.graceDays),
  LK_SCRYPT_N: z.coerce
    .number()
    .int()
    .refine((n) => n >= 1024 && (n & (n - 1)) === 0, "LK_SCRYPT_N must be a power of two ≥ 1024")
    .default(defaultCoreConfig.auth.scryptN),
  // Bonus accrual (docs/payments.md, "Bonuses"). An empty value is an error, not 0: turning
  // accrual off is said with LK_BONUS_PERCENT_BP=0.
  LK_BONUS_PERCENT_BP: z
    .string()
    .trim()
    .regex(/^\d+$/, "a whole number of basis points of the card part, 0–10000 (100 = 1 %, 0 = no bonuses)")
    .transform(Number)
    .pipe(z.number().max(10_000, "at most 10000 basis points (100 %)"))
    .default(defaultCoreConfig.bonuses.defaultPercentBp),
  LK_BONUS_SOURCES: z
    .string()
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .superRefine((list, c) => {
      const bad = list.filter((x) => !(bonusSources as readonly string[]).includes(x));
      if (bad.length > 0 || list.length === 0)
        c.addIssue({
          code: "custom",
          message: `${bad.length ? `unknown source ${bad.join(", ")}: ` : ""}a comma-separated list of ${bonusSources.join(", ")} (LK_BONUS_PERCENT_BP=0 turns accrual off)`,
        });
    })
    .default([...defaultCoreConfig.bonuses.sources]),
  LK_TEMP_PASSWORD_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default("ЛК Бизнес <noreply@lk.example>"),
  ACQUIRER_URL: z.string().url().default("http://localhost:3100"),
  ACQUIRER_SHOP_ID: z.string().default("sandbox_shop"),
  ACQUIRER_SECRET: z.string().default("sandbox_secret"),
  LK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  LK_DB_POOL: z.coerce.number().int().min(1).max(100).default(3),
  LK_DB_STREAM_POOL: z.coerce.number().int().min(1).max(100).default(4),
  LK_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Operations (docs/operations.md): metrics on a port of their own, and the shutdown's bounds.
  LK_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LK_METRICS_HOST: z.string().default("127.0.0.1"),
  LK_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  LK_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(25_000),
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** The operator API's key; generated for the demo when unset (see `generatedOperatorKey`). */
  operatorKey: string;
  generatedOperatorKey: boolean;
  cookieSecure: boolean;
  /** Believe X-Forwarded-For (set only behind our own reverse proxy). */
  trustProxy: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  smtpUrl: string | undefined;
  smtpFrom: string;
  acquirer: { url: string; shopId: string; secret: string };
  /** HTTP worker processes of `lk serve` (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  /** PostgreSQL connections per process for queries and transactions (COPY streams have their own). */
  dbPool: number;
  /** Connections per process for COPY and cursors: exports and imports streaming at once. */
  dbStreamPool: number;
  /** How long a process may reuse an access token's session check (0: never; ADR 0066). */
  sessionCacheMs: number;
  /** Serve /metrics without a key on this port (bound to `metricsHost`); unset: only behind the operator key. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** On SIGTERM: how long /readyz says 503 before the port closes, so a load balancer drains us. */
  shutdownDrainMs: number;
  /** On SIGTERM: how long requests in flight and job batches may take before connections are cut. */
  shutdownTimeoutMs: number;
  core: CoreConfig;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.LK_WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      "invalid configuration:\n  LK_WORKERS: several workers need DATABASE_URL (the embedded PGlite lives in one process)",
    );
  }
  const publicUrl = e.LK_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LK_DATA_DIR,
    operatorKey: e.LK_OPERATOR_KEY ?? `op_${randomBytes(24).toString("base64url")}`,
    generatedOperatorKey: !e.LK_OPERATOR_KEY,
    cookieSecure: e.LK_COOKIE_SECURE === "true",
    trustProxy: e.LK_TRUST_PROXY === "true",
    logLevel: e.LK_LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    acquirer: { url: e.ACQUIRER_URL, shopId: e.ACQUIRER_SHOP_ID, secret: e.ACQUIRER_SECRET },
    workers: e.LK_WORKERS,
    dbPool: e.LK_DB_POOL,
    dbStreamPool: e.LK_DB_STREAM_POOL,
    sessionCacheMs: e.LK_SESSION_CACHE_MS,
    metricsPort: e.LK_METRICS_PORT,
    metricsHost: e.LK_METRICS_HOST,
    shutdownDrainMs: e.LK_SHUTDOWN_DRAIN_MS,
    shutdownTimeoutMs: e.LK_SHUTDOWN_TIMEOUT_MS,
    core: {
      ...defaultCoreConfig,
      publicUrl,
      auth: {
        ...defaultCoreConfig.auth,
        scryptN: e.LK_SCRYPT_N,
        tempPasswordTtlHours: e.LK_TEMP_PASSWORD_TTL_HOURS,
      },
      billing: { ...defaultCoreConfig.billing, graceDays: e.LK_GRACE_DAYS },
      bonuses: { defaultPercentBp: e.LK_BONUS_PERCENT_BP, sources: e.LK_BONUS_SOURCES },
    },
  };
}
