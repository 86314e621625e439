import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createSandboxProvider, deliverWebhooks } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, payments } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq } from "drizzle-orm";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../../packages/core/test/webhooks-receiver";
import { CHROMIUM, CHROMIUM_ARGS, describeBrowser } from "../../../test/browser";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { ensurePortalBuilt } from "../../portal/scripts/build";
import { type App, createApp } from "../src/app";
import { loadConfig } from "../src/config";

/*
 * SBP end to end in Chromium (issue #16): the real API serving the built portal, the sandbox
 * acquirer (its «bank app» page opened from the QR code's link), and a partner's page with the
 * built widget bundle on a foreign origin under a strict CSP. QR codes live QR_TTL_MS here.
 */
const root = join(import.meta.dirname, "../../..");
const widgets = join(root, "packages/widgets");
const OPERATOR_KEY = "op_test_operator_key_0123456789";
const SHOP = "sbp-test-shop";
const SECRET = "sbp-test-secret";
const QR_TTL_MS = 12_000;

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
let app: App;
let api: { close(cb: () => void): void };
let apiOrigin = "";
let sandbox: RunningSandbox;
let site: { server: Server; origin: string };
let context: BrowserContext;
let profile: string;
let co: TestCompany;
let pk = "";
let receiver: Receiver;

const partnerPage = (req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? "/", "http://x");
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${apiOrigin}`,
  ].join("; ");
  const send = (type: string, body: string | Buffer) =>
    res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": csp }).end(body);
  if (url.pathname === "/lk-widgets.js")
    return send("text/javascript", readFileSync(join(widgets, "dist/lk-widgets.js")));
  if (url.pathname !== "/") return res.writeHead(404).end();
  send(
    "text/html; charset=utf-8",
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Банк: оплата связи</title>
    <script src="/lk-widgets.js" defer></script></head>
    <body><main><h1>Оплата связи</h1>
    <lk-pay publishable-key="${pk}" api-base="${apiOrigin}" amount="150000" poll-interval="300"
      account="${url.searchParams.get("account") ?? ""}"></lk-pay></main></body></html>`,
  );
};

