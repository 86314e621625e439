import { sql } from "drizzle-orm";
import { bigint, integer, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { destinationTypes } from "./tariffs";

export const callDirections = ["outgoing", "incoming"] as const;
export type CallDirection = (typeof callDirections)[number];

/**
 * Call detail records, partitioned by month of `started_at` (migration 0004; partitions are made
 * by `calls_ensure_partitions()`). Billing sums `cost` per account, period and destination type.
 */
export const calls = pgTable(
  "calls",
  {
    companyId: uuid("company_id").notNull(),
    id: bigint("id", { mode: "number" }).notNull().default(sql`nextval('calls_id_seq')`),
    accountId: uuid("account_id").notNull(),
    serviceId: uuid("service_id"),
    /** The switch's record id, or a hash of direction, numbers and start time. */
    recordKey: text("record_key").notNull(),
    startedAt: tstz("started_at").notNull(),
    durationSec: integer("duration_sec").notNull(),
    billableSec: integer("billable_sec").notNull().default(0),
    direction: text("direction", { enum: callDirections }).notNull(),
    caller: text("caller").notNull(),
    callee: text("callee").notNull(),
    destinationType: text("destination_type", { enum: destinationTypes }).notNull(),
    /** Kopecks net of VAT, rated at import; 0 for incoming calls. */
    cost: kopecks("cost").notNull().default(0),
    importedAt: tstz("imported_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.startedAt, t.id] }),
    unique("calls_company_id_started_at_record_key_key").on(t.companyId, t.startedAt, t.recordKey),
  ],
);
