#!/usr/bin/env bash
# Run the whole test suite: install, make sure Debian's Chromium (browser tests) and gettext
# (translations) are there, then pytest. Extra arguments go to pytest, e.g.
#   bash scripts/test.sh tests/demo -x -q
#
# SQLite by default. scripts/test-postgres.sh runs the same suite on PostgreSQL by setting
# TIPNET_TEST_DATABASE_URL. Playwright never downloads a browser: the tests launch
# /usr/bin/chromium. Exits with pytest's status; "no tests collected" (5) is a failure too.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "test.sh: $*" >&2; }

bash scripts/setup.sh

# Playwright's own Node.js driver (in the wheel) drives the browser; on a minimal Debian it
# lacks libatomic.so.1.
playwright_driver_runs() {
    local node
    for node in .venv/lib/python3*/site-packages/playwright/driver/node; do
        [ -x "$node" ] && "$node" --version >/dev/null 2>&1 && return 0
    done
    return 1
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
playwright_driver_runs || missing+=(libatomic1)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing ${missing[*]} with apt-get"
        apt-get update -qq </dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" </dev/null
    else
        log "WARNING: ${missing[*]} missing and not root: install them (apt-get install" \
            "${missing[*]}); browser tests need /usr/bin/chromium"
    fi
fi
if ! playwright_driver_runs; then
    log "WARNING: Playwright's driver does not run; browser tests will fail:"
    for node in .venv/lib/python3*/site-packages/playwright/driver/node; do
        "$node" --version >&2 || true
    done
fi

export TIPNET_ENV=test
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -n "${TIPNET_TEST_DATABASE_URL:-}" ]; then
    export DATABASE_URL=$TIPNET_TEST_DATABASE_URL
    redacted=$(printf '%s' "$DATABASE_URL" | sed -E 's#(//[^:/@]+:)[^@]*@#\1***@#')
    log "database: $redacted (pytest-django creates and drops test_<name>)"
else
    unset DATABASE_URL
    log "database: SQLite"
fi

status=0
.venv/bin/python -m pytest "$@" </dev/null || status=$?
if [ "$status" -eq 5 ]; then
    log "FAILED: pytest collected no tests (exit 5)"
elif [ "$status" -ne 0 ]; then
    log "FAILED: pytest exited with $status"
else
    log "all tests passed"
fi
exit "$status"
