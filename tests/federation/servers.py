"""Real tipnet deployments on localhost for tests that cross the network.

Each deployment has its own database (an SQLite file, or a PostgreSQL database on the server
``DATABASE_URL`` names when the suite runs on PostgreSQL), its own var directory (and so its
own generated ``SECRET_KEY``, data keys and audit key), its own federation identity, and a
``tipnet runserver --noreload`` process on a free port. ``pair()`` makes two, "A" and "B",
each registered as the other's peer the way docs/federation.md tells administrators to (the
identity card, the fingerprint checked), with a system administrator ``fed.admin`` on each.

Use it through the session fixture ``deployments`` (tests/federation/conftest.py)::

    def test_something(deployments):
        a, b = deployments.a, deployments.b
        a.manage("federation_ping", "B", "--user", a.admin)     # a command on A
        n = b.query("from tipnet.federation.models import InboxMessage\\n"
                    "result = InboxMessage.objects.count()")    # a value read on B
        with b.stopped():                                        # B down, started again after
            ...
        worker = a.start_worker()                                # A's outbox worker, looping

Tests share the two deployments: read counts before and after, or use unique keys, rather
than expecting empty tables.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ADMIN = "fed.admin"
RESULT_MARK = "\n@@result@@"
# Fast retries for tests: 1 s, then 2 s at most.
TEST_ENV = {
    "TIPNET_ENV": "test",
    "TIPNET_FEDERATION_RETRY_BASE_SECONDS": "1",
    "TIPNET_FEDERATION_RETRY_MAX_SECONDS": "2",
    "TIPNET_FEDERATION_TIMEOUT_SECONDS": "5",
    "TIPNET_LOG_LEVEL": "ERROR",
}
# Keys each deployment must generate for itself, never inherit from the test process.
OWN_SECRETS = ("SECRET_KEY", "TIPNET_DATA_KEYS", "TIPNET_AUDIT_KEY", "TIPNET_MEDIA_ROOT",
               "DJANGO_SETTINGS_MODULE")


def wait_for(check: Any, timeout: float = 40.0, every: float = 0.3) -> Any:
    """Call ``check`` until it returns something true, or ``timeout`` seconds pass; returns
    its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_url(name: str) -> str | None:
    """A URL for database ``name`` on the suite's PostgreSQL server, or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(url: str, statement: str) -> None:
    import psycopg

    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


@dataclass
class Deployment:
    name: str
    root: Path
    port: int
    database_url: str
    admin: str = ADMIN
    server: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in OWN_SECRETS}
        env.update(TEST_ENV, TIPNET_VAR_DIR=str(self.root / "var"),
                   DATABASE_URL=self.database_url, PYTHONUNBUFFERED="1")
        return env

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "tipnet", *args]

    def manage(self, *args: str, check: bool = True,
               timeout: float = 120) -> subprocess.CompletedProcess:
        """Run ``tipnet ARGS`` against this deployment; raises on failure when ``check``."""
        done = subprocess.run(self._command(*args), env=self.env, cwd=self.root, text=True,
                              capture_output=True, timeout=timeout, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"[{self.name}] tipnet {' '.join(args)} exited "
                                 f"{done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def query(self, code: str) -> Any:
        """Run Python ``code`` in this deployment (``tipnet shell -c``); it sets ``result``
        to something JSON can carry, which is returned."""
        wrapped = (f"{code}\nimport json as _j, sys as _s\n"
                   f"_s.stdout.write({RESULT_MARK!r} + _j.dumps(result, default=str))\n")
        out = self.manage("shell", "-c", wrapped).stdout
        return json.loads(out.rsplit(RESULT_MARK, 1)[1])

    def card(self) -> dict:
        return json.loads(self.manage("federation_identity", "--card").stdout)

    # -- processes -----------------------------------------------------------------------

    def start(self, timeout: float = 60) -> None:
        """Start the web server and wait until it answers."""
        if self.server is not None and self.server.poll() is None:
            return
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (lives with the process)
        self.server = subprocess.Popen(
            self._command("runserver", f"127.0.0.1:{self.port}", "--noreload",
                          "--skip-checks"),
            env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"[{self.name}] the server exited: "
                                     f"{(self.root / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):  # noqa: S310
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError(f"[{self.name}] the server did not answer in {timeout} s")

    def stop(self) -> None:
        """Stop the web server (connections to its port are then refused)."""
        if self.server is not None:
            _end(self.server)
            self.server = None

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        self.stop()
        try:
            yield
        finally:
            self.start()

    def start_worker(self, *args: str) -> subprocess.Popen:
        """Start ``tipnet federation_deliver`` in its loop mode; stopped at close()."""
        log = open(self.root / "worker.log", "ab")  # noqa: SIM115 (lives with the process)
        worker = subprocess.Popen(
            self._command("federation_deliver", "--interval", "0.2", *args),
            env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(worker)
        return worker

    def stop_workers(self) -> None:
        while self.workers:
            _end(self.workers.pop())

    def post(self, path: str, body: bytes) -> tuple[int, dict]:
        """POST raw bytes to this deployment (as a peer would): (status, JSON answer)."""
        request = urllib.request.Request(  # noqa: S310 (our own http://127.0.0.1 URL)
            f"{self.url}{path}", data=body, method="POST",
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())

    def close(self) -> None:
        self.stop_workers()
        self.stop()


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Deployments:
    a: Deployment
    b: Deployment
    dropped_databases: list[str] = field(default_factory=list)

    def close(self) -> None:
        for deployment in (self.a, self.b):
            deployment.close()
        for url in self.dropped_databases:
            name = urlsplit(url).path.lstrip("/")
            _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(name: str, root: Path) -> Deployment:
    """A migrated deployment with a system administrator and a federation identity (not
    started)."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    db_name = f"tipnet_fed_{name.lower()}_{secrets.token_hex(4)}"
    pg_url = _postgres_url(db_name)
    if pg_url:
        _postgres(pg_url, f'CREATE DATABASE "{db_name}"')
    deployment = Deployment(name, root, port, pg_url or f"sqlite:///{root / 'tipnet.sqlite3'}")
    deployment.manage("migrate", "-v0")
    deployment.query(
        "from tipnet.accounts.models import User\n"
        f"u = User.objects.create_user({ADMIN!r}, role='system_admin', is_staff=True)\n"
        "result = u.pk")
    deployment.manage("federation_identity", "--generate", "--name", name, "--url",
                      deployment.url, "--user", ADMIN)
    return deployment


def introduce(one: Deployment, other: Deployment) -> None:
    """Register ``other`` as a peer of ``one``: its card, and the fingerprint it shows."""
    card_path = one.root / f"card-{other.name}.json"
    card_path.write_text(json.dumps(other.card()))
    shown = other.manage("federation_identity").stdout
    fingerprint = shown.split("fingerprint:", 1)[1].strip()
    one.manage("federation_peer", "add", str(card_path), "--fingerprint", fingerprint,
               "--user", ADMIN)


def pair(root: Path) -> Deployments:
    """Deployments A and B, each the other's peer, both serving."""
    a = prepare("A", root / "a")
    b = prepare("B", root / "b")
    pair_ = Deployments(a, b, [d.database_url for d in (a, b)
                               if d.database_url.startswith("postgres")])
    try:
        introduce(a, b)
        introduce(b, a)
        a.start()
        b.start()
    except BaseException:
        pair_.close()
        raise
    return pair_
