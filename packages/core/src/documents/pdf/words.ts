// Amounts in Russian words, as invoices and acts print them ("Сто двадцать рублей 50 копеек").

import { kopecksText } from "../../money/format";

const ONES_M = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const ONES_F = ["", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const TEENS = [
  "десять",
  "одиннадцать",
  "двенадцать",
  "тринадцать",
  "четырнадцать",
  "пятнадцать",
  "шестнадцать",
  "семнадцать",
  "восемнадцать",
  "девятнадцать",
];
const TENS = [
  "",
  "",
  "двадцать",
  "тридцать",
  "сорок",
  "пятьдесят",
  "шестьдесят",
  "семьдесят",
  "восемьдесят",
  "девяносто",
];
const HUNDREDS = [
  "",
  "сто",
  "двести",
  "триста",
  "четыреста",
  "пятьсот",
  "шестьсот",
  "семьсот",
  "восемьсот",
  "девятьсот",
];

/** один/два/пять form: plural(21, ["рубль","рубля","рублей"]) = "рубль". */
export function plural(n: number, forms: [string, string, string]): string {
  const m100 = n % 100;
  const m10 = n % 10;
  if (m100 >= 11 && m100 <= 14) return forms[2];
  if (m10 === 1) return forms[0];
  if (m10 >= 2 && m10 <= 4) return forms[1];
  return forms[2];
}

function triad(n: number, feminine: boolean): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) out.push(HUNDREDS[h]!);
  if (rest >= 10 && rest < 20) out.push(TEENS[rest - 10]!);
  else {
    if (rest >= 20) out.push(TENS[Math.floor(rest / 10)]!);
    const o = rest % 10;
    if (o) out.push((feminine ? ONES_F : ONES_M)[o]!);
  }
  return out;
}

const SCALES: { forms: [string, string, string]; feminine: boolean }[] = [
  { forms: ["", "", ""], feminine: false },
  { forms: ["тысяча", "тысячи", "тысяч"], feminine: true },
  { forms: ["миллион", "миллиона", "миллионов"], feminine: false },
  { forms: ["миллиард", "миллиарда", "миллиардов"], feminine: false },
];

/** Whole number in words (masculine), e.g. 1234 → "одна тысяча двести тридцать четыре". */
export function numberToWords(n: number): string {
  if (n === 0) return "ноль";
  const words: string[] = [];
  let scale = 0;
  let rest = n;
  while (rest > 0 && scale < SCALES.length) {
    const t = rest % 1000;
    if (t) {
      const s = SCALES[scale]!;
      const part = triad(t, s.feminine);
      if (scale > 0) part.push(plural(t, s.forms));
      words.unshift(...part);
    }
    rest = Math.floor(rest / 1000);
    scale++;
  }
  return words.join(" ");
}

/** Kopecks → "Одна тысяча двести рублей 50 копеек". */
export function amountInWords(kopecks: number): string {
  const sign = kopecks < 0 ? "минус " : "";
  const abs = Math.abs(kopecks);
  const rub = Math.floor(abs / 100);
  const kop = abs % 100;
  const text = `${sign}${numberToWords(rub)} ${plural(rub, ["рубль", "рубля", "рублей"])} ${String(kop).padStart(2, "0")} ${plural(kop, ["копейка", "копейки", "копеек"])}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 123456 kopecks → "1 234,56" (plain spaces, so extracted text matches). */
export const money = (kopecks: number): string => kopecksText(kopecks, " ", ",");
