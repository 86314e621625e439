import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createSandboxProvider } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, payments, receipts } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq } from "drizzle-orm";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, describeBrowser } from "../../../test/browser";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { type App, createApp } from "../src/app";
import { loadConfig } from "../src/config";

/*
 * The built widget bundle in Chromium against the REAL API: the API on one port, the sandbox
 * acquirer on another (its page in the widget's iframe), and the partner's page — strict CSP —
 * on a third origin, registered as a partner. Nothing of ours is faked.
 */
const root = join(import.meta.dirname, "../../..");
const widgets = join(root, "packages/widgets");
const OPERATOR_KEY = "op_test_operator_key_0123456789";
const SHOP = "widgets-test-shop";
const SECRET = "widgets-test-secret";

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
let app: App;
let api: { close(cb: () => void): void };
let apiOrigin = "";
let sandbox: RunningSandbox;
let site: { server: Server; origin: string };
let stranger: { server: Server; origin: string };
let context: BrowserContext;
let profile: string;
let co: TestCompany;
let pk = "";

/** The partner's page: bundle and axe from 'self', the API and the acquirer allowed by origin. */
const partnerPage = (req: IncomingMessage, res: ServerResponse) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${apiOrigin}`,
    `frame-src ${sandbox.url}`,
  ].join("; ");
  const send = (type: string, body: string | Buffer) =>
    res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": csp }).end(body);
  if (path === "/lk-widgets.js")
    return send("text/javascript", readFileSync(join(widgets, "dist/lk-widgets.js")));
  if (path === "/axe.min.js")
    return send("text/javascript", readFileSync(join(root, "node_modules/axe-core/axe.min.js")));
  if (path !== "/") return res.writeHead(404).end();
  const account = new URL(req.url ?? "/", "http://x").searchParams.get("account") ?? "";
  send(
    "text/html; charset=utf-8",
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Банк: оплата связи</title>
    <script src="/lk-widgets.js" defer></script></head>
    <body><main><h1>Оплата связи</h1>
    <lk-pay publishable-key="${pk}" api-base="${apiOrigin}" amount="150000" poll-interval="500"
      ${account ? `account="${account}"` : ""}></lk-pay></main></body></html>`,
  );
};

