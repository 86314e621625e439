import type { Lang } from "../context/ctx";

// Plural forms by the language's CLDR rules (Intl.PluralRules), not by hand: «1 лицевой счёт»,
// «3 лицевых счёта», «5 лицевых счетов», "1 account", "3 accounts".

export interface Forms {
  ru: { one: string; few: string; many: string };
  en: { one: string; other: string };
}

const rules = { ru: new Intl.PluralRules("ru"), en: new Intl.PluralRules("en") };

/** The noun for `n` in `lang` (without the number). */
export function pluralWord(n: number, forms: Forms, lang: Lang): string {
  const cat = rules[lang].select(n);
  if (lang === "ru") return cat === "one" ? forms.ru.one : cat === "few" ? forms.ru.few : forms.ru.many;
  return cat === "one" ? forms.en.one : forms.en.other;
}

/** «3 лицевых счёта» / "3 accounts" (the number grouped as the language writes it). */
export const countText = (n: number, forms: Forms, lang: Lang): string =>
  `${n.toLocaleString(lang === "ru" ? "ru-RU" : "en-US")} ${pluralWord(n, forms, lang)}`;

export const ACCOUNTS: Forms = {
  ru: { one: "лицевой счёт", few: "лицевых счёта", many: "лицевых счетов" },
  en: { one: "account", other: "accounts" },
};
export const INVOICES: Forms = {
  ru: { one: "счёт", few: "счёта", many: "счетов" },
  en: { one: "invoice", other: "invoices" },
};
