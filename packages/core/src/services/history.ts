import { type Queryable, serviceTariffHistory } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";

/**
 * Records a service's new (tariff, status) from `at`: closes the open interval and, unless the
 * service is now disconnected (or pending), opens the next. Billing pro-rates over these rows.
 */
export async function recordServicePeriod(
  tx: Queryable,
  s: { companyId: string; serviceId: string; tariffId: string; status: string; orderId?: string | null },
  at: Date,
): Promise<void> {
  await tx
    .update(serviceTariffHistory)
    .set({ validTo: at })
    .where(and(eq(serviceTariffHistory.serviceId, s.serviceId), isNull(serviceTariffHistory.validTo)));
  if (s.status !== "active" && s.status !== "suspended") return;
  await tx.insert(serviceTariffHistory).values({
    companyId: s.companyId,
    serviceId: s.serviceId,
    tariffId: s.tariffId,
    status: s.status,
    validFrom: at,
    orderId: s.orderId ?? null,
    createdAt: at,
  });
}
