import type { Tx } from "@lk/db";
import { seedDemoBilling } from "../billing/demo";
import { seedDemoCalls } from "../calls/demo";
import { seedDemoPartner } from "../partners/demo";
import { seedDemoServices } from "../services/demo";

/**
 * Each feature that wants demo data (tariffs and services, calls, invoices, …) adds one function
 * here; seedDemo runs them in order inside its transaction, after groups and accounts exist.
 */
export type DemoExtension = (tx: Tx, demo: { companyId: string; now: Date }) => Promise<void>;

export const demoExtensions: DemoExtension[] = [seedDemoServices, seedDemoCalls, seedDemoBilling];
demoExtensions.push(seedDemoPartner); // issue #7: pk_test_demo_partner for docs/examples/partner-site
