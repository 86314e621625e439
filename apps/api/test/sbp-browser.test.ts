import { deliverWebhooks } from "@lk/core";
import type { TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, payments } from "@lk/db";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../../packages/core/test/webhooks-receiver";
import { describeBrowser } from "../../../test/browser";
import type { RunningSandbox } from "../../acquirer-sandbox/src/index";
import { axeViolations, startWidgetSite, type WidgetSite } from "./widget-site";

/*
 * SBP end to end in Chromium (issue #16): the real API serving the built portal, the sandbox
 * acquirer (its «bank app» page opened from the QR code's link), and a partner's page with the
 * built widget bundle on a foreign origin under a strict CSP (the stage: widget-site.ts). QR codes
 * live QR_TTL_MS here. The SBP screens are driven by keyboard where a payer would, and axe-core
 * finds no violation in them.
 */
const QR_TTL_MS = 12_000;

let env: WidgetSite;
let conn: WidgetSite["conn"];
let apiOrigin = "";
let sandbox: RunningSandbox;
let site: WidgetSite["site"];
let context: BrowserContext;
let co: TestCompany;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  env = await startWidgetSite({
    shop: "sbp-test-shop",
    secret: "sbp-test-secret",
    commission: { card: { percent_bp: 100, min: 1000 }, sbp: { percent_bp: 40, min: 0 } },
    pollInterval: 300,
    sandbox: { sbpQrTtlMs: QR_TTL_MS },
    webhookUrl: receiver.url,
    portal: true,
    browser: { viewport: { width: 1280, height: 900 }, locale: "ru-RU", profilePrefix: "lk-sbp-" },
  });
  ({ conn, apiOrigin, sandbox, site, context, co } = env);
}, 180_000);

afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

/** The id of the element that has the keyboard focus, through shadow roots. */
const focusedId = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.id ?? "";
  });

/** Presses Tab until the element with `id` has the focus (at most `max` times); false if never. */
async function tabTo(page: Page, id: string, max = 25): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    if ((await focusedId(page)) === id) return true;
    await page.keyboard.press("Tab");
  }
  return (await focusedId(page)) === id;
}

const balance = async (id: string) =>
  Number((await conn.db.select().from(accounts).where(eq(accounts.id, id)))[0]!.balance);

/** The payer's phone: opens the QR code's link (the sandbox's «bank app») and confirms or declines. */
async function bankApp(link: string, bank: string | "decline") {
  const page = await context.newPage();
  await page.goto(link);
  await inBankApp(page, bank);
}

/** Confirms in `bank` (or declines) on the bank-app page open in `page`, then closes it. */
async function inBankApp(page: Page, bank: string | "decline") {
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
    expect(await axeViolations(page, "lk-pay")).toEqual([]);
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
    expect(await axeViolations(page, "lk-pay")).toEqual([]);
    // By keyboard alone: Tab reaches «Открыть приложение банка», Enter opens the bank app.
    await page.locator("lk-pay h2").first().focus();
    expect(await tabTo(page, "open-bank-app")).toBe(true);
    const [app] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Enter")]);
    await inBankApp(app, "Банк «Отказ»");
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
      await page.locator("#save-card").waitFor(); // offered for a card…
      await page.locator("input[name=method][value=sbp]").check();
      await page.locator("#save-card").waitFor({ state: "detached" }); // …never for SBP
      await page.getByRole("button", { name: "Показать QR-код для оплаты" }).click();
      await page.locator("lk-sbp-qr svg.sbp-code").waitFor({ timeout: 15_000 });
      return (await page.locator("#open-bank-app").getAttribute("href"))!;
    };
    const link = await pay("1 250,50");
    expect(await page.locator("#sbp-status").textContent()).toContain(
      "Ожидаем подтверждения в приложении банка",
    );
    expect(await axeViolations(page, "lk-sbp-qr")).toEqual([]);
    await bankApp(link, "Банк «Зелёный»");
    await page.getByText("Оплачено 1 250,50").first().waitFor({ timeout: 15_000 });
    expect(await balance(acc.id)).toBe(1250_50);

    const second = await pay("100");
    await bankApp(second, "Банк «Молчун»");
    await page.locator("#new-code").waitFor({ timeout: QR_TTL_MS + 10_000 });
    expect(await page.locator("#sbp-status").textContent()).toContain("Срок действия QR-кода истёк");
    expect(await axeViolations(page, "lk-sbp-qr")).toEqual([]);
    // By keyboard alone: Tab reaches «Показать новый код», Enter makes a new code.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await tabTo(page, "new-code", 60)).toBe(true);
    await page.keyboard.press("Enter");
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
