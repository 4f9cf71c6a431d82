#!/usr/bin/env bash
# Start throwaway PostgreSQL and Redis servers on loopback for the tests (and by hand).
#
#   eval "$(deploy/services/start.sh)"     # starts both, exports the URLs below
#   ... make test ...
#   deploy/services/stop.sh                # stops both, deletes their folder
#
# Installs Debian's `postgresql` and `redis-server` when missing (apt-get; sudo -n when
# not root). Each server lives in one temporary folder (data, sockets, logs) and listens
# on 127.0.0.1 only, on a free port; nothing is written outside that folder. PostgreSQL
# trusts local connections (a throwaway test cluster, reachable from this machine only).
# Prints, on stdout, the lines to eval:
#   SHOPASSIST_SERVICES_DIR       the folder (stop.sh reads it)
#   SHOPASSIST_TEST_POSTGRES_URL  postgresql+psycopg://postgres@127.0.0.1:PORT/shopassist_test
#   SHOPASSIST_TEST_REDIS_URL     redis://127.0.0.1:PORT/0
# Progress goes to stderr. Exits non-zero (having stopped what it started) on failure.
set -euo pipefail

log() { echo "services: $*" >&2; }

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

install_missing() {
    local want=()
    pg_bindir >/dev/null || want+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
    [ ${#want[@]} = 0 ] && return 0
    log "installing ${want[*]} (apt-get)"
    # Debian's packages start a system-wide server where an init system runs; we never use it.
    ( $SUDO apt-get install -y --no-install-recommends "${want[@]}" \
      || ( $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${want[@]}" ) ) >&2
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

install_missing
BIN="$(pg_bindir)" || { log "no PostgreSQL binaries after installing"; exit 1; }
REDIS="$(command -v redis-server)" || { log "no redis-server after installing"; exit 1; }

DIR="$(mktemp -d "${TMPDIR:-/tmp}/shopassist-services.XXXXXX")"
chmod 755 "$DIR"
cleanup_on_error() { SHOPASSIST_SERVICES_DIR="$DIR" "$(dirname "$0")/stop.sh" >&2 || true; }
trap cleanup_on_error ERR

# initdb and postgres refuse to run as root: run them as the `postgres` user the Debian
# package creates (or as whoever we are, when not root).
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi
mkdir -p "$DIR/pg" "$DIR/redis"
[ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"

PG_PORT="$(free_port)"
log "initdb in $DIR/pg/data"
"${AS_PG[@]}" "$BIN/initdb" -D "$DIR/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/pg/initdb.log" 2>&1 \
    || { cat "$DIR/pg/initdb.log" >&2; exit 1; }
# Sockets in our folder, TCP on loopback only; fsync stays on (the kill -9 benchmark relies on it).
"${AS_PG[@]}" "$BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR/pg -c max_connections=200" >&2 \
    || { cat "$DIR/pg/server.log" >&2; exit 1; }
"${AS_PG[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres shopassist_test

REDIS_PORT="$(free_port)"
"$REDIS" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR/redis" \
    --daemonize yes --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/server.log" >&2
for _ in $(seq 1 100); do
    if command -v redis-cli >/dev/null 2>&1; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    elif [ -s "$DIR/redis/redis.pid" ]; then
        break
    fi
    sleep 0.1
done

trap - ERR
log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (folder $DIR)"
cat <<ENV | tee "$DIR/env"
export SHOPASSIST_SERVICES_DIR=$DIR
export SHOPASSIST_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/shopassist_test
export SHOPASSIST_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
ENV
