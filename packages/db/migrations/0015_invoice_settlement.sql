-- Every credit settles invoices at once (issue #15, item 8; ADR 0070). A credit that names no
-- invoice (a payment to an account, a transfer, an operator's credit, a bank transfer matched to an
-- account) is spread over the account's oldest unpaid invoices by due date in the transaction that
-- posts it; what it covered of each invoice is kept here, so a partly covered invoice stays unpaid
-- with a smaller amount_due (total − payments toward it − settled_amount).
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS settled_amount bigint NOT NULL DEFAULT 0;
-- The open invoices of an account, oldest due first: what a credit reads on every payment.
CREATE INDEX IF NOT EXISTS invoices_open_by_account_idx ON invoices (account_id, due_on, year, seq)
  WHERE status <> 'paid';
