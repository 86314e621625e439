import { partners, type Tx } from "@lk/db";
import { newWebhookSecret } from "../webhooks/secret";
import { generatePartnerSecret } from "./keys";

export const DEMO_PUBLISHABLE_KEY = "pk_test_demo_partner";
export const DEMO_PARTNER_ORIGIN = "http://localhost:8080";

/**
 * Demo data: a test-mode partner for docs/examples/partner-site (served on localhost:8080), card
 * commission 1 % (min 10 ₽). Its secret key is random and never printed: rotate it to get one.
 */
export async function seedDemoPartner(tx: Tx, demo: { now: Date }): Promise<void> {
  const secret = generatePartnerSecret();
  await tx
    .insert(partners)
    .values({
      name: "Демо-партнёр (docs/examples/partner-site)",
      publishableKey: DEMO_PUBLISHABLE_KEY,
      live: false,
      allowedOrigins: [DEMO_PARTNER_ORIGIN, "http://127.0.0.1:8080"],
      cardCommissionBp: 100,
      cardCommissionMin: 1000,
      secretKeyHash: secret.hash,
      secretKeyPrefix: secret.prefix,
      webhookSecret: newWebhookSecret(),
      createdAt: demo.now,
      updatedAt: demo.now,
    })
    .onConflictDoNothing();
}
