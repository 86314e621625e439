-- Fiscal receipts (54-ФЗ, ФФД 1.2) registered through a cloud cash register (issue #16, part B).
-- Exactly one receipt per payment (приход) and one per refund (возврат прихода): partial unique
-- indexes below. A receipt is written in the transaction that moves its payment to succeeded (or
-- records its refund) and registered later by the `receipts` job, which retries while the cash
-- register is down. See docs/receipts.md and docs/adr/0078, 0079.

-- The human receipt number people read («Чек № 000123»); gaps are harmless (not a fiscal number).
CREATE SEQUENCE receipt_numbers;

CREATE TABLE receipts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number bigint NOT NULL UNIQUE DEFAULT nextval('receipt_numbers'),
  company_id uuid NOT NULL REFERENCES companies(id),
  payment_id uuid NOT NULL REFERENCES payments(id),
  refund_id uuid REFERENCES payment_refunds(id),
  -- sell = приход (1054 = 1), sell_refund = возврат прихода (1054 = 2)
  kind text NOT NULL CHECK (kind IN ('sell', 'sell_refund')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'registered', 'failed')),
  -- The receipt's total in kopecks (what the buyer paid or gets back, bonuses included).
  amount bigint NOT NULL CHECK (amount > 0),
  -- When the settlement happened: the VAT rate and the document's date follow it.
  settled_at timestamptz NOT NULL,
  -- The document sent to the cash register, fixed on the first try so that every retry sends the
  -- same one (the external id makes the provider answer a repeat with the first registration).
  document jsonb,
  external_id text NOT NULL UNIQUE,
  provider text,
  provider_uuid text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  -- Fiscal data reported by the cash register once registered.
  fn_number text,
  fd_number bigint,
  fpd text,
  fiscal_at timestamptz,
  shift_number integer,
  receipt_in_shift integer,
  ecr_registration_number text,
  fns_site text,
  registered_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX receipts_payment_sell_key ON receipts (payment_id) WHERE refund_id IS NULL;
CREATE UNIQUE INDEX receipts_refund_key ON receipts (refund_id) WHERE refund_id IS NOT NULL;
-- The job's queue: pending receipts due for a try.
CREATE INDEX receipts_due_idx ON receipts (next_attempt_at) WHERE status = 'pending';
-- The operator's list (newest first) and its filters.
CREATE INDEX receipts_created_idx ON receipts (created_at DESC, id DESC);
CREATE INDEX receipts_company_idx ON receipts (company_id, created_at DESC);
