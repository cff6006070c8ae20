#!/usr/bin/env bash
# Create the virtualenv (.venv) if missing and install tipnet's pinned dependencies into it.
#
# Hash-checking mode (--require-hashes) needs every requirement pinned with a hash, which the
# project itself cannot be, so the install is two steps: the lock file, then tipnet with
# --no-deps. A stamp in .venv skips both when nothing changed since the last run.
#
# Needs Python 3.11+ (set PYTHON=/path/to/python to choose one). On Debian, whose python3 comes
# without the venv module, python3-venv is installed with apt-get when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # tests use Debian's /usr/bin/chromium

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

find_python() {
    if [ -n "${PYTHON:-}" ]; then
        python_ok "$PYTHON" || die "PYTHON=$PYTHON is not Python 3.11 or newer"
        echo "$PYTHON"; return
    fi
    # The lock file is compiled for 3.11: prefer it, then whatever python3 is (3.11+).
    for candidate in python3.11 python3 python3.12 python3.13 python3.14; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"; return
        fi
    done
    die "Python 3.11 or newer is needed (none found on PATH)"
}

apt_install() {
    [ "$(id -u)" -eq 0 ] || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    log "installing $* with apt-get"
    apt-get update -qq </dev/null >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
        </dev/null >&2
}

make_venv() {
    local py=$1
    rm -rf .venv
    if "$py" -m venv .venv >&2; then return 0; fi
    # Debian and Ubuntu ship venv/ensurepip separately (python3.X-venv).
    rm -rf .venv
    local minor
    minor=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install "python${minor}-venv" || apt_install python3-venv \
        || die "'$py -m venv' failed; install the venv module (apt-get install python3-venv)"
    "$py" -m venv .venv >&2 || die "'$py -m venv .venv' failed"
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
    PY=$(find_python)
    log "creating .venv with $PY ($("$PY" --version 2>&1))"
    make_venv "$PY"
fi
VPY=.venv/bin/python

if ! "$VPY" -m pip --version >/dev/null 2>&1; then
    log "bootstrapping pip in .venv"
    "$VPY" -m ensurepip --upgrade >&2 || die "pip is missing from .venv and ensurepip failed"
fi

stamp=$("$VPY" - <<'PY'
import hashlib, sys
h = hashlib.sha256(sys.version.encode())
for name in ("requirements.lock", "pyproject.toml"):
    with open(name, "rb") as fh:
        h.update(fh.read())
print(h.hexdigest())
PY
)
if [ -f .venv/.tipnet-setup ] && [ "$(cat .venv/.tipnet-setup)" = "$stamp" ] \
        && [ -x .venv/bin/tipnet ] && "$VPY" -c 'import tipnet, django' 2>/dev/null; then
    log "dependencies are up to date"
    exit 0
fi

log "installing pinned dependencies (requirements.lock, hash-checked)"
"$VPY" -m pip install -q --require-hashes -r requirements.lock >&2
log "installing tipnet (editable, --no-deps)"
"$VPY" -m pip install -q --no-deps -e . >&2
echo "$stamp" > .venv/.tipnet-setup
log "done: $("$VPY" --version 2>&1) in .venv; the command is .venv/bin/tipnet"
