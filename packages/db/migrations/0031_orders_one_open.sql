-- One open order per service, and one open request to switch an account between advance and
-- credit payment: until now only checked before the insert, so a double submit made two
-- (review of issue 17). The partial unique indexes make the second insert fail; the service
-- answers it as `order_pending`. The first replaces the plain index on the same rows.
-- Runs on PostgreSQL 15 and PGlite.
DROP INDEX orders_service_open_idx;
CREATE UNIQUE INDEX orders_service_open_idx ON orders (service_id)
  WHERE status IN ('new', 'in_progress') AND service_id IS NOT NULL;
CREATE UNIQUE INDEX orders_billing_switch_open_idx ON orders (account_id)
  WHERE kind = 'change_billing' AND status IN ('new', 'in_progress');
