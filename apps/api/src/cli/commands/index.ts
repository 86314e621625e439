import type { Command } from "commander";
import { registerApplicationCommands } from "./applications";
import { registerBillingCommands } from "./billing";
import { registerCallCommands } from "./calls";
import { registerDatabaseCommands } from "./database";
import { registerInvoiceCommands } from "./invoices";
import { registerOrderCommands } from "./orders";
import { registerOutboxCommands } from "./outbox";
import { registerSeedCommand } from "./seed";
import { registerSeedCallsCommand } from "./seed-calls";
import { registerServeCommand } from "./serve";
import { registerSupportCommands } from "./support";
import { registerUserCommands } from "./users";
import { registerWebhookCommands } from "./webhooks";
export function registerCommands(program: Command) {
  registerServeCommand(program);
  registerDatabaseCommands(program);
  registerSeedCommand(program);
  registerApplicationCommands(program);
  registerUserCommands(program);
  registerOutboxCommands(program);
  registerCallCommands(program);
  registerSeedCallsCommand(program);
  registerBillingCommands(program);
  registerInvoiceCommands(program);
  registerWebhookCommands(program);
  registerOrderCommands(program);
  registerSupportCommands(program);
}
