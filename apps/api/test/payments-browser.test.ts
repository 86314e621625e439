import { makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts } from "@lk/db";
import { eq } from "drizzle-orm";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../test/browser";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv } from "./payments-env";

// The payer's real path: our API creates the payment, headless Chromium types the test card into
// the sandbox's hosted page (3-D Secure code included), the payer comes back to return_url, and the
// signed notification credits the account. The return page finds the payment by `payment_id` on its
// URL: our id, which the product adds to the return_url it gives the acquirer.

let env: PaymentsEnv;
let co: TestCompany;
let token: string;
let browser: Browser;
let n = 0;

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  token = await signIn(env.app, co.accountant.login, co.accountant.password);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function payInBrowser(card: string, code?: string) {
  const accountId = co.accounts[n++]!.id;
  const returnUrl = `${env.sandbox.url}/health?from=lk`;
  const created = await call(
    env.app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: accountId, amount: 1234_00 }], method: "card", return_url: returnUrl },
    // A Russian-speaking payer: the acquirer's page opens in the language the payment was asked in.
    { token, lang: "ru", headers: { "idempotency-key": `browser-${Date.now()}-${n}` } },
  );
  expect(created.status).toBe(201);
  const page = await browser.newPage();
  await page.goto(created.body.confirmation_url);
  await page.getByLabel(/Номер карты/).fill(card);
  await page.getByLabel(/Срок действия/).fill("1230");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel(/Имя владельца/).fill("IVAN PETROV");
  if (code) {
    await page.getByRole("button", { name: /Оплатить/ }).click();
    await page.getByLabel(/Код подтверждения|Confirmation code/).fill(code);
    await Promise.all([
      page.waitForURL(/\/health\?/),
      page.getByRole("button", { name: /Подтвердить|Confirm/ }).click(),
    ]);
  } else {
    await Promise.all([
      page.waitForURL(/\/health\?/),
      page.getByRole("button", { name: /Оплатить/ }).click(),
    ]);
  }
  const back = new URL(page.url());
  await page.close();
  await env.sandbox.app.sandbox.notificationsIdle();
  // What a return page does: look the payment up by the id on its own URL — ours, not the acquirer's.
  const payment = await call(
    env.app,
    "GET",
    `/v1/payments/${back.searchParams.get("payment_id")}`,
    undefined,
    {
      token,
    },
  );
  expect(payment.status).toBe(200);
  expect(payment.body.id).toBe(created.body.id);
  const [acc] = await env.conn.db
    .select({ balance: accounts.balance })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return { back, payment: payment.body, balance: acc!.balance };
}

describe("card flow in headless Chromium", () => {
  it("a good card: back at return_url, payment succeeded, account credited", async () => {
    const r = await payInBrowser("4242 4242 4242 4242");
    expect(r.back.searchParams.get("status")).toBe("succeeded");
    expect(r.back.searchParams.get("from")).toBe("lk");
    expect(r.payment.status).toBe("succeeded");
    expect(r.balance).toBe(1234_00);
  });

  it("the 3-D Secure card with the right code succeeds", async () => {
    const r = await payInBrowser("4000 0000 0000 3220", "123456");
    expect(r.payment.status).toBe("succeeded");
    expect(r.balance).toBe(1234_00);
  });

  it("a declined card: failed, nothing credited", async () => {
    const r = await payInBrowser("4000 0000 0000 0002");
    expect(r.back.searchParams.get("status")).toBe("failed");
    expect(r.payment).toMatchObject({ status: "failed", failure_reason: "card_declined" });
    expect(r.balance).toBe(0);
  });
});