beforeAll(async () => {
  if (!existsSync(join(widgets, "dist/lk-widgets.js")))
    execFileSync("pnpm", ["--filter", "@lk/widgets", "build"], { cwd: root, stdio: "pipe" });
  conn = await createTestDatabase();
  const box: { app?: App } = {};
  const server = serve({ fetch: (req) => box.app!.fetch(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  api = server;
  apiOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = await listen(partnerPage);
  stranger = await listen(partnerPage);
  sandbox = await startSandboxServer(
    {
      shops: { [SHOP]: SECRET },
      logger: silentLogger,
      retry: { baseDelayMs: 20, maxAttempts: 5, jitter: 0 },
      frameAncestors: [site.origin],
    },
    { port: 0, hostname: "127.0.0.1" },
  );
  const config = loadConfig({
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_COOKIE_SECURE: "false",
    LK_PUBLIC_URL: apiOrigin,
    ACQUIRER_URL: sandbox.url,
    ACQUIRER_SHOP_ID: SHOP,
    ACQUIRER_SECRET: SECRET,
  });
  const acquirer = createSandboxProvider({ baseUrl: sandbox.url, shopId: SHOP, secretKey: SECRET });
  app = createApp({ conn, config, acquirer });
  box.app = app;
  co = await makeCompany(conn, { name: "ООО «Ромашка»", accountsPerGroup: 1 });
  // The operator registers the partner for the page's origin, over HTTP like the back office does.
  const res = await fetch(`${apiOrigin}/v1/operator/partners`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Operator-Key": OPERATOR_KEY },
    body: JSON.stringify({
      name: "Тестовый банк",
      origins: [site.origin],
      commission: { card: { percent_bp: 100, min: 1000 } },
    }),
  });
  pk = ((await res.json()) as { publishable_key: string }).publishable_key;
  profile = mkdtempSync(join(tmpdir(), "lk-widgets-real-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1024, height: 900 },
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await sandbox?.close();
  for (const s of [site, stranger]) s?.server.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  await conn?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
const focusedId = (page: Page) =>
  page.evaluate(() => document.querySelector("lk-pay")?.shadowRoot?.activeElement?.id ?? "");

/** Types the card into the acquirer's page inside the widget's iframe (and the 3-D Secure code). */
async function payInFrame(page: Page, card: string, code?: string) {
  const frame = page.frameLocator("lk-pay > iframe");
  await frame.locator("#card_number").fill(card);
  await frame.locator("#expiry").fill("12/30");
  await frame.locator("#cvc").fill("123");
  await frame.locator("#holder").fill("IVAN IVANOV");
  await frame.locator("#card_number").press("Enter");
  if (code) {
    await frame.locator("#code").fill(code);
    await frame.locator("#code").press("Enter");
  }
}

async function startPayment(page: Page, accountNumber: string) {
  await page.goto(`${site.origin}/?account=${accountNumber}`);
  await page.locator("lk-pay #holder").waitFor();
  await page.locator("lk-pay #total").waitFor();
  await page.locator("lk-pay #receipt").fill("+7 916 123-45-67");
  await page.locator("lk-pay #pay").click();
}

describeBrowser("widgets in Chromium against the real API", () => {
  it("keyboard only, axe clean, lang at run time, strict CSP: pays by 4242 and credits the account", async () => {
    const acc = co.accounts[0]!;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => !!document.querySelector("lk-pay")?.shadowRoot?.querySelector("#query"));
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("query");
    await page.keyboard.type(acc.number);
    await page.keyboard.press("Enter");
    await page.locator("lk-pay #holder").waitFor();
    expect(await page.locator("lk-pay #holder").textContent()).toBe("ООО «Р*****»");
    await page.locator("lk-pay #total").waitFor();
    expect(await page.locator("lk-pay #total").textContent()).toMatch(/1\s?515/); // 1 500 ₽ + 1 %

    await page.addScriptTag({ url: "/axe.min.js" });
    const serious = await page.evaluate(async () => {
      type Axe = { run: (c: unknown) => Promise<{ violations: { id: string; impact: string }[] }> };
      const r = await (window as unknown as { axe: Axe }).axe.run(document);
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    });
    expect(serious).toEqual([]);

    await page.evaluate(() => document.querySelector("lk-pay")!.setAttribute("lang", "en"));
    expect(await page.locator("lk-pay h2").textContent()).toBe("Pay for telecom services");
    await page.evaluate(() => document.querySelector("lk-pay")!.setAttribute("lang", "ru"));
    expect(await page.locator("lk-pay h2").textContent()).toBe("Оплата услуг связи");

    // Tab through amount → method → receipt → pay, typing the receipt address, Enter to pay.
    await page.locator("lk-pay #amount").focus();
    for (let i = 0; i < 3 && (await focusedId(page)) !== "pay"; i++) {
      await page.keyboard.press("Tab");
      if ((await focusedId(page)) === "receipt") await page.keyboard.type("buh@example.ru");
    }
    expect(await focusedId(page)).toBe("pay");
    await page.keyboard.press("Enter");
    await payInFrame(page, "4242 4242 4242 4242");
    await page.locator("lk-pay #receipt-number").waitFor({ timeout: 15_000 });

    const [p] = await conn.db.select().from(payments).where(eq(payments.status, "succeeded"));
    // The success screen shows the fiscal receipt's human number, never the payment's id.
    const [fiscal] = await conn.db.select().from(receipts).where(eq(receipts.paymentId, p!.id));
    expect(await page.locator("lk-pay #receipt-number").textContent()).toBe(
      String(fiscal!.number).padStart(6, "0"),
    );
    expect(p).toMatchObject({
      amount: 150_000,
      commission: 1500,
      chargedAmount: 151_500,
      receiptEmail: "buh@example.ru",
    });
    const [a] = await conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(a!.balance).toBe(150_000);
    const entries = await conn.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, acc.id));
    expect(entries.map((e) => e.amount)).toEqual([150_000]);
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 45_000);

  it("shows a declined card and a 3-D Secure success", async () => {
    const page = await context.newPage();
    await startPayment(page, co.accounts[1]!.number);
    await payInFrame(page, "4000 0000 0000 0002");
    await page.locator("lk-pay #failure-reason").waitFor({ timeout: 15_000 });
    const [a1] = await conn.db.select().from(accounts).where(eq(accounts.id, co.accounts[1]!.id));
    expect(a1!.balance).toBe(0);

    await startPayment(page, co.accounts[2]!.number);
    await payInFrame(page, "4000 0000 0000 3220", "123456");
    await page.locator("lk-pay #receipt-number").waitFor({ timeout: 15_000 });
    const [a2] = await conn.db.select().from(accounts).where(eq(accounts.id, co.accounts[2]!.id));
    expect(a2!.balance).toBe(150_000);
    expect(await cspViolations(page)).toEqual([]);
    await page.close();
  }, 45_000);

  it("on an origin no partner registered, the widget says the site is not connected (not a network error)", async () => {
    const page = await context.newPage();
    await page.goto(`${stranger.origin}/?account=${co.accounts[0]!.number}`);
    const alert = page.locator("lk-pay [role=alert]").first();
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain("Этот сайт не подключён к приёму платежей");
    expect(await page.locator("lk-pay #holder").count()).toBe(0);
    // In English too, once the page asks again.
    await page.evaluate(() => document.querySelector("lk-pay")!.setAttribute("lang", "en"));
    expect(await alert.textContent()).toContain("This site is not connected to take payments");
    await page.close();
  }, 20_000);
});
