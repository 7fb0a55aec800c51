"""The readable legal cases in tests/cases/*.yaml, each run as one test.

A case names an incident (a library id or an inline mapping), a scenario (default europe-2025) and
the statuses a lawyer would expect, with the reasoning in the file itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foedus.engine.evaluator import evaluate
from foedus.model.incident import Incident
from foedus.model.library import Library

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _incident(spec) -> Incident:
    if isinstance(spec, str):
        return Library().incident(spec).value
    return Incident.model_validate(spec)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(worlds, path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    incident = _incident(case["incident"])
    world = worlds(case.get("scenario", "europe-2025"))
    result = evaluate(world, incident)
    for expected in case["expect"]:
        finding = result.finding(expected["instrument"], expected["clause"])
        where = f"{case['case']}: {expected['instrument']}.{expected['clause']}"
        if finding is None:
            assert expected["status"] == "not-applicable", f"{where}: no finding"
            continue
        assert finding.status == expected["status"], (
            f"{where}: got {finding.status}, expected {expected['status']}\n"
            + "\n".join(f"  {s.value} {s.condition}" for s in finding.trace)
        )
        if "exception" in expected:
            assert finding.exception == expected["exception"], where


def test_there_are_enough_historical_cases() -> None:
    library = Library()
    assert len(library.incident_ids()) >= 15
    for ident in library.incident_ids():
        incident = library.incident(ident).value
        assert incident.sources, f"{ident} has no source"
