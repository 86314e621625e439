import { DEMO_USERS, seedDemo } from "@lk/core";
import type { Connection } from "@lk/db";
import type { AppConfig } from "../../config";

/** Seeds the demo company once (an existing one is left as it is) and says what it has. */
export async function ensureDemo(conn: Connection, config: AppConfig) {
  return seedDemo(conn, { scryptN: config.core.auth.scryptN, now: new Date() });
}

export function printDemo(result: Awaited<ReturnType<typeof ensureDemo>>, config: AppConfig) {
  const url = config.core.publicUrl;
  const lines = [
    "",
    "  LK Business — demo",
    `  API:            ${url}   (reference: ${url}/docs)`,
    `  Operator key:   ${config.operatorKey}${config.generatedOperatorKey ? "   (generated for this run; set LK_OPERATOR_KEY to fix it)" : ""}`,
    `  Demo company:   ${result.companyName} (ИНН ${result.inn}), ${result.accounts} personal accounts${result.created ? "" : " — already seeded"}`,
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(14)}  login ${u.login.padEnd(16)} password ${u.password}`),
    "  (demo passwords only — see README.md, section Demo)",
    "",
  ];
  console.log(lines.join("\n"));
}
