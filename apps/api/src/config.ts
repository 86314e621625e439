import { randomBytes } from "node:crypto";
import {
  bankAccountProblems,
  bonusSources,
  type CoreConfig,
  defaultCoreConfig,
  isTimeZone,
  isValidInn,
  isValidKpp,
  type OperatorBankAccount,
  taxSystems,
} from "@lk/core";
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
  // The operator's business time zone (ADR 0080): an IANA name the runtime knows.
  LK_TIME_ZONE: z
    .string()
    .trim()
    .refine(isTimeZone, "an IANA time zone name, e.g. Europe/Moscow or Asia/Yekaterinburg")
    .default(defaultCoreConfig.timeZone),
  LK_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(defaultCoreConfig.billing.graceDays),
  LK_BILLING_STALE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(defaultCoreConfig.billing.staleAfterMs / 1000),
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
  // The cloud cash register for fiscal receipts (docs/receipts.md): АТОЛ Онлайн v5's protocol; the
  // sandbox in the demo and tests.
  CASH_REGISTER_URL: z.string().url().default("http://localhost:3200"),
  CASH_REGISTER_LOGIN: z.string().min(1).default("sandbox_login"),
  CASH_REGISTER_PASSWORD: z.string().min(1).default("sandbox_password"),
  CASH_REGISTER_GROUP: z.string().min(1).default("sandbox_group"),
  CASH_REGISTER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LK_RECEIPT_SNO: z
    .enum(taxSystems, {
      message: `one of ${taxSystems.join(", ")} (система налогообложения, tag 1055)`,
    })
    .default("osn"),
  LK_RECEIPT_EMAIL: z
    .string()
    .email("the seller's e-mail on receipts (tag 1117)")
    .default("noreply@lk.example"),
  LK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  LK_DB_POOL: z.coerce.number().int().min(1).max(100).default(3),
  LK_DB_STREAM_POOL: z.coerce.number().int().min(1).max(100).default(4),
  // Longer than any request we serve (the acquirer's timeout is 10 s); ADR 0085.
  LK_IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  LK_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // How often each instance re-reads the token-signing keys, so `lk keys rotate` reaches it.
  LK_SIGNING_KEYS_REFRESH_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  // Operations (docs/operations.md): metrics on a port of their own, and the shutdown's bounds.
  DATABASE_READ_URL: z.string().url().optional(),
  LK_READ_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  LK_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LK_METRICS_HOST: z.string().default("127.0.0.1"),
  LK_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  LK_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(25_000),
  // The operator's details (реквизиты): printed on invoices, in QR codes, matched in bank statements.
  LK_OPERATOR_NAME: z.string().trim().min(1).default(defaultCoreConfig.operator.name),
  LK_OPERATOR_INN: z
    .string()
    .trim()
    .refine(isValidInn, "10 or 12 digits with valid check digits")
    .default(defaultCoreConfig.operator.inn),
  LK_OPERATOR_KPP: z
    .string()
    .trim()
    .refine(isValidKpp, "9 characters: 4 digits, 2 digits or capital letters, 3 digits")
    .default(defaultCoreConfig.operator.kpp),
  LK_OPERATOR_BANK_ACCOUNTS: z.string().optional(),
});

/** One element of LK_OPERATOR_BANK_ACCOUNTS (recipient, INN and KPP default to the operator's). */
const bankAccountSchema = z.strictObject({
  recipient: z.string().optional(),
  inn: z.string().optional(),
  kpp: z.string().optional(),
  bank: z.string(),
  bic: z.string(),
  account: z.string(),
  correspondent_account: z.string(),
});

const FIELD_NAMES: Record<keyof OperatorBankAccount, string> = {
  recipient: "recipient",
  inn: "inn",
  kpp: "kpp",
  bankName: "bank",
  bic: "bic",
  account: "account",
  correspondentAccount: "correspondent_account",
};

/**
 * The operator's settlement accounts from LK_OPERATOR_BANK_ACCOUNTS (a JSON array), each checked:
 * INN/KPP format, BIC, the control keys of the settlement and correspondent accounts. Unset: the
 * demo account. Problems are returned naming the variable, the element and the field.
 */
