import { type LogEntry, loggingFetch } from "./core/log";
import { createTransport, type Transport, type TransportOptions } from "./core/transport";
import { type AccountsResource, accounts } from "./resources/accounts";
import { type ApiKeysResource, apiKeys } from "./resources/api-keys";
import { type ApplicationsResource, applications } from "./resources/applications";
import { type AuditLogResource, auditLog } from "./resources/audit-log";
import { type AuthResource, auth } from "./resources/auth";
import { type AutopayRulesResource, autopayRules } from "./resources/autopay-rules";
import { type BalanceResource, balance } from "./resources/balance";
import { type BonusesResource, bonuses } from "./resources/bonuses";
import { type CallsResource, calls } from "./resources/calls";
import { type DemoResource, demo } from "./resources/demo";
import { type DocumentsResource, documents } from "./resources/documents";
import { type GroupsResource, groups } from "./resources/groups";
import { type InvoicesResource, invoices } from "./resources/invoices";
import { type NotificationsResource, notifications } from "./resources/notifications";
import { type OrdersResource, orders } from "./resources/orders";
import { type PaymentsResource, payments } from "./resources/payments";
import { type SavedCardsResource, savedCards } from "./resources/saved-cards";
import { type ServicesResource, services } from "./resources/services";
import { type SupportResource, support } from "./resources/support";
import { type TariffsResource, tariffs } from "./resources/tariffs";
import { type TrafficResource, traffic } from "./resources/traffic";
import { type TransfersResource, transfers } from "./resources/transfers";
import { type UnallocatedResource, unallocated } from "./resources/unallocated";
import { type UsersResource, users } from "./resources/users";
import { type WebhookEndpointsResource, webhookEndpoints } from "./resources/webhook-endpoints";
import { verifyWebhook } from "./webhooks";

export interface ClientOptions extends TransportOptions {
  /**
   * Called for every HTTP attempt with method, path, status, duration and request id (never the key,
   * a token, headers or bodies), e.g. `log: (e) => console.debug("lk", e)`.
   */
  log?: (entry: LogEntry) => void;
}

/**
 * Every resource over one transport. To ship less code, build only what you use instead:
 * `accounts(createTransport(options))` from `@lk/sdk/accounts` and `@lk/sdk/core`.
 */
export class LkClient {
  readonly transport: Transport;
  readonly auth: AuthResource;
  readonly users: UsersResource;
  readonly accounts: AccountsResource;
  readonly balance: BalanceResource;
  readonly groups: GroupsResource;
  readonly calls: CallsResource;
  readonly traffic: TrafficResource;
  readonly documents: DocumentsResource;
  readonly invoices: InvoicesResource;
  readonly payments: PaymentsResource;
  readonly transfers: TransfersResource;
  readonly autopayRules: AutopayRulesResource;
  readonly savedCards: SavedCardsResource;
  readonly bonuses: BonusesResource;
  readonly services: ServicesResource;
  readonly tariffs: TariffsResource;
  readonly orders: OrdersResource;
  readonly support: SupportResource;
  readonly notifications: NotificationsResource;
  readonly applications: ApplicationsResource;
  readonly apiKeys: ApiKeysResource;
  readonly webhookEndpoints: WebhookEndpointsResource;
  readonly auditLog: AuditLogResource;
  /** The demo server's test mailbox (`lk serve --demo` only). */
  readonly demo: DemoResource;
  readonly unallocated: UnallocatedResource;
  /** `lk.webhooks.verify(rawBody, headers, "whsec_…")` → the event, or throws WebhookVerificationError. */
  readonly webhooks = { verify: verifyWebhook };

  constructor(options: ClientOptions = {}) {
    const t = createTransport(
      options.log ? { ...options, fetch: loggingFetch(options.log, options.fetch) } : options,
    );
    this.transport = t;
    this.auth = auth(t);
    this.users = users(t);
    this.accounts = accounts(t);
    this.balance = balance(t);
    this.groups = groups(t);
    this.calls = calls(t);
    this.traffic = traffic(t);
    this.documents = documents(t);
    this.invoices = invoices(t);
    this.payments = payments(t);
    this.transfers = transfers(t);
    this.autopayRules = autopayRules(t);
    this.savedCards = savedCards(t);
    this.bonuses = bonuses(t);
    this.services = services(t);
    this.tariffs = tariffs(t);
    this.orders = orders(t);
    this.support = support(t);
    this.notifications = notifications(t);
    this.applications = applications(t);
    this.apiKeys = apiKeys(t);
    this.webhookEndpoints = webhookEndpoints(t);
    this.auditLog = auditLog(t);
    this.demo = demo(t);
    this.unallocated = unallocated(t);
  }
}

export const createClient = (options?: ClientOptions): LkClient => new LkClient(options);
