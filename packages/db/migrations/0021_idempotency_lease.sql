-- An Idempotency-Key claim is a lease (issue 18): a request that claims a key holds it until
-- lease_until; when its process dies the lease runs out and a retry with the same key and body takes
-- the claim over instead of answering 409 for the key's whole 24 h. Existing claims get no lease
-- (NULL = taken over at once once older than the default lease, see beginIdempotent).
ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz;
