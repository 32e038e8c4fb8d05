#!/usr/bin/env bash
# Starts a PostgreSQL streaming standby of the 127.0.0.1:5432 cluster on port 5433, for the
# read-replication tests. Idempotent: a machine that already has a running standby keeps it.
# The steps and their timings are in TOOLCHAIN.md ("A PostgreSQL streaming standby").
set -euo pipefail

version="$(ls /etc/postgresql | sort -n | tail -1)"
primary_hba="/etc/postgresql/$version/main/pg_hba.conf"
replica_conf="/etc/postgresql/$version/replica"
replica_data="/var/lib/postgresql/$version/replica"
trust_lines=$'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust'

in_recovery() {
  [ "$(psql -h 127.0.0.1 -p 5433 -U postgres -Atc 'select pg_is_in_recovery()' 2>/dev/null)" = "t" ]
}

if in_recovery; then
  echo "standby: already streaming on 5433"
  exit 0
fi

if ! grep -q '^host replication all 127.0.0.1/32 trust' "$primary_hba"; then
  echo 'host replication all 127.0.0.1/32 trust' >>"$primary_hba"
  psql -h 127.0.0.1 -p 5432 -U postgres -qc 'select pg_reload_conf()' >/dev/null
fi

if [ ! -d "$replica_conf" ]; then
  pg_createcluster "$version" replica --port 5433 >/dev/null
fi
pg_ctlcluster --skip-systemctl-redirect "$version" replica stop >/dev/null 2>&1 || true
# A fresh copy every time it is not streaming: a stale or half-made data folder cannot catch up.
find "$replica_data" -mindepth 1 -delete
su postgres -c "pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D $replica_data -R -X stream -c fast"
printf '%s\n' "$trust_lines" >"$replica_conf/pg_hba.conf"
pg_ctlcluster --skip-systemctl-redirect "$version" replica start

for _ in $(seq 1 30); do
  if in_recovery; then
    echo "standby: streaming from 5432 on 5433"
    exit 0
  fi
  sleep 1
done
echo "standby: 5433 did not come up as a standby in 30 s" >&2
exit 1
