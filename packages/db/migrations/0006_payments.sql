-- Payments, transfers, promised payments, autopay, bonuses and in-app notifications (issue #5).
-- Runs on PostgreSQL 15 and PGlite (PG 18). See docs/payments.md and docs/adr/0040-0044.

-- Per-company payment settings the operator sets (contract terms); absent row = defaults.
CREATE TABLE company_payment_settings (
  company_id uuid PRIMARY KEY REFERENCES companies(id),
  -- The contract allows a trust payment (доверительный платёж) on credit accounts.
  trust_payment_allowed boolean NOT NULL DEFAULT false,
  -- Bonus accrual override in basis points of a card payment (NULL = configured default).
  bonus_percent_bp integer CHECK (bonus_percent_bp BETWEEN 0 AND 10000),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Cards saved at the acquirer (a token, never a number) for autopay.
CREATE TABLE saved_cards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  acquirer text NOT NULL,
  token text NOT NULL,
  mask text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (acquirer, token)
);
CREATE INDEX saved_cards_company_idx ON saved_cards (company_id, created_at);

CREATE TABLE autopay_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  kind text NOT NULL CHECK (kind IN ('threshold', 'monthly_debt')),
  -- threshold: top up `amount` when the balance falls below `threshold`.
  threshold bigint,
  amount bigint CHECK (amount IS NULL OR amount > 0),
  -- monthly_debt: pay the debt (minus the balance) on this day of the month (1..28).
  day_of_month integer CHECK (day_of_month IS NULL OR day_of_month BETWEEN 1 AND 28),
  saved_card_id uuid NOT NULL REFERENCES saved_cards(id),
  monthly_limit bigint NOT NULL CHECK (monthly_limit > 0),
  max_failures integer NOT NULL DEFAULT 3 CHECK (max_failures BETWEEN 1 AND 10),
  failures integer NOT NULL DEFAULT 0,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((kind = 'threshold' AND threshold IS NOT NULL AND amount IS NOT NULL)
      OR (kind = 'monthly_debt' AND day_of_month IS NOT NULL))
);
CREATE INDEX autopay_rules_company_idx ON autopay_rules (company_id, created_at, id);
CREATE INDEX autopay_rules_enabled_idx ON autopay_rules (enabled) WHERE deleted_at IS NULL;

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  source text NOT NULL CHECK (source IN ('cabinet', 'public', 'autopay', 'bonus')),
  method text NOT NULL CHECK (method IN ('card', 'saved_card', 'bonus')),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'refunded')),
  -- What the accounts/invoices receive.
  amount bigint NOT NULL CHECK (amount > 0),
  commission bigint NOT NULL DEFAULT 0 CHECK (commission >= 0),
  -- Part of `amount` paid with bonuses (no commission on it).
  bonus_amount bigint NOT NULL DEFAULT 0 CHECK (bonus_amount >= 0 AND bonus_amount <= amount),
  -- What the card is charged: amount - bonus_amount + commission.
  charged_amount bigint NOT NULL CHECK (charged_amount >= 0),
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  currency char(3) NOT NULL DEFAULT 'RUB',
  description text NOT NULL,
  -- Scoped key of the request that created it: the second line of defence after idempotency_keys.
  idempotency_key text NOT NULL,
  acquirer text,
  acquirer_payment_id text UNIQUE,
  confirmation_url text,
  return_url text,
  save_card boolean NOT NULL DEFAULT false,
  card_mask text,
  failure_reason text,
  receipt_email text,
  receipt_phone text,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  partner_id text,
  autopay_rule_id uuid REFERENCES autopay_rules(id),
  -- One execution per rule and trigger (month, or the ledger state that tripped the threshold).
  autopay_run_key text,
  -- occurred_at of the last acquirer event applied: older events never roll the status back.
  status_changed_at timestamptz,
  succeeded_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (company_id, idempotency_key),
  UNIQUE (autopay_rule_id, autopay_run_key)
);
CREATE INDEX payments_company_created_idx ON payments (company_id, created_at DESC, id DESC);
CREATE INDEX payments_open_idx ON payments (status, created_at) WHERE status IN ('pending', 'requires_action');

