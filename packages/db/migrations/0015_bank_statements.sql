-- Bank statements (issue #15, items 2–4; ADR 0071): the documents of the operator's settlement
-- account statements, each taken exactly once, and the money a company paid that is not yet on an
-- account (its unallocated money). Runs on PostgreSQL 15 and PGlite (PG 18).

-- One loaded statement file: who loaded it and what became of its documents.
CREATE TABLE bank_statement_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  format text NOT NULL CHECK (format IN ('1c', 'camt053')),
  file_name text,
  file_sha256 varchar(64) NOT NULL,
  report jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

-- One credit of a statement. natural_key is the bank document's identity (payer account, number,
-- date, amount — or camt's reference), unique: the same document in a repeated or overlapping
-- statement is found here and credits nothing.
CREATE TABLE bank_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  natural_key text NOT NULL UNIQUE,
  import_id uuid NOT NULL REFERENCES bank_statement_imports (id),
  line integer NOT NULL,
  number text NOT NULL,
  doc_date date NOT NULL,
  received_on date,
  amount bigint NOT NULL CHECK (amount > 0),
  payer_name text,
  payer_inn text,
  payer_kpp text,
  payer_account text,
  recipient_account text NOT NULL,
  purpose text NOT NULL DEFAULT '',
  -- credited: on accounts (payment_id); unallocated: on the company's unallocated money;
  -- queued: matched no customer, waiting for the operator; returned: the operator marked it for
  -- return to the payer (nothing credited).
  status text NOT NULL CHECK (status IN ('credited', 'unallocated', 'queued', 'returned')),
  -- Why it went to the queue (no_match, invoice_of_another_company, account_of_another_company, …).
  queue_reason text,
  company_id uuid REFERENCES companies (id),
  payment_id uuid REFERENCES payments (id),
  resolved_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX bank_documents_queue_idx ON bank_documents (created_at, id) WHERE status = 'queued';
CREATE INDEX bank_documents_company_idx ON bank_documents (company_id, created_at);

-- A company's unallocated money: an append-only journal (+ from statements, − distributed to
-- accounts, where the same transaction posts the accounts' ledger credits) and its cached balance,
-- which always equals the sum of the journal.
CREATE TABLE unallocated_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies (id),
  amount bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  bank_document_id uuid REFERENCES bank_documents (id),
  payment_id uuid REFERENCES payments (id),
  description text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX unallocated_entries_company_idx ON unallocated_entries (company_id, id);
CREATE TABLE company_unallocated (
  company_id uuid PRIMARY KEY REFERENCES companies (id),
  balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0)
);
