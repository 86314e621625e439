import { accounts, orderEvents, type orders, type Queryable, services } from "@lk/db";
import { asc, eq, inArray } from "drizzle-orm";

export type OrderRow = typeof orders.$inferSelect;

/** `serviceIdentifier`: the phone number or login, so a person can tell which service it is about. */
export function presentOrder(o: OrderRow, accountNumber: string, serviceIdentifier: string | null) {
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    account_id: o.accountId,
    account_number: accountNumber,
    service_id: o.serviceId,
    service_identifier: serviceIdentifier,
    tariff_id: o.tariffId,
    billing_system: o.billingSystem,
    comment: o.comment,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    closed_at: o.closedAt?.toISOString() ?? null,
  };
}

/** An order with its account number and status timeline (oldest first). */
export async function orderDetail(db: Queryable, o: OrderRow) {
  const [acc] = await db
    .select({ number: accounts.number })
    .from(accounts)
    .where(eq(accounts.id, o.accountId));
  const [svc] = o.serviceId
    ? await db.select({ identifier: services.identifier }).from(services).where(eq(services.id, o.serviceId))
    : [];
  const events = await db
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, o.id))
    .orderBy(asc(orderEvents.id));
  return {
    ...presentOrder(o, acc?.number ?? "", svc?.identifier ?? null),
    timeline: events.map((e) => ({
      status: e.status,
      comment: e.comment,
      actor: e.actorType === "operator" ? ("operator" as const) : ("customer" as const),
      at: e.createdAt.toISOString(),
    })),
  };
}

export async function accountNumbers(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: accounts.id, number: accounts.number })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(found.map((r) => [r.id, r.number]));
}
