import { conflict, invalidField, notFound } from "../errors/index";

export const unassignedAccountNotFound = () =>
  notFound(
    { ru: "Лицевой счёт с таким номером в этом регионе", en: "An account with this number in this region" },
    "account_not_found",
  );
export const phoneAccountNotFound = () =>
  notFound(
    {
      ru: "Лицевой счёт с услугой на этом номере телефона",
      en: "An account with a service on this phone number",
    },
    "account_not_found",
  );
export const alreadyLinked = () =>
  conflict(
    { ru: "Этот лицевой счёт уже в вашей компании", en: "This account is already in your company" },
    "already_linked",
  );
export const noContact = () =>
  conflict(
    {
      ru: "У лицевого счёта нет контакта для кода подтверждения. Обратитесь в поддержку",
      en: "The account has no contact to send a confirmation code to. Contact support",
    },
    "no_contact",
  );
export const linkNotFound = () =>
  notFound({ ru: "Запрос на привязку", en: "Link request" }, "link_not_found");
export const codeExpired = () =>
  invalidField("code", "code_expired", {
    ru: "Код устарел или попытки исчерпаны. Запросите новый код",
    en: "The code has expired or no tries are left. Request a new code",
  });
export const wrongCode = (left: number) =>
  invalidField("code", "invalid_code", {
    ru:
      left > 0
        ? `Неверный код. Осталось попыток: ${left}`
        : "Неверный код. Попытки исчерпаны, запросите новый код",
    en: left > 0 ? `Wrong code. Tries left: ${left}` : "Wrong code. No tries left, request a new code",
  });
