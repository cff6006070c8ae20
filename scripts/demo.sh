#!/usr/bin/env bash
# Run tipnet on this machine with demo data: install, migrate, seed, serve.
#
# SQLite in var/tipnet.sqlite3 (development keys are generated into var/secrets.json on first
# use); set DATABASE_URL to use another database. The demo logins are printed before the server
# starts; `.venv/bin/tipnet demo_totp USERNAME` gives a user's current TOTP code.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDRESS=${TIPNET_DEMO_ADDRESS:-127.0.0.1:8000}
export TIPNET_ENV=${TIPNET_ENV:-development}

bash scripts/setup.sh
echo "demo.sh: migrating the database" >&2
.venv/bin/tipnet migrate --noinput
echo "demo.sh: seeding demo data" >&2
.venv/bin/tipnet seed_demo
echo "demo.sh: starting the server at http://$ADDRESS/ (Ctrl-C stops it)" >&2
exec .venv/bin/tipnet runserver "$ADDRESS"
