import {
  correspondentAccountKeyOk,
  isValidBic,
  isValidInn,
  isValidKpp,
  primaryBankAccount,
  settlementAccountKeyOk,
} from "@lk/core";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

// The operator's settlement accounts (реквизиты) come from the environment and are checked at
// start-up: INN/KPP format, BIC, and the Bank of Russia control keys of both accounts.

const SBER = {
  bank: "ПАО Сбербанк",
  bic: "044525225",
  account: "40702810500000001234",
  correspondent_account: "30101810400000000225",
};
const SPB = {
  bank: "Северо-Западный банк ПАО Сбербанк",
  bic: "044030653",
  account: "40702810055000001234",
  correspondent_account: "30101810500000000653",
};
const load = (env: Record<string, string>) => loadConfig({ LK_LOG_LEVEL: "silent", ...env });
const failure = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a configuration error");
};

describe("control digits", () => {
  it("INN of an organisation and of a person, KPP, BIC", () => {
    expect(isValidInn("7707049388")).toBe(true);
    expect(isValidInn("7707049389")).toBe(false);
    expect(isValidInn("500100732259")).toBe(true);
    expect(isValidInn("500100732258")).toBe(false);
    expect(isValidInn("77070493")).toBe(false);
    expect(isValidKpp("784001001")).toBe(true);
    expect(isValidKpp("7840AB001")).toBe(true);
    expect(isValidKpp("78400100")).toBe(false);
    expect(isValidBic("044525225")).toBe(true);
    expect(isValidBic("144525225")).toBe(false);
  });
  it("the key of a settlement account (BIC's last 3 digits) and of a correspondent account (0 + digits 5–6)", () => {
    expect(settlementAccountKeyOk(SBER.bic, SBER.account)).toBe(true);
    // Any one digit changed breaks the key.
    for (let i = 0; i < 20; i++) {
      const d = (Number(SBER.account[i]) + 1) % 10;
      expect(settlementAccountKeyOk(SBER.bic, SBER.account.slice(0, i) + d + SBER.account.slice(i + 1))).toBe(
        false,
      );
    }
    expect(settlementAccountKeyOk(SPB.bic, SPB.account)).toBe(true);
    expect(settlementAccountKeyOk(SPB.bic, SBER.account)).toBe(false);
    expect(correspondentAccountKeyOk(SBER.bic, SBER.correspondent_account)).toBe(true);
    expect(correspondentAccountKeyOk(SPB.bic, SPB.correspondent_account)).toBe(true);
    expect(correspondentAccountKeyOk(SPB.bic, SBER.correspondent_account)).toBe(false);
  });
});

describe("LK_OPERATOR_BANK_ACCOUNTS", () => {
  it("unset: the demo account, with the operator's name, INN and KPP", () => {
    const c = load({ LK_OPERATOR_NAME: "АО «Связь»" });
    expect(c.core.operator.bankAccounts).toHaveLength(1);
    expect(primaryBankAccount(c.core.operator)).toMatchObject({ recipient: "АО «Связь»", bic: SBER.bic });
  });
  it("several accounts; recipient, INN and KPP per account or the operator's", () => {
    const c = load({
      LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([
        SBER,
        { ...SPB, recipient: "ПАО «ТелеКом» (филиал)", kpp: "784001002" },
      ]),
    });
    expect(c.core.operator.bankAccounts).toEqual([
      {
        recipient: "ПАО «ТелеКом»",
        inn: "7707049388",
        kpp: "784001001",
        bankName: SBER.bank,
        bic: SBER.bic,
        account: SBER.account,
        correspondentAccount: SBER.correspondent_account,
      },
      expect.objectContaining({
        recipient: "ПАО «ТелеКом» (филиал)",
        kpp: "784001002",
        account: SPB.account,
      }),
    ]);
  });
  it("a wrong key, BIC, KPP or INN stops the start naming the variable, the element and the field", () => {
    const bad = failure({
      LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([SBER, { ...SPB, account: "40702810055000001235" }]),
    });
    expect(bad).toContain("LK_OPERATOR_BANK_ACCOUNTS[1].account");
    expect(bad).toContain("control key");
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([{ ...SBER, bic: "04452522" }]) })).toContain(
      "LK_OPERATOR_BANK_ACCOUNTS[0].bic",
    );
    expect(
      failure({
        LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([
          { ...SBER, correspondent_account: "30101810400000000226" },
        ]),
      }),
    ).toContain("LK_OPERATOR_BANK_ACCOUNTS[0].correspondent_account");
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([{ ...SBER, kpp: "12" }]) })).toContain(
      "LK_OPERATOR_BANK_ACCOUNTS[0].kpp",
    );
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([SBER, SBER]) })).toContain("listed twice");
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: "[{" })).toContain("LK_OPERATOR_BANK_ACCOUNTS: not JSON");
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: "[]" })).toContain("LK_OPERATOR_BANK_ACCOUNTS");
    expect(failure({ LK_OPERATOR_BANK_ACCOUNTS: JSON.stringify([{ bic: SBER.bic }]) })).toContain(
      "LK_OPERATOR_BANK_ACCOUNTS[0].bank",
    );
    expect(failure({ LK_OPERATOR_INN: "7707049389" })).toContain("LK_OPERATOR_INN");
    expect(failure({ LK_OPERATOR_KPP: "7840" })).toContain("LK_OPERATOR_KPP");
  });
});
