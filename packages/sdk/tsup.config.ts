import { defineConfig } from "tsup";

/** One entry per public subpath (mirrored by package.json "exports"), so a bundler pulls only what is imported. */
export const entries = {
  index: "src/index.ts",
  core: "src/core/index.ts",
  webhooks: "src/webhooks.ts",
  download: "src/download.ts",
  node: "src/node.ts",
  auth: "src/resources/auth.ts",
  balance: "src/resources/balance.ts",
  users: "src/resources/users.ts",
  accounts: "src/resources/accounts.ts",
  groups: "src/resources/groups.ts",
  calls: "src/resources/calls.ts",
  traffic: "src/resources/traffic.ts",
  documents: "src/resources/documents.ts",
  invoices: "src/resources/invoices.ts",
  payments: "src/resources/payments.ts",
  transfers: "src/resources/transfers.ts",
  "autopay-rules": "src/resources/autopay-rules.ts",
  "saved-cards": "src/resources/saved-cards.ts",
  bonuses: "src/resources/bonuses.ts",
  services: "src/resources/services.ts",
  tariffs: "src/resources/tariffs.ts",
  orders: "src/resources/orders.ts",
  support: "src/resources/support.ts",
  notifications: "src/resources/notifications.ts",
  applications: "src/resources/applications.ts",
  "api-keys": "src/resources/api-keys.ts",
  "webhook-endpoints": "src/resources/webhook-endpoints.ts",
  "audit-log": "src/resources/audit-log.ts",
  demo: "src/resources/demo.ts",
  unallocated: "src/resources/unallocated.ts",
};

export default defineConfig({
  entry: entries,
  format: ["esm", "cjs"],
  dts: true,
  // Shared chunks in both formats: one LkError class per process, so `instanceof` works across subpaths.
  splitting: true,
  treeshake: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  // node.ts is the only file that imports node:*; it is never reached from the browser entries.
  external: [/^node:/],
  sourcemap: false,
});
