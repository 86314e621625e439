import { randomUUID } from "node:crypto";
import { defaultCoreConfig, deliverOutbox, mailAttachments, registerReceipts } from "@lk/core";
import {
  accountsOffLedger,
  grantTestBonus,
  issueTestInvoice,
  makeCompany,
  type TestCompany,
} from "@lk/core/testing";
import { outboxMessages, payments, receipts } from "@lk/db";
import { and, asc, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signatureHeaders } from "../../acquirer-sandbox/src/signature";
import type { ReceivedReceipt } from "../../cash-register-sandbox/src/index";
import { nodemailerSend } from "../src/jobs/smtp";
import { call, operator, signIn, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";
import {
  createPayment,
  createPaymentsEnv,
  drainReceipts,
  type PaymentsEnv,
  PUBLIC_URL,
  paidByCard,
  payInBankApp,
  paymentsConfig,
  payOnPage,
  SBP_BANK,
  SECRET,
} from "./payments-env";
import { pdfText, qrCodesOf } from "./pdf-qr";

// Fiscal receipts (issue #16, part B) through the API on a real database, the real sandbox
// acquirer and the real sandbox cash register over HTTP: what each receipt says (field by field, as
// the register received it), one receipt per payment and per refund whatever arrives twice, the
// register down for a while, the operator's view, and what the payer reads (no ids).

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const BANK = "https://bank.example";
const CARD = "4242424242424242";
const FN = "9999078900012345";

let env: PaymentsEnv;
let co: TestCompany;
let pk: string;
const config = paymentsConfig();

const token = (u: "accountant" | "admin" | "viewer" = "accountant") =>
  signIn(env.app, co[u].login, co[u].password);
const key = () => `rc-${randomUUID()}`;

async function cabinetPayment(body: Record<string, unknown>) {
  const res = await createPayment(env, await token(), { method: "card", ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; confirmation_url: string };
}

const paid = async (body: Record<string, unknown>) => (await paidByCard(env, await token(), body)).id;

const drain = () => drainReceipts(env);

/**
 * A receipt line as the cash register receives it, at its whole sum: 1214 способ расчёта («advance» =
 * 3 аванс, «full_payment» = 4 полный расчёт), 1212 = 4 услуга, 1199 the VAT rate (vat122 = 22/122).
 */
const item = (
  name: string,
  sum: number,
  method: "advance" | "full_payment",
  vat: string,
  vatSum: number,
) => ({
  name,
  price: sum,
  quantity: 1,
  sum,
  measure: 0,
  payment_method: method,
  payment_object: 4,
  vat: { type: vat, sum: vatSum },
});

const receiptsOf = (paymentId: string) =>
  env.conn.db.select().from(receipts).where(eq(receipts.paymentId, paymentId)).orderBy(asc(receipts.number));
const wire = (externalId: string): ReceivedReceipt[] =>
  env.cashRegister.app.cashRegister.receipts().filter((r) => r.externalId === externalId);

/** An issued invoice of equipment rent for November, charged to the account. */
const issueInvoice = (accountId: string, total: number) =>
  issueTestInvoice(env.conn.db, {
    companyId: co.id,
    accountId,
    total,
    period: "2026-11",
    dueOn: "2026-12-20",
    line: { kind: "equipment_rent", description: "Аренда оборудования (роутер)" },
  });

beforeAll(async () => {
  // 14:14 in Moscow on 7 December 2026: the ФНС QR's t=20261207T1414.
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-12-07T11:14:00Z")) });
  co = await makeCompany(env.conn);
  const partner = await call(
    env.app,
    "POST",
    "/v1/operator/partners",
    { name: "Банк", origins: [BANK], commission: { card: { percent_bp: 150, min: 1000 } } },
    operator,
  );
  expect(partner.status).toBe(201);
  pk = partner.body.publishable_key;
});
afterAll(() => env.close());

describe("an advance top-up from the cabinet", () => {
  let paymentId: string;

  it("gets one pending приход receipt in the payment's transaction, registered by the job", async () => {
    const acc = co.accounts[0]!;
    paymentId = await paid({
      items: [{ account_id: acc.id, amount: 1250_50 }],
      receipt_email: "buh@romashka.test",
    });
    const [pending] = await receiptsOf(paymentId);
    expect(pending).toMatchObject({ kind: "sell", status: "pending", amount: 1250_50, refundId: null });
    // The e-mail waits for the fiscal data; the payment's other notices do not.
    const before = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.recipient, "buh@romashka.test"), eq(outboxMessages.kind, "payment_receipt")),
      );
    expect(before).toHaveLength(0);

    await drain();
    const [r] = await receiptsOf(paymentId);
    expect(r).toMatchObject({ status: "registered", fnNumber: FN, attempts: 0 });
    expect(r!.fdNumber).toBeGreaterThan(0);
    expect(r!.fpd).toMatch(/^\d{1,10}$/);

    // Field by field, as the cash register received it (АТОЛ Онлайн v5, ФФД 1.2).
    const [got] = wire(`lk-sell-${paymentId}`);
    expect(got).toMatchObject({ operation: "sell", status: "done" });
    expect(got!.body).toEqual({
      external_id: `lk-sell-${paymentId}`,
      timestamp: "07.12.2026 14:14:00",
      receipt: {
        // 1008 e-mail, 1227/1228 the company that paid from its cabinet.
        client: { email: "buh@romashka.test", name: co.name, inn: co.inn },
        // 1018, 1117, 1055 from LK_RECEIPT_SNO (default osn), 1187 the site.
        company: {
          email: "noreply@lk.example",
          sno: "osn",
          inn: defaultCoreConfig.operator.inn,
          payment_address: PUBLIC_URL,
        },
        items: [
          item(`Аванс за услуги связи, лицевой счёт ${acc.number}`, 1250.5, "advance", "vat122", 225.5),
        ],
        payments: [{ type: 1, sum: 1250.5 }],
        vats: [{ type: "vat122", sum: 225.5 }],
        total: 1250.5,
      },
    });
  });

  it("e-mails the fiscal receipt once registered: ФН, ФД, ФПД, Moscow time, the ФНС QR, no ids", async () => {
    const [r] = await receiptsOf(paymentId);
    const mail = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.recipient, "buh@romashka.test"), eq(outboxMessages.kind, "payment_receipt")),
      );
    expect(mail).toHaveLength(1);
    const body = mail[0]!.body;
    const no = String(r!.number).padStart(6, "0");
    expect(mail[0]!.subject).toBe(`Кассовый чек № ${no} / Fiscal receipt`);
    expect(body).toContain(`КАССОВЫЙ ЧЕК / FISCAL RECEIPT № ${no}`);
    expect(body).toContain("ПРИХОД / SALE");
    expect(body).toContain("Аванс / Advance; услуга / service; НДС 22/122: 225,50 ₽");
    expect(body).toContain("ИТОГ / TOTAL: 1\u00a0250,50 ₽");
    expect(body).toContain("Дата и время / Date and time: 07.12.2026 14:14 (МСК)");
    expect(body).toContain(`ФН № ${FN}`);
    expect(body).toContain(`ФД № ${r!.fdNumber}`);
    expect(body).toContain(`ФПД ${r!.fpd}`);
    expect(body).toContain(`t=20261207T1414&s=1250.50&fn=${FN}&i=${r!.fdNumber}&fp=${r!.fpd}&n=1`);
    expect(body).not.toMatch(UUID);

    // The downloadable receipt: the payment, then the same fiscal receipt; no id anywhere.
    const dl = await call(env.app, "GET", `/v1/payments/${paymentId}/receipt`, undefined, {
      token: await token("viewer"),
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toBe(`attachment; filename="receipt-${no}.txt"`);
    const text = dl.body as string;
    expect(text).toContain(`КВИТАНЦИЯ ОБ ОПЛАТЕ / PAYMENT RECEIPT № ${no}`);
    expect(text).toContain("Статус / Status: Оплачен / Paid");
    expect(text).toContain(body.trimEnd());
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it("the PDF receipt: the fiscal attributes in words and the ФНС check QR as an image that reads back", async () => {
    const [r] = await receiptsOf(paymentId);
    const no = String(r!.number).padStart(6, "0");
    const res = await env.app.request(`/v1/payments/${paymentId}/receipt.pdf`, {
      headers: { authorization: `Bearer ${await token("viewer")}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain(`filename="receipt-${no}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    // Scanned as a phone would: the code is the ФНС check string of this receipt.
    expect(qrCodesOf(pdf)).toEqual([`t=20261207T1414&s=1250.50&fn=${FN}&i=${r!.fdNumber}&fp=${r!.fpd}&n=1`]);
    const text = pdfText(pdf);
    expect(text).toContain(`КАССОВЫЙ ЧЕК / FISCAL RECEIPT № ${no}`);
    expect(text).toContain("07.12.2026 14:14 (МСК)");
    expect(text).toContain(`ФН № ${FN}`);
    expect(text).toContain(`ФД № ${r!.fdNumber}`);
    expect(text).toContain(`ФПД ${r!.fpd}`);
    expect(text).toContain("ИТОГ / TOTAL: 1 250,50 ₽");
    expect(text).not.toMatch(UUID);
    // Another company's payment is not found; no token is 401.
    const other = await makeCompany(env.conn);
    const foreign = await env.app.request(`/v1/payments/${paymentId}/receipt.pdf`, {
      headers: {
        authorization: `Bearer ${await signIn(env.app, other.accountant.login, other.accountant.password)}`,
      },
    });
    expect(foreign.status).toBe(404);
    expect((await env.app.request(`/v1/payments/${paymentId}/receipt.pdf`)).status).toBe(401);
  }, 90_000);

  it("the e-mail, sent by the outbox worker over nodemailer, carries the PDF receipt chek-NNNNNN.pdf", async () => {
    const [r] = await receiptsOf(paymentId);
    const no = String(r!.number).padStart(6, "0");
    // The SMTP server is outside the product: a nodemailer transport that keeps the built message
    // (the MIME an SMTP server would receive) stands in for it; the rest is the server's own path.
    const sent: string[] = [];
    const capture = nodemailer.createTransport({
      name: "capture",
      version: "1",
      send: (mail, done) =>
        mail.message.build((err, raw) => {
          if (err) return done(err, undefined);
          sent.push(raw.toString());
          done(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId() });
        }),
    });
    const out = await deliverOutbox({
      db: env.conn.db,
      now: env.clock,
      send: nodemailerSend(capture, "noreply@lk.example"),
      render: mailAttachments(config.core),
    });
    expect(out.failed).toBe(0);
    const mime = sent.filter((m) => /^To: buh@romashka\.test$/m.test(m));
    expect(mime).toHaveLength(1);
    // The text part is the fiscal receipt as before; the attachment is the PDF receipt.
    const part =
      /Content-Type: application\/pdf; name="?([^"\r\n]+)"?\r\n[\s\S]*?Content-Disposition: attachment; filename="?([^"\r\n]+)"?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
        mime[0]!,
      );
    expect(part?.[1]).toBe(`chek-${no}.pdf`);
    expect(part?.[2]).toBe(`chek-${no}.pdf`);
    const pdf = Buffer.from(part![3]!.replace(/\s/g, ""), "base64");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    expect(text).toContain(`КАССОВЫЙ ЧЕК / FISCAL RECEIPT № ${no}`);
    expect(text).toContain(`ФН № ${FN}`);
    expect(text).toContain(`ФД № ${r!.fdNumber}`);
    expect(text).toContain(`ФПД ${r!.fpd}`);
    expect(text).not.toMatch(UUID);
    expect(qrCodesOf(pdf)).toEqual([`t=20261207T1414&s=1250.50&fn=${FN}&i=${r!.fdNumber}&fp=${r!.fpd}&n=1`]);
    const [row] = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.recipient, "buh@romashka.test"), eq(outboxMessages.kind, "payment_receipt")),
      );
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("the operator lists it as registered with its fiscal data; filters; security", async () => {
    const [r] = await receiptsOf(paymentId);
    const res = await call(
      env.app,
      "GET",
      `/v1/operator/receipts?payment_id=${paymentId}`,
      undefined,
      operator,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: r!.id,
      number: String(r!.number).padStart(6, "0"),
      kind: "sell",
      status: "registered",
      payment_id: paymentId,
      amount: 1250_50,
      fiscal: {
        fn_number: FN,
        fd_number: r!.fdNumber,
        fpd: r!.fpd,
        at: "2026-12-07T11:14:00.000Z",
        qr: `t=20261207T1414&s=1250.50&fn=${FN}&i=${r!.fdNumber}&fp=${r!.fpd}&n=1`,
      },
    });
    const one = await call(env.app, "GET", `/v1/operator/receipts/${r!.id}`, undefined, operator);
    expect(one.body).toEqual(res.body.data[0]);
    const pending = await call(
      env.app,
      "GET",
      `/v1/operator/receipts?status=pending&company_id=${co.id}`,
      undefined,
      operator,
    );
    expect(pending.body.data.map((x: { id: string }) => x.id)).not.toContain(r!.id);

    expect((await call(env.app, "GET", "/v1/operator/receipts")).status).toBe(401);
    const asUser = await call(env.app, "GET", "/v1/operator/receipts", undefined, {
      token: await token("admin"),
    });
    expect([401, 403]).toContain(asUser.status);
    const bad = await call(env.app, "GET", "/v1/operator/receipts?status=done", undefined, operator);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toContain("status");
    const badCursor = await call(env.app, "GET", "/v1/operator/receipts?cursor=zzz", undefined, operator);
    expect(badCursor.status).toBe(400);
    const missing = await call(env.app, "GET", `/v1/operator/receipts/${randomUUID()}`, undefined, operator);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("receipt_not_found");
  });
});

