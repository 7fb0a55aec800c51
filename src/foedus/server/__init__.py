"""The foedus monitoring server: incident reports in, obligations out.

FastAPI REST API and server-rendered dashboard (Jinja2 + vendored HTMX), SQLAlchemy 2 models with
Alembic migrations (SQLite in WAL mode by default, PostgreSQL through ``FOEDUS_DATABASE_URL``),
roles and classified objects with explicit access lists, hashed API tokens, and an append-only,
hash-chained audit log of every write. See docs/server.md.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):  # imported lazily: the core must not need FastAPI
    from foedus.server.app import create_app as _create

    return _create(*args, **kwargs)
