import type { TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, payments, receipts } from "@lk/db";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { startWidgetSite, type WidgetSite } from "./widget-site";

/*
 * The built widget bundle in Chromium against the REAL API: the API on one port, the sandbox
 * acquirer on another (its page in the widget's iframe), and the partner's page — strict CSP —
 * on a third origin, registered as a partner (the stage: widget-site.ts). Nothing of ours is faked.
 */
let env: WidgetSite;
let conn: WidgetSite["conn"];
let site: WidgetSite["site"];
let stranger: WidgetSite["stranger"];
let context: BrowserContext;
let co: TestCompany;

beforeAll(async () => {
  env = await startWidgetSite({
    shop: "widgets-test-shop",
    secret: "widgets-test-secret",
    commission: { card: { percent_bp: 100, min: 1000 } },
    pollInterval: 500,
    framesAcquirer: true,
    browser: { viewport: { width: 1024, height: 900 }, profilePrefix: "lk-widgets-real-" },
  });
  ({ conn, site, stranger, context, co } = env);
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}, 120_000);

afterAll(() => env?.close());

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
