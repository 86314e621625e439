import { postBonus, postLedger } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

// The ledger's descriptions are stored in Russian (the акт сверки prints them); an English caller
// reads an account's history and the bonus journal in English, a Russian caller the stored text —
// from the same rows, which are never rewritten.

let t: TestApp;
let co: TestCompany;
let token: string;
const texts = [
  "Услуги связи за ноябрь 2026, счёт № 2026-0042",
  "Оплата картой по счёту 2026-0042",
  "Возврат платежа",
  "Перевод на другие лицевые счета",
  "Компенсация за простой по акту № 15",
];

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  const accountId = co.accounts[0]!.id;
  const now = t.clock();
  await t.conn.db.transaction(async (tx) => {
    await postLedger(
      tx,
      [
        { accountId, kind: "charge", amount: -1_000_00, description: texts[0]! },
        { accountId, kind: "payment", amount: 1_000_00, description: texts[1]! },
        { accountId, kind: "refund", amount: -100_00, description: texts[2]! },
        { accountId, kind: "transfer_out", amount: -50_00, description: texts[3]! },
        { accountId, kind: "adjustment", amount: 15_00, description: texts[4]! },
      ],
      { now },
    );
    await postBonus(tx, {
      companyId: co.id,
      kind: "adjustment",
      amount: 300_00,
      description: "Начисление бонусов за платёж",
      now,
    });
  });
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

const ledgerOf = async (lang: "ru" | "en") => {
  const r = await call(t.app, "GET", `/v1/accounts/${co.accounts[0]!.id}`, undefined, { token, lang });
  expect(r.status).toBe(200);
  return r.body.recent_ledger.map((l: { description: string }) => l.description).reverse();
};

it("says an account's history in Russian to a Russian caller: the stored text", async () => {
  expect(await ledgerOf("ru")).toEqual(texts);
});

it("says it in English to an English caller, with no Russian left", async () => {
  expect(await ledgerOf("en")).toEqual([
    "Telecom services for November 2026, invoice No. 2026-0042",
    "Card payment, invoice 2026-0042",
    "Payment refund",
    "Transfer to other accounts",
    "Adjustment, No. 15",
  ]);
});

it("says the bonus journal in the caller's language", async () => {
  const en = await call(t.app, "GET", "/v1/bonuses", undefined, { token, lang: "en" });
  expect(en.status).toBe(200);
  expect(en.body.data[0].description).toBe("Bonuses accrued for a payment");
  const ru = await call(t.app, "GET", "/v1/bonuses", undefined, { token, lang: "ru" });
  expect(ru.body.data[0].description).toBe("Начисление бонусов за платёж");
});