function operatorBankAccounts(
  raw: string | undefined,
  operator: { name: string; inn: string; kpp: string },
): { accounts: OperatorBankAccount[]; problems: string[] } {
  const V = "LK_OPERATOR_BANK_ACCOUNTS";
  if (raw === undefined || raw.trim() === "") {
    const accounts = defaultCoreConfig.operator.bankAccounts.map((a) => ({
      ...a,
      recipient: operator.name,
      inn: operator.inn,
      kpp: operator.kpp,
    }));
    return { accounts, problems: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      accounts: [],
      problems: [`  ${V}: not JSON; a JSON array of {bank, bic, account, correspondent_account}`],
    };
  }
  const list = z.array(bankAccountSchema).min(1).safeParse(json);
  if (!list.success)
    return {
      accounts: [],
      problems: list.error.issues.map(
        (i) =>
          `  ${V}${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`,
      ),
    };
  const problems: string[] = [];
  const accounts = list.data.map((a, n) => {
    const acc: OperatorBankAccount = {
      recipient: (a.recipient ?? operator.name).trim(),
      inn: (a.inn ?? operator.inn).trim(),
      kpp: (a.kpp ?? operator.kpp).trim(),
      bankName: a.bank.trim(),
      bic: a.bic.trim(),
      account: a.account.trim(),
      correspondentAccount: a.correspondent_account.trim(),
    };
    for (const p of bankAccountProblems(acc))
      problems.push(`  ${V}[${n}].${FIELD_NAMES[p.field]}: ${p.message}`);
    return acc;
  });
  const seen = new Set<string>();
  for (const [n, a] of accounts.entries()) {
    if (seen.has(a.account)) problems.push(`  ${V}[${n}].account: ${a.account} is listed twice`);
    seen.add(a.account);
  }
  return { accounts, problems };
}

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
  /**
   * `lk serve --demo`: the demo-only routes (the test mailbox, GET /v1/demo/outbox) answer, and
   * request lines are logged at debug so the start banner stays readable (LK_LOG_LEVEL=debug shows them).
   */
  demo: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  acquirer: { url: string; shopId: string; secret: string };
  /** The cloud cash register (АТОЛ Онлайн v5 protocol) that registers fiscal receipts. */
  cashRegister: { url: string; login: string; password: string; groupCode: string; timeoutMs: number };
  /** HTTP worker processes of `lk serve` (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  /** PostgreSQL connections per process for queries and transactions (COPY streams have their own). */
  dbPool: number;
  /** Connections per process for COPY and cursors: exports and imports streaming at once. */
  dbStreamPool: number;
  /** How long a process may reuse an access token's session check (0: never; ADR 0066). */
  sessionCacheMs: number;
  /** An Idempotency-Key claim's lease: past it a retry takes the claim of a dead request over. */
  idempotencyLeaseMs: number;
  /** How often the token-signing keys are re-read (a rotation reaches the instance within it). */
  signingKeysRefreshMs: number;
  /** A streaming replica for call pages, statistics, exports and documents (falls back to the primary). */
  readDatabaseUrl: string | undefined;
  /** The replica is used only while it is this close to the primary. */
  readMaxLagMs: number;
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
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      "invalid configuration:\n  DATABASE_READ_URL: a read replica needs DATABASE_URL (the primary it streams from)",
    );
  }
  if (e.LK_WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      "invalid configuration:\n  LK_WORKERS: several workers need DATABASE_URL (the embedded PGlite lives in one process)",
    );
  }
  const operator = { name: e.LK_OPERATOR_NAME, inn: e.LK_OPERATOR_INN, kpp: e.LK_OPERATOR_KPP };
  const bank = operatorBankAccounts(e.LK_OPERATOR_BANK_ACCOUNTS, operator);
  if (bank.problems.length > 0) throw new ConfigError(`invalid configuration:\n${bank.problems.join("\n")}`);
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
    demo: false,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    acquirer: { url: e.ACQUIRER_URL, shopId: e.ACQUIRER_SHOP_ID, secret: e.ACQUIRER_SECRET },
    cashRegister: {
      url: e.CASH_REGISTER_URL,
      login: e.CASH_REGISTER_LOGIN,
      password: e.CASH_REGISTER_PASSWORD,
      groupCode: e.CASH_REGISTER_GROUP,
      timeoutMs: e.CASH_REGISTER_TIMEOUT_MS,
    },
    workers: e.LK_WORKERS,
    dbPool: e.LK_DB_POOL,
    dbStreamPool: e.LK_DB_STREAM_POOL,
    sessionCacheMs: e.LK_SESSION_CACHE_MS,
    idempotencyLeaseMs: e.LK_IDEMPOTENCY_LEASE_SECONDS * 1000,
    signingKeysRefreshMs: e.LK_SIGNING_KEYS_REFRESH_MS,
    readDatabaseUrl: e.DATABASE_READ_URL,
    readMaxLagMs: e.LK_READ_MAX_LAG_MS,
    metricsPort: e.LK_METRICS_PORT,
    metricsHost: e.LK_METRICS_HOST,
    shutdownDrainMs: e.LK_SHUTDOWN_DRAIN_MS,
    shutdownTimeoutMs: e.LK_SHUTDOWN_TIMEOUT_MS,
    core: {
      ...defaultCoreConfig,
      publicUrl,
      operator: { ...defaultCoreConfig.operator, ...operator, bankAccounts: bank.accounts },
      timeZone: e.LK_TIME_ZONE,
      auth: {
        ...defaultCoreConfig.auth,
        scryptN: e.LK_SCRYPT_N,
        tempPasswordTtlHours: e.LK_TEMP_PASSWORD_TTL_HOURS,
      },
      billing: {
        ...defaultCoreConfig.billing,
        graceDays: e.LK_GRACE_DAYS,
        staleAfterMs: e.LK_BILLING_STALE_SECONDS * 1000,
      },
      bonuses: { defaultPercentBp: e.LK_BONUS_PERCENT_BP, sources: e.LK_BONUS_SOURCES },
      receipts: { sno: e.LK_RECEIPT_SNO, email: e.LK_RECEIPT_EMAIL, paymentAddress: publicUrl },
    },
  };
}
