import type { PartnerRow } from "@lk/db";
import type { CommissionTerms } from "../payments/pricing";

export type PublicMethod = "card" | "sbp";

/** The commission terms per method; a method without terms is not offered by this partner. */
export function partnerTerms(p: PartnerRow): Partial<Record<PublicMethod, CommissionTerms>> {
  const out: Partial<Record<PublicMethod, CommissionTerms>> = {};
  if (p.cardCommissionBp !== null) out.card = { percent_bp: p.cardCommissionBp, min: p.cardCommissionMin };
  if (p.sbpCommissionBp !== null) out.sbp = { percent_bp: p.sbpCommissionBp, min: p.sbpCommissionMin };
  return out;
}

/** What the operator API shows (never the secret key; the webhook secret only on create/rotate). */
export function partnerView(p: PartnerRow) {
  const terms = partnerTerms(p);
  return {
    id: p.id,
    name: p.name,
    publishable_key: p.publishableKey,
    live: p.live,
    allowed_origins: p.allowedOrigins,
    commission: {
      card: terms.card ?? null,
      sbp: terms.sbp ?? null,
    },
    secret_key_prefix: p.secretKeyPrefix,
    webhook_url: p.webhookUrl,
    status: p.status,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
export type PartnerView = ReturnType<typeof partnerView>;
