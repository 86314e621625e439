export * from "../errors";
export * from "../pagination";
export type { Auth, TokenAuth, Tokens } from "./auth";
export { listOf } from "./list";
export type { RetryPolicy } from "./retry";
export {
  type CallOptions,
  createTransport,
  type RequestOptions,
  SDK_VERSION,
  type Transport,
  type TransportOptions,
} from "./transport";
