// Checks of Russian legal identifiers (ФНС algorithms), shared by the API schemas and the portal's
// as-you-type validation.

const digitsOf = (s: string) => [...s].map(Number);
const weighted = (d: number[], w: number[]) =>
  (w.reduce((sum, wi, i) => sum + wi * (d[i] ?? 0), 0) % 11) % 10;

/** ИНН: 10 digits (organisation) or 12 (individual entrepreneur), with check digits. */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = digitsOf(inn);
  if (inn.length === 10) return weighted(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return (
    weighted(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] &&
    weighted(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
  );
}

/** КПП: 9 characters, the 5th and 6th may be letters. */
export const isValidKpp = (kpp: string) => /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);

/** ОГРН (13 digits) or ОГРНИП (15 digits) with the check digit. */
export function isValidOgrn(ogrn: string): boolean {
  if (/^\d{13}$/.test(ogrn)) return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]);
  if (/^\d{15}$/.test(ogrn)) return Number((BigInt(ogrn.slice(0, 14)) % 13n) % 10n) === Number(ogrn[14]);
  return false;
}

/** A Russian phone in any common spelling → +7XXXXXXXXXX, or null. */
export function normalizeRuPhone(input: string): string | null {
  const digits = input.replace(/[\s()+-]/g, "");
  if (!/^\d{10,11}$/.test(digits)) return null;
  const d =
    digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7")) ? digits.slice(1) : digits;
  return d.length === 10 ? `+7${d}` : null;
}
