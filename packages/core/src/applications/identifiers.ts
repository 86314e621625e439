import type { FieldError } from "../errors/index";

// Each identifier's own check digits are verified by the API schema (@lk/contracts validators);
// here the ones that depend on each other: an organisation (10-digit ИНН) has a 13-digit ОГРН and a
// КПП, an individual entrepreneur (12-digit ИНН) a 15-digit ОГРНИП and no КПП.

export function checkIdentifiers(input: {
  inn: string;
  kpp?: string | undefined;
  ogrn?: string | undefined;
}) {
  const errors: FieldError[] = [];
  const entrepreneur = input.inn.length === 12;
  if (entrepreneur && input.kpp) {
    errors.push({
      field: "kpp",
      code: "kpp_not_for_entrepreneur",
      message: {
        ru: "У индивидуального предпринимателя (ИНН из 12 цифр) нет КПП",
        en: "An individual entrepreneur (12-digit INN) has no KPP",
      },
    });
  }
  if (input.ogrn && entrepreneur && input.ogrn.length !== 15) {
    errors.push({
      field: "ogrn",
      code: "ogrnip_expected",
      message: {
        ru: "Для ИНН из 12 цифр укажите ОГРНИП — 15 цифр",
        en: "For a 12-digit INN give the OGRNIP — 15 digits",
      },
    });
  }
  if (input.ogrn && !entrepreneur && input.ogrn.length !== 13) {
    errors.push({
      field: "ogrn",
      code: "ogrn_expected",
      message: {
        ru: "Для ИНН организации (10 цифр) укажите ОГРН — 13 цифр",
        en: "For an organisation's 10-digit INN give the OGRN — 13 digits",
      },
    });
  }
  return errors;
}
