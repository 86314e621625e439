-- Partner webhooks (docs/partners.md, ADR 0063). A partner's webhook URL gets a partner-owned row
-- in webhook_endpoints (company_id NULL, partner_id set), so its deliveries go through the same
-- outbox (webhook_deliveries), worker, signing, retries and auto-disable as a company's.
-- Runs on PostgreSQL 15 and PGlite (PG 18).
ALTER TABLE webhook_endpoints ALTER COLUMN company_id DROP NOT NULL;
ALTER TABLE webhook_endpoints ADD COLUMN partner_id uuid REFERENCES partners(id);
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_owner_check
  CHECK ((company_id IS NULL) <> (partner_id IS NULL));
CREATE UNIQUE INDEX webhook_endpoints_partner_key ON webhook_endpoints (partner_id)
  WHERE partner_id IS NOT NULL AND deleted_at IS NULL;
ALTER TABLE webhook_deliveries ALTER COLUMN company_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN partner_id uuid REFERENCES partners(id);
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_owner_check
  CHECK ((company_id IS NULL) <> (partner_id IS NULL));
