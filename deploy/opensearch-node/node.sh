#!/usr/bin/env bash
# Start, stop or inspect a real OpenSearch node on loopback, built from Maven Central's jars.
#
#   deploy/opensearch-node/node.sh start [key=value ...]   # build if needed, start, wait for green
#   deploy/opensearch-node/node.sh stop                    # SIGTERM, then SIGKILL after 30 s
#   deploy/opensearch-node/node.sh status
#   deploy/opensearch-node/node.sh run CMD ...             # a fresh test node around CMD (make test, CI)
#
# Extra key=value arguments are OpenSearch settings (e.g. discovery.seed_hosts=... for a
# second node). Environment (defaults in brackets):
#   OPENSEARCH_NODE_HOME  the node's folder: data, logs, pid file [<repo>/.shopassist/opensearch]
#   OPENSEARCH_NODE_PORT  HTTP port [9200]; transport port is this + 100
#   OPENSEARCH_NODE_HEAP  JVM heap, -Xms and -Xmx [768m]
#   OPENSEARCH_NODE_WAIT_S  how long start waits for green [90]
#   OPENSEARCH_NODE_WAIT_FOR  the cluster status start waits for: green, or yellow for a node
#                           rejoining a cluster whose replicas then recover in the background [green]
#   JAVA_HOME             the JDK (17+) [java on PATH]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
NODE_HOME="${OPENSEARCH_NODE_HOME:-$REPO/.shopassist/opensearch}"
PORT="${OPENSEARCH_NODE_PORT:-9200}"
TRANSPORT_PORT="$((PORT + 100))"
HEAP="${OPENSEARCH_NODE_HEAP:-768m}"
WAIT_S="${OPENSEARCH_NODE_WAIT_S:-90}"
WAIT_FOR="${OPENSEARCH_NODE_WAIT_FOR:-green}"
PID_FILE="$NODE_HOME/node.pid"
LOG="$NODE_HOME/logs/node.log"
URL="http://127.0.0.1:$PORT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "opensearch node: $*" >&2; exit 1; }

running_pid() {
    [ -f "$PID_FILE" ] || return 1
    local pid; pid="$(cat "$PID_FILE")"
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

health() { curl -sf --max-time 5 "$URL/_cluster/health${1:-}" 2>/dev/null; }

build() {
    # Maven resolves the server and the plugin zips into ~/.m2 once; target/ is the classpath.
    if [ ! -f "$HERE/target/classes/shopassist/opensearch/LoopbackNode.class" ] \
        || [ "$HERE/pom.xml" -nt "$HERE/target/classes/shopassist/opensearch/LoopbackNode.class" ] \
        || [ -n "$(find "$HERE/src" -newer "$HERE/target/classes/shopassist/opensearch/LoopbackNode.class" -type f)" ]; then
        command -v mvn >/dev/null || die "Maven (mvn) is not installed: it downloads OpenSearch's jars"
        echo "opensearch node: building $HERE (mvn package; the first run downloads ~90 MB)"
        local t0=$SECONDS
        (cd "$HERE" && mvn -B -q package) || die "mvn package failed (see above)"
        echo "opensearch node: built in $((SECONDS - t0)) s"
    fi
}

start() {
    if pid="$(running_pid)"; then
        echo "opensearch node: already running (pid $pid) at $URL"
        return 0
    fi
    command -v "$JAVA" >/dev/null || die "no java: install a JDK 17+ or set JAVA_HOME"
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        die "port $PORT is taken by another process: set OPENSEARCH_NODE_PORT"
    fi
    build
    mkdir -p "$NODE_HOME/logs" "$NODE_HOME/data" "$NODE_HOME/tmp"
    local cp="$HERE/target/classes:$HERE/target/lib/*"
    for plugin in "$HERE"/target/plugins/*/; do cp="$cp:$plugin*"; done
    local t0=$SECONDS
    # setsid: the node outlives the shell that started it (make, pytest), and a
    # Ctrl-C there does not reach it; `stop` ends it by its pid.
    setsid "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Djava.io.tmpdir="$NODE_HOME/tmp" -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
        -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
        -cp "$cp" shopassist.opensearch.LoopbackNode \
        "path.home=$NODE_HOME" "path.data=$NODE_HOME/data" "path.logs=$NODE_HOME/logs" \
        "http.port=$PORT" "transport.port=$TRANSPORT_PORT" "$@" \
        >"$LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    local pid; pid="$(cat "$PID_FILE")"
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            tail -n 30 "$LOG" >&2
            die "the node exited during start (log: $LOG)"
        fi
        local state; state="$(health "?wait_for_status=$WAIT_FOR&timeout=1s" || true)"
        if echo "$state" | grep -q '"status":"green"' \
            || { [ "$WAIT_FOR" = yellow ] && echo "$state" | grep -q '"status":"yellow"'; }; then
            echo "opensearch node: $(echo "$state" | sed 's/.*"status":"\([a-z]*\)".*/\1/') at $URL after $((SECONDS - t0)) s (pid $pid, heap $HEAP, log $LOG)"
            return 0
        fi
        if [ $((SECONDS - t0)) -ge "$WAIT_S" ]; then
            state="$(health || true)"
            if echo "$state" | grep -q '"status":"yellow"' && [ "$#" -eq 0 ]; then
                # A single node cannot hold replicas: an index made with replicas=1 stays yellow.
                echo "opensearch node: yellow at $URL after $((SECONDS - t0)) s: replicas cannot be assigned on one node" \
                     "(SHOPASSIST_OPENSEARCH_REPLICAS=0 avoids this); serving"
                return 0
            fi
            tail -n 30 "$LOG" >&2
            stop >/dev/null
            die "not green after $WAIT_S s (health: ${state:-no answer}; log: $LOG)"
        fi
        sleep 0.5
    done
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE"
        echo "opensearch node: not running"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "opensearch node: stopped (pid $pid)"; return 0; }
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    echo "opensearch node: killed (pid $pid did not stop within 30 s)"
}

status() {
    local pid
    if pid="$(running_pid)"; then
        echo "opensearch node: running (pid $pid) at $URL: $(health || echo 'no answer')"
    else
        echo "opensearch node: not running"
        return 3
    fi
}

# `run CMD...`: a fresh node for one command (the test suite), stopped afterwards whatever
# CMD returns; CMD sees OPENSEARCH_URL. A node that cannot start is an error under CI
# (CI=true); elsewhere CMD runs without it and the real-OpenSearch tests skip, saying why.
run() {
    [ "$#" -gt 0 ] || die "usage: $0 run CMD [ARG ...]"
    if [ -n "${OPENSEARCH_URL:-}" ]; then
        echo "opensearch node: OPENSEARCH_URL=$OPENSEARCH_URL is set: testing against it, starting no node"
        exec "$@"
    fi
    rm -rf "$NODE_HOME/data"  # every run starts from an empty cluster
    if (start); then  # a subshell: a failed start (die) comes back here instead of exiting
        trap stop EXIT
        local rc=0
        OPENSEARCH_URL="$URL" "$@" || rc=$?
        return "$rc"
    fi
    if [ "${CI:-}" = "true" ]; then
        die "CI needs the real OpenSearch node and it did not start (see above)"
    fi
    echo "opensearch node: not started (see above): the tests against a real OpenSearch will be skipped" >&2
    "$@"
}

cmd="${1:-}"; shift || true
case "$cmd" in
    start) start "$@" ;;
    stop) stop ;;
    status) status ;;
    build) build ;;
    run) run "$@" ;;
    *) die "usage: $0 start [key=value ...] | stop | status | build | run CMD ..." ;;
esac
