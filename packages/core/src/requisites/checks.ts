// Control digits of Russian bank details (реквизиты): INN, KPP, BIC, settlement and correspondent
// accounts. Pure functions: the API's configuration checks the operator's accounts at start-up
// with them, the statement matcher checks payers' details.

const digits = (s: string) => [...s].map(Number);

/** INN: 10 digits (organisation) or 12 (individual, entrepreneur), with its check digit(s). */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}(\d{2})?$/.test(inn)) return false;
  const d = digits(inn);
  const check = (w: number[]) => (w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return (
    check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
  );
}

/** KPP: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits. */
export const isValidKpp = (kpp: string) => /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);

/** BIC of a Russian bank: 9 digits, country code 04. */
export const isValidBic = (bic: string) => /^04\d{7}$/.test(bic);

/** A 20-digit account. */
export const isAccountNumber = (account: string) => /^\d{20}$/.test(account);

/**
 * The Bank of Russia's key check (Положение 579-П / указание 1-П): the 23 digits of a 3-digit
 * prefix and the account, weighted 7, 1, 3 repeating, sum to a multiple of 10.
 */
function keyOk(prefix: string, account: string): boolean {
  const w = [7, 1, 3];
  const sum = digits(prefix + account).reduce((s, x, i) => s + ((x * w[i % 3]!) % 10), 0);
  return sum % 10 === 0;
}

/** A settlement account at the bank with this BIC: prefixed by the BIC's last 3 digits. */
export const settlementAccountKeyOk = (bic: string, account: string) =>
  isValidBic(bic) && isAccountNumber(account) && keyOk(bic.slice(-3), account);

/** The bank's correspondent account at the Bank of Russia: prefixed by "0" and BIC digits 5–6. */
export const correspondentAccountKeyOk = (bic: string, account: string) =>
  isValidBic(bic) &&
  isAccountNumber(account) &&
  account.startsWith("301") &&
  keyOk(`0${bic.slice(4, 6)}`, account);

/** One settlement account of the operator (реквизиты), as configured. */
export interface BankAccountDetails {
  recipient: string;
  inn: string;
  kpp: string;
  bankName: string;
  bic: string;
  account: string;
  correspondentAccount: string;
}

/** What is wrong with an account's details: field → message (English, for the operator). */
export function bankAccountProblems(
  a: BankAccountDetails,
): { field: keyof BankAccountDetails; message: string }[] {
  const out: { field: keyof BankAccountDetails; message: string }[] = [];
  if (!a.recipient.trim()) out.push({ field: "recipient", message: "the recipient's name is empty" });
  if (!isValidInn(a.inn))
    out.push({ field: "inn", message: `INN ${a.inn}: 10 or 12 digits with valid check digits` });
  if (!isValidKpp(a.kpp)) out.push({ field: "kpp", message: `KPP ${a.kpp}: 9 characters, NNNNPPNNN` });
  if (!a.bankName.trim()) out.push({ field: "bankName", message: "the bank's name is empty" });
  if (!isValidBic(a.bic)) out.push({ field: "bic", message: `BIC ${a.bic}: 9 digits starting with 04` });
  else {
    if (!settlementAccountKeyOk(a.bic, a.account))
      out.push({
        field: "account",
        message: `settlement account ${a.account}: 20 digits whose control key matches BIC ${a.bic}`,
      });
    if (!correspondentAccountKeyOk(a.bic, a.correspondentAccount))
      out.push({
        field: "correspondentAccount",
        message: `correspondent account ${a.correspondentAccount}: 20 digits starting 301 whose control key matches BIC ${a.bic}`,
      });
  }
  return out;
}
