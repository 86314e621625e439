import { randomInt } from "node:crypto";
import { type Connection, services, tariffRates, tariffs } from "@lk/db";
import { KeyStore } from "../src/auth/index";
import { defaultCoreConfig } from "../src/config";
import type { Ctx } from "../src/context/index";
import type { TestCompany } from "../src/testing/fixtures";

// Real rows for call tests: a per-minute telephony tariff and one numbered line per account.

export const RATES = { local: 150, long_distance: 350, mobile: 250, international: 2500 };

export function operatorCtx(conn: Connection, now: () => Date = () => new Date()): Ctx {
  return {
    db: conn.db,
    principal: { type: "operator", name: "test" },
    config: defaultCoreConfig,
    keys: new KeyStore(conn.db),
    now,
    requestId: "test",
    ip: null,
    userAgent: null,
    lang: "en",
  };
}

export function userCtx(
  conn: Connection,
  co: TestCompany,
  groupIds: string[] | null = null,
  now?: () => Date,
): Ctx {
  return {
    ...operatorCtx(conn, now),
    principal: {
      type: "user",
      userId: co.viewer.id,
      companyId: co.id,
      role: "viewer",
      groupIds,
      passwordChangeOnly: false,
      sessionId: "s",
    },
  };
}

/** A telephony line on each account of the company; returns the numbers in account order. */
export async function addPhoneLines(
  conn: Connection,
  co: TestCompany,
  rounding: "per_minute" | "per_second" = "per_minute",
) {
  const [t] = await conn.db
    .insert(tariffs)
    .values({ code: `tel-${randomInt(1e9)}`, name: "Телефония", kind: "telephony", rounding })
    .returning({ id: tariffs.id });
  await conn.db.insert(tariffRates).values(
    Object.entries(RATES).map(([destinationType, perMinute]) => ({
      tariffId: t!.id,
      destinationType: destinationType as keyof typeof RATES,
      perMinute,
    })),
  );
  const lines: { number: string; accountId: string; groupId: string | null; serviceId: string }[] = [];
  for (const a of co.accounts) {
    const number = `+7495${randomInt(1_000_000, 9_999_999)}`;
    const [s] = await conn.db
      .insert(services)
      .values({
        companyId: co.id,
        accountId: a.id,
        tariffId: t!.id,
        kind: "telephony",
        identifier: number,
        status: "active",
        connectedAt: new Date("2020-01-01T00:00:00Z"),
      })
      .returning({ id: services.id });
    lines.push({ number, accountId: a.id, groupId: a.groupId, serviceId: s!.id });
  }
  return lines;
}

/** A CSV body from rows of fields (header first). */
export const csv = (rows: (string | number)[][], sep = ";") => `${rows.map((r) => r.join(sep)).join("\n")}\n`;
export async function* chunks(text: string, size = 64) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
