#!/usr/bin/env bash
# Make sure a local PostgreSQL server runs, with a role and a database for tipnet, and print
# its DATABASE_URL on stdout (everything else goes to stderr):
#   export DATABASE_URL=$(bash scripts/pg.sh)
#
# Debian: installs the postgresql package when missing (as root), creates a cluster if there is
# none, starts it with pg_ctlcluster, and falls back to a private cluster in /tmp run with
# pg_ctl if the Debian cluster tools fail. PostgreSQL refuses to run as root, so the server
# runs as the `postgres` user. The role may create databases (pytest-django creates
# test_<name>). Safe to run again: a running server, the role and the database are reused.
#
# Settings: TIPNET_PG_PORT (5432), TIPNET_PG_DB (tipnet), TIPNET_PG_USER (tipnet),
# TIPNET_PG_PASSWORD (a fixed local development password; the server listens on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${TIPNET_PG_PORT:-5432}
DB=${TIPNET_PG_DB:-tipnet}
ROLE=${TIPNET_PG_USER:-tipnet}
PASSWORD=${TIPNET_PG_PASSWORD:-tipnet-local-only}
PRIVATE_DIR=${TIPNET_PG_PRIVATE_DIR:-/tmp/tipnet-postgres}
DEBIAN_SOCKETS=/var/run/postgresql

log() { echo "pg.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# They go into a URL unencoded.
for value in "$DB" "$ROLE" "$PASSWORD"; do
    [[ $value =~ ^[A-Za-z0-9._~-]+$ ]] \
        || die "database, role and password may use only letters, digits and . _ ~ -"
done
[[ $PORT =~ ^[0-9]+$ ]] || die "TIPNET_PG_PORT must be a number"

# Run a command as the postgres user (from /, which that user can always enter).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        (cd / && "$@")
    elif is_root; then
        (cd / && runuser -u postgres -- "$@")
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        (cd / && sudo -n -u postgres -- "$@")
    else
        die "need to run commands as the postgres user: run this script as root"
    fi
}

bindir() {
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null \
        | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# --- 1. installed? -------------------------------------------------------------------------
if ! BIN=$(bindir) || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    is_root || die "PostgreSQL is not installed; run as root (or apt-get install postgresql)"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and there is no apt-get"
    log "installing PostgreSQL with apt-get"
    apt-get update -qq </dev/null >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql </dev/null >&2
    BIN=$(bindir) || die "PostgreSQL installed, but no initdb under /usr/lib/postgresql"
fi
VERSION=$(basename "$(dirname "$BIN")")
id postgres >/dev/null 2>&1 || die "there is no postgres user (the postgresql package makes it)"
log "PostgreSQL $VERSION ($BIN)"

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1; }

wait_ready() {
    for _ in $(seq 1 60); do
        ready && return 0
        sleep 1
    done
    return 1
}

# --- 2. running? ---------------------------------------------------------------------------
start_debian_cluster() {
    command -v pg_ctlcluster >/dev/null 2>&1 || return 1
    is_root || return 1
    # /var/run is emptied on reboot (and is empty in a fresh container).
    install -d -o postgres -g postgres -m 2775 "$DEBIAN_SOCKETS"
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" '$1 == v && $2 == "main"' \
            | grep -q .; then
        log "creating cluster $VERSION/main on port $PORT"
        pg_createcluster "$VERSION" main --port "$PORT" >&2 || return 1
    fi
    local cluster_port
    cluster_port=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
    if [ "$cluster_port" != "$PORT" ]; then
        log "cluster $VERSION/main listens on port $cluster_port, not $PORT"
        return 1
    fi
    log "starting cluster $VERSION/main"
    pg_ctlcluster "$VERSION" main start >&2 || return 1
    wait_ready
}

start_private_cluster() {
    local data=$PRIVATE_DIR/data
    install -d -o postgres -g postgres -m 0700 "$PRIVATE_DIR"
    if [ ! -s "$data/PG_VERSION" ]; then
        log "creating a private cluster in $data"
        as_postgres "$BIN/initdb" -D "$data" -U postgres --auth-local=peer \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2 \
            || as_postgres "$BIN/initdb" -D "$data" -U postgres --auth-local=peer \
                --auth-host=scram-sha-256 -E UTF8 --locale=C >&2
    fi
    log "starting the private cluster (pg_ctl, port $PORT)"
    as_postgres "$BIN/pg_ctl" -D "$data" -l "$PRIVATE_DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $PRIVATE_DIR -c listen_addresses=127.0.0.1" start >&2 || {
        tail -n 20 "$PRIVATE_DIR/server.log" >&2 || true
        return 1
    }
    wait_ready
}

if ready; then
    log "a server is already accepting connections on 127.0.0.1:$PORT"
elif ! start_debian_cluster; then
    log "the Debian cluster did not start; trying a private cluster"
    start_private_cluster || die "could not start PostgreSQL on port $PORT"
fi

# --- 3. role and database ------------------------------------------------------------------
# As the postgres superuser over a Unix socket (peer authentication).
SOCKET=""
for dir in "$DEBIAN_SOCKETS" "$PRIVATE_DIR"; do
    if [ -S "$dir/.s.PGSQL.$PORT" ] && as_postgres "$BIN/psql" -h "$dir" -p "$PORT" -U postgres \
            -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        SOCKET=$dir
        break
    fi
done
[ -n "$SOCKET" ] || die "a server runs on port $PORT but the postgres superuser cannot connect \
through $DEBIAN_SOCKETS or $PRIVATE_DIR"

psql_admin() {
    as_postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -p "$PORT" -U postgres \
        -d postgres "$@"
}

role_exists=$(psql_admin -tA -v role="$ROLE" <<'SQL'
SELECT count(*) FROM pg_roles WHERE rolname = :'role';
SQL
)
if [ "$role_exists" = 0 ]; then
    log "creating role $ROLE (LOGIN CREATEDB)"
    psql_admin -v role="$ROLE" -v pw="$PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'pw';
SQL
else
    psql_admin -v role="$ROLE" -v pw="$PASSWORD" <<'SQL'
ALTER ROLE :"role" WITH LOGIN CREATEDB PASSWORD :'pw';
SQL
fi

db_exists=$(psql_admin -tA -v db="$DB" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'db';
SQL
)
if [ "$db_exists" = 0 ]; then
    log "creating database $DB"
    psql_admin -v db="$DB" -v role="$ROLE" <<'SQL'
CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
SQL
fi

# --- 4. check the way tipnet will connect: TCP, password -----------------------------------
PGPASSWORD=$PASSWORD "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" \
    -tAc 'SELECT 1' >/dev/null </dev/null \
    || die "cannot connect as $ROLE to $DB on 127.0.0.1:$PORT with the password (pg_hba.conf?)"
log "ready: database $DB, role $ROLE (CREATEDB) on 127.0.0.1:$PORT"

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
