"""Units: each model on small tables whose answers are known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.negotiation import (
    Compromise,
    Exchange,
    ExpectedUtility,
    Issue,
    NashBargaining,
    NegotiationTable,
    WeightedMedian,
)


def table(pos, sal, cap, sq=None, lower=0.0, upper=100.0):
    pos = np.atleast_2d(np.asarray(pos, float)).T if np.ndim(pos) == 1 else np.asarray(pos, float)
    sal = np.atleast_2d(np.asarray(sal, float)).T if np.ndim(sal) == 1 else np.asarray(sal, float)
    n_i = pos.shape[1]
    issues = [Issue(f"i{k}", lower=lower, upper=upper, status_quo=sq) for k in range(n_i)]
    return NegotiationTable(issues, [f"A{n}" for n in range(pos.shape[0])], pos, sal, cap)


def test_weighted_median_midpoint_on_exact_half():
    t = table([10, 30], [1, 1], [1, 1])
    assert WeightedMedian().predict(t).outcome[0] == 20
    t = table([10, 30, 90], [1, 1, 1], [1, 1, 3])
    assert WeightedMedian().predict(t).outcome[0] == 90


def test_compromise_ignores_absent_actors():
    t = table([[10, np.nan], [30, 50]], [[1, np.nan], [1, 1]], [1, 1])
    np.testing.assert_allclose(Compromise().predict(t).outcome, [20, 50])


def test_nash_symmetric_and_weighted():
    t = table([20, 80], [1, 1], [1, 1])
    assert NashBargaining().predict(t).outcome[0] == pytest.approx(50, abs=1e-6)
    t = table([20, 80], [1, 1], [3, 1])
    assert NashBargaining().predict(t).outcome[0] < 50
    # an actor sitting on the status quo vetoes every move away from it
    t = table([20, 80, 50], [1, 1, 1], [1, 1, 1], sq=50)
    assert NashBargaining(disagreement="status-quo").predict(t).outcome[0] == 50
    # everyone prefers something above the status quo of 0: the solution lies between them
    t = table([40, 80], [1, 1], [1, 1], sq=0)
    out = NashBargaining(disagreement="status-quo").predict(t).outcome[0]
    assert 40 < out < 80


def _brute_probability(z, w):
    n = len(z)
    p = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j or z[i] == z[j]:
                continue
            d = np.abs(z - z[j]) - np.abs(z - z[i])
            d[i] = 0.0
            top = (w * np.clip(d, 0, None)).sum()
            bot = (w * np.abs(d)).sum()
            p[i, j] = top / bot if bot > 0 else 0.0
    return p


def test_expected_utility_win_probability_equals_brute_force():
    rng = np.random.default_rng(7)
    z = rng.integers(0, 11, size=(12, 3)) / 10  # ties on purpose
    w = rng.uniform(0.1, 2, size=(12, 3))
    present = np.ones_like(z, dtype=bool)
    fast = ExpectedUtility()._win_probability(z, w, present)
    for k in range(3):
        np.testing.assert_allclose(fast[:, :, k], _brute_probability(z[:, k], w[:, k]), atol=1e-12)


def test_expected_utility_consensus_stays_put():
    t = table([60, 60, 60], [0.5, 0.9, 0.2], [1, 2, 3])
    fc = ExpectedUtility(rounds=3).predict(t)
    assert fc.outcome[0] == 60
    assert all((r.positions[:, 0] == 60).all() for r in fc.rounds)


def test_expected_utility_outcome_rule():
    t = table([0, 0, 100], [1, 1, 1], [1, 1, 1])
    assert ExpectedUtility(rounds=0).predict(t).outcome[0] == 0
    assert ExpectedUtility(rounds=0, outcome="mean").predict(t).outcome[0] == pytest.approx(100 / 3)


def test_exchange_trades_across_issues_with_equal_gain():
    # A0 cares about issue 0, A1 about issue 1; they sit on opposite sides of both outcomes
    pos = [[0, 0], [100, 100]]
    sal = [[0.9, 0.1], [0.1, 0.9]]
    t = table(pos, sal, [1, 1])
    fc = Exchange(rounds=1).predict(t)
    assert len(fc.events) == 1
    e = fc.events[0]
    assert e["gain"] > 0
    # issue 0 moves towards A0 (0), issue 1 towards A1 (100)
    base = Compromise().predict(t).outcome
    assert fc.outcome[0] < base[0] and fc.outcome[1] > base[1]
    # equal gain: A0's gain on issue 0 minus its loss on issue 1 equals A1's net gain
    d0, d1 = base[0] - fc.outcome[0], fc.outcome[1] - base[1]
    assert d0 * 0.9 - d1 * 0.1 == pytest.approx(d1 * 0.9 - d0 * 0.1)


def test_get_and_set_params():
    m = ExpectedUtility(rounds=5)
    assert m.get_params() == {"rounds": 5, "Q": 1.0, "T": 1.0, "outcome": "median"}
    assert m.set_params(rounds=2).rounds == 2
    with pytest.raises(ValueError):
        m.set_params(speed=3)
