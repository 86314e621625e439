-- The billing run and the advance charge walk accounts company by company (ADR 0067): keyset
-- pagination on (company_id, id). Runs on PostgreSQL 15 and PGlite (PG 18).
CREATE INDEX accounts_company_id_idx ON accounts (company_id, id);
