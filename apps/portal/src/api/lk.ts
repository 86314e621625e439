import { accounts } from "@lk/sdk/accounts";
import { apiKeys } from "@lk/sdk/api-keys";
import { auditLog } from "@lk/sdk/audit-log";
import { autopayRules } from "@lk/sdk/autopay-rules";
import { balance } from "@lk/sdk/balance";
import { bonuses } from "@lk/sdk/bonuses";
import { calls } from "@lk/sdk/calls";
import { documents } from "@lk/sdk/documents";
import { groups } from "@lk/sdk/groups";
import { invoices } from "@lk/sdk/invoices";
import { notifications } from "@lk/sdk/notifications";
import { orders } from "@lk/sdk/orders";
import { payments } from "@lk/sdk/payments";
import { savedCards } from "@lk/sdk/saved-cards";
import { services } from "@lk/sdk/services";
import { support } from "@lk/sdk/support";
import { tariffs } from "@lk/sdk/tariffs";
import { traffic } from "@lk/sdk/traffic";
import { transfers } from "@lk/sdk/transfers";
import { unallocated } from "@lk/sdk/unallocated";
import { users } from "@lk/sdk/users";
import { webhookEndpoints } from "@lk/sdk/webhook-endpoints";
import { transport } from "./client";

// The portal is the SDK's first user: every screen calls these typed resources (bodies and query
// filters typed from the API's OpenAPI document), never a path string, so a contract change breaks
// `pnpm typecheck`, not a screen at run time. This module is its own chunk, shared by the screens
// and kept out of the initial bundle (sign-in uses only `auth`).

export const lk = {
  accounts: accounts(transport),
  apiKeys: apiKeys(transport),
  auditLog: auditLog(transport),
  autopayRules: autopayRules(transport),
  balance: balance(transport),
  bonuses: bonuses(transport),
  calls: calls(transport),
  documents: documents(transport),
  groups: groups(transport),
  invoices: invoices(transport),
  notifications: notifications(transport),
  orders: orders(transport),
  payments: payments(transport),
  savedCards: savedCards(transport),
  services: services(transport),
  support: support(transport),
  tariffs: tariffs(transport),
  traffic: traffic(transport),
  transfers: transfers(transport),
  unallocated: unallocated(transport),
  users: users(transport),
  webhookEndpoints: webhookEndpoints(transport),
};
