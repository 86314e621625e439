import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEMO_USERS, seedDemo } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { make1c } from "../../api/test/bank-files";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { ARTIFACTS, axe, newPage, OPERATOR_KEY, type PortalEnv, shoot, signIn, startPortalEnv } from "./env";

// Money that arrives outside the cabinet, as the accountant sees it (issue #15): a bank transfer
// with no account in its purpose lands on the company's unallocated money, which the accountant
// distributes in the portal; and a card payment of the demo accountant changes «К оплате сейчас»
// and the unpaid invoices at once — in the paying tab and in another tab left open — with no reload.

const text = async (page: Page, sel: string) => (await page.textContent(sel))?.replace(/\s/g, " ").trim();
const SHOTS = process.env.LK_SHOTS_DIR; // e.g. /tmp/shots-bank: a copy of the screenshots to look at

describeBrowser("portal: unallocated money and settling at once", () => {
  let env: PortalEnv;
  let co: TestCompany;
  const violations: string[] = [];
  const snap = async (page: Page, name: string) => {
    await shoot(page, name);
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    for (const w of [1280, 360])
      copyFileSync(join(ARTIFACTS, `${name}-${w}.png`), join(SHOTS, `${name}-${w}.png`));
  };
  beforeAll(async () => {
    env = await startPortalEnv();
    co = await makeCompany(env.conn);
    // A payment order from the company's INN naming no account: several accounts, no invoices →
    // all of it is the company's unallocated money (docs/bank-transfers.md, matching order).
    const file = make1c([
      {
        number: "123",
        date: "05.12.2026",
        amount: "1250.50",
        payerInn: co.inn,
        purpose: "Оплата услуг связи",
      },
    ]);
    const res = await env.app.request("/v1/operator/bank-statements", {
      method: "POST",
      headers: { "x-operator-key": OPERATOR_KEY, "content-type": "application/octet-stream" },
      body: new Uint8Array(file),
    });
    expect(await res.json()).toMatchObject({ to_unallocated: 1, amount_unallocated: 1250_50 });
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  it("the accountant distributes unallocated money to two accounts and sees it land", async () => {
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.click("nav a[href='/unallocated']");
    await page.waitForSelector("lk-unallocated #u-balance");
    expect(await text(page, "#u-balance")).toBe("1 250,50 ₽");
    expect(await text(page, "lk-unallocated tbody")).toContain("Платёжное поручение № 123 от 05.12.2026");
    violations.push(...(await axe(page, "unallocated")));
    await snap(page, "unallocated");

    // More than there is: refused on the form, nothing sent.
    const [a, b] = co.accounts;
    await page.selectOption("#u-to-0", a!.id);
    await page.fill("#u-amount-0", "2 000");
    await page.click("lk-unallocated button[type=submit]");
    expect(await text(page, "#u-amount-0-err")).toBe("Всего больше, чем нераспределено (1 250,50 ₽)");

    await page.fill("#u-amount-0", "1 000");
    await page.click("#u-add");
    await page.selectOption("#u-to-1", b!.id);
    await page.fill("#u-amount-1", "250,50");
    await page.click("lk-unallocated button[type=submit]");
    await expect
      .poll(() => text(page, "lk-unallocated .status"), { timeout: 15_000 })
      .toBe("Зачислено 1 250,50 ₽ на 2 лицевых счёта");
    // The screen read the truth again: nothing left, the distribution in the movements.
    await expect.poll(() => text(page, "#u-balance")).toBe("0,00 ₽");
    expect(await text(page, "lk-unallocated tbody tr:first-child")).toContain(
      "Распределено на лицевые счета",
    );
    await snap(page, "unallocated-done");

    // Landed: the accounts' balances, without a reload (the nav link is a client-side route).
    await page.click("nav a[href='/accounts']");
    await page.waitForSelector(`[data-testid=balance-${a!.number}]`);
    expect(await text(page, `[data-testid=balance-${a!.number}]`)).toBe("1 000,00 ₽");
    expect(await text(page, `[data-testid=balance-${b!.number}]`)).toBe("250,50 ₽");

    // English: the same screen, the bank document's name in English.
    await page.click("header button[lang=en]");
    await page.click("nav a[href='/unallocated']");
    await expect.poll(() => text(page, "lk-unallocated h1")).toBe("Unallocated money");
    expect(await text(page, "lk-unallocated tbody")).toContain("Payment order No. 123 of 05.12.2026");
    await page.click("header button[lang=ru]");
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("a viewer has no unallocated money screen: no menu entry, and its address is not found", async () => {
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.viewer.login, co.viewer.password);
    await page.waitForSelector("lk-dashboard");
    expect(await page.locator("nav a[href='/unallocated']").count()).toBe(0);
    await page.goto(`${env.url}/unallocated`);
    await expect.poll(() => text(page, "main h1")).toBe("Страница не найдена");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("the demo accountant pays an invoice: «К оплате сейчас» and the unpaid invoices change at once, here and in another tab", async () => {
    const buh = DEMO_USERS.find((u) => u.role === "accountant")!;
    const token = await apiSignIn(env.app, buh.login, buh.password);
    const unpaid = async () =>
      [
        ...(await call(env.app, "GET", "/v1/invoices?status=overdue&limit=100", undefined, { token })).body
          .data,
        ...(await call(env.app, "GET", "/v1/invoices?status=issued&limit=100", undefined, { token })).body
          .data,
      ] as { id: string; number: string; amount_due: number }[];
    const before = await unpaid();
    expect(before.length).toBeGreaterThan(1);
    const owedBefore = before.reduce((s, i) => s + i.amount_due, 0);
    const inv = before[0]!;
    const rub = (k: number) =>
      `${new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2 }).format(k / 100)} ₽`.replace(/\s/g, " ");

    const { page, errors } = await newPage(env);
    await signIn(page, env, buh.login, buh.password);
    await page.waitForSelector("lk-dashboard [data-testid=owed]");
    await expect.poll(() => text(page, "lk-dashboard [data-testid=owed]")).toBe(rub(owedBefore));
    // A second tab of the same cabinet, left on the overview.
    const other = await env.browser.newPage();
    await other.goto(`${env.url}/`);
    await other.waitForSelector("lk-dashboard [data-testid=owed]");
    await expect.poll(() => text(other, "lk-dashboard [data-testid=owed]")).toBe(rub(owedBefore));

    await page.click("nav a[href='/pay']");
    await page.click("lk-pay-screen nav.tabs a[href='/pay?by=invoices']");
    await page.waitForSelector(`lk-pay-screen input[type=checkbox][data-number='№ ${inv.number}']`);
    await page.check(`lk-pay-screen input[type=checkbox][data-number='№ ${inv.number}']`);
    await page.click("lk-pay-screen form button[type=submit]");
    const frame = page.frameLocator("iframe.acquirer-frame");
    await frame.locator("#card_number").fill("4242 4242 4242 4242");
    await frame.locator("#expiry").fill("11/29");
    await frame.locator("#cvc").fill("123");
    await frame.locator("#holder").fill("OOO ROMASHKA");
    await frame.locator("#pay").click();
    await expect
      .poll(() => text(page, "lk-pay-screen .status"), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(inv.amount_due)}`);

    // The other tab heard of it and read the overview again.
    const owedAfter = rub(owedBefore - inv.amount_due);
    await expect
      .poll(() => text(other, "lk-dashboard [data-testid=owed]"), { timeout: 10_000 })
      .toBe(owedAfter);
    // This tab: the overview and the unpaid invoices by their links, never a reload.
    await page.click("lk-pay-screen a[href='/']");
    await expect
      .poll(() => text(page, "lk-dashboard [data-testid=owed]"), { timeout: 10_000 })
      .toBe(owedAfter);
    await page.click("nav a[href='/pay']");
    await page.click("lk-pay-screen nav.tabs a[href='/pay?by=invoices']");
    await page.waitForSelector("lk-pay-screen tbody tr");
    expect(await page.locator(`lk-pay-screen input[data-number='№ ${inv.number}']`).count()).toBe(0);
    expect(await page.locator("lk-pay-screen tbody tr").count()).toBe(before.length - 1);
    expect((await unpaid()).map((i) => i.id)).not.toContain(inv.id);
    expect(errors).toEqual([]);
    await other.close();
    await page.close();
  }, 120_000);

  afterAll(() => {
    expect(violations).toEqual([]);
  });
});
