"""The condition language: syntax and type errors with columns; scalar and numpy evaluators agree."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.engine.batch import STATUS_NAMES, IncidentColumns, evaluate_columns
from foedus.engine.evaluator import evaluate_clause
from foedus.errors import ConditionSyntaxError, ConditionTypeError
from foedus.model.incident import Incident
from foedus.rules.compiler import compile_condition
from foedus.rules.pretty import outline


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("incident.kind in {armed-attack", 31),
        ("incident.kind == armed-attack and or x", 35),
        ("incident.severity >= 3 # comment", 24),
        ("incident.date < 2023-02-30", 17),
        ("", None),
    ],
)
def test_syntax_errors_name_the_column(text: str, column: int | None) -> None:
    with pytest.raises(ConditionSyntaxError) as info:
        compile_condition(text)
    if column is not None:
        assert f"column {column}" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("incident.kind == POL", "'POL' is not a valid kind"),
        ("incident.colour == red", "unknown field 'incident.colour'"),
        ("incident.severity == europe", "number"),
        ("incident.kind < armed-attack", "< needs numbers or dates"),
        ("incident.region within {atlantis}", "'atlantis'"),
        ("incident.severity", "a number is not a condition"),
        ("obligor == USA", "unknown field 'obligor'"),
        ("incident.target in members(WTO)", "no membership list"),
        ("incident.date == 3", "cannot compare a date with a number"),
    ],
)
def test_type_errors(text: str, fragment: str) -> None:
    with pytest.raises(ConditionTypeError) as info:
        compile_condition(text)
    assert fragment in str(info.value)
    assert "column" in str(info.value)


def test_outline_reads_like_a_checklist() -> None:
    text = "incident.kind in {armed-attack} and (incident.severity >= 3 or not incident.intentional)"
    assert outline(text).splitlines() == [
        "all of:",
        "  - incident.kind in {armed-attack}",
        "  any of:",
        "    - incident.severity >= 3",
        "    not:",
        "      - incident.intentional",
    ]


# --- scalar and vectorised evaluation agree ----------------------------------------------------

ACTORS = ["RUS", "POL", "FIN", "UKR", "USA", "DEU", "EST", "TUR", "AUT", "IRL", "BLR", "JPN",
          "AUS", "non-state:ISIL", "unknown"]
TARGETS = ["POL", "FIN", "UKR", "USA", "DEU", "EST", "TUR", "AUT", "IRL", "FRA", "RUS", "JPN",
           "AUS", "ESP", "SWE", "BTN"]
PLACES = ["europe", "north-atlantic", "mediterranean", "pacific", "POL", "UKR", "USA-HI", "ESP-CE",
          "GUF", "UKR-43", "RUS-MOW", "RUS-SPE", "FIN", "USA", "TUR", "JPN", "RUS", "baltic-sea"]
KINDS = ["armed-attack", "missile-strike", "drone-incursion", "cyberattack", "terrorist-attack",
         "nuclear-use", "threat", "ground-incursion", "sabotage"]
WHERES = ["territory", "airspace", "vessels-or-aircraft", "eez", "forces-abroad"]
uncertain = st.one_of(st.booleans(), st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]))


@st.composite
def incidents(draw, index: int = 0) -> Incident:
    by = draw(st.sampled_from(ACTORS))
    target = draw(st.sampled_from([t for t in TARGETS if t != by]))
    return Incident(
        id=f"i{draw(st.integers(0, 10**9))}",
        date=draw(st.dates(dt.date(1995, 1, 1), dt.date(2030, 12, 31))),
        kind=draw(st.sampled_from(KINDS)),
        by=by,
        attribution=draw(st.sampled_from([1.0, 0.9, 0.5, 0.2])),
        target=target,
        where=draw(st.sampled_from(WHERES)),
        region=draw(st.sampled_from(PLACES)),
        casualties=draw(st.integers(0, 2000)),
        severity=draw(st.integers(0, 5)),
        intentional=draw(uncertain),
        sustained=draw(uncertain),
        provoked=draw(uncertain),
        determinations=draw(st.sampled_from([{}, {"nato": "affirmed"}, {"nato": "conditional"},
                                             {"nato": "rejected"}])),
    )


@pytest.mark.parametrize("scenario", ["europe-2025", "ukraine-guarantee-2025", "art5-carveout-2025"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(incidents(), min_size=1, max_size=12))
def test_scalar_and_vector_engines_agree(worlds, scenario: str, batch: list[Incident]) -> None:
    world = worlds(scenario)
    results = evaluate_columns(world, IncidentColumns(batch))
    for result in results:
        inst = world.instruments[result.instrument]
        for i, incident in enumerate(batch):
            scalar = evaluate_clause(world, inst, result.clause, incident, incident.date)
            where = f"{result.instrument}.{result.clause} on {incident}"
            assert STATUS_NAMES[result.status[i]] == scalar.status, where
            assert result.probability[i] == pytest.approx(scalar.probability, abs=1e-9), where
            if scalar.status == "excluded":
                assert result.exception[i] == scalar.exception, where


FIELDS_NUM = ["incident.severity", "incident.casualties", "incident.attribution"]
ATOMS = st.one_of(
    st.builds(lambda f, op, n: f"{f} {op} {n}", st.sampled_from(FIELDS_NUM),
              st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), st.integers(0, 5)),
    st.builds(lambda ks: "incident.kind in {" + ", ".join(ks) + "}",
              st.lists(st.sampled_from(KINDS), min_size=1, max_size=3)),
    st.builds(lambda ps: "incident.region within {" + ", ".join(ps) + "}",
              st.lists(st.sampled_from(["europe", "north-atlantic", "TUR", "mediterranean",
                                        "pacific", "UKR"]), min_size=1, max_size=3)),
    st.sampled_from(["incident.target in parties", "incident.by in members(NATO)",
                     "incident.attributed", "incident.intentional", "incident.by_state",
                     "incident.by == incident.target", "incident.date >= 2014-03-01",
                     "incident.determination in {affirmed, conditional}",
                     "incident.by != unknown", "UKR in members(NATO)"]),
)
conditions = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} and {b})", inner, inner),
        st.builds(lambda a, b: f"({a} or {b})", inner, inner),
        st.builds(lambda a: f"not {a}", inner),
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(text=conditions, batch=st.lists(incidents(), min_size=1, max_size=8))
def test_random_conditions_agree(worlds, text: str, batch: list[Incident]) -> None:
    from foedus.engine.batch import BatchEnv, batch_worlds
    from foedus.engine.evaluator import IncidentEnv
    from foedus.engine.worlds import enumerate_worlds

    world = worlds("europe-2025")
    inst = world.instruments["nato"]
    condition = compile_condition(text)
    cols = IncidentColumns(batch)
    worlds, _ = batch_worlds(cols)
    vector_p = sum(w.weight * condition.evaluate_batch(BatchEnv(cols, w, inst, None, {}))
                   for w in worlds)
    for i, incident in enumerate(batch):
        scalar_p = sum(s.weight for s in enumerate_worlds(incident)
                       if condition.evaluate(IncidentEnv(incident, s, incident.date, inst, None)))
        assert np.asarray(vector_p)[i] == pytest.approx(scalar_p, abs=1e-9), (text, incident)


def test_compiled_conditions_pickle_by_recompiling(worlds) -> None:
    import pickle

    from foedus.engine.evaluator import evaluate
    from foedus.rules.types import FIELDS, OBLIGOR_FIELDS

    condition = compile_condition("obligor == USA and incident.severity <= 2",
                                  {**FIELDS, **OBLIGOR_FIELDS})
    again = pickle.loads(pickle.dumps(condition))
    assert again.text == condition.text and again.fields == condition.fields
    world = pickle.loads(pickle.dumps(worlds("art5-carveout-2025")))  # e.g. shipped to a worker
    attack = Incident(id="x", date=dt.date(2025, 12, 1), kind="ground-incursion", by="RUS",
                      target="EST", where="territory", region="EST", severity=1)
    finding = evaluate(world, attack).finding("nato", "art5")
    assert [o.obligor for o in finding.excluded_obligations] == ["USA"]
