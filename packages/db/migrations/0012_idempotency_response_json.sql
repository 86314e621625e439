-- The remembered answer of an Idempotency-Key is replayed byte for byte: `json` keeps the text as
-- written (its keys in the order the route rendered them), where `jsonb` reorders keys.
ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE json USING response_body::json;
