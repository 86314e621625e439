import type { AcquirerProvider, CoreConfig, Ctx, KeyStore, Lang, Principal } from "@lk/core";
import type { Connection } from "@lk/db";
import type { AppConfig } from "../config";
import type { Logger } from "./logger";

/** What one running app shares across requests. */
export interface AppDeps {
  conn: Connection;
  config: AppConfig;
  core: CoreConfig;
  keys: KeyStore;
  logger: Logger;
  now: () => Date;
  acquirer?: AcquirerProvider;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Lang;
    principal: Principal;
    ctx: Ctx;
  };
}
