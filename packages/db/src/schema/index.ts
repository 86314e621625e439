// One file per table (or per tightly bound pair); the SQL in ../../migrations is the source of truth
// for DDL (see docs/adr/0002-hand-written-sql-migrations.md), these mirror it for typed queries.
export * from "./account-groups";
export * from "./account-link-codes";
export * from "./accounts";
export * from "./applications";
export * from "./audit-log";
export * from "./companies";
export * from "./idempotency-keys";
export * from "./ledger-entries";
export * from "./orders";
export * from "./outbox-messages";
export * from "./refresh-tokens";
export * from "./service-tariff-history";
export * from "./services";
export * from "./signing-keys";
export * from "./support";
export * from "./tariffs";
export * from "./users";
export * from "./advance-charges";
export * from "./balance-notices";
export * from "./billing-runs";
export * from "./document-counters";
export * from "./document-recipients";
export * from "./invoices";
export * from "./payment-invoices";
export * from "./vat-rates";
