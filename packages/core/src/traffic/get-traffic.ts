import { accounts, services, trafficDaily } from "@lk/db";
import { and, asc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { shiftPeriod } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { notFound } from "../errors/index";
import { localMonth } from "../time/index";

export interface TrafficInput {
  period?: string | undefined;
  service_id?: string | undefined;
  account_id?: string | undefined;
}

const sumIn = sql<string>`coalesce(sum(${trafficDaily.bytesIn}), 0)`;
const sumOut = sql<string>`coalesce(sum(${trafficDaily.bytesOut}), 0)`;
const bytes = (r: { bytesIn: unknown; bytesOut: unknown }) => ({
  bytes_in: Number(r.bytesIn),
  bytes_out: Number(r.bytesOut),
});

/**
 * Internet traffic of the period (a month in the operator's time zone, default the current one;
 * traffic_daily's days are the operator's local days) per service and per day,
 * with totals, for the accounts the caller may see.
 */
export async function getTraffic({ ctx, input }: { ctx: Ctx; input: TrafficInput }) {
  requirePermission(ctx, "calls:read");
  const scope = companyScope(ctx);
  const period = input.period ?? localMonth(ctx.now(), ctx.config.timeZone);
  const from = `${period}-01`;
  const to = `${shiftPeriod(period, 1)}-01`;

  const conds: (SQL | undefined)[] = [
    eq(trafficDaily.companyId, scope.companyId),
    visibleAccountsCondition(scope),
    gte(trafficDaily.day, from),
    lt(trafficDaily.day, to),
  ];
  if (input.account_id) {
    const [a] = await ctx.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(visibleAccountsCondition(scope), eq(accounts.id, input.account_id)));
    if (!a) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
    conds.push(eq(trafficDaily.accountId, a.id));
  }
  if (input.service_id) {
    const [s] = await ctx.db
      .select({ id: services.id })
      .from(services)
      .innerJoin(accounts, eq(accounts.id, services.accountId))
      .where(
        and(
          visibleAccountsCondition(scope),
          eq(services.companyId, scope.companyId),
          eq(services.id, input.service_id),
        ),
      );
    if (!s) throw notFound({ ru: "Услуга", en: "Service" }, "service_not_found");
    conds.push(eq(trafficDaily.serviceId, s.id));
  }
  const where = and(...conds);

  const perService = await ctx.db
    .select({
      serviceId: trafficDaily.serviceId,
      identifier: services.identifier,
      accountId: trafficDaily.accountId,
      accountNumber: accounts.number,
      bytesIn: sumIn,
      bytesOut: sumOut,
    })
    .from(trafficDaily)
    .innerJoin(accounts, eq(accounts.id, trafficDaily.accountId))
    .innerJoin(services, eq(services.id, trafficDaily.serviceId))
    .where(where)
    .groupBy(trafficDaily.serviceId, services.identifier, trafficDaily.accountId, accounts.number)
    .orderBy(asc(services.identifier));
  const perDay = await ctx.db
    .select({ day: trafficDaily.day, bytesIn: sumIn, bytesOut: sumOut })
    .from(trafficDaily)
    .innerJoin(accounts, eq(accounts.id, trafficDaily.accountId))
    .where(where)
    .groupBy(trafficDaily.day)
    .orderBy(asc(trafficDaily.day));

  const services_ = perService.map((r) => ({
    service_id: r.serviceId,
    identifier: r.identifier,
    account_id: r.accountId,
    account_number: r.accountNumber,
    ...bytes(r),
  }));
  return {
    period,
    totals: services_.reduce(
      (t, s) => ({ bytes_in: t.bytes_in + s.bytes_in, bytes_out: t.bytes_out + s.bytes_out }),
      { bytes_in: 0, bytes_out: 0 },
    ),
    services: services_,
    days: perDay.map((r) => ({ day: String(r.day), ...bytes(r) })),
  };
}
