/**
 * What the product needs from a cloud cash register (облачная касса: АТОЛ Онлайн, OrangeData,
 * CloudKassir…). The HTTP client in ./providers speaks АТОЛ Онлайн v5's protocol; the sandbox
 * (apps/cash-register-sandbox) answers it over HTTP as a real one would. Amounts are kopecks here;
 * an adapter converts them to its wire format.
 */
export interface CashRegisterProvider {
  readonly name: string;
  /**
   * Hands a receipt over for registration. Idempotent by `document.externalId`: a repeat answers
   * with the first registration's id. Registration itself is asynchronous (see `report`).
   * Throws CashRegisterUnavailable when the register cannot be reached or answers 5xx/timeouts
   * (try again later), CashRegisterRejected when it refuses the document (do not repeat as is).
   */
  register(document: ReceiptDocument): Promise<{ providerUuid: string }>;
  /** Where the registration is: still waiting, done with the fiscal data, or failed. */
  report(providerUuid: string): Promise<RegistrationReport>;
}

export type RegistrationReport =
  | { status: "wait" }
  | { status: "done"; fiscal: FiscalData }
  | { status: "fail"; error: string };

/** The fiscal attributes the register reports once the receipt is in the fiscal drive. */
export interface FiscalData {
  /** Заводской номер ФН (tag 1041). */
  fnNumber: string;
  /** Порядковый номер ФД (tag 1040). */
  fdNumber: number;
  /** Фискальный признак документа, ФПД (tag 1077), as digits. */
  fpd: string;
  /** Дата и время расчёта (tag 1012). */
  at: Date;
  /** Номер смены (1038) and номер чека за смену (1042). */
  shiftNumber: number;
  receiptInShift: number;
  /** Регистрационный номер ККТ (1037). */
  ecrRegistrationNumber: string;
  /** Адрес сайта ФНС (1060). */
  fnsSite: string;
}

/** Система налогообложения (tag 1055), as АТОЛ names it. */
export const taxSystems = ["osn", "usn_income", "usn_income_outcome", "esn", "patent"] as const;
export type TaxSystem = (typeof taxSystems)[number];

/**
 * A receipt per ФФД 1.2, provider-neutral, money in kopecks. Built once (compose.ts) and stored
 * with the receipt, so every retry sends the same document.
 */
export interface ReceiptDocument {
  externalId: string;
  /** Признак расчёта (1054): sell = приход (1), sell_refund = возврат прихода (2). */
  operation: "sell" | "sell_refund";
  /** When the settlement happened (ISO 8601). */
  at: string;
  /** The seller: ИНН (1018), e-mail of the sender (1117), СНО (1055), место расчётов (1187). */
  company: { inn: string; email: string; sno: TaxSystem; paymentAddress: string };
  /** Покупатель: 1008 (e-mail or phone), 1227 name, 1228 ИНН (a company buyer). */
  client: { email?: string; phone?: string; name?: string; inn?: string };
  items: ReceiptItem[];
  /** Forms of payment: электронными (1081) and встречным предоставлением (1217, bonuses). */
  payments: { electronic: number; consideration: number };
  /** Итог (1020). */
  total: number;
}

export interface ReceiptItem {
  /** Наименование предмета расчёта (1030). */
  name: string;
  /** Price = sum (quantity 1), kopecks (1079, 1043). */
  sum: number;
  quantity: 1;
  /** Признак способа расчёта (1214): 3 аванс, 4 полный расчёт. */
  paymentMethod: 3 | 4;
  /** Признак предмета расчёта (1212): 4 услуга. */
  paymentObject: 4;
  /** Ставка НДС (1199): the rate in basis points and whether it is the calculated one (22/122). */
  vat: { rateBp: number; calculated: boolean; sum: number };
}

/** The register could not be reached, timed out or answered 5xx: try again later, same document. */
export class CashRegisterUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CashRegisterUnavailable";
  }
}

/** The register refused the request (4xx, a validation error): repeating it as is cannot help. */
export class CashRegisterRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CashRegisterRejected";
  }
}
