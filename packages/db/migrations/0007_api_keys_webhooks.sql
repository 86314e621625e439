-- Integrator API keys and outgoing webhooks (issue #6). Runs on PostgreSQL 15 and PGlite (PG 18).

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- SHA-256 (hex) of the whole key; the key itself is shown once and never stored (ADR 0050).
  key_hash varchar(64) NOT NULL UNIQUE,
  -- What the portal shows: `sk_test_AbC1…`.
  display_prefix text NOT NULL,
  live boolean NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX api_keys_company_idx ON api_keys (company_id, created_at DESC, id DESC);

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  url text NOT NULL CHECK (length(url) <= 2048),
  description text,
  -- Event types this endpoint receives; '*' means every event.
  events text[] NOT NULL,
  -- `whsec_<base64>`: the receiver needs it to verify signatures, so it is stored as is.
  secret text NOT NULL,
  -- After a rotation the old secret also signs (a second v1 signature) until this time.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  disabled_reason text,
  disabled_at timestamptz,
  -- Deliveries that ran out of retries since the last success.
  consecutive_failures integer NOT NULL DEFAULT 0,
  -- The first failed attempt since the last success (null when healthy).
  failing_since timestamptz,
  last_success_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhook_endpoints_company_idx ON webhook_endpoints (company_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The webhook-id header (`msg_…`): one per event, shared by the deliveries of that event.
  event_id text NOT NULL,
  company_id uuid NOT NULL REFERENCES companies(id),
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_type text NOT NULL,
  -- The body sent, { type, timestamp, data }.
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  response_excerpt text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX webhook_deliveries_event_endpoint_key ON webhook_deliveries (event_id, endpoint_id);
