import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { make1c } from "../../api/test/bank-files";
import { ARTIFACTS, axe, newPage, OPERATOR_KEY, type PortalEnv, shoot, signIn, startPortalEnv } from "./env";

// Money that arrives outside the cabinet, as the accountant sees it (issue #15): a bank transfer
// with no account in its purpose lands on the company's unallocated money, which the accountant
// distributes in the portal and sees land on the accounts.

const text = async (page: Page, sel: string) => (await page.textContent(sel))?.replace(/\s/g, " ").trim();
const SHOTS = process.env.LK_SHOTS_DIR; // e.g. /tmp/shots-bank: a copy of the screenshots to look at

describeBrowser("portal: unallocated money", () => {
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

  afterAll(() => {
    expect(violations).toEqual([]);
  });
});
