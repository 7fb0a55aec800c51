"""Schemathesis against the OpenAPI spec: no generated request makes the server fail (no 5xx).

Runs in-process (ASGI) on PostgreSQL, the stricter backend (NUL characters, string lengths), or on
SQLite if the PostgreSQL binaries are missing. Requests carry an admin token, so every operation
is reached beyond authentication; a scenario and a confirmed incident exist beforehand.
"""

from __future__ import annotations

import warnings

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from serverlib import DESK  # noqa: E402

from foedus.server import services as svc  # noqa: E402
from foedus.server.app import create_app  # noqa: E402
from foedus.server.config import Settings  # noqa: E402
from foedus.server.db import Database  # noqa: E402

AUTH: dict[str, str] = {}
BACKEND: list[str] = []
EXAMPLES = 25


@pytest.fixture
def api_schema(request, tmp_path):
    try:
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.url(cluster.create_database())
    except pytest.skip.Exception:
        url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    BACKEND[:] = [url.split(":")[0]]
    db = Database(url)
    app = create_app(Settings(database_url=url), database=db)
    with db.write() as s:
        admin = svc.create_user(s, None, "fuzz.admin", "fuzz-password", "admin")
        _, raw = svc.create_token(s, None, admin, "fuzz")
        scenario = svc.create_scenario(s, admin, name="desk", classification="public",
                                       library_ref=None, definition=DESK)
        incident, _ = svc.submit_incident(s, admin, scenario_id=scenario.id,
                                          classification="public", report={
                                              "date": "2025-10-01", "kind": "drone-incursion",
                                              "by": "RUS", "target": "POL",
                                              "where": "airspace", "region": "POL",
                                              "severity": 2})
    with db.write() as s:
        row = svc.get_incident(s, admin, incident.id)
        svc.verify_incident(s, admin, row, status="confirmed")
    AUTH["Authorization"] = f"Bearer {raw}"
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


MODES = ("positive", "negative")


def test_no_server_errors(api_schema):
    """Every operation, positive and negative generation; failures are collected, not stopped at."""
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:
            strategy = operation.as_strategy(
                generation_mode=schemathesis.GenerationMode(mode))

            @given(case=strategy)
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.generate])
            def run(case):
                case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
                continue
            except Exception as err:  # noqa: BLE001 - report every failing operation
                failures.append(f"{operation.label} [{mode}]: {str(err)[:600]}")
    assert operations >= 20
    print(f"\nschemathesis: {operations} operations x {MODES} x up to {EXAMPLES} examples, "
          f"backend {BACKEND[0]}")
    assert not failures, "\n\n".join(failures)
