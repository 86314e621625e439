import { randomInt } from "node:crypto";
import {
  accounts,
  type Connection,
  type ServiceKind,
  services,
  tariffRates,
  tariffs,
  UNASSIGNED_COMPANY_ID,
} from "@lk/db";
import { recordServicePeriod } from "../services/history";

// Builders for services, tariffs and unassigned accounts: real rows, unique codes per call.

export async function makeTariff(
  conn: Connection,
  opts: {
    kind?: ServiceKind;
    monthlyFee?: number;
    rates?: { local?: number; mobile?: number };
    active?: boolean;
  } = {},
) {
  const kind = opts.kind ?? "telephony";
  const [t] = await conn.db
    .insert(tariffs)
    .values({
      code: `t-${kind}-${randomInt(1e9)}`,
      name: `Тариф ${kind}`,
      kind,
      monthlyFee: opts.monthlyFee ?? 50000,
      active: opts.active ?? true,
    })
    .returning();
  const rates = Object.entries(opts.rates ?? {}).map(([d, v]) => ({
    tariffId: t!.id,
    destinationType: d as "local" | "mobile",
    perMinute: v,
  }));
  if (rates.length) await conn.db.insert(tariffRates).values(rates);
  return t!;
}

export async function makeService(
  conn: Connection,
  opts: {
    companyId: string;
    accountId: string;
    tariffId: string;
    kind?: ServiceKind;
    identifier?: string;
    status?: "pending" | "active" | "suspended" | "disconnected";
    connectedAt?: Date;
  },
) {
  const at = opts.connectedAt ?? new Date();
  const status = opts.status ?? "active";
  const [s] = await conn.db
    .insert(services)
    .values({
      companyId: opts.companyId,
      accountId: opts.accountId,
      tariffId: opts.tariffId,
      kind: opts.kind ?? "telephony",
      identifier: opts.identifier ?? `+7495${String(randomInt(1e7)).padStart(7, "0")}`,
      status,
      connectedAt: status === "pending" ? null : at,
      createdAt: at,
    })
    .returning();
  await recordServicePeriod(
    conn.db,
    { companyId: opts.companyId, serviceId: s!.id, tariffId: opts.tariffId, status },
    at,
  );
  return s!;
}

/** An account in the operator's base that no company has linked yet. */
export async function makeUnassignedAccount(
  conn: Connection,
  opts: { region?: string; contactEmail?: string | null; contactPhone?: string | null } = {},
) {
  const [a] = await conn.db
    .insert(accounts)
    .values({
      companyId: UNASSIGNED_COMPANY_ID,
      number: `55${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`,
      region: opts.region ?? "77",
      contactEmail: opts.contactEmail === undefined ? "holder@example.test" : opts.contactEmail,
      contactPhone: opts.contactPhone ?? null,
    })
    .returning();
  return a!;
}
