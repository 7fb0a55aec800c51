"""The audit chain detects alteration and deletion, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from foedus.server import audit


def _setup(env):
    admin = env.user("ada", "admin")
    sid = env.scenario(admin)
    iid = env.incident(admin, sid)
    env.client.post(f"/api/incidents/{iid}/verification", headers=admin,
                    json={"status": "confirmed"})
    with env.db.read() as s:
        assert audit.verify(s).ok
    return iid


def _drop_guards(conn, backend: str) -> None:
    if backend == "sqlite":
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


def _problems(env) -> list[str]:
    with env.db.read() as s:
        return audit.verify(s).problems


def test_log_is_append_only_in_the_database(env):
    _setup(env)
    with pytest.raises(DBAPIError), env.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 2"))
    with pytest.raises(DBAPIError), env.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    assert not _problems(env)


def test_alteration_detected(env):
    _setup(env)
    with env.db.engine.begin() as conn:
        _drop_guards(conn, env.backend)
        conn.execute(text("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3"))
    problems = _problems(env)
    assert any("entry 3" in p and "altered" in p for p in problems), problems


def test_deletion_in_the_middle_detected(env):
    _setup(env)
    with env.db.engine.begin() as conn:
        _drop_guards(conn, env.backend)
        conn.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    problems = _problems(env)
    assert any("missing" in p for p in problems), problems


def test_deletion_of_the_tail_detected(env):
    _setup(env)
    with env.db.engine.begin() as conn:
        _drop_guards(conn, env.backend)
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar()
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": last})
    problems = _problems(env)
    assert any("head" in p for p in problems), problems


def test_tail_deletion_with_head_rewritten_still_detected(env):
    """Even a forger who rewinds the head row is caught: the object's state no longer matches."""
    _setup(env)
    with env.db.engine.begin() as conn:
        _drop_guards(conn, env.backend)
        last, = conn.execute(text("SELECT max(seq) FROM audit_log")).one()
        prev = conn.execute(text("SELECT hash FROM audit_log WHERE seq = :s"),
                            {"s": last - 1}).scalar()
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": last})
        conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h"),
                     {"s": last - 1, "h": prev})
    problems = _problems(env)
    assert any("no audit entry" in p or "differs" in p for p in problems), problems


def test_change_behind_the_logs_back_detected(env):
    iid = _setup(env)
    with env.db.engine.begin() as conn:
        conn.execute(text("UPDATE incidents SET status = 'rejected' WHERE id = :i"), {"i": iid})
    problems = _problems(env)
    assert any(iid in p and "differs" in p for p in problems), problems
    with env.db.engine.begin() as conn:
        conn.execute(text("UPDATE incidents SET status = 'confirmed' WHERE id = :i"), {"i": iid})
        conn.execute(text("DELETE FROM obligations WHERE id IN "
                          "(SELECT id FROM obligations WHERE incident_id = :i LIMIT 1)"),
                     {"i": iid})
    problems = _problems(env)
    assert any("missing from the database" in p for p in problems), problems
