import { type CashRegisterProvider, createAtolCashRegister } from "@lk/core";
import type { AppConfig } from "./config";

/** The cloud cash register the configuration names (CASH_REGISTER_*), for the server and the CLI alike. */
export const cashRegisterOf = (config: AppConfig): CashRegisterProvider =>
  createAtolCashRegister({
    baseUrl: config.cashRegister.url,
    login: config.cashRegister.login,
    password: config.cashRegister.password,
    groupCode: config.cashRegister.groupCode,
    timeoutMs: config.cashRegister.timeoutMs,
    timeZone: config.core.timeZone,
  });
