import { AppError, notFound } from "../errors/index";

export const invalidApiKey = () =>
  new AppError(401, "invalid_api_key", {
    ru: "Неизвестный API-ключ",
    en: "Unknown API key",
  });

export const apiKeyRevoked = () =>
  new AppError(401, "api_key_revoked", {
    ru: "API-ключ отозван: создайте новый в личном кабинете",
    en: "This API key was revoked: create a new one in the cabinet",
  });

export const apiKeyNotFound = () => notFound({ ru: "API-ключ", en: "API key" }, "api_key_not_found");
