-- Failed sign-ins of logins that match no user (issue 18): counted and locked exactly as a real
-- user's failed_attempts/locked_until, so the answers (401, then 429 login_locked) cannot tell a
-- real login from an unknown one. Keyed by a hash of the normalised identifier (bounded size, no
-- guessed logins stored in clear); rows are pruned by the housekeeping job.
CREATE TABLE login_lockouts (
  login_hash text PRIMARY KEY,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_lockouts_updated_idx ON login_lockouts (updated_at);
