import { conflict, invalidField, notFound } from "../errors/index";

export const orderNotFound = () => notFound({ ru: "Заявка", en: "Order" }, "order_not_found");
export const orderPending = () =>
  conflict(
    { ru: "По этой услуге уже есть незавершённая заявка", en: "This service already has an open order" },
    "order_pending",
  );
export const badTransition = (from: string, to: string) =>
  conflict(
    {
      ru: `Заявку в статусе «${from}» нельзя перевести в «${to}»`,
      en: `An order in status ${from} cannot become ${to}`,
    },
    "invalid_transition",
  );
export const serviceState = (msg: { ru: string; en: string }) => conflict(msg, "invalid_service_state");
export const required = (field: string) =>
  invalidField(field, "required", {
    ru: "Обязательное поле для этого вида заявки",
    en: "Required for this kind of order",
  });
export const unknownTariff = () =>
  invalidField("tariff_id", "unknown_tariff", {
    ru: "Нет такого действующего тарифа",
    en: "No such active tariff",
  });
