import type { Database } from "@lk/db";
import type { KeyStore } from "../auth/signing-keys";
import type { CoreConfig } from "../config";
import { unauthorized } from "../errors/index";
import type { Principal } from "./principal";

export type Lang = "ru" | "en";

/** Everything a service needs about the request. Services never read HTTP. */
export interface Ctx {
  db: Database;
  principal: Principal;
  config: CoreConfig;
  /** JWT signing keys (shared by all requests of one app). */
  keys: KeyStore;
  now: () => Date;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  lang: Lang;
}

export interface CompanyScope {
  companyId: string;
  /** null: every group; otherwise visible group ids (subgroups already expanded). */
  groupIds: string[] | null;
}

/** The company the principal acts for. Every company query filters by this. */
export function companyScope(ctx: Ctx): CompanyScope {
  const p = ctx.principal;
  if (p.type === "user") return { companyId: p.companyId, groupIds: p.groupIds };
  if (p.type === "api_key") return { companyId: p.companyId, groupIds: null };
  throw unauthorized();
}

/** Who to write into the audit log. */
export function actorOf(principal: Principal): { actorType: string; actorId: string | null } {
  switch (principal.type) {
    case "user":
      return { actorType: "user", actorId: principal.userId };
    case "api_key":
      return { actorType: "api_key", actorId: principal.keyId };
    case "operator":
      return { actorType: "operator", actorId: principal.name };
    case "partner":
      return { actorType: "partner", actorId: principal.partnerId };
    default:
      return { actorType: "anonymous", actorId: null };
  }
}
