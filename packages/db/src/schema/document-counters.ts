import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** Gap-free numbering: one row per kind and year, locked FOR UPDATE by whoever takes a number. */
export const documentCounters = pgTable(
  "document_counters",
  {
    kind: text("kind", { enum: ["invoice", "payment_invoice"] }).notNull(),
    year: integer("year").notNull(),
    lastNumber: integer("last_number").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);
