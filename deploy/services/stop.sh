#!/usr/bin/env bash
# Stop the servers deploy/services/start.sh started and delete their folder.
#   deploy/services/stop.sh [FOLDER]     (default: $SHOPASSIST_SERVICES_DIR)
set -uo pipefail

DIR="${1:-${SHOPASSIST_SERVICES_DIR:-}}"
if [ -z "$DIR" ] || [ ! -d "$DIR" ]; then
    echo "services: nothing to stop (no folder given and SHOPASSIST_SERVICES_DIR unset)" >&2
    exit 0
fi
case "$(basename "$DIR")" in
    shopassist-services.*) ;;
    *) echo "services: $DIR is not a folder start.sh made; refusing to delete it" >&2; exit 1 ;;
esac

if [ -s "$DIR/redis/redis.pid" ]; then
    pid="$(cat "$DIR/redis/redis.pid")"
    kill "$pid" 2>/dev/null && for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi
if [ -f "$DIR/pg/data/postmaster.pid" ]; then
    BIN=""
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && BIN="$d"; done
    [ -z "$BIN" ] && BIN="$(dirname "$(command -v pg_ctl)")"
    if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); else AS_PG=(); fi
    "${AS_PG[@]}" "$BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >&2 || true
fi
rm -rf "$DIR"
echo "services: stopped and removed $DIR" >&2
