import { accounts, services, type Tx, UNASSIGNED_COMPANY_ID } from "@lk/db";
import { asc, eq } from "drizzle-orm";
import { seedTariffCatalogue } from "./catalogue";
import { recordServicePeriod } from "./history";

/**
 * Demo extension: the tariff catalogue, services on every demo account (a city number on each,
 * internet on every second, equipment on some) and two unassigned accounts to try linking with.
 */
export async function seedDemoServices(tx: Tx, demo: { companyId: string; now: Date }): Promise<void> {
  const tariffIds = await seedTariffCatalogue(tx);
  const accs = await tx
    .select({ id: accounts.id, number: accounts.number, region: accounts.region })
    .from(accounts)
    .where(eq(accounts.companyId, demo.companyId))
    .orderBy(asc(accounts.number));
  const since = new Date(Date.UTC(demo.now.getUTCFullYear() - 1, 0, 15));
  const add = async (
    companyId: string,
    accountId: string,
    code: string,
    kind: (typeof services.$inferSelect)["kind"],
    identifier: string,
  ) => {
    const tariffId = tariffIds.get(code)!;
    const [s] = await tx
      .insert(services)
      .values({
        companyId,
        accountId,
        tariffId,
        kind,
        identifier,
        status: "active",
        connectedAt: since,
        createdAt: since,
      })
      .returning({ id: services.id });
    await recordServicePeriod(tx, { companyId, serviceId: s!.id, tariffId, status: "active" }, since);
  };
  for (const [i, a] of accs.entries()) {
    const city = a.region === "78" ? "812" : a.region === "16" ? "843" : "495";
    const phone = `+7${city}${String(5550000 + i).padStart(7, "0")}`;
    await add(demo.companyId, a.id, i % 3 === 0 ? "tel-second" : "tel-minute", "telephony", phone);
    if (i % 2 === 0)
      await add(
        demo.companyId,
        a.id,
        i % 4 === 0 ? "inet-300" : "inet-100",
        "internet",
        `romashka-${a.number.slice(-4)}`,
      );
    if (i % 5 === 0)
      await add(demo.companyId, a.id, "rent-router", "equipment_rent", `RT-${a.number.slice(-6)}`);
  }
  // Accounts in the operator's base that no company has linked yet: link them from the portal.
  const pool = await tx
    .insert(accounts)
    .values(
      ["779900000001", "779900000002"].map((number, i) => ({
        companyId: UNASSIGNED_COMPANY_ID,
        number,
        region: "77",
        contractNumber: `Д-90${i + 1}`,
        contactEmail: "buh@romashka.example",
        contactPhone: "+79161234567",
        createdAt: since,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: accounts.id, number: accounts.number });
  for (const [i, a] of pool.entries()) {
    await add(UNASSIGNED_COMPANY_ID, a.id, "tel-minute", "telephony", `+7495777000${i + 1}`);
  }
}
