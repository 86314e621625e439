import { boolean, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";

export const serviceKinds = ["internet", "telephony", "tv", "vpn", "equipment_rent", "other"] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const destinationTypes = ["local", "long_distance", "international", "mobile"] as const;
export type DestinationType = (typeof destinationTypes)[number];
export type Rounding = "per_second" | "per_minute";

/** Prices are net of VAT, in kopecks. */
export const tariffs = pgTable("tariffs", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind", { enum: serviceKinds }).notNull(),
  monthlyFee: kopecks("monthly_fee").notNull().default(0),
  rounding: text("rounding", { enum: ["per_second", "per_minute"] })
    .notNull()
    .default("per_minute"),
  description: text("description"),
  active: boolean("active").notNull().default(true),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const tariffRates = pgTable(
  "tariff_rates",
  {
    tariffId: uuid("tariff_id")
      .notNull()
      .references(() => tariffs.id, { onDelete: "cascade" }),
    destinationType: text("destination_type", { enum: destinationTypes }).notNull(),
    perMinute: kopecks("per_minute").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tariffId, t.destinationType] })],
);
