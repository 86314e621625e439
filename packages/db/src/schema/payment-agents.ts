import { bigint, date, integer, pgTable, primaryKey, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { payments } from "./payments";

/** Payment agents (issue #15): Sberbank Online, terminals, aggregators. Mirrors 0016_payment_agents.sql. */
export const paymentAgents = pgTable("payment_agents", {
  id: uuid("id").primaryKey().defaultRandom(),
  login: text("login").notNull().unique(),
  name: text("name").notNull(),
  secretHash: varchar("secret_hash", { length: 64 }).notNull(),
  secretPrefix: text("secret_prefix").notNull(),
  allowedSources: text("allowed_sources").array().notNull().default([]),
  commissionBp: integer("commission_bp").notNull().default(0),
  timeoutMs: integer("timeout_ms").notNull().default(60000),
  status: text("status", { enum: ["active", "disabled"] })
    .notNull()
    .default("active"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});
export type PaymentAgentRow = typeof paymentAgents.$inferSelect;

export const agentPayments = pgTable(
  "agent_payments",
  {
    agentId: uuid("agent_id")
      .notNull()
      .references(() => paymentAgents.id),
    txnId: text("txn_id").notNull(),
    prvTxn: bigint("prv_txn", { mode: "number" }).generatedAlwaysAsIdentity().unique(),
    paymentId: uuid("payment_id").references(() => payments.id),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    amount: kopecks("amount").notNull(),
    commission: kopecks("commission").notNull().default(0),
    txnDate: tstz("txn_date").notNull(),
    origin: text("origin", { enum: ["gateway", "registry"] })
      .notNull()
      .default("gateway"),
    status: text("status", { enum: ["paid", "reversed"] })
      .notNull()
      .default("paid"),
    reversedAt: tstz("reversed_at"),
    createdAt: tstz("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.txnId] })],
);
export type AgentPaymentRow = typeof agentPayments.$inferSelect;

export const agentRegistries = pgTable(
  "agent_registries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => paymentAgents.id),
    registryDate: date("registry_date").notNull(),
    fileSha256: varchar("file_sha256", { length: 64 }).notNull(),
    fileName: text("file_name"),
    lineCount: integer("line_count").notNull(),
    total: kopecks("total").notNull(),
    uploadedAt: tstz("uploaded_at").notNull(),
  },
  (t) => [unique().on(t.agentId, t.fileSha256)],
);
export type AgentRegistryRow = typeof agentRegistries.$inferSelect;

export const agentRegistryLines = pgTable(
  "agent_registry_lines",
  {
    registryId: uuid("registry_id")
      .notNull()
      .references(() => agentRegistries.id),
    lineNo: integer("line_no").notNull(),
    txnId: text("txn_id").notNull(),
    txnDate: tstz("txn_date").notNull(),
    accountNumber: text("account_number").notNull(),
    amount: kopecks("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.registryId, t.lineNo] }), unique().on(t.registryId, t.txnId)],
);

export const agentReconciliations = pgTable(
  "agent_reconciliations",
  {
    agentId: uuid("agent_id")
      .notNull()
      .references(() => paymentAgents.id),
    txnId: text("txn_id").notNull(),
    registryId: uuid("registry_id")
      .notNull()
      .references(() => agentRegistries.id),
    action: text("action", { enum: ["accept", "reverse"] }).notNull(),
    amount: kopecks("amount").notNull(),
    paymentId: uuid("payment_id").references(() => payments.id),
    resolvedBy: text("resolved_by"),
    createdAt: tstz("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.txnId] })],
);