CREATE TABLE payment_items (
  payment_id uuid NOT NULL REFERENCES payments(id),
  position integer NOT NULL,
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  invoice_id uuid REFERENCES invoices(id),
  amount bigint NOT NULL CHECK (amount > 0),
  -- Part of this item covered by bonuses (the receipt shows the split).
  bonus_amount bigint NOT NULL DEFAULT 0 CHECK (bonus_amount >= 0 AND bonus_amount <= amount),
  PRIMARY KEY (payment_id, position)
);
CREATE INDEX payment_items_account_idx ON payment_items (account_id, payment_id);
CREATE INDEX payment_items_invoice_idx ON payment_items (invoice_id) WHERE invoice_id IS NOT NULL;

-- Each acquirer event is applied once: the primary key turns a repeat into a no-op.
CREATE TABLE payment_events (
  event_id text PRIMARY KEY,
  payment_id uuid REFERENCES payments(id),
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- applied | ignored_stale | ignored_unknown_payment | ignored_mismatch
  outcome text NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX payment_events_payment_idx ON payment_events (payment_id, occurred_at);

CREATE TABLE payment_refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL REFERENCES payments(id),
  company_id uuid NOT NULL REFERENCES companies(id),
  amount bigint NOT NULL CHECK (amount > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  idempotency_key text NOT NULL,
  acquirer_refund_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (company_id, idempotency_key)
);
CREATE INDEX payment_refunds_payment_idx ON payment_refunds (payment_id);

CREATE TABLE transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  from_account_id uuid NOT NULL REFERENCES accounts(id),
  amount bigint NOT NULL CHECK (amount > 0),
  -- [{ account_id, amount }]
  targets jsonb NOT NULL,
  idempotency_key text NOT NULL,
  operation_id uuid NOT NULL,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (company_id, idempotency_key)
);
CREATE INDEX transfers_company_idx ON transfers (company_id, created_at DESC, id DESC);

-- Promised (advance accounts) and trust (credit accounts) payments. One per account per month.
CREATE TABLE promised_payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  kind text NOT NULL CHECK (kind IN ('promised', 'trust')),
  amount bigint NOT NULL CHECK (amount > 0),
  month char(7) NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'repaid', 'expired_unpaid')),
  expires_at timestamptz NOT NULL,
  expiring_notice_sent boolean NOT NULL DEFAULT false,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  UNIQUE (account_id, month)
);
CREATE INDEX promised_payments_due_idx ON promised_payments (expires_at) WHERE status = 'active';
CREATE INDEX promised_payments_company_idx ON promised_payments (company_id, created_at DESC);

-- Bonuses: an append-only journal per company plus a cached balance row (locked to spend).
CREATE TABLE bonus_balances (
  company_id uuid PRIMARY KEY REFERENCES companies(id),
  balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bonus_entries (
  id bigserial PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies(id),
  kind text NOT NULL CHECK (kind IN ('accrual', 'spend', 'release', 'adjustment')),
  amount bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL,
  payment_id uuid REFERENCES payments(id),
  description text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX bonus_entries_company_idx ON bonus_entries (company_id, id DESC);
-- A payment accrues, spends and releases at most once each.
CREATE UNIQUE INDEX bonus_entries_payment_kind_key ON bonus_entries (payment_id, kind) WHERE payment_id IS NOT NULL;

-- In-app notifications, one row per user; dedupe_key makes every producer idempotent.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  title_ru text NOT NULL,
  title_en text NOT NULL,
  body_ru text NOT NULL,
  body_en text NOT NULL,
  data jsonb,
  dedupe_key text NOT NULL,
  -- false: the user turned the in-app channel off; the row still dedupes the e-mail.
  in_app boolean NOT NULL DEFAULT true,
  read_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC) WHERE in_app;

CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  in_app boolean NOT NULL DEFAULT true,
  email boolean NOT NULL DEFAULT true,
  -- low_balance only: notify below this balance (kopecks); NULL = default.
  threshold bigint,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);
