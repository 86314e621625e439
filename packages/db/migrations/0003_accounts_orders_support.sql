-- Accounts, groups, linking, orders (заявки), service history and support requests (issue #3 A).
-- See docs/adr/0010-unassigned-accounts-pool.md and docs/adr/0011-service-tariff-history.md.

-- Personal accounts the operator holds that no customer company has linked yet belong to this
-- operator-owned pool company (no users can sign in to it). Keeps accounts.company_id NOT NULL, so
-- every `company_id = $1` filter stays correct, and lets ledger entries exist before linking.
INSERT INTO companies (id, name, inn, legal_address, contract_number, status)
VALUES ('00000000-0000-0000-0000-000000000001', 'Оператор: нераспределённые лицевые счета',
        '0000000000', '-', 'POOL-UNASSIGNED', 'active')
ON CONFLICT DO NOTHING;

-- Account list: prefix search by number, keyset sorts by balance and creation time.
CREATE INDEX accounts_number_prefix_idx ON accounts (number bpchar_pattern_ops);
CREATE INDEX accounts_company_balance_idx ON accounts (company_id, balance, id);
CREATE INDEX accounts_company_created_idx ON accounts (company_id, created_at, id);
CREATE INDEX accounts_number_region_idx ON accounts (region, number);
CREATE INDEX services_identifier_lower_idx ON services (lower(identifier) text_pattern_ops);

-- One-time codes that confirm linking an existing account to a company.
CREATE TABLE account_link_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  account_id uuid NOT NULL REFERENCES accounts(id),
  group_id uuid REFERENCES account_groups(id) ON DELETE SET NULL,
  code_hash varchar(64) NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  sent_to text NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_link_codes_company_idx ON account_link_codes (company_id, created_at);

-- Each interval of a service's life with one tariff and one status: billing pro-rates monthly fees
-- over these (valid_to NULL = current). A tariff or status change closes the open row and opens one.
CREATE TABLE service_tariff_history (
  id bigserial PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies(id),
  service_id uuid NOT NULL REFERENCES services(id),
  tariff_id uuid NOT NULL REFERENCES tariffs(id),
  status text NOT NULL CHECK (status IN ('active', 'suspended')),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  order_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX service_tariff_history_service_idx ON service_tariff_history (service_id, valid_from);
CREATE INDEX service_tariff_history_company_idx ON service_tariff_history (company_id, valid_from);
CREATE UNIQUE INDEX service_tariff_history_open_key ON service_tariff_history (service_id) WHERE valid_to IS NULL;

INSERT INTO service_tariff_history (company_id, service_id, tariff_id, status, valid_from)
SELECT company_id, id, tariff_id, status, COALESCE(connected_at, created_at)
FROM services WHERE status IN ('active', 'suspended');

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  service_id uuid REFERENCES services(id),
  kind text NOT NULL CHECK (kind IN ('connect', 'disconnect', 'change_tariff', 'suspend', 'resume')),
  tariff_id uuid REFERENCES tariffs(id),
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'in_progress', 'done', 'rejected', 'cancelled')),
  comment text,
  author_type text NOT NULL,
  author_id text,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX orders_company_idx ON orders (company_id, created_at DESC, id DESC);
CREATE INDEX orders_status_idx ON orders (status, created_at);
CREATE INDEX orders_service_open_idx ON orders (service_id) WHERE status IN ('new', 'in_progress');

CREATE TABLE order_events (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  status text NOT NULL,
  comment text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_events_order_idx ON order_events (order_id, id);

CREATE TABLE support_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid REFERENCES accounts(id),
  service_id uuid REFERENCES services(id),
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'waiting_for_customer', 'resolved', 'closed')),
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  author_type text NOT NULL,
  author_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX support_requests_company_idx ON support_requests (company_id, updated_at DESC, id DESC);
CREATE INDEX support_requests_status_idx ON support_requests (status, updated_at);

CREATE TABLE support_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES support_requests(id) ON DELETE CASCADE,
  author_type text NOT NULL CHECK (author_type IN ('customer', 'operator')),
  author_id text,
  author_name text NOT NULL,
  body text NOT NULL,
  -- Orders the thread when two messages share a timestamp.
  seq bigserial NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX support_messages_request_idx ON support_messages (request_id, seq);

CREATE TABLE support_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES support_requests(id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES support_messages(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 varchar(64) NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX support_attachments_message_idx ON support_attachments (message_id);
