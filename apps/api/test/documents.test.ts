import { randomUUID } from "node:crypto";
import { runBilling } from "@lk/core";
import { makeCompany, restrictUser, type TestCompany } from "@lk/core/testing";
import { outboxMessages } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeService,
  makeTariff,
  operatorCtx,
  pdfText,
  unzipSync,
} from "../../../packages/core/test/billing-helpers";
import { call, createTestApp, signIn, type TestApp, testClock } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let accountant: string;
let viewer: string;
let otherInvoice: string;
beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-11-02T08:00:00Z")) });
  co = await makeCompany(t.conn, { accountsPerGroup: 1, now: new Date("2025-01-01") });
  other = await makeCompany(t.conn, { accountsPerGroup: 1, now: new Date("2025-01-01") });
  const tariff = await makeTariff(t.conn, { fee: 100_000 });
  for (const c of [co, other])
    for (const a of c.accounts)
      await makeService(t.conn, {
        companyId: c.id,
        accountId: a.id,
        tariffId: tariff.id,
        connectedAt: new Date("2026-01-01"),
      });
  admin = await signIn(t.app, co.admin.login, co.admin.password);
  accountant = await signIn(t.app, co.accountant.login, co.accountant.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
  const put = await call(
    t.app,
    "PUT",
    "/v1/documents/recipients",
    { emails: ["Buh@Example.test"] },
    { token: admin },
  );
  expect(put.status).toBe(200);
  await runBilling({ ctx: operatorCtx(t.conn, t.clock), input: { period: "2026-10" } });
  const otherToken = await signIn(t.app, other.admin.login, other.admin.password);
  otherInvoice = (await call(t.app, "GET", "/v1/invoices", undefined, { token: otherToken })).body.data[0].id;
});
afterAll(() => t.close());

