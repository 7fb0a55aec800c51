"""Engine semantics on small purpose-built instruments: defaults and exceptions (Catala style),
exceptions to exceptions, conflicts, void conditions, terminations, dated amendments, and the
scenario-assembly errors a user can make."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from foedus.engine.evaluator import evaluate
from foedus.engine.world import assemble
from foedus.errors import (
    ConditionSyntaxError,
    ConditionTypeError,
    InputError,
    RuleConflictError,
    ScenarioError,
)
from foedus.model.incident import Incident

PACT = """\
id: pact
name: Test pact
kind: treaty
status: in-force
legal_force: binding
signed: 2000-01-01
in_force: 2000-01-01
sources: [{title: test}]
parties:
  - {actor: AAA}
  - {actor: POL}
  - {actor: DEU}
  - {actor: AUT, from: 2010-01-01}
terminates:
  - {id: ends-on-accession, when: "AUT in members(NATO)"}
clauses:
  - id: defend
    kind: collective-defence
    title: Defence
    trigger: "incident.kind == armed-attack and incident.target in parties and incident.attributed"
    exceptions:
      - id: minor
        when: "incident.severity <= 1"
        exceptions:
          - id: but-deadly
            when: "incident.casualties > 0"
    void_conditions: [void-if-strike]
    obligations:
      - id: help
        obligors: others
        response: all-means-assistance
        exceptions:
          - {id: neutral, when: "obligor == AUT", effect: replace, response: non-military-assistance}
          - {id: caveat, when: "obligor == DEU", effect: annotate, text: "constitutional limits"}
  - id: void-if-strike
    kind: void-condition
    title: Void if the beneficiary strikes first
    trigger: "incident.by == POL and incident.region within {RUS-MOW} and not incident.provoked"
  - id: cap
    kind: force-cap
    title: A standing cap
