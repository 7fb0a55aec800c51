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
