#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the case service's tests and prints its DATABASE_URL.
# Needs Debian's postgresql package. Usage: export DATABASE_URL=$(bash test/start-postgres.sh)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
port=${PGPORT_TEST:-54329}
# A server left from an earlier run (or anything else) on the port: take the next free one.
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
data=$(mktemp -d /tmp/desk-pg-XXXXXX)
runas=()
# initdb refuses to run as root; Debian's package creates the postgres user for this.
if [ "$(id -u)" = 0 ]; then chown postgres "$data"; runas=(runuser -u postgres --); fi
"${runas[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
"${runas[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
