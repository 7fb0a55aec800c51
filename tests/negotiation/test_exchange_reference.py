"""The optimised exchange model gives exactly the results of the straightforward reference."""

from __future__ import annotations

import numpy as np
import pytest
from exchange_reference import reference_exchange

import foedus.negotiation as neg
from foedus.negotiation import Exchange, Issue, NegotiationTable


def assert_identical(table: NegotiationTable, **params) -> None:
    fc = Exchange(**params).predict(table)
    ref = reference_exchange(table, **params)
    assert len(fc.rounds) == len(ref["rounds"])
    for r, (positions, outcome, start, start_positions, n_done) in zip(fc.rounds, ref["rounds"], strict=True):
        # bit for bit, not approximately
        np.testing.assert_array_equal(r.positions, np.where(table.present(), positions, np.nan))
        np.testing.assert_array_equal(r.outcome, outcome)
        if start is not None:
            np.testing.assert_array_equal(r.extra["start_outcome"], start)
            np.testing.assert_array_equal(
                r.extra["start_positions"], np.where(table.present(), start_positions, np.nan)
            )
            assert int(r.extra["exchanges"]) == n_done
    assert fc.events == ref["events"]
    np.testing.assert_array_equal(fc.outcome, ref["rounds"][-1][1])


def random_table(seed: int, n_a: int = 7, n_i: int = 5, grouped: bool = False) -> NegotiationTable:
    rng = np.random.default_rng(seed)
    # coarse grids make exact ties (equal gains, positions on the outcome) likely
    pos = rng.integers(0, 5, (n_a, n_i)) * 25.0
    sal = rng.integers(1, 5, (n_a, n_i)) / 4
    pos[rng.random((n_a, n_i)) < 0.1] = np.nan  # some actors take no part on some issues
    pos[0] = 0.0  # every issue keeps positions
    sal[np.isnan(pos)] = np.nan
    cap = rng.integers(1, 4, n_a).astype(float)
    issues = [
        Issue(f"i{k}", lower=-10.0 * (k % 2), upper=100.0 + 50 * (k % 3), group=f"g{k // 3}" if grouped else None)
        for k in range(n_i)
    ]
    pos = np.where(np.isnan(pos), np.nan, [i.lower for i in issues] + pos / 100 * [i.span for i in issues])
    return NegotiationTable(issues, [f"A{n}" for n in range(n_a)], pos, sal, cap)


@pytest.mark.parametrize("seed", range(6))
def test_identical_to_reference_on_random_tables(seed):
    assert_identical(random_table(seed), rounds=6, random_state=seed)


@pytest.mark.parametrize("within", ["group", "all"])
def test_identical_to_reference_with_groups(within):
    assert_identical(random_table(11, n_a=6, n_i=7, grouped=True), rounds=4, within=within)


def test_identical_to_reference_with_other_weights():
    assert_identical(random_table(3), rounds=3, salience_weight=0.2, fixed_weight=0.3, random_state=5)


def test_identical_to_reference_on_peace_plan(peace_plan):
    assert_identical(neg.read_table(peace_plan), rounds=10)


def test_identical_to_reference_on_decide_inputs(validation):
    inputs = validation / "decide-inputs"
    assert_identical(neg.read_decide(inputs / "copenhagen.csv"), rounds=10, random_state=1)
    assert_identical(neg.read_decide(inputs / "cop21.csv"), rounds=2)


def test_ties_are_broken_by_the_seed_and_reproducibly():
    # two identical actor pairs give exactly equal gains: the seed picks one, the same every time
    pos = np.array([[0, 0], [0, 0], [100, 100], [100, 100]], float)
    sal = np.array([[0.9, 0.1], [0.9, 0.1], [0.1, 0.9], [0.1, 0.9]])
    t = NegotiationTable([Issue("p"), Issue("q")], ["A", "B", "C", "D"], pos, sal, np.ones(4))
    for seed in range(4):
        assert_identical(t, rounds=2, random_state=seed)
    assert Exchange(rounds=2, random_state=0).predict(t).events == Exchange(rounds=2, random_state=0).predict(t).events