describe("an invoice paid through a partner's widget", () => {
  it("is a full settlement at 22 %, with the commission as its own line; the widget and the SMS show the human number", async () => {
    const acc = co.accounts[1]!;
    const inv = await issueInvoice(acc.id, 900_00);
    const widget = {
      headers: { "x-lk-key": pk, origin: BANK, "x-real-ip": "203.0.113.77", "idempotency-key": key() },
    };
    const created = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      { invoice_number: inv.number, method: "card", receipt_phone: "+79165554433" },
      widget,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ amount: 900_00, commission_amount: 13_50, total_amount: 913_50 });
    await payOnPage(created.body.confirmation_url, CARD);
    await env.sandbox.app.sandbox.notificationsIdle();
    const id = created.body.id as string;
    const [r] = await receiptsOf(id);
    const no = String(r!.number).padStart(6, "0");
    // The widget's success screen reads the human number at once (before registration).
    const status = await call(env.app, "GET", `/v1/public/payments/${id}`, undefined, {
      headers: { "x-lk-key": pk, origin: BANK, "x-real-ip": "203.0.113.78" },
    });
    expect(status.body).toMatchObject({ status: "succeeded", receipt_number: no });
    const sms = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipient, "+79165554433"), eq(outboxMessages.kind, "payment_receipt")));
    expect(sms.map((m) => m.body)).toEqual([`Платёж 900,00 ₽ зачислен. Чек № ${no}`]);

    await drain();
    const [got] = wire(`lk-sell-${id}`);
    expect(got!.body.receipt).toEqual({
      // A widget's payer is whoever paid: a contact, no company name or INN.
      client: { phone: "+79165554433" },
      company: {
        email: "noreply@lk.example",
        sno: "osn",
        inn: defaultCoreConfig.operator.inn,
        payment_address: PUBLIC_URL,
      },
      items: [
        item(
          `Услуги связи по счёту № ${inv.number}, лицевой счёт ${acc.number}`,
          900,
          "full_payment",
          "vat22",
          162.3,
        ),
        item("Комиссия за приём платежа", 13.5, "full_payment", "vat22", 2.43),
      ],
      payments: [{ type: 1, sum: 913.5 }],
      vats: [{ type: "vat22", sum: 164.73 }],
      total: 913.5,
    });
    expect((await receiptsOf(id))[0]).toMatchObject({ status: "registered", amount: 913_50 });
  });
});

