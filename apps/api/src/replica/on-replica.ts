import type { Ctx } from "@lk/core";
import type { Context } from "hono";
import { ctxOf } from "../http/context";
import type { AppEnv } from "../http/env";

/**
 * Runs a read-only service on the read replica when the app has a fit one (else on the primary).
 * Only for services that write nothing and read nothing a money transaction depends on.
 */
export const onReplica = <T>(c: Context<AppEnv>, run: (ctx: Ctx) => Promise<T>): Promise<T> =>
  c.get("deps").replica.read(ctxOf(c), run);
