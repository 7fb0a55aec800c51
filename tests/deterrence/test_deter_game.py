"""The Monte Carlo core: vectorised = per-sample loop, reproducible, correlated, bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.deterrence.game import (
    GameInputs,
    GameParams,
    chunk_stats,
    draw_latent,
    loop_stats,
    responses,
    simulate,
)
from foedus.errors import ModelError


def random_inputs(k=12, seed=1, **kw):
    rng = np.random.default_rng(seed)
    return GameInputs([f"O{i}" for i in range(k)], rng.uniform(0, 1, (k, 3)),
                      rng.uniform(0, 50, k), rng.uniform(0, 5, k), rng.uniform(0, 1000, k),
                      rng.uniform(0, 1, k) < 0.3, 150.0, 60.0, 2000.0, **kw)


def test_vectorised_equals_per_sample_loop():
    inp = random_inputs(defector_weight=300.0)
    u = draw_latent(inp, np.random.default_rng(5), 3000)
    a, b = chunk_stats(inp, u), loop_stats(inp, u)
    for key in ("pw", "cost", "opposed", "n_military"):
        assert a[key][0] == pytest.approx(b[key], rel=1e-6), key


def test_same_seed_same_result_and_different_seed_differs():
    inp = random_inputs()
    r1, r2 = simulate(inp, 150_000, 7), simulate(inp, 150_000, 7)
    assert r1.to_json() == r2.to_json()
    assert simulate(inp, 150_000, 8).p_win != r1.p_win


def test_marginals_and_common_factor():
    p = np.array([[0.3, 0.5, 0.7], [0.6, 0.6, 0.6], [0.2, 0.4, 0.9]])
    inp = GameInputs(["A", "B", "C"], p, [1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0], 1, 1, 1,
                     params=GameParams(rho=0.6), lead=1)
    u = draw_latent(inp, np.random.default_rng(0), 400_000)
    mil, arms, sanc = responses(inp, u)
    assert mil.mean(axis=1) == pytest.approx(p[:, 0], abs=0.004)
    assert sanc.mean(axis=1) == pytest.approx(p[:, 2], abs=0.004)
    assert np.all(mil <= arms) and np.all(arms <= sanc)    # nested classes
    corr = np.corrcoef(mil.astype(float))
    assert corr[0, 2] > 0.1                                # allies follow the lead together
    indep = GameInputs(["A", "B", "C"], p, [1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0], 1, 1, 1,
                       params=GameParams(rho=0.0))
    m0, _, _ = responses(indep, draw_latent(indep, np.random.default_rng(0), 400_000))
    assert abs(np.corrcoef(m0.astype(float))[0, 2]) < 0.01


def test_empty_coalition_is_the_target_alone():
    inp = GameInputs([], np.zeros((0, 3)), [], [], [], [], 2.0, 1.0, 1.0)
    r = simulate(inp, 10_000, 1)
    assert r.expected_military == 0 and r.most_decisive is None
    assert r.p_win == pytest.approx(2 / 3)
    assert "stands alone" in r.notes[0]


@pytest.mark.parametrize("change, message", [
    ({"p": [[1.2, 0.5, 0.5]]}, "impossible response probabilities"),
    ({"p": [[np.nan, 0.5, 0.5]]}, "impossible response probabilities"),
    ({"p": [[-0.1, 0.5, 0.5]]}, "impossible response probabilities"),
    ({"attacker_strength": 0.0}, "attacker has zero capability"),
    ({"target_strength": 0.0}, "target has zero capability"),
    ({"military": [-1.0]}, "negative military"),
])
def test_bad_inputs(change, message):
    base = dict(obligors=["A"], p=[[0.5, 0.5, 0.5]], military=[1.0], arms=[0.1], weight=[1.0],
                nuclear=[False], attacker_strength=1.0, target_strength=1.0, attacker_gdp=1.0)
    base.update(change)
    with pytest.raises(ModelError, match=message):
        GameInputs(**base)


def test_bad_params_and_samples():
    with pytest.raises(ModelError, match="rho"):
        random_inputs(params=GameParams(rho=1.0))
    with pytest.raises(ModelError, match="unknown game parameter"):
        GameParams().with_(nonsense=1)
    with pytest.raises(ModelError, match="samples"):
        simulate(random_inputs(), 0, 1)
    with pytest.raises(ModelError, match="value_weights"):
        random_inputs(params=GameParams(value_points=(1.0, 2.0), value_weights=(0.5, 0.6)))


def test_outcomes_sum_to_one_and_most_decisive():
    inp = random_inputs()
    r = simulate(inp, 100_000, 3)
    o = r.outcomes
    total = (o["deterred"] + o["attack_unopposed_attacker_wins"] + o["attack_opposed_attacker_wins"]
             + o["attack_attacker_defeated"])
    assert total == pytest.approx(1.0)
    assert r.most_decisive in inp.obligors
    assert max(r.decisive.values()) == r.decisive[r.most_decisive]
