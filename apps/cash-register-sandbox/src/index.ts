export {
  type CashRegisterApp,
  type CashRegisterControls,
  type CashRegisterSandboxOptions,
  createCashRegisterApp,
  type DownMode,
  type ReceivedReceipt,
} from "./app";
export { atolTime, FiscalDrive } from "./fiscal";
export { type RunningCashRegister, startCashRegisterServer } from "./server";
export { validateReceipt } from "./validate";
