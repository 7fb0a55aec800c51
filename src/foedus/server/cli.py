"""Command-line entry points of the server: ``serve``, ``admin ...`` and ``audit verify``.

``register(app)`` adds them to the main ``foedus`` Typer app. Every command takes ``--data-dir``
(default ``$FOEDUS_DATA_DIR`` or ``~/.local/share/foedus``) and honours ``FOEDUS_DATABASE_URL``;
every command runs the migrations first, so a fresh data directory just works.

``python -m foedus.server.cli ...`` runs the same commands on their own.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="where the SQLite database lives (ignored with "
                 "FOEDUS_DATABASE_URL)"),
]


def _database(data_dir: Path | None):
    from foedus.server.config import Settings
    from foedus.server.db import Database

    db = Database(Settings.from_env(data_dir).database_url)
    db.migrate()
    return db


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def serve(
    host: Annotated[str, typer.Option(help="address to bind; keep 127.0.0.1 unless a reverse "
                                      "proxy in front needs otherwise")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    data_dir: DataDir = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "warning",
) -> None:
    """Run the monitoring server (API under /api, dashboard at /)."""
    import uvicorn

    from foedus.server.app import create_app
    from foedus.server.config import Settings

    settings = Settings.from_env(data_dir)
    app = create_app(settings)  # migrates at start-up
    shown = settings.database_url.split("@")[-1]
    typer.echo(f"foedus server on http://{host}:{port}/ (database {shown})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)


admin = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
token = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
admin.add_typer(token, name="token")


@admin.command("create-user")
def create_user(
    username: Annotated[str, typer.Argument(help="letters, digits, _ . -; up to 64")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin")] = "viewer",
    password: Annotated[str | None, typer.Option(
        help="the password (default: $FOEDUS_PASSWORD, else asked for)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a user (recorded in the audit log as done by `cli`)."""
    import re

    from foedus.server import services as svc

    if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,64}", username):
        _fail("usernames are 1-64 letters, digits, _ . or -")
    pw = password or os.environ.get("FOEDUS_PASSWORD")
    if not pw:
        if not sys.stdin.isatty():
            _fail("give --password or FOEDUS_PASSWORD (no terminal to ask on)")
        pw = getpass.getpass("password: ")
    if len(pw) < 8:
        _fail("passwords have at least 8 characters")
    db = _database(data_dir)
    try:
        with db.write() as s:
            user = svc.create_user(s, None, username, pw, role)
            typer.echo(json.dumps({"id": user.id, "username": user.username, "role": user.role}))
    except svc.Conflict as err:
        _fail(str(err))
    except svc.Invalid as err:
        _fail(f"{err.field}: {err.message} ({err.hint})")
    finally:
        db.dispose()


@token.command("create")
def token_create(
    username: str,
    name: Annotated[str, typer.Option(help="what the token is for")] = "cli",
    expires_hours: Annotated[float | None, typer.Option(min=0.01)] = None,
    data_dir: DataDir = None,
) -> None:
    """Create an API token for a user and print it (the only time it is shown)."""
    from sqlalchemy import select

    from foedus.server import models as m
    from foedus.server import services as svc

    db = _database(data_dir)
    try:
        with db.write() as s:
            user = s.execute(select(m.User).where(m.User.username == username)
                             ).scalar_one_or_none()
            if user is None:
                _fail(f"no user {username!r}")
            row, raw = svc.create_token(s, None, user, name[:100], "api", expires_hours)
            typer.echo(json.dumps({"id": row.id, "user": username, "token": raw}))
    finally:
        db.dispose()


@token.command("list")
def token_list(username: str, data_dir: DataDir = None) -> None:
    """List a user's API tokens (never the secrets), as JSON lines."""
    from sqlalchemy import select

    from foedus.server import models as m

    db = _database(data_dir)
    try:
        with db.read() as s:
            rows = s.execute(select(m.ApiToken).join(m.User, m.User.id == m.ApiToken.user_id)
                             .where(m.User.username == username, m.ApiToken.kind == "api")
                             .order_by(m.ApiToken.created_at)).scalars()
            for t in rows:
                typer.echo(json.dumps({
                    "id": t.id, "name": t.name, "created_at": t.created_at.isoformat(),
                    "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                    "revoked": t.revoked_at is not None}))
    finally:
        db.dispose()


@token.command("revoke")
def token_revoke(token_id: str, data_dir: DataDir = None) -> None:
    """Revoke a token by its id (from `token list`)."""
    from foedus.server import models as m
    from foedus.server import services as svc

    db = _database(data_dir)
    try:
        with db.write() as s:
            row = s.get(m.ApiToken, token_id)
            if row is None:
                _fail(f"no token {token_id!r}")
            svc.revoke_token(s, None, row)
            typer.echo(json.dumps({"id": row.id, "revoked": True}))
    finally:
        db.dispose()


@audit_app.command("verify")
def audit_verify(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Verify the audit chain and that stored objects match their last audited state.

    Exit status 0 when it verifies, 1 when alteration or deletion is detected."""
    from foedus.server import audit

    db = _database(data_dir)
    try:
        with db.read() as s:
            report = audit.verify(s)
    finally:
        db.dispose()
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    elif report.ok:
        typer.echo(f"audit chain verifies: {report.entries} entries, "
                   f"{report.objects_checked} objects match their last audited state")
    else:
        typer.echo(f"AUDIT CHAIN DOES NOT VERIFY ({len(report.problems)} problems):", err=True)
        for p in report.problems:
            typer.echo(f"  - {p}", err=True)
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `serve`, `admin` (create-user, token create|list|revoke) and `audit verify`."""
    app.command("serve")(serve)
    app.add_typer(admin, name="admin")
    app.add_typer(audit_app, name="audit")


def standalone() -> typer.Typer:
    app = typer.Typer(name="foedus", no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False)
    register(app)
    return app


if __name__ == "__main__":
    standalone()()