"""


def attack(**changes) -> Incident:
    base = dict(id="a", date=dt.date(2020, 6, 1), kind="armed-attack", by="RUS", target="POL",
                where="territory", region="POL", severity=4, casualties=10)
    return Incident(**{**base, **changes})


@pytest.fixture
def pact(tmp_path):
    def build(instrument: str = PACT, scenario_extra: str = "", amendment: str | None = None):
        (tmp_path / "pact.yaml").write_text(instrument.replace("AAA", "FRA"))
        text = f"id: t\ntitle: t\nas_of: 2020-06-01\ninstruments: [pact.yaml]\n{scenario_extra}"
        if amendment is not None:
            (tmp_path / "am.yaml").write_text(textwrap.dedent(amendment))
            text += "amendments: [am.yaml]\n"
        (tmp_path / "sc.yaml").write_text(text)
        return assemble(tmp_path / "sc.yaml")

    return build


def finding(world, incident, clause="defend", **kw):
    return evaluate(world, incident, **kw).finding("pact", clause)


def test_default_rule_applies_with_obligations(pact) -> None:
    f = finding(pact(), attack())
    assert f.status == "applies" and f.probability == 1.0
    owed = {o.obligor: o for o in f.obligations}
    assert set(owed) == {"FRA", "DEU", "AUT"}
    assert owed["AUT"].response == "non-military-assistance"  # replaced for the neutral state
    assert owed["AUT"].exception == "neutral"
    assert owed["DEU"].notes == ["constitutional limits"]  # annotated, still owed
    assert owed["FRA"].strength == 4


def test_exception_and_exception_to_exception(pact) -> None:
    world = pact()
    minor = finding(world, attack(severity=1, casualties=0))
    assert (minor.status, minor.exception) == ("excluded", "minor")
    deadly = finding(world, attack(severity=1, casualties=2))
    assert deadly.status == "applies"
    assert any("but-deadly" in s.condition for s in deadly.trace)


def test_membership_dates_and_termination(pact) -> None:
    world = pact()
    early = attack(target="AUT", region="AUT", date=dt.date(2005, 1, 1))
    assert finding(world, early).status == "not-applicable"
    assert finding(world, attack(target="AUT", region="AUT")).status == "applies"


def test_standing_clause_is_never_triggered(pact) -> None:
    f = finding(pact(), attack(), clause="cap")
    assert f.status == "not-applicable"
    assert "standing obligation" in f.trace[-1].condition


def test_attribution_gives_probability(pact) -> None:
    assert finding(pact(), attack(attribution=0.7)).probability == pytest.approx(0.7)


def test_void_condition_from_history_and_sequence(pact, tmp_path) -> None:
    strike = attack(id="strike", date=dt.date(2020, 5, 1), kind="missile-strike", by="POL",
                    target="RUS", region="RUS-MOW", provoked=False)
    world = pact()
    before = evaluate(world, attack(), prior=[strike]).finding("pact", "defend")
    assert (before.status, before.void_condition) == ("voided", "void-if-strike")
    assert before.probability == 0.0
    provoked = strike.model_copy(update={"provoked": True})
    assert evaluate(world, attack(), prior=[provoked]).finding("pact", "defend").status == "applies"
    half = strike.model_copy(update={"provoked": 0.5})
    assert evaluate(world, attack(), prior=[half]).finding("pact", "defend").probability == 0.5
    # the void condition itself is a finding for the striking incident
    assert finding(world, strike, clause="void-if-strike").status == "applies"


def test_conflicting_exceptions_are_an_error(pact) -> None:
    conflicting = PACT.replace(
        "effect: annotate, text: \"constitutional limits\"}",
        "effect: annotate, text: \"constitutional limits\"}\n"
        "          - {id: other, when: \"obligor == AUT\", effect: exclude}",
    )
    with pytest.raises(RuleConflictError, match="neutral, other"):
        finding(pact(conflicting), attack())


def test_dated_amendment_adds_exception_and_withdrawal(pact) -> None:
    world = pact(amendment="""\
        id: am
        title: side deal
        status: hypothetical
        verified: false
        date: 2021-01-01
        changes:
          - op: add-obligation-exception
            target: pact.defend.help
            exception: {id: carve, when: "obligor == FRA and incident.severity <= 3", effect: exclude}
          - {op: withdraw-party, instrument: pact, actor: DEU, date: 2022-01-01}
        """)
    small = attack(severity=3, date=dt.date(2021, 6, 1))
    f = finding(world, small)
    assert "FRA" in {o.obligor for o in f.excluded_obligations}
    assert "FRA" not in {o.obligor for o in finding(world, small, as_of=dt.date(2020, 6, 1)).excluded_obligations}
    later = finding(world, attack(date=dt.date(2023, 1, 1)))
    assert "DEU" not in {o.obligor for o in later.obligations}
    assert any("am" in a for a in world.assumptions)


def test_change_clause_from_a_date(pact) -> None:
    world = pact(amendment="""\
        id: am
        title: tightened trigger
        status: hypothetical
        verified: false
        date: 2021-01-01
        changes:
          - op: change-clause
            target: pact.defend
            set: {trigger: "incident.kind == armed-attack and incident.target in parties and incident.sustained"}
        """)
    assert finding(world, attack(date=dt.date(2020, 6, 1))).status == "applies"
    assert finding(world, attack(date=dt.date(2021, 6, 1))).status == "not-applicable"
    assert finding(world, attack(date=dt.date(2021, 6, 1), sustained=True)).status == "applies"


@pytest.mark.parametrize(
    ("changes", "error", "fragment"),
    [
        ("- {op: add-exception, target: pact.nosuch, exception: {id: x, when: 'true'}}",
         ScenarioError, "names clause 'nosuch'"),
        ("- {op: add-exception, target: other.defend, exception: {id: x, when: 'true'}}",
         ScenarioError, "not in the scenario"),
        ("- {op: add-obligation-exception, target: pact.defend.nosuch, exception: {id: x, when: 'true'}}",
         ScenarioError, "obligation 'nosuch'"),
        ("- {op: add-exception, target: pact.defend, exception: {id: x, when: 'incident.kind =='}}",
         ConditionSyntaxError, "column"),
        ("- {op: add-exception, target: pact.defend, exception: {id: x, when: 'obligor == FRA'}}",
         ConditionTypeError, "unknown field 'obligor'"),
        ("- {op: explode, target: pact.defend}", InputError, "op"),
    ],
)
def test_bad_amendments(pact, changes: str, error: type, fragment: str) -> None:
    text = ("id: am\ntitle: x\nstatus: hypothetical\nverified: false\ndate: 2021-01-01\n"
            f"changes:\n  {changes}\n")
    with pytest.raises(error) as info:
        pact(amendment=text)
    assert fragment in str(info.value)
    assert "am.yaml" in str(info.value)


def test_bad_condition_in_instrument_names_file_and_line(pact) -> None:
    with pytest.raises(ConditionTypeError) as info:
        pact(PACT.replace("incident.severity <= 1", "incident.severity <= europe"))
    assert "pact.yaml:" in str(info.value)
    assert "clauses.0.exceptions.0.when" in str(info.value)


def test_circular_extension(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\ntitle: a\nas_of: 2025-01-01\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("id: b\ntitle: b\nas_of: 2025-01-01\nextends: a.yaml\n")
    with pytest.raises(ScenarioError, match="circular scenario extension: a -> b -> a"):
        assemble(tmp_path / "a.yaml")


def test_unknown_instrument_in_scenario(tmp_path) -> None:
    (tmp_path / "s.yaml").write_text("id: s\ntitle: s\nas_of: 2025-01-01\ninstruments: [nato, natto]\n")
    with pytest.raises(ScenarioError) as info:
        assemble(tmp_path / "s.yaml")
    assert "natto" in str(info.value) and "s.yaml:4" in str(info.value)


def test_instrument_validation_errors(pact) -> None:
    with pytest.raises(InputError, match="names void condition 'nope'"):
        pact(PACT.replace("void_conditions: [void-if-strike]", "void_conditions: [nope]"))
    with pytest.raises(InputError, match="clause id 'cap' appears twice"):
        pact(PACT + "  - {id: cap, kind: force-cap, title: again}\n")


def test_two_amendments_changing_one_clause_on_one_date_conflict(pact, tmp_path) -> None:
    world_text = """\
        id: am
        title: first
        status: hypothetical
        verified: false
        date: 2021-01-01
        changes:
          - {op: change-clause, target: pact.defend, set: {title: "First version"}}
          - {op: change-clause, target: pact.defend, set: {title: "Second version"}}
        """
    with pytest.raises(ScenarioError, match="same date 2021-01-01"):
        pact(amendment=world_text)


def test_unknown_deployment_in_scenario(pact) -> None:
    with pytest.raises(ScenarioError, match="unknown deployment"):
        pact(scenario_extra="deployments: [no-such-force]\n")
