-- Payment agents (issue #15, items 5–6): Sberbank Online, terminal networks, ATMs and aggregators
-- that take money for our accounts and report it through the check/pay gateway, plus their daily
-- registries for reconciliation. Runs on PostgreSQL 15 and PGlite (PG 18).

CREATE TABLE payment_agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The agent's login for HTTP Basic (and the name in its registries' file names).
  login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9_.-]{2,63}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- SHA-256 (hex) of the generated secret (`agsec_…`, 256 random bits); the secret is shown once.
  secret_hash varchar(64) NOT NULL,
  secret_prefix text NOT NULL,
  -- Source addresses the gateway accepts this agent from: IPv4/IPv6 addresses or CIDR blocks.
  allowed_sources text[] NOT NULL DEFAULT '{}',
  -- What the operator owes the agent per payment (basis points of the sum); never taken from the
  -- customer's credit.
  commission_bp integer NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
  -- The agent's own timeout: past it the gateway answers «temporary error» (the agent retries).
  timeout_ms integer NOT NULL DEFAULT 60000 CHECK (timeout_ms BETWEEN 100 AND 120000),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per agent transaction we credited: the primary key (agent, txn_id) is what makes `pay`
-- exactly-once (an INSERT … ON CONFLICT DO NOTHING claims the txn before anything is credited).
CREATE TABLE agent_payments (
  agent_id uuid NOT NULL REFERENCES payment_agents (id),
  txn_id text NOT NULL CHECK (length(txn_id) BETWEEN 1 AND 64),
  -- Our transaction number, answered as <prv_txn>.
  prv_txn bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  payment_id uuid REFERENCES payments (id),
  company_id uuid NOT NULL REFERENCES companies (id),
  account_id uuid NOT NULL REFERENCES accounts (id),
  amount bigint NOT NULL CHECK (amount > 0),
  -- The agent's commission on this payment (kopecks), owed by the operator.
  commission bigint NOT NULL DEFAULT 0 CHECK (commission >= 0),
  -- When the agent took the money (its txn_date, read in the operator's time zone).
  txn_date timestamptz NOT NULL,
  -- gateway: a `pay` request; registry: accepted by the operator from the agent's registry.
  origin text NOT NULL DEFAULT 'gateway' CHECK (origin IN ('gateway', 'registry')),
  status text NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'reversed')),
  reversed_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (agent_id, txn_id)
);
CREATE INDEX agent_payments_date_idx ON agent_payments (agent_id, txn_date);
CREATE INDEX agent_payments_payment_idx ON agent_payments (payment_id);

-- An uploaded registry (the same file twice is one registry).
CREATE TABLE agent_registries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES payment_agents (id),
  -- The business day (operator's time zone) the registry covers.
  registry_date date NOT NULL,
  file_sha256 varchar(64) NOT NULL,
  file_name text,
  line_count integer NOT NULL,
  total bigint NOT NULL,
  uploaded_at timestamptz NOT NULL,
  UNIQUE (agent_id, file_sha256)
);
CREATE INDEX agent_registries_agent_idx ON agent_registries (agent_id, registry_date DESC);

CREATE TABLE agent_registry_lines (
  registry_id uuid NOT NULL REFERENCES agent_registries (id),
  line_no integer NOT NULL,
  txn_id text NOT NULL,
  txn_date timestamptz NOT NULL,
  account_number text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (registry_id, line_no),
  UNIQUE (registry_id, txn_id)
);

-- How the operator resolved a registry discrepancy: at most one resolution per agent transaction
-- (the primary key makes a repeated request a no-op). `amount` is what moved on the customer's
-- account, signed: + credited (accepted), − reversed.
CREATE TABLE agent_reconciliations (
  agent_id uuid NOT NULL REFERENCES payment_agents (id),
  txn_id text NOT NULL,
  registry_id uuid NOT NULL REFERENCES agent_registries (id),
  action text NOT NULL CHECK (action IN ('accept', 'reverse')),
  amount bigint NOT NULL,
  payment_id uuid REFERENCES payments (id),
  resolved_by text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (agent_id, txn_id)
);
