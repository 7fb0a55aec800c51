"""Reliability on loopback: concurrent reporters lose and duplicate nothing; a SIGKILL in the middle of
writes leaves a consistent database whose audit chain verifies. Bounded in count and time."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from serverlib import DESK, PASSWORD, REPO, LiveServer, free_port
from sqlalchemy import func, select

from foedus.server import audit
from foedus.server import models as m
from foedus.server.db import Database

pytestmark = pytest.mark.reliability


def _bench():
    spec = importlib.util.spec_from_file_location("bench_server",
                                                  REPO / "benchmarks" / "bench_server.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_server"] = module
    spec.loader.exec_module(module)
    return module


def test_concurrent_reporters_lose_and_duplicate_nothing(tmp_path: Path):
    """The bar: 50 concurrent reporters, 5,000 incidents in total (benchmarks/bench_server.py)."""
    bench = _bench()
    result = bench.run(reporters=50, incidents=5000, data_dir=tmp_path, timeout_s=420)
    summary = result.summary()
    print("\nserver reliability:", summary)
    assert not result.errors, result.errors[:5]
    assert result.accepted == 5000
    assert result.stored == 5000, "lost or duplicated incidents"
    assert result.distinct_keys == 5000
    assert result.per_reporter_ok
    assert result.audit_ok


def _writer(base: str, token: str, scenario_id: str, prefix: str, acked: set, attempted: set,
            stop: threading.Event, lock: threading.Lock) -> None:
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=10) as client:
        for j in range(2000):  # bounded
            if stop.is_set():
                return
            key = f"{prefix}-{j}"
            with lock:
                attempted.add(key)
            body = {"scenario_id": scenario_id, "incident": {
                "date": "2025-10-01", "kind": "drone-incursion", "by": "RUS", "target": "POL",
                "where": "airspace", "region": "POL", "severity": 2, "title": key}}
            try:
                r = client.post("/api/incidents", json=body, headers={**h, "Idempotency-Key": key})
                if r.status_code not in (200, 201):
                    continue
                with lock:
                    acked.add(key)
                if j % 3 == 0:  # confirmations write an evaluation and ~30 obligations at once
                    client.post(f"/api/incidents/{r.json()['id']}/verification", headers=h,
                                json={"status": "confirmed"})
            except httpx.HTTPError:
                return  # the server is gone


def _consistency(url: str) -> dict:
    db = Database(url)
    try:
        with db.read() as s:
            report = audit.verify(s)
            incidents = s.scalar(select(func.count()).select_from(m.Incident))
            creates = s.scalar(select(func.count()).select_from(m.AuditEntry)
                               .where(m.AuditEntry.action == "incident.create"))
            confirmed = s.execute(select(m.Incident.id).where(m.Incident.status == "confirmed")
                                  ).scalars().all()
            problems = list(report.problems)
            for iid in confirmed:
                ev = s.execute(select(m.Evaluation).where(m.Evaluation.incident_id == iid)
                               ).scalar_one_or_none()
                if ev is None:
                    problems.append(f"confirmed incident {iid} without evaluation")
                    continue
                owed = sum(len(f["obligations"]) for f in ev.result["findings"]
                           if f["status"] == "applies")
                stored = s.scalar(select(func.count()).select_from(m.Obligation)
                                  .where(m.Obligation.incident_id == iid))
                if owed != stored:
                    problems.append(f"incident {iid}: {stored} obligations stored, {owed} owed")
            titles = s.execute(select(m.Incident.title)).scalars().all()
        return {"ok": report.ok and not problems, "problems": problems[:5],
                "incidents": incidents, "creates": creates, "confirmed": len(confirmed),
                "titles": titles, "entries": report.entries}
    finally:
        db.dispose()


def test_sigkill_in_the_middle_of_writes(tmp_path: Path):
    srv = LiveServer(tmp_path, free_port())
    token = srv.seed_user("writer", "analyst", PASSWORD)
    srv.start()
    h = {"Authorization": f"Bearer {token}"}
    r = httpx.post(srv.url + "/api/scenarios", headers=h, timeout=30,
                   json={"name": "desk", "definition": DESK})
    assert r.status_code == 201, r.text
    scenario_id = r.json()["id"]

    acked: set[str] = set()
    attempted: set[str] = set()
    stop, lock = threading.Event(), threading.Lock()
    threads = [threading.Thread(target=_writer, args=(srv.url, token, scenario_id, f"w{i}",
                                                      acked, attempted, stop, lock))
               for i in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.05)
    # kill at a moment when a report is known to be in flight (sent, not yet answered): a write
    # queued on the single writer takes tens of milliseconds, the kill follows within a few
    while time.monotonic() < deadline:
        with lock:
            in_flight = bool(attempted - acked)
        if in_flight:
            break
        time.sleep(0.001)
    srv.kill()  # SIGKILL in the middle of writes
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert len(acked) >= 150, "the writers did not get going"
    assert attempted - acked, "no request was in flight when the server was killed"

    # the database file is intact and consistent before any restart
    with sqlite3.connect(tmp_path / "foedus.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    state = _consistency(srv.db_url)
    assert state["ok"], state["problems"]
    assert state["incidents"] == state["creates"]
    assert acked <= set(state["titles"]), "an acknowledged report was lost"

    # restart: migrations run again, the chain verifies, retries of every attempted report
    # (same idempotency keys) create exactly the missing ones
    srv2 = LiveServer(tmp_path, free_port()).start()
    try:
        with httpx.Client(base_url=srv2.url, timeout=30) as client:
            for key in sorted(attempted):
                prefix, j = key.rsplit("-", 1)
                body = {"scenario_id": scenario_id, "incident": {
                    "date": "2025-10-01", "kind": "drone-incursion", "by": "RUS",
                    "target": "POL", "where": "airspace", "region": "POL", "severity": 2,
                    "title": key}}
                r = client.post("/api/incidents", json=body,
                                headers={**h, "Idempotency-Key": key})
                assert r.status_code in (200, 201), r.text
                if key in acked:
                    assert r.status_code == 200, f"{key} was acknowledged but not found"
    finally:
        srv2.stop()
    after = _consistency(srv.db_url)
    assert after["ok"], after["problems"]
    assert sorted(after["titles"]) == sorted(attempted), "lost or duplicated after retries"

    cli = subprocess.run([sys.executable, "-m", "foedus.server", "audit", "verify",
                          "--data-dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "audit chain verifies" in cli.stdout
