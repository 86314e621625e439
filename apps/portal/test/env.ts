import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createAtolCashRegister, createSandboxProvider } from "@lk/core";
import { createTestDatabase } from "@lk/db/testing";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../test/browser";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { type App, createApp } from "../../api/src/app";
import { loadConfig } from "../../api/src/config";
import { type RunningCashRegister, startCashRegisterServer } from "../../cash-register-sandbox/src/index";
import { ensurePortalBuilt } from "../scripts/build";

// The real thing for browser tests: the API (serving the built portal) over HTTP on an ephemeral
// port, the sandbox acquirer on another, a database of this file's own, and headless Chromium.
// Nothing of ours is faked; the sandbox notifies the API over real HTTP.

export const OPERATOR_KEY = "op_test_operator_key_0123456789";
export const ARTIFACTS = join(import.meta.dirname, "../../../artifacts/portal");
const SHOP = "portal-test-shop";
const SECRET = "portal-test-secret";

export interface PortalEnv {
  url: string;
  app: App;
  conn: Awaited<ReturnType<typeof createTestDatabase>>;
  sandbox: RunningSandbox;
  /** The sandbox cash register, when asked for (`cashRegister: true`): fiscal receipts are registered there. */
  cashRegister?: RunningCashRegister;
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * `demo: true` starts the API as `lk serve --demo` does (the test mailbox answers); `cashRegister:
 * true` wires the sandbox cash register, so a card payment's fiscal receipt can be registered (the
 * test runs the `receipts` job) and e-mailed; `env` adds settings (e.g. `LK_TIME_ZONE`).
 */
export async function startPortalEnv(
  opts: { demo?: boolean; cashRegister?: boolean; env?: Record<string, string> } = {},
): Promise<PortalEnv> {
  await ensurePortalBuilt({ quiet: true });
  const conn = await createTestDatabase();
  const box: { app?: App } = {};
  const server = serve({ fetch: (req) => box.app!.fetch(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await startSandboxServer(
    {
      shops: { [SHOP]: SECRET },
      logger: silentLogger,
      retry: { baseDelayMs: 20, maxAttempts: 5, jitter: 0 },
    },
    { port: 0, hostname: "127.0.0.1" },
  );
  const config = loadConfig({
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_COOKIE_SECURE: "false",
    LK_PUBLIC_URL: url,
    ACQUIRER_URL: sandbox.url,
    ACQUIRER_SHOP_ID: SHOP,
    ACQUIRER_SECRET: SECRET,
    ...opts.env,
  });
  const acquirer = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: SECRET });
  const register = opts.cashRegister
    ? await startCashRegisterServer({
        logins: { [SHOP]: SECRET },
        delayMs: 5,
        timeZone: config.core.timeZone,
      })
    : undefined;
  const cashRegister = register
    ? createAtolCashRegister({
        baseUrl: register.url,
        login: SHOP,
        password: SECRET,
        groupCode: "portal-test-group",
        timeoutMs: 2_000,
        timeZone: config.core.timeZone,
      })
    : undefined;
  box.app = createApp({
    conn,
    config: { ...config, demo: opts.demo ?? false },
    acquirer,
    ...(cashRegister ? { cashRegister } : {}),
  });
  const profile = mkdtempSync(join(tmpdir(), "lk-portal-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    locale: "ru-RU",
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url,
    app: box.app,
    conn,
    sandbox,
    ...(register ? { cashRegister: register } : {}),
    browser,
    close: async () => {
      await browser.close();
      await sandbox.close();
      await register?.close();
      await new Promise<void>((r) => server.close(() => r()));
      await conn.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh page that fails the test on any console error or CSP violation. */
export async function newPage(env: PortalEnv): Promise<{ page: Page; errors: string[] }> {
  // One profile for the whole file: forget the previous user's refresh cookie.
  await env.browser.clearCookies();
  const page = await env.browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (401|403|404|409|422|429)/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

export async function signIn(page: Page, env: PortalEnv, login: string, password: string) {
  await page.goto(`${env.url}/`);
  await page.fill("#login", login);
  await page.fill("#password", password);
  await page.click("form button[type=submit]");
}

let axeCache: string | undefined;
const axeSource = () => {
  axeCache ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeCache;
};

/**
 * Types a test card into the sandbox acquirer's page framed in the pay screen, and pays: by default
 * the card that succeeds; `threeDsCode` answers the 3-D Secure step the card 4000 0000 0000 3220 asks for.
 */
export async function payInAcquirerFrame(
  page: Page,
  card: { number?: string; expiry?: string; threeDsCode?: string } = {},
) {
  const frame = page.frameLocator("iframe.acquirer-frame");
  await frame.locator("#card_number").fill(card.number ?? "4242 4242 4242 4242");
  await frame.locator("#expiry").fill(card.expiry ?? "11/29");
  await frame.locator("#cvc").fill("123");
  await frame.locator("#holder").fill("OOO ROMASHKA");
  await frame.locator("#pay").click();
  if (card.threeDsCode) {
    await frame.locator("#code").fill(card.threeDsCode);
    await frame.locator("#confirm").click();
  }
}

/** axe-core on the current screen: serious and critical violations fail the test. */
export async function axe(page: Page, screen: string): Promise<string[]> {
  // Injected through DevTools (evaluate), which the page's CSP does not govern — addScriptTag
  // would be an inline script and is rightly blocked by script-src 'self'.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource());
  const result = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, {
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return result
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.targets.join(", ")}`);
}

/** Screenshots at 1280 px and 360 px wide, saved as CI artifacts. */
export async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}
