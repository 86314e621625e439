import { AppError, forbidden, notFound, unauthorized } from "../errors/index";

export const partnerNotFound = () => notFound({ ru: "Партнёр", en: "Partner" }, "partner_not_found");

export const invalidPublishableKey = () =>
  unauthorized({ ru: "Неизвестный ключ партнёра", en: "Unknown publishable key" }, "invalid_publishable_key");

export const invalidPartnerSecret = () =>
  unauthorized(
    { ru: "Неизвестный секретный ключ партнёра", en: "Unknown partner secret key" },
    "invalid_partner_secret",
  );

/** The publishable key works only from the partner's allowed origins (and only from browsers). */
export const originNotAllowed = () =>
  forbidden(
    {
      ru: "Этот ключ не разрешён для сайта, с которого пришёл запрос",
      en: "This publishable key is not allowed on this site (origin)",
    },
    "origin_not_allowed",
  );

export const partnerDisabled = () =>
  new AppError(403, "partner_disabled", {
    ru: "Приём платежей через этого партнёра отключён",
    en: "Payments through this partner are disabled",
  });
