import type {
  AcquirerProvider,
  CashRegisterProvider,
  CoreConfig,
  Ctx,
  KeyStore,
  Lang,
  Principal,
  SessionCheckCache,
  SessionRow,
} from "@lk/core";
import type { Connection } from "@lk/db";
import type { AppConfig } from "../config";
import type { Metrics } from "../observability/metrics";
import type { BackgroundTasks } from "../observability/shutdown";
import type { ReadReplica } from "../replica/read-replica";
import type { Logger } from "./logger";

/** What one running app shares across requests. */
export interface AppDeps {
  conn: Connection;
  config: AppConfig;
  core: CoreConfig;
  keys: KeyStore;
  /** Access-token session checks reused for a moment (ADR 0066). */
  sessions: SessionCheckCache<SessionRow>;
  logger: Logger;
  now: () => Date;
  acquirer?: AcquirerProvider;
  /** Prometheus series of this app (docs/operations.md, "Metrics"). */
  metrics: Metrics;
  /** False once the process is shutting down: /readyz answers 503 so a load balancer drains it. */
  ready: { value: boolean };
  /** Work a request started and left running (billing runs); shutdown waits for it. */
  background: BackgroundTasks;
  /** Heavy read-only queries go to the streaming replica when one is configured and fit. */
  replica: ReadReplica;
  /** The cloud cash register the `receipts` job registers fiscal receipts with. */
  cashRegister?: CashRegisterProvider;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /** The request span's trace id, while tracing is on (docs/operations.md, "Traces"). */
    traceId?: string;
    lang: Lang;
    principal: Principal;
    ctx: Ctx;
  };
}
