import { AppError, notFound } from "../errors/index";

export const agentNotFound = () =>
  notFound({ ru: "Платёжный агент", en: "Payment agent" }, "agent_not_found");

export const registryNotFound = () =>
  notFound({ ru: "Реестр агента", en: "Agent registry" }, "agent_registry_not_found");

export const agentLoginTaken = () =>
  new AppError(409, "agent_login_taken", {
    ru: "Агент с таким логином уже есть",
    en: "An agent with this login already exists",
  });

export const discrepancyNotFound = () =>
  new AppError(409, "agent_discrepancy_not_found", {
    ru: "Такого расхождения в реестре нет (или оно уже разрешено)",
    en: "The registry has no such discrepancy (or it is already resolved)",
  });
