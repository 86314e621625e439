import { DEMO_USERS, seedDemo } from "@lk/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { newPage, type PortalEnv, payInAcquirerFrame, signIn, startPortalEnv } from "./env";

// Every credit settles invoices at once (issue #15 item 8), as the demo accountant sees it: a card
// payment of an unpaid invoice changes «К оплате сейчас» and «Неоплаченные счета» at once — in the
// paying tab (by its links, never a reload) and in another tab left on the overview.

const text = async (page: Page, sel: string) => (await page.textContent(sel))?.replace(/\s/g, " ").trim();

describeBrowser("portal: a payment settles invoices at once", () => {
  let env: PortalEnv;
  beforeAll(async () => {
    env = await startPortalEnv();
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

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

    // The second tab came to the front when it opened; a background tab's frame does not submit.
    await page.bringToFront();
    await page.click("nav a[href='/pay']");
    await page.click("lk-pay-screen nav.tabs a[href='/pay?by=invoices']");
    await page.waitForSelector(`lk-pay-screen input[type=checkbox][data-number='№ ${inv.number}']`);
    await page.check(`lk-pay-screen input[type=checkbox][data-number='№ ${inv.number}']`);
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page);
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
});
