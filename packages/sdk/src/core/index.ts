export * from "../errors";
export * from "../pagination";
export type { Auth, TokenAuth, Tokens } from "./auth";
export { listOf } from "./list";
export { type LogEntry, loggingFetch } from "./log";
export type { RetryPolicy } from "./retry";
export {
  type ApiPromise,
  type CallOptions,
  createTransport,
  type RequestOptions,
  type ResponseMeta,
  requestIdOf,
  SDK_VERSION,
  type Transport,
  type TransportOptions,
  type WithResponse,
} from "./transport";
