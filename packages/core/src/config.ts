import { type BonusRules, defaultBonusRules } from "./bonuses/rules";
import type { ReceiptsConfig } from "./receipts/compose";
import type { BankAccountDetails } from "./requisites/checks";
import { DEFAULT_TIME_ZONE } from "./time/zone";

/**
 * One settlement account of the operator (recipient, INN/KPP, bank, BIC, settlement and
 * correspondent accounts): printed on invoices, put in QR codes, and what bank statements are
 * statements of. Checked at start-up (requisites/checks.ts).
 */
export type OperatorBankAccount = BankAccountDetails;

/** The operator's legal details, printed on documents and invoices. */
export interface OperatorDetails {
  name: string;
  inn: string;
  kpp: string;
  ogrn: string;
  address: string;
  /** One or more settlement accounts; the first is the one invoices print (`primaryBankAccount`). */
  bankAccounts: OperatorBankAccount[];
  director: string;
  chiefAccountant: string;
}

/** The account printed on invoices and QR codes: the first configured. */
export const primaryBankAccount = (o: OperatorDetails): OperatorBankAccount => o.bankAccounts[0]!;

/** Settings the services read. The API builds this from the environment (apps/api/src/config.ts). */
export interface CoreConfig {
  /** Public URL of the API, used in links and acquirer notification URLs. */
  publicUrl: string;
  /**
   * The operator's IANA time zone (LK_TIME_ZONE): billing months and their boundaries, due dates,
   * monthly limits, the autopay day and every time a person reads (ADR 0080).
   */
  timeZone: string;
  auth: {
    issuer: string;
    accessTtlSec: number;
    refreshTtlDays: number;
    tempPasswordTtlHours: number;
    lockoutAttempts: number;
    lockoutMinutes: number;
    /** Sign-in attempts allowed per client address per window. */
    ipAttemptsPerWindow: number;
    ipWindowMinutes: number;
    /** scrypt cost N (memory ≈ 128·N·r bytes). */
    scryptN: number;
    resetCodeTtlMinutes: number;
  };
  operator: OperatorDetails;
  billing: {
    /** Days after the due date before an overdue credit account is suspended. */
    graceDays: number;
    /**
     * A `running` billing run whose heartbeat (written at its start and with every committed batch)
     * is older than this reads as `stale`: its process is presumed dead and the run may be resumed.
     */
    staleAfterMs: number;
  };
  /** Bonus accrual (docs/payments.md, "Bonuses"); a company's contract may override the percentage. */
  bonuses: BonusRules;
  /** The seller's side of fiscal receipts (docs/receipts.md): СНО, e-mail, place of settlement. */
  receipts: ReceiptsConfig;
}

export const defaultCoreConfig: CoreConfig = {
  publicUrl: "http://localhost:3000",
  timeZone: DEFAULT_TIME_ZONE,
  auth: {
    issuer: "lk-business",
    accessTtlSec: 15 * 60,
    refreshTtlDays: 30,
    tempPasswordTtlHours: 72,
    lockoutAttempts: 5,
    lockoutMinutes: 15,
    ipAttemptsPerWindow: 50,
    ipWindowMinutes: 15,
    scryptN: 2 ** 15,
    resetCodeTtlMinutes: 15,
  },
  operator: {
    name: "ПАО «ТелеКом»",
    inn: "7707049388",
    kpp: "784001001",
    ogrn: "1027700198767",
    address: "191167, г. Санкт-Петербург, Синопская наб., д. 14, лит. А",
    bankAccounts: [
      {
        recipient: "ПАО «ТелеКом»",
        inn: "7707049388",
        kpp: "784001001",
        bankName: "ПАО Сбербанк",
        bic: "044525225",
        account: "40702810500000001234",
        correspondentAccount: "30101810400000000225",
      },
    ],
    director: "Иванов И. И.",
    chiefAccountant: "Петрова А. С.",
  },
  billing: { graceDays: 10, staleAfterMs: 5 * 60_000 },
  bonuses: defaultBonusRules,
  receipts: { sno: "osn", email: "noreply@lk.example", paymentAddress: "http://localhost:3000" },
};