describe("an SBP payment", () => {
  it("gets its receipt exactly as a card payment does (paid electronically)", async () => {
    const acc = co.accounts[1]!;
    const res = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: acc.id, amount: 700_00 }], method: "sbp", receipt_email: "sbp@romashka.test" },
      { token: await token(), headers: { "idempotency-key": key() } },
    );
    expect(res.status).toBe(201);
    await payInBankApp(res.body.qr.payload, SBP_BANK.confirms);
    await env.sandbox.app.sandbox.notificationsIdle();
    await drain();
    const [r] = await receiptsOf(res.body.id);
    expect(r).toMatchObject({ kind: "sell", status: "registered", amount: 700_00 });
    const [got] = wire(`lk-sell-${res.body.id}`);
    expect(got!.body.receipt).toMatchObject({
      client: { email: "sbp@romashka.test", name: co.name, inn: co.inn },
      items: [
        {
          name: `Аванс за услуги связи, лицевой счёт ${acc.number}`,
          sum: 700,
          payment_method: "advance",
          payment_object: 4,
          vat: { type: "vat122", sum: 126.23 },
        },
      ],
      payments: [{ type: 1, sum: 700 }],
      total: 700,
    });
  });
});

describe("a card + bonus payment", () => {
  it("shows every line at its whole amount, paid by card (1081) and by bonuses as встречное предоставление (1217)", async () => {
    await grantTestBonus(env.conn.db, co.id, 300_00, env.clock());
    const [a, b] = [co.accounts[2]!, co.accounts[3]!];
    const id = await paid({
      items: [
        { account_id: a.id, amount: 600_00 },
        { account_id: b.id, amount: 200_00 },
      ],
      use_bonus: 200_00,
      receipt_email: "buh@romashka.test",
    });
    await drain();
    const [r] = await receiptsOf(id);
    expect(r).toMatchObject({ status: "registered", amount: 800_00 });
    const [got] = wire(`lk-sell-${id}`);
    const receipt = got!.body.receipt as Record<string, unknown>;
    expect(receipt.items).toEqual([
      item(`Аванс за услуги связи, лицевой счёт ${a.number}`, 600, "advance", "vat122", 108.2),
      item(`Аванс за услуги связи, лицевой счёт ${b.number}`, 200, "advance", "vat122", 36.07),
    ]);
    expect(receipt.payments).toEqual([
      { type: 1, sum: 600 },
      { type: 4, sum: 200 },
    ]);
    expect(receipt.total).toBe(800);
    const text = (
      await call(env.app, "GET", `/v1/payments/${id}/receipt`, undefined, { token: await token("viewer") })
    ).body as string;
    expect(text).toContain("  Безналичными / Electronic: 600,00 ₽");
    expect(text).toContain("  Встречным предоставлением (бонусы) / Consideration (bonuses): 200,00 ₽");
  });
});

