import { bigint, date, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { companies } from "./companies";
import { services } from "./services";

/** Internet traffic per service and UTC day (migration 0004). */
export const trafficDaily = pgTable(
  "traffic_daily",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    day: date("day", { mode: "string" }).notNull(),
    bytesIn: bigint("bytes_in", { mode: "number" }).notNull().default(0),
    bytesOut: bigint("bytes_out", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.serviceId, t.day] })],
);
