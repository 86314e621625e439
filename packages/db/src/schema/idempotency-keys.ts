import { integer, json, pgTable, primaryKey, text, varchar } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: varchar("request_hash", { length: 64 }).notNull(),
    status: text("status", { enum: ["in_progress", "done"] })
      .notNull()
      .default("in_progress"),
    responseStatus: integer("response_status"),
    /** `json`, not `jsonb`: the answer's text as rendered, so a replay is byte for byte the same. */
    responseBody: json("response_body"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    /** An in-progress claim's lease: past it, the owner is presumed dead (migration 0021). */
    leaseUntil: tstz("lease_until"),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