describe("a refund", () => {
  it("gets its own возврат прихода receipt, once, at the rate of the приход; registered and e-mailed", async () => {
    const acc = co.accounts[4]!;
    const id = await paid({
      items: [{ account_id: acc.id, amount: 500_00 }],
      receipt_email: "refund@romashka.test",
    });
    const admin = await token("admin");
    const refundKey = key();
    const refund = () =>
      call(
        env.app,
        "POST",
        `/v1/payments/${id}/refunds`,
        { amount: 150_00 },
        {
          token: admin,
          headers: { "idempotency-key": refundKey },
        },
      );
    expect((await refund()).status).toBe(200);
    expect((await refund()).status).toBe(200);
    const list = await receiptsOf(id);
    expect(list.map((r) => [r.kind, r.amount])).toEqual([
      ["sell", 500_00],
      ["sell_refund", 150_00],
    ]);
    await drain();
    const back = (await receiptsOf(id))[1]!;
    expect(back.status).toBe("registered");
    const [got] = wire(back.externalId);
    expect(got!.operation).toBe("sell_refund");
    expect(got!.body.receipt).toMatchObject({
      client: { email: "refund@romashka.test", name: co.name, inn: co.inn },
      items: [item(`Аванс за услуги связи, лицевой счёт ${acc.number}`, 150, "advance", "vat122", 27.05)],
      payments: [{ type: 1, sum: 150 }],
      total: 150,
    });
    const mail = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.recipient, "refund@romashka.test"), eq(outboxMessages.kind, "refund_receipt")),
      );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain("ВОЗВРАТ ПРИХОДА / SALE REFUND");
    expect(mail[0]!.body).toContain(`&s=150.00&fn=${FN}&i=${back.fdNumber}&fp=${back.fpd}&n=2`);
    expect(mail[0]!.body).not.toMatch(UUID);
    expect(await accountsOffLedger(env.conn.db)).toBe(0);
  });
});

