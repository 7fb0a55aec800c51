"""`serve`, `admin create-user`, `admin token create|list|revoke` and `audit verify` through
`register(app)` on a Typer app of our own (the main CLI calls the same register)."""

from __future__ import annotations

import json
import sqlite3

import httpx
import typer
from serverlib import LiveServer, free_port
from typer.testing import CliRunner

from foedus.server.cli import register


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """foedus (test harness)"""

    register(app)
    return app


def test_admin_tokens_and_audit_verify(tmp_path, monkeypatch):
    monkeypatch.delenv("FOEDUS_DATABASE_URL", raising=False)
    runner, app, d = CliRunner(), _app(), ["--data-dir", str(tmp_path)]
    r = runner.invoke(app, ["admin", "create-user", "desk.admin", "--role", "admin",
                            "--password", "a long password", *d])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["role"] == "admin"
    r = runner.invoke(app, ["admin", "create-user", "desk.admin", "--password", "another one", *d])
    assert r.exit_code == 2 and "taken" in r.output
    r = runner.invoke(app, ["admin", "create-user", "bad name!", "--password", "x" * 10, *d])
    assert r.exit_code == 2
    r = runner.invoke(app, ["admin", "create-user", "short", "--password", "x", *d])
    assert r.exit_code == 2

    r = runner.invoke(app, ["admin", "token", "create", "desk.admin", "--name", "ci", *d])
    assert r.exit_code == 0, r.output
    token = json.loads(r.output)
    assert token["token"].startswith("fds_")
    r = runner.invoke(app, ["admin", "token", "list", "desk.admin", *d])
    listed = [json.loads(line) for line in r.output.splitlines()]
    assert [t["id"] for t in listed] == [token["id"]] and not listed[0]["revoked"]
    assert token["token"] not in r.output

    # the token works against a served instance, and not after revocation
    srv = LiveServer(tmp_path, free_port()).start()
    try:
        h = {"Authorization": f"Bearer {token['token']}"}
        assert httpx.get(srv.url + "/api/me", headers=h).json()["username"] == "desk.admin"
        r = runner.invoke(app, ["admin", "token", "revoke", token["id"], *d])
        assert r.exit_code == 0, r.output
        assert httpx.get(srv.url + "/api/me", headers=h).status_code == 401
    finally:
        srv.stop()

    r = runner.invoke(app, ["audit", "verify", *d])
    assert r.exit_code == 0 and "audit chain verifies" in r.output
    r = runner.invoke(app, ["audit", "verify", "--json", *d])
    assert json.loads(r.output)["ok"] is True

    with sqlite3.connect(tmp_path / "foedus.db") as conn:  # tamper behind the log's back
        conn.execute("UPDATE users SET role = 'viewer'")
    r = runner.invoke(app, ["audit", "verify", *d])
    assert r.exit_code == 1
    assert "DOES NOT VERIFY" in r.output


def test_serve_uses_postgresql_from_the_environment(pg_cluster, tmp_path):
    url = pg_cluster.url(pg_cluster.create_database())
    srv = LiveServer(tmp_path, free_port(), database_url=url)
    token = srv.seed_user("pg.admin", "admin", "a long password")
    srv.start()
    try:
        h = {"Authorization": f"Bearer {token}"}
        assert httpx.get(srv.url + "/api/me", headers=h).json()["username"] == "pg.admin"
        assert httpx.get(srv.url + "/api/audit/verify", headers=h).json() == {"ok": True}
    finally:
        srv.stop()
    assert not (tmp_path / "foedus.db").exists()  # nothing went to SQLite


def test_migrations_downgrade_and_upgrade(env):
    from alembic import command
    from sqlalchemy import inspect

    from foedus.server.db import alembic_config, migrate

    cfg = alembic_config()
    with env.db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
    assert "incidents" not in inspect(env.db.engine).get_table_names()
    migrate(env.db.engine)
    migrate(env.db.engine)  # idempotent
    assert {"incidents", "audit_log", "obligations"} <= set(
        inspect(env.db.engine).get_table_names())
