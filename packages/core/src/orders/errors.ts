import type { OrderStatus } from "@lk/db";
import { conflict, invalidField, notFound } from "../errors/index";
import { ORDER_STATUS } from "./labels";

export const orderNotFound = () => notFound({ ru: "Заявка", en: "Order" }, "order_not_found");
export const orderPending = () =>
  conflict(
    { ru: "По этой услуге уже есть незавершённая заявка", en: "This service already has an open order" },
    "order_pending",
  );
export const billingSwitchPending = () =>
  conflict(
    {
      ru: "По этому счёту уже есть незавершённая заявка на смену системы расчётов",
      en: "This account already has an open request to change its payment system",
    },
    "order_pending",
  );
/** The statuses in words, in the reader's language (never `in_progress`). */
export const badTransition = (from: OrderStatus, to: OrderStatus) =>
  conflict(
    {
      ru: `Заявку в статусе «${ORDER_STATUS[from].ru}» нельзя перевести в статус «${ORDER_STATUS[to].ru}»`,
      en: `An order that is ${ORDER_STATUS[from].en} cannot become ${ORDER_STATUS[to].en}`,
    },
    "invalid_transition",
  );
/** The customer's cancel came too late: the status it has now, in words. */
export const notCancellable = (now: OrderStatus) =>
  conflict(
    {
      ru: `Заявку нельзя отменить: она уже ${ORDER_STATUS[now].ru}`,
      en: `The order can no longer be cancelled: it is already ${ORDER_STATUS[now].en}`,
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
