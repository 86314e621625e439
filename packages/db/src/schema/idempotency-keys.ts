import { integer, jsonb, pgTable, primaryKey, text, varchar } from "drizzle-orm/pg-core";
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
    responseBody: jsonb("response_body"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
