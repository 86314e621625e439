// Harness for the payment tests: the real app on this file's database, wired to the real sandbox
// acquirer served over HTTP on an ephemeral port. The sandbox delivers its notifications into the
// app through `fetch` → app.request (the network boundary only; nothing of ours is faked).
import { randomUUID } from "node:crypto";
import { createAtolCashRegister, createSandboxProvider, registerReceipts } from "@lk/core";
import { autopayRules, payments } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { asc, eq } from "drizzle-orm";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { type RunningCashRegister, startCashRegisterServer } from "../../cash-register-sandbox/src/index";
import { type App, createApp } from "../src/app";
import { loadConfig } from "../src/config";
import { call, OPERATOR_KEY, type TestClock, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";

export const SHOP = "lk-test-shop";
export const SECRET = "lk-test-secret";
export const PUBLIC_URL = "http://api.test";
export const REGISTER_LOGIN = "lk-test-register";
export const REGISTER_PASSWORD = "lk-test-register-password";
export const REGISTER_GROUP = "lk-test-group";

/**
 * The API configuration of the payment tests (a test that wires its own acquirer uses it too);
 * `env` adds or overrides variables (e.g. LK_BONUS_PERCENT_BP).
 */
export const paymentsConfig = (env: Record<string, string> = {}) =>
  loadConfig({
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_COOKIE_SECURE: "false",
    LK_PUBLIC_URL: PUBLIC_URL,
    ...env,
  });

export interface PaymentsEnv {
  app: App;
  conn: Awaited<ReturnType<typeof createTestDatabase>>;
  clock: TestClock;
  sandbox: RunningSandbox;
  /** The sandbox cash register the receipts job talks to over HTTP (registers after 5 ms). */
  cashRegister: RunningCashRegister;
  close(): Promise<void>;
}

export async function createPaymentsEnv(
  opts: { clock?: TestClock; serveApi?: boolean; env?: Record<string, string> } = {},
): Promise<PaymentsEnv> {
  const conn = await createTestDatabase();
  const clock = opts.clock ?? testClock();
  const config = paymentsConfig(opts.env);
  const box: { app?: App } = {};
  const sandbox = await startSandboxServer({
    shops: { [SHOP]: SECRET },
    now: clock,
    logger: silentLogger,
    retry: { baseDelayMs: 5, maxAttempts: 4, jitter: 0 },
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      box.app!.request(input instanceof Request ? input : String(input), init)) as typeof fetch,
  });
  const acquirer = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: SECRET });
  const register = await startCashRegisterServer({
    logins: { [REGISTER_LOGIN]: REGISTER_PASSWORD },
    delayMs: 5,
    now: clock,
    timeZone: config.core.timeZone,
  });
  const cashRegister = createAtolCashRegister({
    baseUrl: register.url,
    login: REGISTER_LOGIN,
    password: REGISTER_PASSWORD,
    groupCode: REGISTER_GROUP,
    timeoutMs: 2_000,
    timeZone: config.core.timeZone,
  });
  const app = createApp({ conn, config, now: clock, acquirer, cashRegister });
  box.app = app;
  return {
    app,
    conn,
    clock,
    sandbox,
    cashRegister: register,
    close: async () => {
      await sandbox.close();
      await register.close();
      await conn.close();
    },
  };
}

/**
 * POST /v1/payments as `token` (a cabinet user's access token) with a fresh Idempotency-Key, or
 * `key` (null: none, to test the refusal).
 */
export const createPayment = (
  env: Pick<PaymentsEnv, "app">,
  token: string,
  body: unknown,
  key: string | null = `pay-${randomUUID()}`,
) => call(env.app, "POST", "/v1/payments", body, { token, headers: key ? { "idempotency-key": key } : {} });

/**
 * A card payment made as `token` and paid on the sandbox's page with the test card that succeeds
 * (`body` without `method` is a card payment); resolves with the created payment once the
 * sandbox's notifications are all delivered.
 */
