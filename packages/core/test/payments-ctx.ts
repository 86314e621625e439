// Service contexts for the payment tests: a real database, a clock the test moves.
import type { Connection } from "@lk/db";
import { KeyStore } from "../src/auth/signing-keys";
import { defaultCoreConfig } from "../src/config";
import type { Ctx, Principal } from "../src/context/index";
import type { TestCompany } from "../src/testing/fixtures";

export function clock(start: Date) {
  let t = start.getTime();
  return Object.assign(() => new Date(t), {
    set: (d: Date) => {
      t = d.getTime();
    },
  });
}

export function ctxFor(conn: Connection, principal: Principal, now: () => Date): Ctx {
  return {
    db: conn.db,
    principal,
    config: defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now,
    requestId: "test",
    ip: null,
    userAgent: null,
    lang: "en",
  };
}

export const userOf = (
  co: TestCompany,
  role: "admin" | "accountant" | "viewer" = "accountant",
): Principal => ({
  type: "user",
  userId: co[role].id,
  companyId: co.id,
  role,
  groupIds: null,
  passwordChangeOnly: false,
  sessionId: "s",
});
export const operator: Principal = { type: "operator", name: "test" };
