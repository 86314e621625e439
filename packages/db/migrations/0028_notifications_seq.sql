-- Notifications are listed newest first. Notices of one billing run share their instant, and the
-- tie was broken by the random uuid: the same notices came in a different order for each user and
-- each run (issue 17). A sequence in insertion order breaks the tie instead — the notice written
-- last first — and the list's index and keyset cursor use it. Existing rows are numbered as they
-- lie in the table. Runs on PostgreSQL 15 and PGlite.
ALTER TABLE notifications ADD COLUMN seq bigserial;
DROP INDEX notifications_user_idx;
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, seq DESC) WHERE in_app;