beforeAll(async () => {
  if (!existsSync(join(widgets, "dist/lk-widgets.js")))
    execFileSync("pnpm", ["--filter", "@lk/widgets", "build"], { cwd: root, stdio: "pipe" });
  await ensurePortalBuilt({ quiet: true });
  conn = await createTestDatabase();
  const box: { app?: App } = {};
  const server = serve({ fetch: (req) => box.app!.fetch(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  api = server;
  apiOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = await new Promise((resolve) => {
    const s = createServer(partnerPage);
    s.listen(0, "127.0.0.1", () =>
      resolve({ server: s, origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }),
    );
  });
  receiver = await startReceiver();
  sandbox = await startSandboxServer(
    {
      shops: { [SHOP]: SECRET },
      logger: silentLogger,
      retry: { baseDelayMs: 20, maxAttempts: 5, jitter: 0 },
      sbpQrTtlMs: QR_TTL_MS,
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
  const res = await fetch(`${apiOrigin}/v1/operator/partners`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Operator-Key": OPERATOR_KEY },
    body: JSON.stringify({
      name: "Тестовый банк",
      origins: [site.origin],
      commission: { card: { percent_bp: 100, min: 1000 }, sbp: { percent_bp: 40, min: 0 } },
      webhook_url: receiver.url,
    }),
  });
  pk = ((await res.json()) as { publishable_key: string }).publishable_key;
  profile = mkdtempSync(join(tmpdir(), "lk-sbp-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: "ru-RU",
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await sandbox?.close();
  await receiver?.close();
  site?.server.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  await conn?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const balance = async (id: string) =>
  Number((await conn.db.select().from(accounts).where(eq(accounts.id, id)))[0]!.balance);

/** The payer's phone: opens the QR code's link (the sandbox's «bank app») and confirms or declines. */
async function bankApp(link: string, bank: string | "decline") {
  const page = await context.newPage();
  await page.goto(link);
  await page.locator("#payee").waitFor();
  if (bank === "decline") await page.locator("#decline").click();
  else {
    await page.getByLabel(bank).check();
    await page.locator("#confirm").click();
  }
  await page.locator("#result, .spinner").first().waitFor();
  await page.close();
}

/** The widget's link for phones, read from the page (it is what the QR code encodes). */
const widgetLink = async (page: Page) =>
  (await page.locator("lk-pay #open-bank-app").getAttribute("href", { timeout: 15_000 }))!;

async function startWidgetSbp(page: Page, accountNumber: string) {
  await page.goto(`${site.origin}/?account=${accountNumber}`);
  await page.locator("lk-pay #holder").waitFor();
  await page.locator("lk-pay input[value=sbp]").check();
  await page.locator("lk-pay #total").waitFor();
  await page.locator("lk-pay #receipt").fill("buh@example.ru");
  await page.locator("lk-pay #pay").click();
  await page.locator("lk-pay #sbp-status").waitFor({ timeout: 15_000 });
}

describeBrowser("SBP in Chromium against the real API and sandbox", () => {
  it("widget on a partner's origin: QR code, waiting in a live region, paid in the bank app; credited once; webhook sent", async () => {
    const acc = co.accounts[0]!;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await startWidgetSbp(page, acc.number);
    expect(await page.locator("lk-pay #sbp-status").textContent()).toContain(
      "Ожидаем подтверждения в приложении банка",
    );
    expect(await page.locator("lk-pay #sbp-status").getAttribute("aria-live")).toBe("polite");
    expect(await page.locator("lk-pay svg.qr").getAttribute("aria-label")).toMatch(
      /QR-код для оплаты 1\s506,00\s₽ через СБП/,
    );
    // Wide screen: the code, not the phone's button.
    expect(await page.locator("lk-pay #open-bank-app").isVisible()).toBe(false);
    const link = await widgetLink(page);
    expect(link).toMatch(/\/sbp\/AD[0-9A-Z]{30}\?type=02&bank=\d{12}&sum=150600&cur=RUB&crc=[0-9A-F]{4}$/);
    await bankApp(link, "Тестбанк");
    await page.locator("lk-pay #receipt-number").waitFor({ timeout: 15_000 });
    await sandbox.app.sandbox.notificationsIdle();
    const [p] = await conn.db.select().from(payments).where(eq(payments.method, "sbp"));
    expect(p).toMatchObject({
      status: "succeeded",
      amount: 150_000,
      commission: 600,
      chargedAmount: 150_600,
    });
    expect(await balance(acc.id)).toBe(150_000);
    const entries = await conn.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, acc.id));
    expect(entries.map((e) => e.amount)).toEqual([150_000]);
    expect(await deliverWebhooks({ db: conn.db, now: () => new Date() })).toMatchObject({ succeeded: 1 });
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: "payment.succeeded",
      data: { id: p!.id, status: "succeeded" },
    });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("widget on a phone: a button opens the bank app; a declining bank shows the failure", async () => {
    const acc = co.accounts[1]!;
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await startWidgetSbp(page, acc.number);
    expect(await page.locator("lk-pay #open-bank-app").isVisible()).toBe(true);
    expect(await page.locator("lk-pay svg.qr").isVisible()).toBe(false);
    await bankApp(await widgetLink(page), "Банк «Отказ»");
    await page.locator("lk-pay #failure-reason").waitFor({ timeout: 15_000 });
    expect(await page.locator("lk-pay #failure-reason").textContent()).toContain("Банк отклонил перевод");
    expect(await balance(acc.id)).toBe(0);
    await page.close();
  }, 60_000);

  it("portal: pay by SBP, confirmed in the bank app; a silent bank lets the code expire → «Показать новый код»", async () => {
    const acc = co.accounts[2]!;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${apiOrigin}/`);
    await page.fill("#login", co.accountant.login);
    await page.fill("#password", co.accountant.password);
    await page.click("form button[type=submit]");
    await page.locator("nav#nav").waitFor({ timeout: 15_000 });
    const pay = async (amount: string) => {
      await page.goto(`${apiOrigin}/pay?accounts=${acc.id}`);
      await page.locator(`#amount-${acc.id}`).fill(amount);
      await page.locator("input[name=method][value=sbp]").check();
      await page.getByRole("button", { name: "Показать QR-код для оплаты" }).click();
      await page.locator("lk-sbp-qr svg.sbp-code").waitFor({ timeout: 15_000 });
      return (await page.locator("#open-bank-app").getAttribute("href"))!;
    };
    const link = await pay("1 250,50");
    expect(await page.locator("#sbp-status").textContent()).toContain(
      "Ожидаем подтверждения в приложении банка",
    );
    await bankApp(link, "Банк «Зелёный»");
    await page.getByText("Оплачено 1 250,50").first().waitFor({ timeout: 15_000 });
    expect(await balance(acc.id)).toBe(1250_50);

    const second = await pay("100");
    await bankApp(second, "Банк «Молчун»");
    await page.locator("#new-code").waitFor({ timeout: QR_TTL_MS + 10_000 });
    expect(await page.locator("#sbp-status").textContent()).toContain("Срок действия QR-кода истёк");
    await page.locator("#new-code").click();
    await page.locator("lk-sbp-qr svg.sbp-code").waitFor({ timeout: 15_000 });
    const third = (await page.locator("#open-bank-app").getAttribute("href"))!;
    expect(third).not.toBe(second);
    await sandbox.app.sandbox.notificationsIdle();
    const expired = (
      await conn.db.select().from(payments).where(eq(payments.failureReason, "qr_expired"))
    )[0];
    expect(expired).toMatchObject({ method: "sbp", status: "failed", amount: 100_00 });
    expect(await balance(acc.id)).toBe(1250_50);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
