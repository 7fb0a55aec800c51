"""Agreement with an exact game-theoretic solution (pygambit, a test-only oracle) on small cases.

The oracle game: Nature draws the attacker's value V (discrete types); the attacker chooses to
attack or not; Nature draws the allies' resolve profile with the exact joint probabilities of the
follow-the-leader factor; each ally, knowing only its own resolve, chooses to fight or not (resolved
allies gain 1 by fighting, unresolved ones lose 1); Nature draws the war outcome. We solve it with
pygambit and compare the attacker's equilibrium choice per type and the equilibrium payoffs with
the Monte Carlo model.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from foedus.deterrence.game import RESOLUTION, GameInputs, GameParams, levels, simulate

gbt = pytest.importorskip("pygambit")


def exact_profiles(p: list[float], rho: float, lead: int) -> dict[tuple[int, ...], float]:
    """Joint response probabilities, exact under the 2^-16 quantisation the model uses."""
    q = levels(np.array(p)) / RESOLUTION
    r = levels(rho) / RESOLUTION
    cuts = sorted({0.0, 1.0, *q})
    out: dict[tuple[int, ...], float] = {}
    for lo, hi in itertools.pairwise(cuts):   # U_lead uniform on [lo, hi)
        mid = (lo + hi) / 2
        probs = [1.0 if (i == lead and mid < q[i]) else 0.0 if i == lead
                 else r * (mid < q[i]) + (1 - r) * q[i] for i in range(len(p))]
        for prof in itertools.product((0, 1), repeat=len(p)):
            w = hi - lo
            for i, x in enumerate(prof):
                w *= probs[i] if x else 1 - probs[i]
            out[prof] = out.get(prof, 0.0) + w
    return out


def attacker_terms(inp: GameInputs, prof: tuple[int, ...]) -> tuple[float, float]:
    pr = inp.params
    cd = inp.target_strength + sum(x * (m + a) for x, m, a in zip(prof, inp.military, inp.arms, strict=False))
    w = sum(x * wt for x, wt in zip(prof, inp.weight, strict=False))
    pw = 1 / (1 + (cd / inp.attacker_strength) ** pr.decisiveness)
    denom = w + (1 + pr.leak) * inp.defector_weight
    coh = w / denom if denom > 0 else 0.0
    sanc = pr.sanctions_max * (1 - np.exp(-w / (pr.sanctions_half * inp.attacker_gdp))) * coh
    nuc = pr.nuclear_cost * any(x and n for x, n in zip(prof, inp.nuclear, strict=False))
    fixed = pr.war_cost * cd / (inp.attacker_strength + cd) + sanc + nuc
    return pw, fixed


def dist(probs):
    """Decimals that sum to exactly one (gambit checks)."""
    ds = [gbt.Decimal(repr(round(float(x), 15))) for x in probs[:-1]]
    return [*ds, gbt.Decimal(1) - sum(ds)]


def solve_with_gambit(inp: GameInputs, types: list[float], weights: list[float]):
    pr = inp.params
    k = inp.k
    profiles = exact_profiles(list(inp.p[:, 0]), pr.rho, inp.lead)
    g = gbt.Game.new_tree(players=["attacker"] + [f"ally{i}" for i in range(k)],
                          title="deterrence oracle")
    g.append_move(g.root, g.players.chance, [f"V={v}" for v in types])
    g.set_chance_probs(g.root.infoset, dist(weights))
    attacker_sets = []
    made: list[int] = []

    def outcome(payoffs):
        made.append(1)
        return g.add_outcome(f"o{len(made)}", [gbt.Decimal(repr(float(x))) for x in payoffs])

    ally_sets: dict[tuple[int, int], object] = {}
    for t, v in enumerate(types):
        node = list(g.root.children)[t]
        g.append_move(node, "attacker", ["attack", "refrain"])
        attacker_sets.append(node.infoset)
        g.set_outcome(list(node.children)[1], outcome([0] * (k + 1)))
        chance = list(node.children)[0]
        profs = list(profiles)
        g.append_move(chance, g.players.chance, ["".join(map(str, pf)) for pf in profs])
        g.set_chance_probs(chance.infoset, dist([profiles[pf] for pf in profs]))
        for j, pf in enumerate(profs):
            leaves = [(list(chance.children)[j], ())]
            for i in range(k):
                nxt = []
                for nd, acts in leaves:
                    key = (i, pf[i])
                    if key in ally_sets:
                        g.append_infoset(nd, ally_sets[key])
                    else:
                        g.append_move(nd, f"ally{i}", ["fight", "stay out"])
                        ally_sets[key] = nd.infoset
                    nxt += [(list(nd.children)[0], (*acts, 1)), (list(nd.children)[1], (*acts, 0))]
                leaves = nxt
            for nd, acts in leaves:
                pw, fixed = attacker_terms(inp, acts)
                g.append_move(nd, g.players.chance, ["attacker wins", "attacker loses"])
                g.set_chance_probs(nd.infoset, dist([pw, 1 - pw]))
                allies = [1 if (a == 1) == bool(pf[i]) else -1 for i, a in enumerate(acts)]
                g.set_outcome(list(nd.children)[0], outcome([v - fixed, *allies]))
                g.set_outcome(list(nd.children)[1], outcome([-fixed - pr.defeat_loss, *allies]))
    # Nash equilibria include ones where allies threaten non-credibly off the path of play; keep
    # the sequentially rational one (each ally fights iff resolved), which must be unique
    result = gbt.nash.enumpure_agent_solve(g)
    perfect = [eq for eq in result.equilibria
               if all(float(eq[list(s.actions)[0]]) == (1.0 if key[1] else 0.0)
                      for key, s in ally_sets.items())]
    assert len(perfect) == 1
    eq = perfect[0]
    attack = [float(eq[list(s.actions)[0]]) for s in attacker_sets]
    payoff = float(eq.payoff("attacker"))
    return attack, payoff, profiles


@pytest.mark.parametrize("rho, p", [(0.0, [0.4, 0.7]), (0.6, [0.41, 0.8]), (0.9, [0.2, 0.55])])
def test_model_agrees_with_exact_solution(rho, p):
    params = GameParams(rho=rho, value_points=(0.2, 0.9, 3.0), value_weights=(0.3, 0.4, 0.3))
    inp = GameInputs(["A", "B"], [[x, x, x] for x in p], [0.6, 0.3], [0.0, 0.0], [1.0, 0.5],
                     [True, False], 1.0, 0.8, 1.0, params=params, lead=0)
    attack, payoff, profiles = solve_with_gambit(inp, list(params.value_points),
                                                 list(params.value_weights))
    # exact expectations by enumeration
    e_pw = sum(w * attacker_terms(inp, pf)[0] for pf, w in profiles.items())
    e_cost = sum(w * (attacker_terms(inp, pf)[1] + params.defeat_loss * (1 - attacker_terms(inp, pf)[0]))
                 for pf, w in profiles.items())
    res = simulate(inp, 400_000, 13)
    assert res.p_win == pytest.approx(e_pw, abs=3e-3)
    assert res.expected_cost == pytest.approx(e_cost, abs=3e-3)
    exact_deterred = sum(w for a, w in zip(attack, params.value_weights, strict=False) if a < 0.5)
    assert 0 < exact_deterred < 1          # the case is not trivial: some types are deterred
    assert res.p_deterred == pytest.approx(exact_deterred, abs=1e-12)
    mc_payoff = sum(w * max(0.0, v * res.p_win - res.expected_cost)
                    for v, w in zip(params.value_points, params.value_weights, strict=False))
    assert mc_payoff == pytest.approx(payoff, abs=5e-3)
    # allies' equilibrium: fight iff resolved, so the response rates are the credibilities
    assert res.response_rates["A"]["military"] == pytest.approx(p[0], abs=3e-3)
