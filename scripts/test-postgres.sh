#!/usr/bin/env bash
# Run the whole test suite against a real PostgreSQL server: start one with scripts/pg.sh
# (installing it if needed), then scripts/test.sh with DATABASE_URL pointing at it.
# pytest-django creates (and drops) the test database test_tipnet; the role may CREATEDB.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

url=$(bash scripts/pg.sh)
[ -n "$url" ] || { echo "test-postgres.sh: scripts/pg.sh printed no DATABASE_URL" >&2; exit 1; }
TIPNET_TEST_DATABASE_URL=$url exec bash scripts/test.sh "$@"
