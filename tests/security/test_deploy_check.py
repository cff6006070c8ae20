"""`tipnet check --deploy` is clean with production settings, and production refuses to start
without its keys."""

import os
import subprocess
import sys

import pytest

from tipnet.lib.crypto import generate_key_spec

PROD_ENV = {
    "TIPNET_ENV": "production",
    "SECRET_KEY": "x" * 20 + generate_key_spec("s").split(":")[1],
    "TIPNET_DATA_KEYS": generate_key_spec("p1"),
    "TIPNET_AUDIT_KEY": generate_key_spec("a").split(":")[1],
    "TIPNET_ALLOWED_HOSTS": "tipnet.example.org",
    "DATABASE_URL": "sqlite:////tmp/tipnet-deploy-check.sqlite3",
}


def _run(env_overrides, *args):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TIPNET_", "SECRET_KEY", "DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "tipnet.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_check_deploy_is_clean_in_production():
    result = _run(PROD_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "TIPNET_DATA_KEYS", "TIPNET_AUDIT_KEY"])
def test_production_refuses_to_start_without_keys(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _run(env, "check")
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_malformed_data_key_fails_fast():
    result = _run({**PROD_ENV, "TIPNET_DATA_KEYS": "k1:short"}, "check")
    assert result.returncode != 0
    assert "KeySpecError: key 'k1'" in result.stderr
