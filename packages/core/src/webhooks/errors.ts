import { conflict, notFound } from "../errors/index";

export const endpointNotFound = () =>
  notFound({ ru: "Адрес для вебхуков", en: "Webhook endpoint" }, "webhook_endpoint_not_found");

export const deliveryNotFound = () =>
  notFound({ ru: "Доставка вебхука", en: "Webhook delivery" }, "webhook_delivery_not_found");

export const endpointDisabled = () =>
  conflict(
    {
      ru: "Адрес отключён: включите его (status: active), затем повторите",
      en: "The endpoint is disabled: enable it (status: active) and try again",
    },
    "webhook_endpoint_disabled",
  );