const get = (path: string, token?: string) => call(t.app, "GET", path, undefined, { token });
async function download(path: string, token: string) {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe("invoices", () => {
  it("lists with filters and pages, shows lines, downloads the PDF", async () => {
    const all = await get("/v1/invoices?period=2026-10&limit=2", viewer);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    const rest = await get(`/v1/invoices?period=2026-10&limit=2&cursor=${all.body.next_cursor}`, viewer);
    expect(rest.body.data).toHaveLength(1);
    expect((await get(`/v1/invoices?account_id=${co.accounts[0]!.id}`, viewer)).body.data).toHaveLength(1);
    expect((await get(`/v1/invoices?group_id=${co.groups[1]!.id}`, viewer)).body.data).toHaveLength(2);
    expect((await get("/v1/invoices?status=paid", viewer)).body.data).toHaveLength(0);
    expect((await get("/v1/invoices?kind=advance", viewer)).body.data).toHaveLength(3);
    const inv = all.body.data[0];
    expect(inv).toMatchObject({
      total_amount: 122_000,
      vat_amount: 22_000,
      currency: "RUB",
      status: "issued",
    });
    const detail = await get(`/v1/invoices/${inv.id}`, viewer);
    expect(detail.body.lines[0]).toMatchObject({ kind: "fee", net_amount: 100_000, vat_rate: 22 });
    const pdf = await download(`/v1/invoices/${inv.id}/pdf`, viewer);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe("application/pdf");
    const text = pdfText(pdf.body);
    expect(text).toContain(inv.number);
    expect(text).toContain(co.inn);
    expect(text).toContain("1 220,00");
  });

  it("a user limited to a group sees only its invoices", async () => {
    await restrictUser(t.conn, co.viewer.id, [co.groups[0]!.id]);
    const limited = await signIn(t.app, co.viewer.login, co.viewer.password);
    const r = await get("/v1/invoices", limited);
    expect(r.body.data).toHaveLength(1);
    const hidden = (await get("/v1/invoices", admin)).body.data.find(
      (i: { group_id: string }) => i.group_id !== co.groups[0]!.id,
    );
    expect((await get(`/v1/invoices/${hidden.id}`, limited)).status).toBe(404);
  });

  it("errors: 401, 404 for another company's invoice, 400 naming the field", async () => {
    expect((await get("/v1/invoices")).status).toBe(401);
    expect((await get(`/v1/invoices/${otherInvoice}`, admin)).status).toBe(404);
    expect((await get(`/v1/invoices/${otherInvoice}/pdf`, admin)).status).toBe(404);
    expect((await get(`/v1/invoices?account_id=${other.accounts[0]!.id}`, admin)).status).toBe(404);
    const bad = await get("/v1/invoices?status=lost", admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.status");
    expect((await get("/v1/invoices/xyz", admin)).body.errors[0].field).toBe("path.id");
    expect((await get("/v1/invoices?cursor=zzz", admin)).body.errors[0].field).toBe("query.cursor");
  });
});

describe("documents", () => {
  it("lists acts and VAT invoices and downloads them", async () => {
    const list = await get("/v1/documents?period=2026-10", admin);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(6);
    const act = list.body.data.find((d: { kind: string }) => d.kind === "act");
    const pdf = await download(`/v1/documents/${act.id}/pdf`, admin);
    expect(pdf.type).toBe("application/pdf");
    expect(pdfText(pdf.body)).toContain(`Акт № ${act.number}`);
    expect((await get(`/v1/documents/act.${otherInvoice}/pdf`, admin)).status).toBe(404);
    const bad = await get("/v1/documents/receipt.123/pdf", admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
    expect((await get("/v1/documents")).status).toBe(401);
  });

  it("issues a payment invoice: accountant yes, viewer 403, foreign account 404, bad input 400", async () => {
    const body = { account_ids: [co.accounts[0]!.id, co.accounts[1]!.id] };
    const res = await call(t.app, "POST", "/v1/documents/payment-invoice", body, { token: accountant });
    expect(res.status).toBe(201);
    expect(res.body.total_amount).toBe(244_000); // each account's debt
    expect(res.body.purpose).toContain(co.accounts[0]!.number);
    const pdf = await download(new URL(res.body.pdf_url).pathname, accountant);
    expect(pdfText(pdf.body)).toContain(res.body.number);
    expect((await call(t.app, "POST", "/v1/documents/payment-invoice", body, { token: viewer })).status).toBe(
      403,
    );
    expect(
      (
        await call(
          t.app,
          "POST",
          "/v1/documents/payment-invoice",
          { account_ids: [other.accounts[0]!.id] },
          { token: accountant },
        )
      ).status,
    ).toBe(404);
    const bad = await call(
      t.app,
      "POST",
      "/v1/documents/payment-invoice",
      { account_ids: ["x"] },
      { token: accountant },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("account_ids.0");
    expect((await call(t.app, "POST", "/v1/documents/payment-invoice", body)).status).toBe(401);
    const listed = await get("/v1/documents?kind=payment_invoice", admin);
    expect(listed.body.data).toHaveLength(1);
  });

  it("makes a reconciliation statement as data and PDF", async () => {
    const r = await get("/v1/documents/reconciliation?from=2026-10-01&to=2026-10-31", admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      opening_balance: 0,
      debit: 366_000,
      credit: 0,
      closing_balance: -366_000,
    });
    expect(r.body.buyer.inn).toBe(co.inn);
    const pdf = await download("/v1/documents/reconciliation.pdf?from=2026-10-01&to=2026-10-31", admin);
    expect(pdfText(pdf.body)).toContain("Акт сверки");
    const bad = await get("/v1/documents/reconciliation?to=2026-10-31", admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.from");
  });

  it("zips the period's closing documents for the company or a group", async () => {
    const zip = await download("/v1/documents/archive?period=2026-10", admin);
    expect(zip.type).toBe("application/zip");
    expect(Object.keys(unzipSync(new Uint8Array(zip.body)))).toHaveLength(6);
    const group = await download(`/v1/documents/archive?period=2026-10&group_id=${co.groups[0]!.id}`, admin);
    expect(Object.keys(unzipSync(new Uint8Array(group.body)))).toHaveLength(2);
    expect(
      (await get(`/v1/documents/archive?period=2026-10&group_id=${other.groups[0]!.id}`, admin)).status,
    ).toBe(404);
    expect((await get("/v1/documents/archive", admin)).body.errors[0].field).toBe("query.period");
  });

  it("e-mails new documents to the chosen recipients; only admins choose them", async () => {
    const sent = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.companyId, co.id), eq(outboxMessages.kind, "document_issued")));
    expect(sent).toHaveLength(3);
    expect(sent[0]!.recipient).toBe("buh@example.test");
    expect((await get("/v1/documents/recipients", viewer)).body.emails).toEqual(["buh@example.test"]);
    expect(
      (await call(t.app, "PUT", "/v1/documents/recipients", { emails: [] }, { token: accountant })).status,
    ).toBe(403);
    const bad = await call(t.app, "PUT", "/v1/documents/recipients", { emails: ["nope"] }, { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("emails.0");
    expect((await call(t.app, "PUT", "/v1/documents/recipients", { emails: [] })).status).toBe(401);
    void randomUUID;
  });
});
