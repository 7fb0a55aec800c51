"""The trained rankers: their tree evaluation, their model files and what they change for a reader."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from foedus.errors import InputError
from foedus.evidence import embed, event_rank, nlp, rank, read_string
from foedus.evidence.forest import Forest, export, fit


@pytest.fixture(autouse=True)
def _no_extras():
    with embed.using(None), nlp.using(None):
        yield


def _st(ev: dict[str, Any]) -> dict[tuple[str, str, str], float]:
    return {(s["actor"], s["issue"], s["direction"]): s["confidence"] for s in ev["stances"]}


def test_a_hand_built_tree_is_walked_left_on_small_values_and_right_on_large_ones():
    # one split on feature 1 at 0.5: left leaf -2, right leaf +2; missing values go right
    tree = {
        "feature": [1, 0, 0],
        "threshold": [0.5, 0.0, 0.0],
        "missing_left": [0, 0, 0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "is_leaf": [0, 1, 1],
        "value": [0.0, -2.0, 2.0],
    }
    forest = Forest(0.5, [tree, tree], 0.5)
    p = forest.proba(np.array([[9.0, 0.2], [9.0, 0.7], [9.0, np.nan]]))
    expected = 1 / (1 + np.exp(-np.array([0.5 - 4, 0.5 + 4, 0.5 + 4])))
    assert np.allclose(p, expected)


def test_exported_trees_give_scikit_learns_probabilities():
    pytest.importorskip("sklearn")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 6))
    x[rng.random(x.shape) < 0.05] = np.nan
    y = ((np.nan_to_num(x[:, 0]) + x[:, 1] ** 2 > 0.8) ^ (rng.random(400) < 0.1)).astype(int)
    clf = fit(x, y, seed=0)
    baseline, trees = export(clf)
    forest = Forest(baseline, trees, 0.5)
    assert np.abs(forest.proba(x) - clf.predict_proba(x)[:, 1]).max() < 1e-9


def test_the_bundled_model_matches_the_features_and_records_its_cross_validation():
    data = json.loads(rank.MODEL.read_text(encoding="utf-8"))
    assert data["features"] == rank.FEATURES
    cv = data["cross_validation"]
    assert cv["ranker"]["threshold"] == data["threshold"]
    assert 0 < data["threshold"] < 1
    forest = rank.load().stances
    assert forest.threshold == data["threshold"] and forest.n_trees == len(data["trees"])
    p = forest.proba(np.zeros((3, len(rank.FEATURES))))
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))


def test_a_model_built_for_other_features_is_refused_with_the_command_to_rebuild(tmp_path):
    data = json.loads(rank.MODEL.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "rank_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="other features.*python -m foedus.evidence.rank build") as exc:
        Forest.load(path, rank.FEATURES, "stance-ranker")
    assert exc.value.location.file == str(path) and exc.value.location.field == "features"


def test_a_broken_or_foreign_model_file_is_named_with_what_is_wrong(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"features": [1, 2,\n', encoding="utf-8")
    with pytest.raises(InputError, match="not JSON") as exc:
        Forest.load(broken, rank.FEATURES, "stance-ranker")
    assert exc.value.location.file == str(broken) and exc.value.location.line == 2
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"features": rank.FEATURES, "baseline": 0.0}), encoding="utf-8")
    with pytest.raises(InputError, match="not a stance-ranker model") as exc:
        Forest.load(foreign, rank.FEATURES, "stance-ranker")
    assert exc.value.location.field == "threshold"
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not a stance-ranker model"):
        Forest.load(listed, rank.FEATURES, "stance-ranker")


def test_building_from_a_directory_without_labelled_articles_is_a_clear_error(tmp_path):
    (tmp_path / "x01.txt").write_text("LONDON, 3 December 2025 - Nothing happened.", encoding="utf-8")
    (tmp_path / "x01.gold.yaml").write_text("split: heldout\ndate: 2025-12-03\n", encoding="utf-8")
    with pytest.raises(InputError, match="no stance candidates") as exc:
        rank.build(tmp_path)
    assert exc.value.location.file == str(tmp_path)


def test_the_ranker_adds_the_states_leading_a_force_that_the_rules_miss():
    text = (
        "WARSAW, 3 December 2025 - Radoslaw Sikorski said Poland supports the work Britain and France "
        "are leading on a multinational force for Ukraine."
    )
    with rank.using(None):
        rules = _st(read_string(text, "t.txt"))
    ranked = _st(read_string(text, "t.txt"))
    assert set(rules) == {("POL", "foreign_troops", "support")}
    assert {("GBR", "foreign_troops", "support"), ("FRA", "foreign_troops", "support")} <= set(ranked)
    assert ("POL", "foreign_troops", "support") in ranked


def test_ranked_stances_carry_the_probability_and_a_sentence_of_the_article():
    text = (
        "VIENNA, 3 December 2025 - Austria said it would not contribute troops to a reassurance force in "
        "Ukraine. Its chancellor called the reparations loan a risk worth taking."
    )
    ev = read_string(text, "t.txt")
    assert ev["stances"]
    for s in ev["stances"]:
        assert 0 <= s["confidence"] <= 1
        a, b = s["evidence"]
        assert 0 <= a < b <= len(text)
    austria = {k[2]: v for k, v in _st(ev).items() if k[:2] == ("AUT", "foreign_troops")}
    assert max(austria, key=lambda d: austria[d]) == "oppose"


def test_no_rank_reports_the_rules_stances_as_they_are():
    text = "OSLO, 3 December 2025 - Norway backs the reparations loan, its finance minister said on Monday."
    rank.configure(False)
    try:
        ev = read_string(text, "t.txt")
    finally:
        rank.configure(True)
    assert [(s["actor"], s["confidence"]) for s in ev["stances"]] == [("NOR", 0.6)]


# ---------------------------------------------------------------- the event ranker
def _events(ev: dict[str, Any]) -> dict[tuple[str, str | None], float | None]:
    return {(e["kind"], e["actors"][0] if e["actors"] else None): e["confidence"] for e in ev["events"]}


def test_the_bundled_event_model_matches_its_features_and_beat_the_rules_in_cross_validation():
    data = json.loads(rank.EVENT_MODEL.read_text(encoding="utf-8"))
    assert data["features"] == event_rank.FEATURES
    cv = data["cross_validation"]
    assert cv["ranker"]["threshold"] == data["threshold"]
    assert cv["ranker"]["F1"] > cv["rules"]["F1"]  # why it is on by default; the docs cite these figures
    forest = rank.load().events
    assert forest is not None and forest.threshold == data["threshold"] and forest.n_trees == len(data["trees"])


def test_a_state_named_as_the_victim_is_not_the_attacker_and_the_incident_stays_without_one():
    text = (
        "RIGA, 3 December 2025 - Latvia deploys extra border guards as cable sabotage fears mount. "
        "Latvia said on Wednesday it was moving 300 border guards to its eastern frontier."
    )
    with rank.using(None):
        rules = _events(read_string(text, "t.txt"))
    ranked = _events(read_string(text, "t.txt"))
    assert ("incident", "LVA") in rules and ("deployment", "LVA") in rules
    assert ("incident", "LVA") not in ranked and ("incident", None) in ranked
    assert ranked[("deployment", "LVA")] is not None and ranked[("deployment", "LVA")] >= 0.5
    kept = next(e for e in read_string(text, "t.txt")["events"] if e["kind"] == "incident")
    assert kept["actors"] == [] and kept["incident"] is None and kept["confidence"] is None


def test_events_carry_the_rankers_probability_and_none_without_it():
    text = (
        "LONDON, 3 December 2025 - The United Kingdom sent Typhoon jets to Poland last month, "
        "the Ministry of Defence said."
    )
    ranked = read_string(text, "t.txt")["events"]
    assert ranked and all(0 < e["confidence"] <= 1 for e in ranked)
    rank.configure(False)
    try:
        rules = read_string(text, "t.txt")["events"]
    finally:
        rank.configure(True)
    assert [(e["kind"], e["actors"][0], e["confidence"]) for e in rules] == [("deployment", "GBR", None)]


def test_a_broken_event_model_is_named_when_the_rankers_load(tmp_path):
    broken = tmp_path / "event_model.json"
    broken.write_text(json.dumps({"features": ["x"], "baseline": 0, "threshold": 0.5, "trees": []}), encoding="utf-8")
    with pytest.raises(InputError, match="other features") as exc:
        rank.load(events=broken)
    assert exc.value.location.file == str(broken)


def test_building_the_event_ranker_without_labelled_events_is_a_clear_error(tmp_path):
    (tmp_path / "x01.txt").write_text("LONDON, 3 December 2025 - Nothing happened.", encoding="utf-8")
    (tmp_path / "x01.gold.yaml").write_text("split: dev\ndate: 2025-12-03\n", encoding="utf-8")
    with pytest.raises(InputError, match="no event candidates") as exc:
        event_rank.build(tmp_path)
    assert exc.value.location.file == str(tmp_path)