describe("the cash register down for a while", () => {
  // Each test below counts what one job run claims: nothing else is left due.
  beforeEach(() => drain());

  it("leaves the receipt pending with backoff; once back it is registered exactly once", async () => {
    const register = env.cashRegister.app.cashRegister;
    const id = await paid({
      items: [{ account_id: co.accounts[0]!.id, amount: 321_00 }],
      receipt_email: "down@romashka.test",
    });
    const ctx = () => jobCtx({ conn: env.conn, clock: env.clock, config }, "receipts");
    const run = () =>
      registerReceipts({ ctx: ctx(), cashRegister: env.app.deps.cashRegister, options: { pollMs: 0 } });

    register.setDown("503");
    expect(await run()).toMatchObject({ claimed: 1, unavailable: 1 });
    let [r] = await receiptsOf(id);
    expect(r).toMatchObject({ status: "pending", attempts: 1 });
    expect(r!.lastError).toContain("503");
    // Not due again before its backoff (5 s after the first failure).
    expect((await run()).claimed).toBe(0);
    env.clock.advance(5_000);
    register.setDown("timeout");
    expect(await run()).toMatchObject({ claimed: 1, unavailable: 1 });
    [r] = await receiptsOf(id);
    expect(r).toMatchObject({ status: "pending", attempts: 2 });
    expect(r!.lastError).toContain("unreachable");
    expect(r!.nextAttemptAt.getTime() - env.clock().getTime()).toBe(10_000);
    // The operator sees it pending, with why.
    const seen = await call(env.app, "GET", `/v1/operator/receipts?payment_id=${id}`, undefined, operator);
    expect(seen.body.data[0]).toMatchObject({ status: "pending", attempts: 2, fiscal: null });

    register.setDown(false);
    env.clock.advance(10_000);
    await drain();
    [r] = await receiptsOf(id);
    expect(r).toMatchObject({ status: "registered", fnNumber: FN });
    expect(wire(`lk-sell-${id}`)).toHaveLength(1);
    const mail = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, "down@romashka.test"));
    expect(mail).toHaveLength(1);
  });

  it("a registration handed over whose report is lost is asked about again, not sent twice", async () => {
    const register = env.cashRegister.app.cashRegister;
    const id = await paid({ items: [{ account_id: co.accounts[1]!.id, amount: 111_00 }] });
    // Long enough that the first run finds it still registering even on a loaded machine (300 ms
    // was not, at a load average of 26); drain() waits for the register either way.
    register.setDelay(3_000);
    const run = () =>
      registerReceipts({
        ctx: jobCtx({ conn: env.conn, clock: env.clock, config }, "receipts"),
        cashRegister: env.app.deps.cashRegister,
        options: { pollMs: 1_000 },
      });
    expect(await run()).toMatchObject({ claimed: 1, waiting: 1 });
    register.setDown("503");
    register.setDelay(5);
    env.clock.advance(1_000);
    expect(await run()).toMatchObject({ claimed: 1, unavailable: 1 });
    register.setDown(false);
    env.clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 50));
    await drain();
    expect((await receiptsOf(id))[0]).toMatchObject({ status: "registered" });
    expect(wire(`lk-sell-${id}`)).toHaveLength(1);
    expect(register.counts().duplicates).toBe(0);
  });

  it("a receipt the register refuses to register is failed, visible, and retried on the operator's word", async () => {
    const register = env.cashRegister.app.cashRegister;
    const id = await paid({ items: [{ account_id: co.accounts[2]!.id, amount: 222_00 }] });
    register.failNext(1, "Ошибка ФН");
    await drain();
    const [r] = await receiptsOf(id);
    expect(r).toMatchObject({ status: "failed" });
    expect(r!.lastError).toContain("Ошибка ФН");
    const failed = await call(env.app, "GET", "/v1/operator/receipts?status=failed", undefined, operator);
    expect(failed.body.data.map((x: { id: string }) => x.id)).toContain(r!.id);
    const retried = await call(env.app, "POST", `/v1/operator/receipts/${r!.id}/retry`, undefined, operator);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe("pending");
    await drain();
    const [again] = await receiptsOf(id);
    expect(again).toMatchObject({ status: "registered" });
    expect(again!.externalId).toBe(`lk-sell-${id}-retry1`);
    expect(wire(`lk-sell-${id}-retry1`)).toHaveLength(1);
  });
});

