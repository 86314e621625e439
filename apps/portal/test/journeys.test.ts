import { DEMO_USERS, seedDemo } from "@lk/core";
import { grantTestBonus } from "@lk/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { newPage, OPERATOR_KEY, type PortalEnv, signIn, startPortalEnv } from "./env";

// Help-article actions as the demo accountant does them in the browser, on the real API: a transfer
// to several accounts, a promised payment (the server's refusal marked on the field), a support
// thread, and the bonus screen after an operator's accrual.

describeBrowser("portal: journeys of the help article", () => {
  let env: PortalEnv;
  let page: Page;
  let errors: string[];
  let token: string;
  let accounts: { id: string; number: string; balance_amount: number }[];
  const balance = async (id: string) =>
    (await call(env.app, "GET", `/v1/accounts/${id}`, undefined, { token })).body.balance_amount as number;

  beforeAll(async () => {
    env = await startPortalEnv();
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
    const buh = DEMO_USERS.find((u) => u.role === "accountant")!;
    token = await apiSignIn(env.app, buh.login, buh.password);
    accounts = (await call(env.app, "GET", "/v1/accounts?limit=5&sort=number", undefined, { token })).body
      .data;
    // The first account has money to move: the operator credits it.
    const credit = await call(
      env.app,
      "POST",
      "/v1/operator/ledger/adjustments",
      {
        account_id: accounts[0]!.id,
        amount: 10_000_00,
        kind: "payment",
        description: "Оплата по платёжному поручению № 7",
      },
      { headers: { "x-operator-key": OPERATOR_KEY, "idempotency-key": "journeys-credit" } },
    );
    expect(credit.status, JSON.stringify(credit.body)).toBeLessThan(300);
    ({ page, errors } = await newPage(env));
    await signIn(page, env, buh.login, buh.password);
    await page.waitForSelector("lk-dashboard");
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  it("transfers from one account to two at once; both balances move", async () => {
    const [from, a, b] = accounts;
    const before = [await balance(a!.id), await balance(b!.id)];
    await page.click("nav#nav a[href='/transfers']");
    await page.waitForSelector("lk-transfers #t-from option:nth-child(3)", { state: "attached" });
    await page.selectOption("#t-from", from!.id);
    await page.selectOption("#t-to-0", a!.id);
    await page.fill("#t-amount-0", "100");
    await page.click("#t-add");
    await page.selectOption("#t-to-1", b!.id);
    await page.fill("#t-amount-1", "250,50");
    await page.click("lk-transfers form button[type=submit]");
    await expect
      .poll(() => page.textContent("lk-transfers .status"))
      .toMatch(/Переведено 350,50\s₽ на 2 лицевых счёта/);
    expect(await balance(a!.id)).toBe(before[0]! + 100_00);
    expect(await balance(b!.id)).toBe(before[1]! + 250_50);
  }, 60_000);

  it("a promised payment above the limit is refused on the field, then taken within it", async () => {
    const acc = accounts[3]!;
    await page.goto(`${env.url}/promised?account=${acc.id}`);
    await page.waitForSelector("lk-promised #pp-amount");
    const limitText = await page.inputValue("#pp-amount");
    // Typed above the limit: the form's own check marks the field before any request.
    await page.fill("#pp-amount", "9999999");
    await page.click("lk-promised form button[type=submit]");
    await expect.poll(() => page.textContent("#pp-amount-err")).toContain("Не больше");
    await page.fill("#pp-amount", limitText);
    const before = await balance(acc.id);
    await page.click("lk-promised form button[type=submit]");
    await expect.poll(() => page.textContent("lk-promised .status")).toMatch(/Зачислено/);
    expect(await balance(acc.id)).toBeGreaterThan(before);
    await expect.poll(() => page.textContent("lk-promised")).toContain("Действует");
  }, 60_000);

  it("a support request is written, answered in its thread, and closed", async () => {
    await page.goto(`${env.url}/support`);
    await page.waitForSelector("#sr-subject");
    // Sent empty: each field says what is missing, focus on the first.
    await page.click("lk-support form button[type=submit]");
    await expect.poll(() => page.textContent("#sr-subject-err")).not.toBe("");
    await page.fill("#sr-subject", "Счёт за ноябрь");
    await page.fill("#sr-text", "Пришлите, пожалуйста, счёт-фактуру за ноябрь.");
    await page.click("lk-support form button[type=submit]");
    await page.waitForSelector("lk-support-thread #th-text");
    expect(await page.textContent("lk-support-thread h1")).toContain("Счёт за ноябрь");
    await page.fill("#th-text", "И акт сверки за год.");
    await page.click("lk-support-thread form button[type=submit]");
    await expect.poll(() => page.textContent("lk-support-thread .thread")).toContain("И акт сверки за год.");
    await page.click("lk-support-thread button:has-text('Закрыть обращение')");
    await expect.poll(() => page.textContent("lk-support-thread")).toContain("закрыт");
  }, 60_000);

  it("the bonus screen shows the balance and what the bonuses came from", async () => {
    const me = (await call(env.app, "GET", "/v1/auth/me", undefined, { token })).body;
    await grantTestBonus(env.conn.db, me.company.id, 500_00, new Date(), "Бонус за подключение");
    await page.goto(`${env.url}/bonuses`);
    await page.waitForSelector("[data-testid=bonus-balance]");
    expect(await page.textContent("[data-testid=bonus-balance]")).toMatch(/500,00\s₽/);
    const row = await page.textContent("lk-bonuses tbody tr");
    expect(row).toContain("Начисление оператора");
    expect(row).toMatch(/\+500,00\s₽/);
    expect(errors).toEqual([]);
  }, 60_000);
});
