-- Billing and documents: VAT rates as dated data, gap-free document counters, billing runs,
-- invoices with lines, advance charges, balance notices, bank-transfer payment invoices and the
-- company's document recipients. Acts and VAT invoices are views of an invoice (same number and
-- date), rendered on request: see docs/adr/0030-invoices-acts-vat-invoices.md.

CREATE TABLE vat_rates (
  valid_from date PRIMARY KEY,
  valid_to date,
  -- Basis points: 2000 = 20 %.
  rate_bp integer NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
INSERT INTO vat_rates (valid_from, valid_to, rate_bp) VALUES
  ('2019-01-01', '2025-12-31', 2000),
  ('2026-01-01', NULL, 2200);

-- One row per (kind, year); the row is locked FOR UPDATE by the transaction that takes a number,
-- so a rolled-back transaction gives its numbers back (a sequence would leave gaps).
CREATE TABLE document_counters (
  kind text NOT NULL CHECK (kind IN ('invoice', 'payment_invoice')),
  year integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, year)
);

CREATE TABLE billing_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period char(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  total_accounts integer NOT NULL DEFAULT 0,
  processed_accounts integer NOT NULL DEFAULT 0,
  invoices_created integer NOT NULL DEFAULT 0,
  amount_total bigint NOT NULL DEFAULT 0,
  error text,
  started_by text,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX billing_runs_period_idx ON billing_runs (period, started_at);

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  period char(7) NOT NULL,
  -- The billing system the account was on when billed: advance (fees prepaid) or credit.
  kind text NOT NULL CHECK (kind IN ('advance', 'credit')),
  year integer NOT NULL,
  seq integer NOT NULL,
  number text NOT NULL,
  issued_on date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'paid', 'overdue')),
  net_amount bigint NOT NULL,
  vat_amount bigint NOT NULL,
  total_amount bigint NOT NULL,
  -- What the run posted to the ledger for this invoice (total minus the advance already charged).
  charged_amount bigint NOT NULL,
  run_id uuid REFERENCES billing_runs(id),
  paid_at timestamptz,
  overdue_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, period),
  UNIQUE (year, seq)
);
CREATE INDEX invoices_company_period_idx ON invoices (company_id, period, id);
CREATE INDEX invoices_status_idx ON invoices (status, due_on);

CREATE TABLE invoice_lines (
  invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  line_no integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'calls', 'equipment_rent', 'other')),
  description text NOT NULL,
  service_id uuid,
  destination_type text,
  quantity numeric(14, 4) NOT NULL,
  unit text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  net_amount bigint NOT NULL,
  vat_rate_bp integer NOT NULL,
  vat_amount bigint NOT NULL,
  total_amount bigint NOT NULL,
  PRIMARY KEY (invoice_id, line_no)
);

-- Monthly fees charged at the start of the month on advance accounts, once per account and month.
CREATE TABLE advance_charges (
  account_id uuid NOT NULL REFERENCES accounts(id),
  period char(7) NOT NULL,
  company_id uuid NOT NULL REFERENCES companies(id),
  amount bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, period)
);

-- Negative-balance notices: an advance account is suspended only after one was sent.
CREATE TABLE balance_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  balance bigint NOT NULL,
  sent_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE UNIQUE INDEX balance_notices_open_idx ON balance_notices (account_id) WHERE resolved_at IS NULL;

-- Bank-transfer invoices (счёт на оплату) a customer asks for, over one or several accounts.
CREATE TABLE payment_invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  year integer NOT NULL,
  seq integer NOT NULL,
  number text NOT NULL,
  issued_on date NOT NULL,
  total_amount bigint NOT NULL CHECK (total_amount > 0),
  vat_rate_bp integer NOT NULL,
  vat_amount bigint NOT NULL,
  -- [{ account_id, account_number, amount }]
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (year, seq)
);
CREATE INDEX payment_invoices_company_idx ON payment_invoices (company_id, issued_on, id);

CREATE TABLE document_recipients (
  company_id uuid NOT NULL REFERENCES companies(id),
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, email)
);
