#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432) on port 5433, for the read-replica
# tests (issue #20): `up` (re)creates it with pg_basebackup -R and makes it synchronous with
# remote_apply, so a row committed on the primary is visible on the replica when COMMIT returns —
# the tests write on the primary and read through the replica; `down` stops it and puts the primary
# back to asynchronous commits; `stop`/`start` are what the fallback test does to it.
set -euo pipefail
ver="$(ls /etc/postgresql | sort -V | tail -1)"
primary_conf="/etc/postgresql/$ver/main"
data="/var/lib/postgresql/$ver/replica"
psql_primary() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc "$1"; }

case "${1:-up}" in
  up)
    # Replication connections from this machine only (the test database is throwaway).
    if ! grep -qE '^host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$primary_conf/pg_hba.conf"; then
      sed -i '1i host replication all 127.0.0.1/32 trust' "$primary_conf/pg_hba.conf"
      pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
    fi
    if pg_lsclusters -h | awk '{print $2}' | grep -qx replica; then
      pg_ctlcluster --skip-systemctl-redirect "$ver" replica stop 2>/dev/null || true
      pg_dropcluster "$ver" replica
    fi
    pg_createcluster "$ver" replica --port 5433 >/dev/null
    rm -rf "$data"
    install -d -o postgres -g postgres -m 700 "$data"
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$data" -R -X stream -c fast
    echo "primary_conninfo = 'host=127.0.0.1 port=5432 user=postgres application_name=lk_replica'" \
      >>"$data/postgresql.auto.conf"
    sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/$ver/replica/postgresql.conf"
    # The same (trust, local-only) rules as the primary.
    cp "$primary_conf/pg_hba.conf" "/etc/postgresql/$ver/replica/pg_hba.conf"
    pg_ctlcluster --skip-systemctl-redirect "$ver" replica start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5433 && break; sleep 1; done
    psql_primary "ALTER SYSTEM SET synchronous_standby_names = 'lk_replica'"
    psql_primary "ALTER SYSTEM SET synchronous_commit = 'remote_apply'"
    psql_primary "SELECT pg_reload_conf()" >/dev/null
    for _ in $(seq 1 30); do
      [ "$(psql_primary "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'lk_replica'")" = "sync" ] && break
      sleep 1
    done
    echo "replica on 127.0.0.1:5433: $(psql -h 127.0.0.1 -p 5433 -U postgres -d postgres -Atqc 'SELECT pg_is_in_recovery()') in recovery, $(psql_primary "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'lk_replica'")"
    ;;
  down)
    psql_primary "ALTER SYSTEM RESET synchronous_standby_names" || true
    psql_primary "ALTER SYSTEM RESET synchronous_commit" || true
    psql_primary "SELECT pg_reload_conf()" >/dev/null || true
    pg_ctlcluster --skip-systemctl-redirect "$ver" replica stop 2>/dev/null || true
    ;;
  stop)
    # The primary must not wait for a stopped synchronous standby: asynchronous while it is away.
    psql_primary "ALTER SYSTEM SET synchronous_standby_names = ''"
    psql_primary "SELECT pg_reload_conf()" >/dev/null
    pg_ctlcluster --skip-systemctl-redirect "$ver" replica stop
    ;;
  start)
    pg_ctlcluster --skip-systemctl-redirect "$ver" replica start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5433 && break; sleep 1; done
    psql_primary "ALTER SYSTEM SET synchronous_standby_names = 'lk_replica'"
    psql_primary "SELECT pg_reload_conf()" >/dev/null
    ;;
  *) echo "usage: $0 up|down|stop|start" >&2; exit 2 ;;
esac
