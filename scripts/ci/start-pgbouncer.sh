#!/usr/bin/env bash
# Starts PgBouncer in transaction pooling mode on 127.0.0.1:6432 in front of the 5432 server,
# for the tests that run through a pooler. Idempotent. PgBouncer refuses to run as root and
# exits 0 without starting when it cannot write its files, so they all belong to postgres and
# the port is checked afterwards (TOOLCHAIN.md, "PgBouncer").
set -euo pipefail

listening() { psql -h 127.0.0.1 -p 6432 -U postgres -Atc 'select 1' test >/dev/null 2>&1; }

if listening; then
  echo "pgbouncer: already listening on 6432"
  exit 0
fi
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"

dir=/var/lib/postgresql/strata-pgbouncer
mkdir -p "$dir"
cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options,statement_timeout,idle_in_transaction_session_timeout
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
echo '"postgres" ""' >"$dir/userlist.txt"
chown -R postgres:postgres "$dir"
su postgres -c "$bin -d $dir/pgbouncer.ini"

for _ in $(seq 1 20); do
  if listening; then
    echo "pgbouncer: transaction pooling on 6432"
    exit 0
  fi
  sleep 0.5
done
echo "pgbouncer: not listening on 6432; its log:" >&2
tail -20 "$dir/pgbouncer.log" >&2 || true
exit 1
