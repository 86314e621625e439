import { issueTestInvoice, makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";
import { qrCodesOf } from "./pdf-qr";

// The ГОСТ Р 56042 QR on the bank-transfer invoice, read back the way a bank app would: the PDF
// page rasterised (poppler's pdftoppm) and the code decoded by a QR reader (jsQR).

let t: TestApp;
let co: TestCompany;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

describe("ГОСТ Р 56042 QR on the bank-transfer invoice", () => {
  it("the PDF's QR reads back as the expected payload and its Sum is the invoice's amount", async () => {
    const accs = co.accounts.slice(0, 2);
    const inv = await call(
      t.app,
      "POST",
      "/v1/documents/payment-invoice",
      { account_ids: accs.map((a) => a.id), amounts: [123_456, 10_001] },
      { token },
    );
    expect(inv.status).toBe(201);
    const res = await t.app.request(`/v1/documents/${inv.body.id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const codes = qrCodesOf(Buffer.from(await res.arrayBuffer()));
    expect(codes).toHaveLength(1);
    const o = t.config.core.operator.bankAccounts[0]!;
    const expected = [
      "ST00012",
      `Name=${o.recipient}`,
      `PersonalAcc=${o.account}`,
      `BankName=${o.bankName}`,
      `BIC=${o.bic}`,
      `CorrespAcc=${o.correspondentAccount}`,
      `PayeeINN=${o.inn}`,
      `KPP=${o.kpp}`,
      `Purpose=${inv.body.purpose}`,
      `Sum=${inv.body.total_amount}`,
    ].join("|");
    expect(codes[0]).toBe(expected);
    const fields = Object.fromEntries(
      codes[0]!
        .split("|")
        .slice(1)
        .map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)]),
    );
    expect(Number(fields.Sum)).toBe(133_457);
    expect(fields.Purpose).toMatch(new RegExp(`по счёту № ${inv.body.number} от `));
    expect(fields.Purpose!.length).toBeLessThanOrEqual(210);

    // The portal's screen shows the same code as SVG.
    const svg = await t.app.request(`/v1/documents/${inv.body.id}/qr.svg`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect((await svg.text()).startsWith("<svg")).toBe(true);
    expect(decodeURIComponent(svg.headers.get("x-payment-qr")!)).toBe(expected);
  });

  it("a monthly invoice printed as a счёт на оплату carries the QR too, with its number and amount", async () => {
    const inv = await issueTestInvoice(t.conn.db, {
      companyId: co.id,
      accountId: co.accounts[2]!.id,
      total: 250_050,
    });
    const res = await t.app.request(`/v1/invoices/${inv.id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const [code] = qrCodesOf(Buffer.from(await res.arrayBuffer()));
    expect(code).toMatch(
      new RegExp(`^ST00012\\|Name=.*\\|Purpose=[^|]*по счёту № ${inv.number} от [^|]*\\|Sum=250050$`),
    );
  });

  it("the SVG is 401 without a token and 404 for another company's invoice or a bad id", async () => {
    const inv = await call(
      t.app,
      "POST",
      "/v1/documents/payment-invoice",
      { account_ids: [co.accounts[0]!.id], amounts: [500] },
      { token },
    );
    expect((await t.app.request(`/v1/documents/${inv.body.id}/qr.svg`)).status).toBe(401);
    const other = await makeCompany(t.conn, { accountsPerGroup: 1 });
    const otherToken = await signIn(t.app, other.accountant.login, other.accountant.password);
    const r = await call(t.app, "GET", `/v1/documents/${inv.body.id}/qr.svg`, undefined, {
      token: otherToken,
    });
    expect(r.status).toBe(404);
    expect((await call(t.app, "GET", "/v1/documents/act.nope/qr.svg", undefined, { token })).status).toBe(
      404,
    );
  });
});
