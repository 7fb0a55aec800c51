"""Crisp legal semantics the project promises (issue 2 bars), written as an analyst would ask them."""

from __future__ import annotations

import datetime as dt

from foedus.engine.evaluator import evaluate
from foedus.model.incident import Incident


def incident(**fields) -> Incident:
    base = dict(id="x", date=dt.date(2025, 12, 1), kind="armed-attack", by="RUS", target="EST",
                where="territory", region="EST", casualties=0, severity=4)
    return Incident(**{**base, **fields})


def test_budapest_gives_only_consultation_and_a_un_referral_for_nuclear_use(worlds) -> None:
    nuclear = incident(kind="nuclear-use", target="UKR", region="UKR", severity=5, casualties=5000,
                       date=dt.date(2024, 6, 1))
    result = evaluate(worlds("europe-2025"), nuclear)
    budapest = [f for f in result.findings if f.instrument == "budapest-1994" and f.status == "applies"]
    assert {f.clause for f in budapest} >= {"un-referral", "consult"}
    responses = {o.response for f in budapest for o in f.obligations}
    assert responses <= {"un-referral", "consultation", "refrain", "report-to-unsc"}, responses
    assert not any(o.binding for f in budapest for o in f.obligations)  # a political memorandum


def test_us_ukraine_2024_consultations_within_24_hours(worlds) -> None:
    attack = incident(target="UKR", region="UKR", date=dt.date(2025, 1, 10))
    finding = evaluate(worlds("europe-2025"), attack).finding("us-ukraine-2024", "consult-24h")
    assert finding.status == "applies"
    assert {o.deadline_hours for o in finding.obligations} == {24}
    assert "USA" in {o.obligor for o in finding.obligations}


def test_us_guarantee_voided_after_unprovoked_strike_on_moscow(worlds) -> None:
    world = worlds("ukraine-guarantee-2025")
    strike = incident(id="strike", kind="missile-strike", by="UKR", target="RUS", region="RUS-MOW",
                      date=dt.date(2025, 12, 1), provoked=False, severity=2)
    attack = incident(id="attack", target="UKR", region="UKR", date=dt.date(2025, 12, 20),
                      severity=5, casualties=300, sustained=True)
    before = evaluate(world, attack).finding("us-guarantee-2025-draft", "guarantee")
    assert before.status == "applies"
    after = evaluate(world, attack, prior=[strike]).finding("us-guarantee-2025-draft", "guarantee")
    assert after.status == "voided"
    assert after.void_condition == "void-capitals"
    provoked = strike.model_copy(update={"provoked": True})
    kept = evaluate(world, attack, prior=[provoked]).finding("us-guarantee-2025-draft", "guarantee")
    assert kept.status == "applies"
    # the strike itself is reported as meeting the void condition
    void = evaluate(world, strike).finding("us-guarantee-2025-draft", "void-capitals")
    assert void.status == "applies"


def test_limited_incursion_excluded_under_carve_out_and_not_without(worlds) -> None:
    incursion = incident(kind="ground-incursion", severity=1)
    base = evaluate(worlds("europe-2025"), incursion).finding("nato", "art5")
    assert base.status == "applies"
    assert "USA" in {o.obligor for o in base.obligations if o.obligation == "assist"}
    carved = evaluate(worlds("art5-carveout-2025"), incursion).finding("nato", "art5")
    assert "USA" not in {o.obligor for o in carved.obligations if o.obligation == "assist"}
    excluded = {o.obligor: o.exception for o in carved.excluded_obligations}
    assert excluded == {"USA": "minor-incursion-carveout"}
    assert any("rumoured" in a or "unverified" in a for a in carved.assumptions)
    # a major attack is not carved out
    major = evaluate(worlds("art5-carveout-2025"), incident(severity=4)).finding("nato", "art5")
    assert "USA" in {o.obligor for o in major.obligations if o.obligation == "assist"}


def test_united_states_withdrawn_from_nato(worlds) -> None:
    world = worlds("nato-without-us")
    finding = evaluate(world, incident(date=world.as_of)).finding("nato", "art5")
    assert finding.status == "applies"
    assert "USA" not in {o.obligor for o in finding.obligations}
    assert "GBR" in {o.obligor for o in finding.obligations}


def test_neutral_states_owe_non_military_aid_under_teu_42_7(worlds) -> None:
    attack = incident(target="POL", region="POL")
    finding = evaluate(worlds("europe-2025"), attack).finding("teu-42-7", "art42-7")
    by_obligor = {o.obligor: o for o in finding.obligations}
    assert by_obligor["IRL"].response == "non-military-assistance"
    assert by_obligor["AUT"].response == "non-military-assistance"
    assert by_obligor["FRA"].response == "all-means-assistance"


def test_uk_agreement_ends_on_nato_accession(worlds) -> None:
    finding = evaluate(worlds("europe-2025"), incident(target="UKR", region="UKR")).finding(
        "uk-ukraine-2024", "consult-24h")
    assert finding.status == "applies"
    assert any("terminated by" in s.condition for s in finding.trace)


def test_cyberattack_needs_a_case_by_case_determination(worlds) -> None:
    cyber = incident(kind="cyberattack", severity=4)
    undecided = evaluate(worlds("europe-2025"), cyber).finding("nato", "art5")
    assert undecided.status == "not-applicable"
    decided = cyber.model_copy(update={"determinations": {"nato": "affirmed"}})
    assert evaluate(worlds("europe-2025"), decided).finding("nato", "art5").status == "applies"


def test_overseas_territories_are_outside_article_6_by_either_code(worlds) -> None:
    for region in ("PRI", "USA-PR", "GUF", "FRA-973", "USA-HI", "ESP-CE", "ESP-ML"):
        attack = incident(target="USA" if region.startswith(("USA", "PRI")) else
                          "FRA" if region in ("GUF", "FRA-973") else "ESP", region=region)
        finding = evaluate(worlds("europe-2025"), attack).finding("nato", "art5")
        assert (finding.status, finding.exception) == ("excluded", "outside-article-6-area"), region
    inside = evaluate(worlds("europe-2025"), incident(target="FRA", region="FRA-PM"))
    assert inside.finding("nato", "art5").status == "applies"  # Saint-Pierre: North Atlantic