describe("ten copies of the acquirer's notification", () => {
  it("make one payment success and one receipt", async () => {
    const p = await cabinetPayment({ items: [{ account_id: co.accounts[3]!.id, amount: 777_00 }] });
    const [row] = await env.conn.db.select().from(payments).where(eq(payments.id, p.id));
    const raw = JSON.stringify({
      event_id: `evt_${randomUUID()}`,
      type: "payment.succeeded",
      occurred_at: env.clock().toISOString(),
      payment: {
        id: row!.acquirerPaymentId,
        order_id: p.id,
        status: "succeeded",
        amount: 777_00,
        currency: "RUB",
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () =>
        (
          await env.app.request("/v1/acquirer/notifications", {
            method: "POST",
            headers: { "content-type": "application/json", ...signatureHeaders(SECRET, raw, env.clock()) },
            body: raw,
          })
        ).json(),
      ),
    );
    expect(answers.filter((a) => a.outcome === "applied")).toHaveLength(1);
    expect(await receiptsOf(p.id)).toHaveLength(1);
    await drain();
    expect(await receiptsOf(p.id)).toHaveLength(1);
    expect((await receiptsOf(p.id))[0]!.status).toBe("registered");
    expect(wire(`lk-sell-${p.id}`)).toHaveLength(1);
  });
});
