import { execFileSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, rows, services, tariffRates, tariffs } from "@lk/db";
import { sql } from "drizzle-orm";
import { KeyStore } from "../src/auth/index";
import { defaultCoreConfig } from "../src/config";
import type { Ctx } from "../src/context/index";
import type { TestCompany } from "../src/testing/fixtures";

// Real rows through the real schema for billing tests; only the clock is the test's.

export function operatorCtx(conn: Connection, now: () => Date): Ctx {
  return {
    db: conn.db,
    principal: { type: "operator", name: "test" },
    config: defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now,
    requestId: "test",
    ip: null,
    userAgent: null,
    lang: "ru",
  };
}

export function userCtx(
  conn: Connection,
  co: TestCompany,
  now: () => Date,
  groupIds: string[] | null = null,
): Ctx {
  return {
    ...operatorCtx(conn, now),
    principal: {
      type: "user",
      userId: co.admin.id,
      companyId: co.id,
      role: "admin",
      groupIds,
      passwordChangeOnly: false,
      sessionId: "s",
    },
  };
}

export async function makeTariff(
  conn: Connection,
  opts: {
    fee: number;
    rounding?: "per_second" | "per_minute";
    kind?: "telephony" | "equipment_rent" | "internet";
  },
) {
  const [t] = await conn.db
    .insert(tariffs)
    .values({
      code: `T-${randomInt(1e9)}`,
      name: opts.kind === "equipment_rent" ? "Роутер" : "Бизнес",
      kind: opts.kind ?? "telephony",
      monthlyFee: opts.fee,
      rounding: opts.rounding ?? "per_minute",
    })
    .returning();
  await conn.db.insert(tariffRates).values([
    { tariffId: t!.id, destinationType: "local", perMinute: 150 },
    { tariffId: t!.id, destinationType: "mobile", perMinute: 290 },
  ]);
  return t!;
}

export async function makeService(
  conn: Connection,
  o: {
    companyId: string;
    accountId: string;
    tariffId: string;
    connectedAt: Date;
    disconnectedAt?: Date;
    kind?: "telephony" | "equipment_rent" | "internet";
  },
) {
  const [s] = await conn.db
    .insert(services)
    .values({
      companyId: o.companyId,
      accountId: o.accountId,
      tariffId: o.tariffId,
      kind: o.kind ?? "telephony",
      identifier: `+7495${randomInt(1e6, 1e7)}`,
      status: o.disconnectedAt ? "disconnected" : "active",
      connectedAt: o.connectedAt,
      disconnectedAt: o.disconnectedAt ?? null,
    })
    .returning();
  return s!;
}

/** Call records as the import leaves them: cost already rated. */
export async function insertCall(
  conn: Connection,
  c: {
    companyId: string;
    accountId: string;
    startedAt: Date;
    durationSec: number;
    billableSec: number;
    cost: number;
    destination?: string;
  },
) {
  await rows(
    conn.db,
    sql`INSERT INTO calls (company_id, account_id, record_key, started_at, duration_sec, billable_sec, direction,
                           caller, callee, destination_type, cost)
        VALUES (${c.companyId}::uuid, ${c.accountId}::uuid, ${`r${randomInt(1e12)}`}, ${c.startedAt.toISOString()}::timestamptz,
                ${c.durationSec}, ${c.billableSec}, 'outgoing', '+74950000000', '+74951111111',
                ${c.destination ?? "local"}, ${c.cost})`,
  );
}

export async function sumEntries(conn: Connection, accountId: string) {
  const [r] = await rows<{ s: string | number; b: string | number }>(
    conn.db,
    sql`SELECT coalesce((SELECT sum(amount) FROM ledger_entries WHERE account_id = ${accountId}::uuid), 0)::bigint AS s,
               (SELECT balance FROM accounts WHERE id = ${accountId}::uuid) AS b`,
  );
  return { sum: Number(r!.s), balance: Number(r!.b) };
}

export { unzipSync } from "fflate";

const dir = mkdtempSync(join(tmpdir(), "lk-docs-"));
/** The text a reader (or a bank's OCR) gets out of a PDF, via poppler's pdftotext. */
export function pdfText(pdf: Buffer): string {
  const file = join(dir, `${randomInt(1e12)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}
