-- Call detail records and daily internet traffic (issue #3 B). See docs/calls.md and
-- docs/adr/0020-call-records-partitioning.md.
--
-- `calls` is the big table: partitioned by month of started_at, company_id on every row and in
-- every primary/unique key, so it can be distributed by company_id on Citus. No foreign keys on
-- it: the import resolves accounts and services before inserting, per-row FK checks would slow
-- COPY, and Citus cannot keep FKs from a distributed table to non-reference tables anyway.

CREATE SEQUENCE calls_id_seq AS bigint;

CREATE TABLE calls (
  company_id uuid NOT NULL,
  id bigint NOT NULL DEFAULT nextval('calls_id_seq'),
  account_id uuid NOT NULL,
  service_id uuid,
  -- Natural key: the switch's record id, or a hash of (direction, caller, callee, started_at).
  record_key text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_sec integer NOT NULL CHECK (duration_sec >= 0),
  -- Seconds as the tariff counts them (per-minute tariffs round up to whole minutes).
  billable_sec integer NOT NULL DEFAULT 0 CHECK (billable_sec >= 0),
  direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
  caller text NOT NULL,
  callee text NOT NULL,
  destination_type text NOT NULL CHECK (destination_type IN ('local', 'long_distance', 'international', 'mobile')),
  -- Kopecks, net of VAT, rated at import; 0 for incoming calls.
  cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, started_at, id),
  UNIQUE (company_id, started_at, record_key)
) PARTITION BY RANGE (started_at);
ALTER SEQUENCE calls_id_seq OWNED BY calls.id;

-- One account's calls in time order (the call-details page and keyset pagination on (started_at, id)).
CREATE INDEX calls_account_idx ON calls (company_id, account_id, started_at, id);

-- Rows outside every monthly partition land here instead of failing; calls_ensure_partitions()
-- moves them into their month when it creates it.
CREATE TABLE calls_default PARTITION OF calls DEFAULT;

-- Creates the monthly partitions covering [p_from, p_to] (UTC months) that do not exist yet and
-- returns how many it made. The import and the generators call it before loading.
CREATE FUNCTION calls_ensure_partitions(p_from timestamptz, p_to timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  m timestamp := date_trunc('month', p_from AT TIME ZONE 'UTC');
  last_month timestamp := date_trunc('month', p_to AT TIME ZONE 'UTC');
  part text;
  lo timestamptz;
  hi timestamptz;
  made integer := 0;
BEGIN
  -- Two loaders creating the same month would collide; serialise them.
  PERFORM pg_advisory_xact_lock(8412032);
  WHILE m <= last_month LOOP
    part := 'calls_' || to_char(m, 'YYYY_MM');
    IF to_regclass(part) IS NULL THEN
      lo := m AT TIME ZONE 'UTC';
      hi := (m + interval '1 month') AT TIME ZONE 'UTC';
      IF EXISTS (SELECT 1 FROM calls_default WHERE started_at >= lo AND started_at < hi) THEN
        EXECUTE format('CREATE TABLE %I (LIKE calls INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format(
          'WITH moved AS (DELETE FROM calls_default WHERE started_at >= %L AND started_at < %L RETURNING *) '
          'INSERT INTO %I SELECT * FROM moved', lo, hi, part);
        EXECUTE format('ALTER TABLE calls ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
      ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF calls FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
      END IF;
      made := made + 1;
    END IF;
    m := m + interval '1 month';
  END LOOP;
  RETURN made;
END;
$$;

-- A window around the migration date; later months are created on demand.
SELECT calls_ensure_partitions(now() - interval '12 months', now() + interval '3 months');

-- Daily internet traffic per service (one row per service and UTC day).
CREATE TABLE traffic_daily (
  company_id uuid NOT NULL REFERENCES companies(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  service_id uuid NOT NULL REFERENCES services(id),
  day date NOT NULL,
  bytes_in bigint NOT NULL DEFAULT 0 CHECK (bytes_in >= 0),
  bytes_out bigint NOT NULL DEFAULT 0 CHECK (bytes_out >= 0),
  PRIMARY KEY (company_id, service_id, day)
);
CREATE INDEX traffic_daily_account_idx ON traffic_daily (company_id, account_id, day);
