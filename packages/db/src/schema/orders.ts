import { bigserial, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { tstz } from "./columns";
import { companies } from "./companies";
import { services } from "./services";
import { tariffs } from "./tariffs";
import { users } from "./users";

export const orderKinds = [
  "connect",
  "disconnect",
  "change_tariff",
  "suspend",
  "resume",
  "change_billing",
] as const;
export type OrderKind = (typeof orderKinds)[number];
export const orderStatuses = ["new", "in_progress", "done", "rejected", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** A customer's request (заявка) to change a service; the operator moves it to done or rejected. */
export const orders = pgTable("orders", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  serviceId: uuid("service_id").references(() => services.id),
  kind: text("kind", { enum: orderKinds }).notNull(),
  tariffId: uuid("tariff_id").references(() => tariffs.id),
  /** change_billing: the payment system the account should switch to. */
  billingSystem: text("billing_system", { enum: ["advance", "credit"] }),
  status: text("status", { enum: orderStatuses }).notNull().default("new"),
  comment: text("comment"),
  authorType: text("author_type").notNull(),
  authorId: text("author_id"),
  authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: tstz("created_at").notNull(),
  updatedAt: tstz("updated_at").notNull(),
  closedAt: tstz("closed_at"),
});

/** The status timeline of an order, oldest first. */
export const orderEvents = pgTable("order_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  orderId: uuid("order_id")
    .notNull()
    .references(() => orders.id, { onDelete: "cascade" }),
  status: text("status", { enum: orderStatuses }).notNull(),
  comment: text("comment"),
  actorType: text("actor_type").notNull(),
  actorId: text("actor_id"),
  createdAt: tstz("created_at").notNull(),
});
