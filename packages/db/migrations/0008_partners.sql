-- Partners: sites (banks, payment agents) that embed the payment widgets (issue #7).
-- Runs on PostgreSQL 15 and PGlite (PG 18).

CREATE TABLE partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- `pk_test_…` / `pk_live_…`: public by design (it sits in the partner's HTML), so stored as is.
  publishable_key text NOT NULL UNIQUE CHECK (publishable_key ~ '^pk_(test|live)_[A-Za-z0-9_-]{4,100}$'),
  live boolean NOT NULL,
  -- Exact origins (scheme://host[:port]) the publishable key works from.
  allowed_origins text[] NOT NULL DEFAULT '{}',
  -- Commission the payer pays on top, per method; null percent = the method is not offered.
  card_commission_bp integer CHECK (card_commission_bp BETWEEN 0 AND 10000),
  card_commission_min bigint NOT NULL DEFAULT 0 CHECK (card_commission_min >= 0),
  sbp_commission_bp integer CHECK (sbp_commission_bp BETWEEN 0 AND 10000),
  sbp_commission_min bigint NOT NULL DEFAULT 0 CHECK (sbp_commission_min >= 0),
  -- SHA-256 (hex) of `sk_partner_…`, the partner back end's key; the key is shown once.
  secret_key_hash varchar(64) NOT NULL UNIQUE,
  secret_key_prefix text NOT NULL,
  webhook_url text CHECK (length(webhook_url) <= 2048),
  -- `whsec_…` (Standard Webhooks): the receiver verifies with it, so it is stored as is.
  webhook_secret text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partners_created_idx ON partners (created_at DESC, id DESC);

-- "Payments through this partner" (status checks by the widget and the partner's back end).
CREATE INDEX payments_partner_idx ON payments (partner_id, created_at DESC) WHERE partner_id IS NOT NULL;
