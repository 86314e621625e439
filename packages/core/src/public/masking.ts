// Masked holder names for the public lookup: enough for a payer to recognise "yes, that is my
// company", never enough to learn whose account a number is. A fixed run of five stars hides
// the length of the name too.

const STARS = "*****";

/** Legal forms (ОПФ) kept in clear: they say nothing about who the holder is. */
const LEGAL_FORMS = [
  "ООО",
  "АО",
  "ПАО",
  "НАО",
  "ЗАО",
  "ОАО",
  "НКО",
  "АНО",
  "ГУП",
  "МУП",
  "ФГУП",
  "ФГБУ",
  "ГБУ",
  "МБУ",
  "ТСЖ",
  "СНТ",
  "КФХ",
  "LLC",
  "JSC",
  "LTD",
  "INC",
];

const OPEN = "«\"„“'";
const CLOSE = "»\"“”'";

const firstLetter = (s: string) => {
  const m = /[\p{L}\p{N}]/u.exec(s);
  return m ? m[0].toLocaleUpperCase("ru") : "";
};

const initial = (word: string) => {
  const l = firstLetter(word);
  return l ? `${l}.` : "";
};

/** `Иванов Иван Иванович` → `И***** И. И.`; `Иванов` → `И*****`. */
export function maskPersonName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return STARS;
  const [surname, ...rest] = words;
  return [`${firstLetter(surname!)}${STARS}`, ...rest.slice(0, 2).map(initial).filter(Boolean)].join(" ");
}

/**
 * `ООО «Ромашка»` → `ООО «Р*****»`; `АО "Сигма Телеком"` → `АО "С*****"`; `ООО Ромашка` →
 * `ООО Р*****`; the legal form and the quotes stay, the name inside keeps its first letter only.
 */
export function maskCompanyName(name: string): string {
  const s = name.trim().replace(/\s+/g, " ");
  if (!s) return STARS;
  const open = [...s].findIndex((ch) => OPEN.includes(ch));
  if (open >= 0) {
    const chars = [...s];
    let close = -1;
    for (let i = chars.length - 1; i > open; i--) {
      if (CLOSE.includes(chars[i]!)) {
        close = i;
        break;
      }
    }
    const before = chars.slice(0, open).join("");
    const inside = chars.slice(open + 1, close > open ? close : undefined).join("");
    const q1 = chars[open]!;
    const q2 = close > open ? chars[close]! : "";
    return `${maskLegalFormPart(before)}${q1}${firstLetter(inside)}${STARS}${q2}`.trim();
  }
  const words = s.split(" ");
  const forms: string[] = [];
  while (words.length > 1 && isLegalForm(words[0]!)) forms.push(words.shift()!);
  return [...forms, `${firstLetter(words.join(" "))}${STARS}`].join(" ");
}

const isLegalForm = (w: string) => LEGAL_FORMS.includes(w.replace(/[.,]/g, "").toUpperCase());

/** Text before the quotes: legal forms stay, anything else (a long legal form, a city) is masked. */
function maskLegalFormPart(before: string): string {
  const words = before.trim().split(" ").filter(Boolean);
  if (words.length === 0) return "";
  return `${words.map((w) => (isLegalForm(w) || /^[\p{Ll}]/u.test(w) ? w : isFullFormWord(w) ? w : `${firstLetter(w)}${STARS}`)).join(" ")} `;
}

/** Words of spelled-out legal forms (`Общество с ограниченной ответственностью`). */
const FULL_FORM_WORDS = new Set(
  "общество акционерное публичное непубличное закрытое открытое автономная некоммерческая организация государственное муниципальное унитарное предприятие федеральное учреждение бюджетное товарищество".split(
    " ",
  ),
);
const isFullFormWord = (w: string) => FULL_FORM_WORDS.has(w.toLowerCase());

/**
 * The holder as the widget shows it. Sole proprietors (`ИП Иванов Иван Иванович`) and plain
 * personal names are masked as persons; everything else as a company.
 */
export function maskHolder(name: string): string {
  const s = name.trim().replace(/\s+/g, " ");
  const ip = /^(ИП|Индивидуальный предприниматель)\s+(.+)$/iu.exec(s);
  if (ip && !/[«"„“]/.test(ip[2]!)) return `ИП ${maskPersonName(ip[2]!)}`;
  const words = s.split(" ");
  const looksPersonal =
    words.length >= 2 &&
    words.length <= 3 &&
    !isLegalForm(words[0]!) &&
    !/[«"„“'0-9]/.test(s) &&
    words.every((w) => /^\p{Lu}[\p{Ll}-]+$/u.test(w));
  return looksPersonal ? maskPersonName(s) : maskCompanyName(s);
}
