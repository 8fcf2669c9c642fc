#!/usr/bin/env bash
# A private PostgreSQL server on loopback for the journal specs (installed by test-setup.sh when missing).
#   test-postgres.sh start DIR   initialises a cluster in DIR (trust auth, 127.0.0.1 only, the first free port from
#                                55432), starts it and prints the connection string the specs read from TEST_POSTGRES
#   test-postgres.sh stop DIR    stops it and removes DIR
# Durability settings are off (fsync, synchronous_commit): the specs kill MovieSync, never the server.
set -euo pipefail

command=${1:?usage: test-postgres.sh start|stop DIR}
dir=${2:?usage: test-postgres.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "test-postgres: no PostgreSQL server in /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }

# initdb and the server refuse to run as root: as root they run as the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    for port in $(seq 55432 55482); do
      # Taken when something answers there (another helper's server, say).
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
           -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
           >/dev/null 2>&1; then
        echo "Host=127.0.0.1;Port=$port;Username=postgres"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2 || true
    echo "test-postgres: the server did not start on any port from 55432 to 55482" >&2
    exit 1
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: test-postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
