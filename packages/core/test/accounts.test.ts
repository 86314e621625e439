import { accounts, type Connection, services, tariffs } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  seedDemoServices,
  seedTariffCatalogue,
  TARIFF_CATALOGUE,
  visibleAccountsCondition,
} from "../src/index";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";

let conn: Connection;
let co: TestCompany;
beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn);
});
afterAll(() => conn.close());

const visible = async (groupIds: string[] | null) =>
  (
    await conn.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(visibleAccountsCondition({ companyId: co.id, groupIds }))
  )
    .map((r) => r.id)
    .sort();

describe("visibleAccountsCondition", () => {
  it("every group for an unrestricted scope, only the listed groups otherwise, nothing for none", async () => {
    expect(await visible(null)).toEqual(co.accounts.map((a) => a.id).sort());
    const kazan = co.groups[2]!.id;
    expect(await visible([kazan])).toEqual(
      co.accounts
        .filter((a) => a.groupId === kazan)
        .map((a) => a.id)
        .sort(),
    );
    expect(await visible([])).toEqual([]);
  });
});

describe("tariff catalogue and demo services", () => {
  it("seeds the catalogue idempotently and gives every account a phone number", async () => {
    await conn.db.transaction(async (tx) => {
      await seedTariffCatalogue(tx);
      await seedTariffCatalogue(tx);
    });
    const codes = TARIFF_CATALOGUE.map((t) => t.code);
    const found = await conn.db.select().from(tariffs).where(inArray(tariffs.code, codes));
    expect(found).toHaveLength(codes.length);
    expect(new Set(found.map((t) => t.kind))).toEqual(
      new Set(["internet", "telephony", "tv", "vpn", "equipment_rent", "other"]),
    );
    await conn.db.transaction((tx) => seedDemoServices(tx, { companyId: co.id, now: new Date() }));
    const phones = await conn.db
      .select()
      .from(services)
      .where(and(eq(services.companyId, co.id), eq(services.kind, "telephony")));
    expect(phones).toHaveLength(co.accounts.length);
    expect(phones.every((s) => /^\+7\d{10}$/.test(s.identifier))).toBe(true);
  });
});
