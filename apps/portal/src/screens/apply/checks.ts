import { isValidInn, isValidKpp, isValidOgrn } from "@lk/contracts/validators";
import { L } from "../../core/i18n";

// The form's checks of company identifiers: the same ФНС algorithms as the API's schema
// (@lk/contracts/validators), plus the rules that tie them together. The server decides; these
// only say what is wrong before a round trip.

export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const TYPES = /\.(pdf|jpe?g|png)$/i;

export function innError(v: string): string | null {
  const s = v.trim();
  if (!s) return L("Заполните поле", "Required");
  if (!/^\d+$/.test(s)) return L("ИНН — только цифры", "The INN is digits only");
  if (s.length !== 10 && s.length !== 12)
    return L(
      "ИНН организации — 10 цифр, предпринимателя — 12",
      "An organisation's INN is 10 digits, an entrepreneur's 12",
    );
  return isValidInn(s)
    ? null
    : L("Неверный ИНН: не сходятся контрольные цифры", "Invalid INN: the check digits do not match");
}

export function kppError(v: string, inn: string): string | null {
  const s = v.trim().toUpperCase();
  if (inn.trim().length === 12)
    return s
      ? L("У предпринимателя нет КПП — оставьте поле пустым", "An entrepreneur has no KPP — leave it empty")
      : null;
  if (!s) return null;
  return isValidKpp(s)
    ? null
    : L("КПП — 9 знаков: 4 цифры, 2 цифры или буквы, 3 цифры", "The KPP is 9 characters");
}

export function ogrnError(v: string, inn: string): string | null {
  const s = v.trim();
  if (!s) return null;
  const entrepreneur = inn.trim().length === 12;
  if (!/^\d+$/.test(s)) return L("Только цифры", "Digits only");
  if (entrepreneur && s.length !== 15) return L("ОГРНИП — 15 цифр", "The OGRNIP is 15 digits");
  if (!entrepreneur && s.length !== 13) return L("ОГРН — 13 цифр", "The OGRN is 13 digits");
  return isValidOgrn(s)
    ? null
    : L("Неверный номер: не сходится контрольная цифра", "Invalid number: the check digit does not match");
}

export function filesError(files: File[]): string | null {
  if (files.length > MAX_FILES) return L(`Не больше ${MAX_FILES} файлов`, `At most ${MAX_FILES} files`);
  const big = files.find((f) => f.size > MAX_FILE_BYTES);
  if (big) return L(`Файл «${big.name}» больше 5 МБ`, `File "${big.name}" is larger than 5 MB`);
  const odd = files.find((f) => !TYPES.test(f.name));
  if (odd)
    return L(`Файл «${odd.name}»: допустимы PDF, JPEG, PNG`, `File "${odd.name}": only PDF, JPEG, PNG`);
  const empty = files.find((f) => f.size === 0);
  if (empty) return L(`Файл «${empty.name}» пуст`, `File "${empty.name}" is empty`);
  return null;
}
