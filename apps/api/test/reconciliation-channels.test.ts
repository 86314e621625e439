import { afterAll, beforeAll, expect, it } from "vitest";
import { type AgentTestApp, agentTestApp, pay } from "./agents-env";
import { make1c } from "./bank-files";
import { call, operator, signIn } from "./helpers";

// The акт сверки has a line for money that arrived outside the cabinet (issue #15 item 9): a bank
// transfer read from a statement and a payment taken by an agent, each with its channel and source
// document in words, on the day it arrived, as a credit of its amount.

let s: AgentTestApp;
let token: string;
beforeAll(async () => {
  s = await agentTestApp();
  token = await signIn(s.t.app, s.co.accountant.login, s.co.accountant.password);
});
afterAll(() => s.t.close());

it("lists a bank-transfer payment and an agent payment with their source documents", async () => {
  const { t, agent, co } = s;
  const [viaAgent, viaBank] = [co.accounts[0]!, co.accounts[1]!];
  // The agent's pay is dated by its txn_date (agents-env sends 05.12.2026 14:30, Moscow), ADR 0096.
  const txnDay = "2026-12-05";
  expect((await pay(t, agent, "4321", viaAgent.number, "150.25")).result).toBe(0);
  const res = await t.app.request("/v1/operator/bank-statements", {
    method: "POST",
    headers: { ...operator.headers, "content-type": "application/octet-stream" },
    body: new Uint8Array(
      make1c([
        {
          number: "77",
          date: "06.12.2026",
          amount: "1250.50",
          payerInn: co.inn,
          purpose: `Оплата услуг связи по л/с ${viaBank.number}`,
        },
      ]),
    ),
  });
  expect(await res.json()).toMatchObject({ credited: 1 });

  const day = new Date().toISOString().slice(0, 10);
  const url = `/v1/documents/reconciliation?from=2026-12-01&to=${day > "2026-12-31" ? day : "2026-12-31"}`;
  const ru = await call(t.app, "GET", url, undefined, { token, lang: "ru" });
  expect(ru.status).toBe(200);
  const lines = ru.body.lines as { date: string; document: string; debit: number; credit: number }[];
  expect(lines).toContainEqual({
    date: txnDay,
    document: `Оплата: Сбербанк Онлайн, txn 4321, л/с ${viaAgent.number}`,
    debit: 0,
    credit: 150_25,
  });
  expect(lines).toContainEqual({
    date: "2026-12-06",
    document: `Оплата: Платёжное поручение № 77 от 06.12.2026, л/с ${viaBank.number}`,
    debit: 0,
    credit: 1250_50,
  });
  expect(ru.body.credit).toBe(150_25 + 1250_50);

  // In English the kind says it (the ledger's own words are Russian).
  const en = await call(t.app, "GET", url, undefined, { token, lang: "en" });
  expect(en.body.lines.map((l: { document: string }) => l.document)).toEqual(
    expect.arrayContaining([`Payment, account ${viaAgent.number}`, `Payment, account ${viaBank.number}`]),
  );
});
