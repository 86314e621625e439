-- Tariff catalogue and the services on each personal account.
-- Prices are net of VAT, in kopecks; invoices add VAT at the rate valid on the service date.

CREATE TABLE tariffs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('internet', 'telephony', 'tv', 'vpn', 'equipment_rent', 'other')),
  monthly_fee bigint NOT NULL DEFAULT 0 CHECK (monthly_fee >= 0),
  -- How call durations are rounded before pricing: per started second or per started minute.
  rounding text NOT NULL DEFAULT 'per_minute' CHECK (rounding IN ('per_second', 'per_minute')),
  description text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tariff_rates (
  tariff_id uuid NOT NULL REFERENCES tariffs(id) ON DELETE CASCADE,
  destination_type text NOT NULL CHECK (destination_type IN ('local', 'long_distance', 'international', 'mobile')),
  per_minute bigint NOT NULL CHECK (per_minute >= 0),
  PRIMARY KEY (tariff_id, destination_type)
);

CREATE TABLE services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  tariff_id uuid NOT NULL REFERENCES tariffs(id),
  kind text NOT NULL CHECK (kind IN ('internet', 'telephony', 'tv', 'vpn', 'equipment_rent', 'other')),
  -- What the customer knows the service by: a phone number (+7…), a login, a contract line.
  identifier text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'disconnected')),
  connected_at timestamptz,
  disconnected_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_account_idx ON services (company_id, account_id);
CREATE INDEX services_identifier_idx ON services (identifier);
