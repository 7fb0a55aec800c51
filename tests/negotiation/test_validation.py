"""Published and reference figures: Bueno de Mesquita (1994), DEU III, decide's round-0 baseline."""

from __future__ import annotations

import numpy as np
import pytest

import foedus.negotiation as neg

# decide-exchange-model 2025.3.1, "avg MDS" of round rn-0 (its Decimal output, truncated)
DECIDE_ROUND0 = {
    "copenhagen": {
        "Commitments": 51.94989106753812636,
        "Control": 57.62144821264894592,
        "DevlopC2020": 58.14465408805031447,
        "Domestred": 30.70739549839228296,
        "Extra": 64.62068965517241379,
        "MRVdecrease": 52.23591549295774648,
        "Newtreaty": 61.57627118644067797,
    },
    "cop21": {
        "adapt_finance": 55.12172714745062012,
        "adapt_inst": 59.64035964035964036,
        "adapt_legal": 59.51145038167938931,
        "amb2050": 67.87751677852348993,
        "amb2100": 85.70858283433133733,
        "differentiation": 49.25540432345876701,
        "eaa": 57.10051546391752577,
        "finance_vol": 47.64408493427704752,
        "finance_who": 38.09712586719524281,
        "ld": 40.10584250635055038,
        "legal": 57.96875,
        "mrv": 57.21127406049495875,
        "progress": 45.59617058311575283,
    },
}


@pytest.fixture
def bdm(validation):
    return neg.read_csv(validation / "bdm1994_emission_standards_actors.csv", scale=(4, 10))


def test_bdm1994_weighted_mean_and_median(bdm):
    assert bdm.actors[0] == "Netherlands" and len(bdm.actors) == 10
    assert round(neg.forecast(bdm, "compromise")["bdm1994_emission_standards_actors"], 2) == 7.39
    assert neg.forecast(bdm, "weighted-median").outcome[0] == 7.0
    # "narrowly over": the cumulative weight up to position 7 is 34.1 of 67.7
    w = bdm.capability[:, 0] * bdm.salience[:, 0] * 100
    assert w[bdm.position[:, 0] <= 7].sum() == pytest.approx(34.1)
    assert w.sum() / 2 == pytest.approx(33.85)


def test_bdm1994_expected_utility_rounds(bdm):
    fc = neg.forecast(bdm, "expected-utility", rounds=4)
    r1 = fc.rounds[1]
    # round 1 starts from the median voter position 7 (Germany/Belgium/Denmark at 4 lose to it)
    assert r1.extra["median_voter"][0] == 7.0
    r = r1.extra["risk_exponent"][:, 0]
    assert np.all((r >= 0.5) & (r <= 2.0))
    assert r[bdm.actors.index("UK")] == pytest.approx(2.0)  # the most secure actor
    assert r[bdm.actors.index("Luxembourg")] == pytest.approx(0.5)  # the least secure actor
    assert (r1.extra["challenge_kind"][:, 0] > 0).any()
    assert np.isfinite(fc.trajectory()).all()
    assert fc.events and {e["kind"] for e in fc.events} <= {"conflict", "compromise", "capitulation"}


@pytest.mark.parametrize("name", ["copenhagen", "cop21"])
def test_decide_round0_baseline_matches(validation, name):
    t = neg.read_decide(validation / "decide-inputs" / f"{name}.csv")
    fc = neg.forecast(t, "exchange", rounds=2)
    got = dict(zip(t.issue_ids, fc.rounds[0].outcome, strict=True))
    assert set(got) == set(DECIDE_ROUND0[name])
    for issue, want in DECIDE_ROUND0[name].items():
        assert got[issue] == pytest.approx(want, abs=1e-9), issue
    # and the compromise model is that same baseline
    np.testing.assert_allclose(neg.forecast(t, "compromise").outcome, fc.rounds[0].outcome)


def test_decide_sample_reads_scale_anchors(validation):
    t = neg.read_decide(validation / "decide-inputs" / "sample_data.txt")
    k = t.issue_ids.index("tol-hoogte")
    assert (t.issues[k].lower, t.issues[k].upper) == (0.5, 7.0)
    assert t.actor_labels["Willems"] == "Willems"


def test_deu3_reference_errors(validation):
    t = neg.read_deu(validation / "deu3.csv")
    assert len(t.issues) == 353
    y = t.outcome

    def mae(model):
        return float(np.nanmean(np.abs(neg.forecast(t, model).outcome - y)))

    assert 22.0 < mae("compromise") < 24.0  # reference: about 23
    assert 26.5 < mae("weighted-median") < 29.0  # reference: about 28
    assert 50.0 < mae("status-quo") < 52.5  # reference: about 51
    assert mae("compromise") < mae("weighted-median") < mae("status-quo")
