"""Invocation model on the sourced public cases in foedus/library/incidents."""

from __future__ import annotations

import pytest

from foedus.deterrence.invocation import annotate_invocation, p_consult, p_invoke
from foedus.engine.evaluator import evaluate
from foedus.model.library import Library

LIB = Library()
# one record per event: the 9/11 follow-ups re-describe the same attack
DUPLICATES = {"us-911-anzus-2001-09-14", "us-911-nac-affirmed-2001-10-02", "us-911-rio-2001-09-21"}


def cases():
    for ident in LIB.incident_ids():
        if ident not in DUPLICATES:
            yield LIB.incident(ident).value


def nato_cases(deter_world):
    world = deter_world("europe-2025")
    ms = world.library.memberships
    return [c for c in cases() if ms.is_member("NATO", c.target, c.date)]


def test_article4_requests_on_public_cases(deter_world):
    world = deter_world("europe-2025")
    rows = [(c.id, p_consult(c, world), "nato.art4" in c.invoked) for c in nato_cases(deter_world)]
    assert len(rows) >= 15
    hits = sum((p >= 0.5) == asked for _, p, asked in rows)
    base = sum(asked for *_, asked in rows) / len(rows)
    brier = sum((p - asked) ** 2 for _, p, asked in rows) / len(rows)
    brier_base = sum((base - asked) ** 2 for *_, asked in rows) / len(rows)
    assert hits / len(rows) >= 0.8, rows
    assert brier < 0.75 * brier_base
    # named cases
    by_id = {i: p for i, p, _ in rows}
    assert by_id["ee-mig31-2025-09-19"] > 0.8          # Estonia asked (19 Sep 2025)
    assert by_id["pl-przewodow-2022-11-15"] < 0.2      # Ukrainian air-defence missile: no request
    assert by_id["fi-balticconnector-2023-10-08"] < 0.1  # an anchor, unattributed: no request


def test_collective_defence_invocations_on_public_cases(deter_world):
    world = deter_world("europe-2025")
    invoked = {c.id: p_invoke(c, world) for c in cases()
               if any(x.endswith(("art5", "art42-7", "art3", "art4")) and not x.startswith("nato.art4")
                      for x in c.invoked)}
    assert set(invoked) == {"us-911-2001-09-11", "fr-paris-2015-11-13"}
    assert invoked["us-911-2001-09-11"] > 0.9
    assert invoked["fr-paris-2015-11-13"] > 0.5
    for ident in ("tr-rf4e-2012-06-22", "tr-akcakale-2012-10-03", "tr-suruc-2015-07-20",
                  "gb-salisbury-2018-03-04", "ee-mig31-2025-09-19"):
        assert p_invoke(LIB.incident(ident).value, world) < 0.3, ident


def test_directions(deter_world):
    world = deter_world("europe-2025")
    base = LIB.incident("ee-mig31-2025-09-19").value
    assert p_consult(base.model_copy(update={"attribution": 0.2}), world) < p_consult(base, world)
    assert p_consult(base.model_copy(update={"where": "eez"}), world) < p_consult(base, world)
    assert p_invoke(base.model_copy(update={"severity": 5, "kind": "armed-attack",
                                            "casualties": 200}), world) > 0.9
    assert p_invoke(base.model_copy(update={"casualties": 500}), world) > p_invoke(base, world)


def test_annotate_sets_art4_and_collective_defence(deter_world):
    world = deter_world("europe-2025")
    incident = LIB.incident("ee-mig31-2025-09-19").value
    ev = evaluate(world, incident)
    annotate_invocation(ev, world, incident)
    art4 = ev.finding("nato", "art4")
    assert art4 is not None and art4.invocation_probability == pytest.approx(
        p_consult(incident, world), abs=1e-6)
    art5 = ev.finding("nato", "art5")
    assert art5 is not None and art5.invocation_probability == 0.0   # art5 does not apply
    assert art4.to_json()["invocation_probability"] > 0.8
    assert any("not validated" in n for n in ev.notes)
    others = [f for f in ev.findings if f.kind not in ("collective-defence",)
              and (f.instrument, f.clause) != ("nato", "art4")]
    assert all(f.invocation_probability is None for f in others)
