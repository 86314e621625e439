import { createTransport, type Transport, type TransportOptions } from "./core/transport";
import { type AccountsResource, accounts } from "./resources/accounts";
import { type ApiKeysResource, apiKeys } from "./resources/api-keys";
import { type AuthResource, auth } from "./resources/auth";
import { type CallsResource, calls } from "./resources/calls";
import { type DocumentsResource, documents } from "./resources/documents";
import { type GroupsResource, groups } from "./resources/groups";
import { type InvoicesResource, invoices } from "./resources/invoices";
import { type PaymentsResource, payments } from "./resources/payments";
import { type UsersResource, users } from "./resources/users";
import { type WebhookEndpointsResource, webhookEndpoints } from "./resources/webhook-endpoints";
import { verifyWebhook } from "./webhooks";

/**
 * Every resource over one transport. To ship less code, build only what you use instead:
 * `accounts(createTransport(options))` from `@lk/sdk/accounts` and `@lk/sdk/core`.
 */
export class LkClient {
  readonly transport: Transport;
  readonly auth: AuthResource;
  readonly users: UsersResource;
  readonly accounts: AccountsResource;
  readonly groups: GroupsResource;
  readonly calls: CallsResource;
  readonly documents: DocumentsResource;
  readonly invoices: InvoicesResource;
  readonly payments: PaymentsResource;
  readonly apiKeys: ApiKeysResource;
  readonly webhookEndpoints: WebhookEndpointsResource;
  /** `lk.webhooks.verify(rawBody, headers, "whsec_…")` → the event, or throws WebhookVerificationError. */
  readonly webhooks = { verify: verifyWebhook };

  constructor(options: TransportOptions = {}) {
    const t = createTransport(options);
    this.transport = t;
    this.auth = auth(t);
    this.users = users(t);
    this.accounts = accounts(t);
    this.groups = groups(t);
    this.calls = calls(t);
    this.documents = documents(t);
    this.invoices = invoices(t);
    this.payments = payments(t);
    this.apiKeys = apiKeys(t);
    this.webhookEndpoints = webhookEndpoints(t);
  }
}

export const createClient = (options?: TransportOptions): LkClient => new LkClient(options);
