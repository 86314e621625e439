import {
  CashRegisterRejected,
  CashRegisterUnavailable,
  createAtolCashRegister,
  type ReceiptDocument,
} from "@lk/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningCashRegister, startCashRegisterServer } from "../src/index";

// The sandbox cash register over real HTTP, spoken to by the product's АТОЛ v5 client: token,
// idempotency by external id, asynchronous registration, fiscal data, refusal, down modes.

let register: RunningCashRegister;
const at = new Date("2026-12-07T11:14:00Z");
const client = (over: Partial<Parameters<typeof createAtolCashRegister>[0]> = {}) =>
  createAtolCashRegister({
    baseUrl: register.url,
    login: "shop",
    password: "secret",
    groupCode: "group-1",
    timeoutMs: 2_000,
    ...over,
  });

const doc = (externalId: string, over: Partial<ReceiptDocument> = {}): ReceiptDocument => ({
  externalId,
  operation: "sell",
  at: at.toISOString(),
  company: {
    inn: "7707049388",
    email: "noreply@lk.example",
    sno: "osn",
    paymentAddress: "https://lk.example",
  },
  client: { email: "buh@example.test" },
  items: [
    {
      name: "Аванс за услуги связи, лицевой счёт 770000000001",
      sum: 1250_50,
      quantity: 1,
      paymentMethod: 3,
      paymentObject: 4,
      vat: { rateBp: 2200, calculated: true, sum: 225_50 },
    },
  ],
  payments: { electronic: 1250_50, consideration: 0 },
  total: 1250_50,
  ...over,
});

const settle = async (uuid: string) => {
  await register.app.cashRegister.idle();
  return client().report(uuid);
};

beforeAll(async () => {
  register = await startCashRegisterServer({ logins: { shop: "secret" }, delayMs: 200, now: () => at });
});
afterAll(() => register.close());

describe("the sandbox cash register", () => {
  it("registers a receipt asynchronously and reports its fiscal data", async () => {
    const c = client();
    const { providerUuid } = await c.register(doc("ext-1"));
    expect(await c.report(providerUuid)).toEqual({ status: "wait" });
    const done = await settle(providerUuid);
    expect(done).toMatchObject({
      status: "done",
      fiscal: {
        fnNumber: "9999078900012345",
        fdNumber: 1,
        at,
        shiftNumber: 1,
        receiptInShift: 1,
        ecrRegistrationNumber: "0000000001012345",
        fnsSite: "www.nalog.gov.ru",
      },
    });
    if (done.status === "done") expect(done.fiscal.fpd).toMatch(/^\d{1,10}$/);
    const [wire] = register.app.cashRegister.receipts();
    expect(wire!.body.timestamp).toBe("07.12.2026 14:14:00");
    expect(wire!.payload).toMatchObject({ receipt_datetime: "07.12.2026 14:14:00", total: 1250.5 });
  });

  it("answers a repeated external id with the first registration", async () => {
    const c = client();
    const first = await c.register(doc("ext-dup"));
    const again = await c.register(doc("ext-dup"));
    expect(again.providerUuid).toBe(first.providerUuid);
    expect(register.app.cashRegister.receipts().filter((r) => r.externalId === "ext-dup")).toHaveLength(1);
    expect(register.app.cashRegister.counts().duplicates).toBe(1);
  });

  it("refuses a document that does not add up; wrong credentials are the register unavailable, not a refusal", async () => {
    await expect(client().register(doc("ext-bad", { total: 1_00 }))).rejects.toBeInstanceOf(
      CashRegisterRejected,
    );
    await expect(client().register(doc("ext-bad", { client: {} }))).rejects.toThrow(/1008/);
    // The operator fixes the password; the receipts wait for it instead of failing for good.
    await expect(client({ password: "nope" }).register(doc("ext-x"))).rejects.toBeInstanceOf(
      CashRegisterUnavailable,
    );
  });

  it("a report the register will not give (unknown uuid) is unavailable, never a failed receipt", async () => {
    const { providerUuid } = await client().register(doc("ext-report"));
    await settle(providerUuid);
    await expect(client().report("00000000-0000-0000-0000-000000000000")).rejects.toBeInstanceOf(
      CashRegisterUnavailable,
    );
    // A token refused while asking for a report: the same.
    await expect(client({ password: "nope" }).report(providerUuid)).rejects.toBeInstanceOf(
      CashRegisterUnavailable,
    );
  });

  it("reports a registration the drive refused as failed", async () => {
    register.app.cashRegister.failNext(1, "Ошибка ФН");
    const { providerUuid } = await client().register(doc("ext-fail"));
    expect(await settle(providerUuid)).toEqual({ status: "fail", error: "1 Ошибка ФН" });
  });

  it("down: 503 and no answer are CashRegisterUnavailable; back up, it answers again", async () => {
    const c = client();
    register.app.cashRegister.setDown("503");
    await expect(c.register(doc("ext-down"))).rejects.toBeInstanceOf(CashRegisterUnavailable);
    register.app.cashRegister.setDown("timeout");
    await expect(c.register(doc("ext-down"))).rejects.toBeInstanceOf(CashRegisterUnavailable);
    register.app.cashRegister.setDown(false);
    const { providerUuid } = await c.register(doc("ext-down"));
    expect((await settle(providerUuid)).status).toBe("done");
    expect(register.app.cashRegister.receipts().filter((r) => r.externalId === "ext-down")).toHaveLength(1);
  });

  it("a sell_refund goes to its own operation", async () => {
    const { providerUuid } = await client().register(doc("ext-refund", { operation: "sell_refund" }));
    await settle(providerUuid);
    const r = register.app.cashRegister.receipts().find((x) => x.externalId === "ext-refund");
    expect(r).toMatchObject({ operation: "sell_refund", status: "done" });
  });
});
