import { readFileSync } from "node:fs";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { invoices } from "@lk/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addPhoneLines } from "../../../packages/core/test/calls-fixtures";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { payOnPage } from "../../api/test/payments-env";
import {
  axe,
  newPage,
  OPERATOR_KEY,
  type PortalEnv,
  payInAcquirerFrame,
  shoot,
  signIn,
  startPortalEnv,
} from "./env";

// Money and documents against the real API and the real sandbox acquirer: one card payment for
// three accounts, the bank-transfer invoice and the reconciliation statement as PDFs, and calls
// filtered and exported as CSV.

const month = new Date().toISOString().slice(0, 7);

describeBrowser("portal: payments, documents, calls", () => {
  let env: PortalEnv;
  let co: TestCompany;
  let page: Page;
  let errors: string[];
  const violations: string[] = [];
  beforeAll(async () => {
    env = await startPortalEnv();
    co = await makeCompany(env.conn);
    const lines = await addPhoneLines(env.conn, co);
    const day = (d: number) => `${month}-${String(d).padStart(2, "0")}T09:00:00Z`;
    const rows = lines.flatMap((l, i) => [
      `a${i};${day(1)};61;outgoing;${l.number};+74957654321`,
      `b${i};${day(2)};200;outgoing;${l.number};+79161234567`,
    ]);
    const res = await env.app.request("/v1/operator/calls/import", {
      method: "POST",
      headers: { "x-operator-key": OPERATOR_KEY, "content-type": "text/csv" },
      body: ["record_id;started_at;duration_sec;direction;caller;callee", ...rows].join("\n"),
    });
    expect(res.status).toBe(200);
    ({ page, errors } = await newPage(env));
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard #h-balance");
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("pays three accounts in one card payment and the balances change", async () => {
    const three = co.accounts.slice(0, 3);
    await page.goto(`${env.url}/pay?accounts=${three.map((a) => a.id).join(",")}`);
    await page.waitForSelector("lk-pay-screen tbody tr");
    violations.push(...(await axe(page, "pay")));
    await shoot(page, "pay");
    const amounts = ["100,00", "250,50", "1 000"];
    for (const [i, a] of three.entries()) await page.fill(`#amount-${a.id}`, amounts[i]!);
    await expect.poll(() => page.textContent("[data-testid=pay-total]")).toMatch(/1\s350,50\s₽/);
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page);
    await expect
      .poll(() => page.textContent("lk-pay-screen .status"), { timeout: 20_000 })
      .toMatch(/Оплачено 1\s350,50\s₽/);
    await page.goto(`${env.url}/accounts?sort=number`);
    await page.waitForSelector("lk-accounts tbody tr");
    for (const [i, a] of three.entries()) {
      const want = ["100,00", "250,50", "1 000,00"][i]!;
      expect((await page.textContent(`[data-testid=balance-${a.number}]`))?.replace(/\s/g, " ")).toBe(
        `${want} ₽`.replace(/\s/g, " "),
      );
    }
    await page.goto(`${env.url}/payments`);
    await page.waitForSelector("lk-payments tbody tr");
    violations.push(...(await axe(page, "payments")));
    await shoot(page, "payments");
  }, 60_000);

  it("the dashboard's «owed» figure is what is due on unpaid invoices, a partly paid one counted by its amount_due", async () => {
    // Two issued invoices on accounts the other tests leave alone: 1 200,00 ₽ of which 500,00 ₽
    // is paid by card (700,00 ₽ due), and 300,50 ₽ untouched.
    const issue = async (accountId: string, total: number, seq: number) =>
      (
        await env.conn.db
          .insert(invoices)
          .values({
            companyId: co.id,
            accountId,
            period: month,
            kind: "credit",
            year: Number(month.slice(0, 4)),
            seq,
            number: `${month.slice(0, 4)}-${String(seq).padStart(6, "0")}`,
            issuedOn: new Date().toISOString().slice(0, 10),
            dueOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
            netAmount: total - Math.round(total * 0.18),
            vatAmount: Math.round(total * 0.18),
            totalAmount: total,
            chargedAmount: total,
          })
          .returning({ id: invoices.id })
      )[0]!.id;
    const partly = await issue(co.accounts[3]!.id, 1200_00, 800_001);
    await issue(co.accounts[4]!.id, 300_50, 800_002);
    const token = await apiSignIn(env.app, co.accountant.login, co.accountant.password);
    const p = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ invoice_id: partly, amount: 500_00 }], method: "card" },
      { token, headers: { "idempotency-key": `owed-${Date.now()}` } },
    );
    expect(p.status).toBe(201);
    await payOnPage(p.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const inv = await call(env.app, "GET", `/v1/invoices/${partly}`, undefined, { token });
    expect(inv.body).toMatchObject({ status: "issued", total_amount: 1200_00, amount_due: 700_00 });

    await page.goto(`${env.url}/`);
    await page.waitForSelector("lk-dashboard [data-testid=owed]");
    // 700,00 + 300,50, not the totals' 1 500,50.
    await expect
      .poll(async () => (await page.textContent("lk-dashboard [data-testid=owed]"))?.replace(/\s/g, " "))
      .toBe("1 000,50 ₽");
  }, 60_000);

  it("downloads an invoice for bank transfer and a reconciliation statement as PDF", async () => {
    await page.goto(`${env.url}/bank-invoice?accounts=${co.accounts[0]!.id},${co.accounts[1]!.id}`);
    await page.waitForSelector("lk-bank-invoice tbody tr");
    await page.fill(`input[aria-label$='${co.accounts[0]!.number}']`, "500");
    await page.fill(`input[aria-label$='${co.accounts[1]!.number}']`, "700");
    const [invoice] = await Promise.all([
      page.waitForEvent("download"),
      page.click("lk-bank-invoice button:has-text('PDF')"),
    ]);
    expect(
      readFileSync((await invoice.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // The invoice's payment QR (ГОСТ Р 56042) is shown beside it, for a bank app to scan.
    await page.waitForSelector("lk-bank-invoice [data-testid=payment-qr] img[src^='data:image/svg+xml']");
    violations.push(...(await axe(page, "bank-invoice")));

    await page.goto(`${env.url}/reconciliation?from=${month}-01&to=${new Date().toISOString().slice(0, 10)}`);
    await page.waitForSelector("lk-reconciliation .card");
    violations.push(...(await axe(page, "reconciliation")));
    await shoot(page, "reconciliation");
    const [rec] = await Promise.all([
      page.waitForEvent("download"),
      page.click("lk-reconciliation button:has-text('PDF')"),
    ]);
    expect(rec.suggestedFilename()).toMatch(/\.pdf$/);
    expect(
      readFileSync((await rec.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    await page.goto(`${env.url}/documents`);
    await page.waitForSelector("lk-documents h1");
    await page.waitForLoadState("networkidle");
    violations.push(...(await axe(page, "documents")));
    await shoot(page, "documents");
  }, 60_000);

  it("filters calls (kept in the URL) and exports the selection as CSV", async () => {
    await page.goto(`${env.url}/calls?period=${month}`);
    await page.waitForSelector("[data-testid=calls-count]");
    expect(await page.textContent("[data-testid=calls-count]")).toBe(String(co.accounts.length * 2));
    await page.selectOption("#c-type", "mobile");
    await expect.poll(() => page.textContent("[data-testid=calls-count]")).toBe(String(co.accounts.length));
    expect(page.url()).toContain("destination_type=mobile");
    await page.reload();
    await page.waitForSelector("[data-testid=calls-count]");
    expect(await page.textContent("[data-testid=calls-count]")).toBe(String(co.accounts.length));
    violations.push(...(await axe(page, "calls")));
    await shoot(page, "calls");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("button:has-text('CSV')")]);
    const text = readFileSync((await csv.path())!, "utf8");
    const dataLines = text.trim().split(/\r?\n/).slice(1);
    expect(dataLines).toHaveLength(co.accounts.length);
    expect(text).toContain("+79161234567");
    await expect.poll(() => page.textContent("lk-calls .status")).toMatch(/Выгрузка готова/);
  }, 60_000);

  it("other screens render without errors; axe finds no serious or critical violations", async () => {
    for (const path of [
      "/groups",
      `/accounts/${co.accounts[0]!.id}`,
      "/transfers",
      "/promised",
      "/autopay",
      "/traffic",
      "/services",
      "/orders",
      "/support",
      "/profile",
    ]) {
      await page.goto(`${env.url}${path}`);
      await page.waitForSelector("main h1");
      await page.waitForLoadState("networkidle");
      violations.push(...(await axe(page, path)));
    }
    await shoot(page, "profile");
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  }, 60_000);
});
