import { issueTestInvoice, makeCompany, type TestCompany } from "@lk/core/testing";
import { savedCards } from "@lk/db";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call, testClock } from "../../api/test/helpers";
import { drainReceipts } from "../../api/test/payments-env";
import { newPage, type PortalEnv, payInAcquirerFrame, shoot, signIn, startPortalEnv } from "./env";

// Card journeys of the help article as an accountant does them in the portal, on the real API, the
// sandbox acquirer's hosted page (framed in the pay screen) and the sandbox cash register: a declined
// card, a 3-D Secure card, saving a card and setting autopay with it (then removing it), and a
// receipt sent to an e-mail and a phone, read in the demo's test mailbox.

const CARDS = { declined: "4000 0000 0000 0002", threeDs: "4000 0000 0000 3220" };
const rub = (k: number) =>
  `${new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2 }).format(k / 100)} ₽`.replace(/\s/g, " ");
const squash = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
/** What a person reads on the screen's main part. */
const mainText = async (page: Page) => squash(await page.textContent("main"));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CODE = /\b[a-z]+_[a-z_]+\b/;

describeBrowser("portal: card journeys of the help article", () => {
  let env: PortalEnv;
  let co: TestCompany;
  let page: Page;
  let errors: string[];
  let token: string;
  const balance = async (id: string) =>
    (await call(env.app, "GET", `/v1/accounts/${id}`, undefined, { token })).body.balance_amount as number;

  beforeAll(async () => {
    env = await startPortalEnv({ demo: true, cashRegister: true });
    co = await makeCompany(env.conn);
    token = await apiSignIn(env.app, co.accountant.login, co.accountant.password);
    ({ page, errors } = await newPage(env));
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard");
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  it("a declined card: the result says why in words, nothing is «Оплачено», «try again» keeps the amounts, the balance stays", async () => {
    const acc = co.accounts[0]!;
    const before = await balance(acc.id);
    await page.goto(`${env.url}/pay?accounts=${acc.id}`);
    await page.fill(`#amount-${acc.id}`, "2 330,20");
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page, { number: CARDS.declined });
    await expect
      .poll(() => page.textContent("lk-pay-screen #h-step"), { timeout: 20_000 })
      .toBe("Платёж не прошёл");
    const result = await mainText(page);
    expect(result).toContain("отклонил платёж");
    expect(result).toContain("Деньги с карты не списаны");
    expect(result).toContain("Попробовать ещё раз");
    expect(result).not.toMatch(/Списано|Оплачено/);
    expect(result).not.toMatch(CODE);
    expect(await balance(acc.id)).toBe(before);
    await page.click("nav a[href='/accounts']");
    await expect
      .poll(async () => squash(await page.textContent(`[data-testid=balance-${acc.number}]`)))
      .toBe(rub(before));

    // The payment's own page says the same, and offers another try.
    await page.click("nav a[href='/payments']");
    await page.waitForSelector("lk-payments tbody tr");
    expect(squash(await page.textContent("lk-payments tbody tr"))).toMatch(/Не прошёл|Отклон/i);
    await page.click("lk-payments tbody tr a");
    await page.waitForSelector("lk-payment [data-testid=decline-reason]");
    const details = await mainText(page);
    expect(await page.textContent("lk-payment h1")).toBe("Платёж не прошёл");
    expect(details).toContain("отклонил платёж");
    expect(details).toContain("деньги остались на карте");
    expect(details).not.toMatch(/Списано|Оплачено/);
    expect(details).not.toMatch(CODE);
    expect(details).not.toMatch(UUID);

    // «Попробовать ещё раз»: the same account and amount, ready for another card.
    await page.click("lk-payment a:has-text('Попробовать ещё раз')");
    await page.waitForSelector(`lk-pay-screen #amount-${acc.id}`);
    expect(await page.isChecked(`#pick-${acc.id}`)).toBe(true);
    expect(await page.inputValue(`#amount-${acc.id}`)).toBe("2330,20");
    // …and another card goes through.
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page);
    await expect
      .poll(async () => squash(await page.textContent("lk-pay-screen .status")), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(2330_20)}`);
    expect(await balance(acc.id)).toBe(before + 2330_20);
  }, 90_000);

  it("a 3-D Secure card: through the bank's challenge and back, the invoice is paid and the balance moves", async () => {
    const acc = co.accounts[1]!;
    // An unpaid invoice for the month, charged to the account as the billing run charges it.
    const total = 1_480_40;
    const { number } = await issueTestInvoice(env.conn.db, {
      companyId: co.id,
      accountId: acc.id,
      total,
      period: new Date().toISOString().slice(0, 7),
      dueOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    });
    const before = await balance(acc.id);
    await page.goto(`${env.url}/pay?by=invoices`);
    await page.waitForSelector(`lk-pay-screen input[type=checkbox][data-number='№ ${number}']`);
    await page.check(`lk-pay-screen input[type=checkbox][data-number='№ ${number}']`);
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page, { number: CARDS.threeDs, threeDsCode: "123456" });
    await expect
      .poll(async () => squash(await page.textContent("lk-pay-screen .status")), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(total)}`);
    expect(await balance(acc.id)).toBe(before + total);
    // The unpaid invoices no longer offer it; the payment's page lists it as paid.
    await page.click("lk-pay-screen a:has-text('Квитанция и детали')");
    await page.waitForSelector("lk-payment h2");
    const details = await mainText(page);
    expect(details).toContain(`№ ${number}`);
    expect(details).toMatch(/Списано с карты/);
    await page.click("nav a[href='/accounts']");
    await expect
      .poll(async () => squash(await page.textContent(`[data-testid=balance-${acc.number}]`)))
      .toBe(rub(before + total));
    await page.click("nav a[href='/pay']");
    await page.click("lk-pay-screen nav.tabs a[href='/pay?by=invoices']");
    await page.waitForSelector("lk-pay-screen .empty, lk-pay-screen tbody tr");
    expect(await page.locator(`lk-pay-screen input[data-number='№ ${number}']`).count()).toBe(0);
  }, 90_000);

  it("pays with «save the card», sees «•••• 4242 до 12/28», sets autopay with it; removing the card switches autopay off", async () => {
    const acc = co.accounts[2]!;
    await page.goto(`${env.url}/pay?accounts=${acc.id}`);
    await page.fill(`#amount-${acc.id}`, "100");
    await page.check("#save-card");
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page, { expiry: "12/28" });
    await expect
      .poll(async () => squash(await page.textContent("lk-pay-screen .status")), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(100_00)}`);

    await page.click("nav a[href='/autopay']");
    await page.waitForSelector("lk-autopay [data-testid=saved-card]");
    const card = squash(await page.textContent("lk-autopay [data-testid=saved-card]"));
    expect(card).toContain("•••• 4242");
    expect(card).toContain("до 12/28");

    await page.selectOption("#ap-acc", acc.id);
    await page.fill("#ap-th", "200");
    await page.fill("#ap-amount", "1 000");
    await page.fill("#ap-limit", "5 000");
    await page.click("lk-autopay form button[type=submit]");
    await expect.poll(() => page.textContent("lk-autopay .status")).toContain("Правило создано");
    await page.waitForSelector("lk-autopay [data-testid=rule-account]");
    const rule = squash(await page.textContent("lk-autopay tbody tr"));
    expect(rule).toContain(acc.number);
    expect(rule).toContain("включено");
    expect(squash(await page.textContent("lk-autopay [data-testid=saved-card]"))).toContain("1 автоплатёж");

    // Months later the card has expired: the list says so (the month passed in Moscow time).
    await env.conn.db
      .update(savedCards)
      .set({ expiryMonth: 1, expiryYear: 2026 })
      .where(eq(savedCards.companyId, co.id));
    await page.reload();
    await expect
      .poll(async () => squash(await page.textContent("lk-autopay [data-testid=card-expiry]")))
      .toBe("срок истёк 01/26");
    await page.click("lk-autopay [data-testid=saved-card] button:has-text('Удалить')");
    expect(squash(await page.textContent("lk-autopay [role=alertdialog]"))).toContain(
      "Автоплатежи по ней будут выключены",
    );
    await page.click("lk-autopay button:has-text('Да, удалить')");
    await expect
      .poll(async () => squash(await page.textContent("lk-autopay .status")))
      .toBe("Карта •••• 4242 удалена; выключено: 1 автоплатёж");
    await expect.poll(() => page.locator("lk-autopay [data-testid=saved-card]").count()).toBe(0);
    const off = squash(await page.textContent("lk-autopay tbody tr"));
    expect(off).toContain("выключено");
    expect(off).toContain("карта удалена");
    const rules = (await call(env.app, "GET", "/v1/autopay-rules", undefined, { token })).body.data;
    expect(rules).toMatchObject([{ enabled: false, disabled_reason: "card_removed" }]);
  }, 90_000);

  it("a receipt to an e-mail and to a phone, typed when paying and sent again from the payment's page: all arrive in the demo's test mailbox", async () => {
    const acc = co.accounts[3]!;
    await page.goto(`${env.url}/pay?accounts=${acc.id}`);
    await page.fill(`#amount-${acc.id}`, "750,25");
    await page.fill("#receipt-email", "glavbuh@romashka.test");
    await page.fill("#receipt-phone", "8 (916) 555-12-34");
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page);
    await expect
      .poll(async () => squash(await page.textContent("lk-pay-screen .status")), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(750_25)}`);
    // The `receipts` job registers the fiscal receipt with the cash register and e-mails it.
    await drainReceipts({ ...env, clock: testClock() });
    // From the payment's page: a copy to the cashier's e-mail and another phone.
    await page.click("lk-pay-screen a:has-text('Квитанция и детали')");
    await page.waitForSelector("lk-payment form.send-receipt");
    await page.fill("#sr-email", "");
    await page.click("lk-payment form.send-receipt button[type=submit]");
    await expect.poll(() => page.textContent("#sr-email-err")).toBe("Укажите e-mail или телефон");
    await page.fill("#sr-email", "kassa@romashka.test");
    await page.fill("#sr-phone", "+7 903 111-22-33");
    await page.click("lk-payment form.send-receipt button[type=submit]");
    await expect
      .poll(async () => squash(await page.textContent("lk-payment .status")))
      .toBe("Квитанция отправлена: kassa@romashka.test и +79031112233");

    await page.goto(`${env.url}/mailbox`);
    await page.waitForSelector("lk-mailbox .mail-list li");
    // A message is picked by its recipient (the e-mailed fiscal receipt names the phone too).
    const to = (who: string) =>
      page.locator("lk-mailbox .mail-list li").filter({
        has: page.locator("p:first-child strong", {
          hasText: new RegExp(`^${who.replace(/[.+]/g, "\\$&")}$`),
        }),
      });
    const mail = to("glavbuh@romashka.test");
    await expect.poll(() => mail.count()).toBe(1);
    const email = squash(await mail.textContent());
    expect(email).toContain("Чек об оплате");
    expect(email).toContain(rub(750_25));
    const sms = to("+79165551234");
    await expect.poll(() => sms.count()).toBe(1);
    const smsText = squash(await sms.textContent());
    expect(smsText).toContain("SMS");
    expect(smsText).toMatch(/750,25/);
    const copy = to("kassa@romashka.test");
    await expect.poll(() => copy.count()).toBe(1);
    const copyText = squash(await copy.textContent());
    expect(copyText).toContain("Кассовый чек №");
    expect(copyText).toContain(rub(750_25));
    const copySms = to("+79031112233");
    await expect.poll(() => copySms.count()).toBe(1);
    expect(squash(await copySms.textContent())).toMatch(/Платёж 750,25\s₽ зачислен\. Чек №/);
    for (const t of [email, smsText, copyText]) {
      expect(t).not.toMatch(UUID);
      expect(t).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    }
  }, 90_000);

  it("the application form's documents: a button and a line in the page's language, never the browser's «Choose Files»", async () => {
    await page.goto(`${env.url}/apply`);
    await page.waitForSelector("lk-apply #ap-files", { state: "attached" });
    // The browser's own input is out of sight; the button says what it does in Russian.
    expect((await page.locator("#ap-files").boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    const button = page.locator("lk-apply label.button[for=ap-files]");
    expect(squash(await button.textContent())).toBe("Выбрать файлы");
    expect(squash(await page.textContent("#ap-files-summary"))).toBe("Файлы не выбраны");
    // A file of the wrong kind is marked on the field, in words.
    await page.setInputFiles("#ap-files", [
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("x") },
    ]);
    await expect.poll(() => page.textContent("#ap-files-err")).toContain("допустимы PDF, JPEG, PNG");
    expect(await page.getAttribute("#ap-files", "aria-invalid")).toBe("true");
    // It opens the file chooser; the chosen files are named.
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), button.click()]);
    await chooser.setFiles([
      { name: "устав.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 x") },
    ]);
    await expect
      .poll(async () => squash(await page.textContent("#ap-files-summary")))
      .toMatch(/^1 файл, \d+ Б: устав\.pdf$/);
    expect(squash(await page.textContent("#ap-files-err"))).toBe("");
    await page.locator("#ap-files-summary").scrollIntoViewIfNeeded();
    await shoot(page, "apply-files");
    // The keyboard reaches it too: Tab stops on the input, the button shows the focus.
    await page.focus("#ap-contact_phone");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("ap-files");
    expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
    // In English, English.
    await page.click("lk-apply .brand button");
    await expect.poll(async () => squash(await button.textContent())).toBe("Choose files");
    await page.reload();
    await page.waitForSelector("lk-apply #ap-files-summary");
    expect(squash(await page.textContent("#ap-files-summary"))).toBe("No files chosen");
    await page.click("lk-apply .brand button");
    await expect.poll(async () => squash(await button.textContent())).toBe("Выбрать файлы");
    expect(errors).toEqual([]);
  }, 60_000);
});
