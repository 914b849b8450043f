#!/usr/bin/env bash
# Throw-away PostgreSQL 15 and Redis for the test suite (`make test`); nothing here is for production.
#
#   scripts/services.sh start   stop anything stale, start both, wait until they answer,
#                               print DATABASE_URL=... and REDIS_URL=... on stdout
#   scripts/services.sh stop    stop both and delete the PostgreSQL data directory
#   scripts/services.sh env     print `export DATABASE_URL=... REDIS_URL=...` lines for `eval`
#
# Ports and paths can be moved with DGYP_PG_PORT, DGYP_PG_DATA, DGYP_REDIS_PORT, DGYP_PG_BIN.
set -euo pipefail

PG_BIN=${DGYP_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${DGYP_PG_PORT:-54329}
PG_DATA=${DGYP_PG_DATA:-/tmp/dgyp-test-pg}
PG_LOG="$PG_DATA/server.log"
REDIS_PORT=${DGYP_REDIS_PORT:-63799}
REDIS_PID=/tmp/dgyp-test-redis-$REDIS_PORT.pid
REDIS_LOG=/tmp/dgyp-test-redis-$REDIS_PORT.log
ENV_FILE=/tmp/dgyp-test-services.env
WAIT_SECONDS=${DGYP_SERVICES_TIMEOUT:-30}

DATABASE_URL="postgres://dgyp:dgyp@127.0.0.1:$PG_PORT/dgyp"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

log() { echo "services: $*" >&2; }
die() {
    echo "services: ERROR: $*" >&2
    exit 1
}

# initdb and pg_ctl refuse to run as root: run them as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user; install PostgreSQL 15 (apt-get install postgresql)"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

pg_answers() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

stop_postgres() {
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        log "stopping PostgreSQL ($PG_DATA)"
        if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null 2>&1; then
            local pid
            pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                log "pg_ctl stop failed, killing postmaster $pid"
                kill -KILL "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
    fi
    rm -rf "$PG_DATA"
}

stop_redis() {
    local pid=""
    [ -f "$REDIS_PID" ] && pid=$(cat "$REDIS_PID" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "stopping Redis (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    elif redis_answers; then
        # A Redis we lost the pidfile of, on our private port: it is ours, shut it down.
        log "shutting down Redis on port $REDIS_PORT (no pidfile)"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        sleep 0.5
    fi
    rm -f "$REDIS_PID"
}

start_postgres() {
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql)"
    pg_answers && die "something already answers on 127.0.0.1:$PG_PORT that is not $PG_DATA; stop it first"

    mkdir -p "$PG_DATA"
    chmod 700 "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"

    log "initdb $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 >"$PG_DATA.initdb.log" 2>&1 \
        || { cat "$PG_DATA.initdb.log" >&2; die "initdb failed"; }
    rm -f "$PG_DATA.initdb.log"

    # Speed over durability: the cluster lives for one test run.
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# dgyp test cluster (scripts/services.sh)
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
max_connections = 100
fsync = off
full_page_writes = off
synchronous_commit = off
EOF

    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" start >/dev/null \
        || { tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL did not start (log above)"; }

    local waited=0
    until pg_answers; do
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            tail -n 30 "$PG_LOG" >&2 || true
            die "PostgreSQL on 127.0.0.1:$PG_PORT did not answer pg_isready within ${WAIT_SECONDS}s"
        fi
        sleep 1
        waited=$((waited + 1))
    done

    # Superuser: the suite creates and drops its own test databases.
    as_pg "$PG_BIN/psql" -q -X -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE dgyp LOGIN SUPERUSER PASSWORD 'dgyp'" \
        -c "CREATE DATABASE dgyp OWNER dgyp" >/dev/null \
        || die "could not create role/database dgyp"
    "$PG_BIN/psql" -q -X "$DATABASE_URL" -c "SELECT 1" >/dev/null \
        || die "cannot connect with $DATABASE_URL"
}

start_redis() {
    command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
    redis_answers && die "something already answers on 127.0.0.1:$REDIS_PORT; stop it first"

    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    rm -f "$REDIS_LOG"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir /tmp \
        --save "" --appendonly no \
        || die "redis-server failed to start"

    local tries=0
    until redis_answers; do
        if [ "$tries" -ge $((WAIT_SECONDS * 10)) ]; then
            tail -n 30 "$REDIS_LOG" >&2 || true
            die "Redis on 127.0.0.1:$REDIS_PORT did not answer PING within ${WAIT_SECONDS}s"
        fi
        sleep 0.1
        tries=$((tries + 1))
    done
}

print_env() {
    echo "export DATABASE_URL=$DATABASE_URL"
    echo "export REDIS_URL=$REDIS_URL"
}

case "${1:-}" in
start)
    # Whatever a previous, interrupted run left behind goes first.
    stop_redis
    stop_postgres
    start_postgres
    start_redis
    print_env >"$ENV_FILE"
    log "ready (export lines in $ENV_FILE)"
    echo "DATABASE_URL=$DATABASE_URL"
    echo "REDIS_URL=$REDIS_URL"
    ;;
stop)
    stop_redis
    stop_postgres
    rm -f "$ENV_FILE" "$REDIS_LOG"
    ;;
env)
    print_env
    ;;
*)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