export async function paidByCard(
  env: PaymentsEnv,
  token: string,
  body: Record<string, unknown>,
): Promise<{ id: string; confirmation_url: string }> {
  const res = await createPayment(env, token, { method: "card", ...body });
  if (res.status !== 201) throw new Error(`paidByCard: ${res.status} ${JSON.stringify(res.body)}`);
  await payOnPage(res.body.confirmation_url, "4242424242424242");
  await env.sandbox.app.sandbox.notificationsIdle();
  return res.body;
}

/** What a payer does on the hosted page, without a browser (the browser test does it for real). */
export async function payOnPage(confirmationUrl: string, card: string, threeDsCode?: string) {
  const form = (data: Record<string, string>) => ({
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(data),
    redirect: "manual" as const,
  });
  await fetch(
    confirmationUrl,
    form({ card_number: card, expiry: "11/29", cvc: "321", holder: "OOO ROMASHKA" }),
  );
  if (threeDsCode) {
    // The page's address may carry a query (?lang=…): the 3-D Secure step is a path below it.
    const threeDs = new URL(confirmationUrl);
    threeDs.pathname += "/3ds";
    await fetch(threeDs, form({ code: threeDsCode }));
  }
}

/**
 * Saves a card the way a customer does: a first payment of 100 ₽ to `accountId` with `save_card`,
 * paid on the sandbox's page with the succeeding test card. Resolves with the saved card's id.
 */
export async function saveCard(env: PaymentsEnv, token: string, accountId: string): Promise<string> {
  await paidByCard(env, token, { items: [{ account_id: accountId, amount: 100_00 }], save_card: true });
  const cards = await call(env.app, "GET", "/v1/saved-cards", undefined, { token });
  return cards.body.data[0].id as string;
}

/** The payments an autopay rule made, oldest first. */
export const autopayPayments = (env: PaymentsEnv, ruleId: string) =>
  env.conn.db
    .select()
    .from(payments)
    .where(eq(payments.autopayRuleId, ruleId))
    .orderBy(asc(payments.createdAt));

/** An autopay rule's row (enabled, failures, …). */
export const autopayRule = async (env: PaymentsEnv, ruleId: string) =>
  (await env.conn.db.select().from(autopayRules).where(eq(autopayRules.id, ruleId)))[0]!;

/** The sandbox's test banks for SBP (apps/acquirer-sandbox/src/sbp.ts). */
export const SBP_BANK = { confirms: "100000000901", declines: "100000000903", silent: "100000000904" };

/**
 * What an SBP payer does in the «bank app», without a browser: opens the QR code's link (the
 * sandbox's stand-in for qr.nspk.ru) and confirms in `bank`, or declines.
 */
export async function payInBankApp(qrPayload: string, bank: string | "decline") {
  const page = new URL(qrPayload);
  const res = await fetch(`${page.origin}${page.pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(bank === "decline" ? { action: "decline" } : { action: "confirm", bank }),
    redirect: "manual",
  });
  if (res.status !== 303) throw new Error(`payInBankApp: ${res.status}`);
}

/**
 * Runs the receipts job (as the server does every second) until nothing is due: each round waits
 * for the sandbox register to finish what it was handed, then registers and asks again.
 */
export async function drainReceipts(
  env: Pick<PaymentsEnv, "app" | "conn" | "clock"> & { cashRegister?: RunningCashRegister },
  rounds = 20,
) {
  for (let n = 0; n < rounds; n++) {
    await env.cashRegister?.app.cashRegister.idle();
    const r = await registerReceipts({
      ctx: jobCtx({ conn: env.conn, clock: env.clock, config: env.app.deps.config }, "receipts"),
      cashRegister: env.app.deps.cashRegister,
      options: { pollMs: 0 },
    });
    if (r.claimed === 0) return;
  }
}
