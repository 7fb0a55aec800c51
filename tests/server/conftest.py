"""Fixtures for the server tests: a fresh database per test on SQLite and on a real PostgreSQL.

The PostgreSQL cluster is a throwaway: initdb into a temporary directory, pg_ctl start on 127.0.0.1
with a free port (Unix socket in the same directory), one database per test, pg_ctl stop at the end
of the session. Run as root, the cluster runs as the ``postgres`` system user (initdb refuses
root). It is skipped, with the reason, only when the binaries are missing.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
#: the server's own dependencies; without them the server tests are not collected (and say so)
SERVER_DEPS = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "httpx", "multipart",
               "argon2", "jinja2")
MISSING = [name for name in SERVER_DEPS if importlib.util.find_spec(name) is None]
if MISSING:
    collect_ignore_glob = ["test_*.py"]

    def pytest_report_header(config: pytest.Config) -> str:
        return f"tests/server not collected: missing {', '.join(MISSING)}"
else:
    from fastapi.testclient import TestClient
    from serverlib import DESK, PASSWORD, free_port

    from foedus.server import services as svc
    from foedus.server.app import create_app
    from foedus.server.config import Settings
    from foedus.server.db import Database

PG_BIN = Path(os.environ.get("FOEDUS_PG_BIN", "/usr/lib/postgresql/15/bin"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reliability: heavy loopback reliability tests "
                            "(run in make test; deselect with -m 'not reliability')")
    config.addinivalue_line("markers", "browser: Playwright tests driving Debian's chromium")


# ------------------------------------------------------------------------------------ PostgreSQL


@dataclass
class PgCluster:
    port: int
    directory: Path
    user: str | None

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://foedus@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=foedus dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


def _run(cmd: list[str], user: str | None, **kw: Any) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, user=user, check=True, capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
    if not (initdb.exists() and pg_ctl.exists()):
        pytest.skip(f"PostgreSQL binaries not found in {PG_BIN} "
                    "(scripts/ensure-system-deps.sh installs postgresql-15)")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run initdb as")
        user = "postgres"
    directory = Path(tempfile.mkdtemp(prefix="foedus-pg-"))
    if user:
        shutil.chown(directory, user)
    data = directory / "data"
    port = free_port()
    _run([str(initdb), "-D", str(data), "-U", "foedus", "-A", "trust", "-E", "UTF8",
          "--no-sync", "--no-instructions"], user)
    # test speed over durability: this cluster is thrown away at the end of the session
    options = (f"-h 127.0.0.1 -p {port} -k {directory} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    _run([str(pg_ctl), "-D", str(data), "-l", str(directory / "log"), "-o", options,
          "-w", "-t", "60", "start"], user)
    try:
        yield PgCluster(port, directory, user)
    finally:
        subprocess.run([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"], user=user,
                       capture_output=True, timeout=60)
        shutil.rmtree(directory, ignore_errors=True)


# ------------------------------------------------------------------------------------------ app


@dataclass
class Env:
    """A server app on a fresh database, with helpers to make users and authenticated calls."""

    client: TestClient
    db: Database
    backend: str
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, username: str, role: str = "analyst") -> dict[str, str]:
        """Create a user with an API token; returns the Authorization headers."""
        with self.db.write() as s:
            user = svc.create_user(s, None, username, PASSWORD, role)
            _, raw = svc.create_token(s, None, user, "test")
        self.users[username] = raw
        return {"Authorization": f"Bearer {raw}"}

    def scenario(self, headers: dict[str, str], classification: str = "public",
                 access: list[str] | None = None, name: str = "desk") -> str:
        r = self.client.post("/api/scenarios", headers=headers, json={
            "name": name, "classification": classification, "definition": DESK,
            "access": access or []})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def incident(self, headers: dict[str, str], scenario_id: str, classification: str = "public",
                 access: list[str] | None = None, **fields: Any) -> str:
        report = {"date": "2025-10-01", "kind": "drone-incursion", "by": "RUS",
                  "attribution": 0.9, "target": "POL", "where": "airspace", "region": "POL",
                  "severity": 2, "title": "Drones over Poland",
                  "sources": [{"title": "MoD statement", "url": "https://example.org/a"}]}
        report.update(fields)
        r = self.client.post("/api/incidents", headers=headers, json={
            "scenario_id": scenario_id, "classification": classification, "incident": report,
            "access": access or []})
        assert r.status_code == 201, r.text
        return r.json()["id"]


def _make_env(url: str, backend: str) -> Iterator[Env]:
    db = Database(url)
    app = create_app(Settings(database_url=url), database=db)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Env(client, db, backend)
    db.dispose()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[Env]:
    yield from _make_env(f"sqlite:///{tmp_path / 'foedus.db'}", "sqlite")


@pytest.fixture
def pg_env(pg_cluster: PgCluster) -> Iterator[Env]:
    yield from _make_env(pg_cluster.url(pg_cluster.create_database()), "postgresql")


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest) -> Env:
    """The same API test on both backends."""
    return request.getfixturevalue({"sqlite": "sqlite_env", "postgresql": "pg_env"}[request.param])
