"""The Monte Carlo deterrence game: will the attacker act, given the coalition it may face?

Notation (docs/models.md, "Deterrence"). Obligors i = 1..K respond in class c (military, arms,
sanctions) with marginal probability p_ic. Responses are correlated through one common factor F:
the lead obligor's latent resolve is z_lead = F, every other obligor's is
z_i = sqrt(rho) F + sqrt(1 - rho) e_i (F, e_i iid N(0,1)), and i responds in class c iff
z_i < Phi^-1(p_ic). Marginals are exactly p_ic; classes are nested (who fights also arms and
sanctions). Per sample s:

    C_D = cap_T + sum_i R_mil,i m_i + sum_i R_arms,i a_i       defence (contributions precomputed
                                                               with the loss-of-strength gradient)
    pw  = C_A^k / (C_A^k + C_D^k)                               contest function (Tullock)
    W   = sum_i R_sanc,i w_i                                    sanctioning economic weight
    coh = W / (W + (1 + leak) W_def)                            cohesion (defectors W_def)
    S   = s_max (1 - exp(-W / (h GDP_A))) coh                   sanctions cost
    N   = nu [some nuclear-armed obligor fights]                escalation cost
    B   = kappa C_D / (C_A + C_D) + L (1 - pw) + S + N          expected cost of attacking

An attacker of type V (value of the prize, prior lognormal or discrete) attacks iff
V E[pw] - E[B] > 0; so P(deterred) = F_V(E[B] / E[pw]) and, V being independent of the responses,
outcomes given an attack are the sample means. The most decisive obligor is the one whose removal
(common random numbers) raises P(attack) most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from statistics import NormalDist
from typing import Literal

import numpy as np

from foedus.errors import ModelError

CHUNK = 1 << 16
_STD = NormalDist()




@dataclass(frozen=True)
class GameParams:
    """Priors of the deterrence game; see docs/models.md for sources and ranges."""

    rho: float = 0.5               # common-factor correlation of coalition responses
    decisiveness: float = 1.0      # contest exponent k
    war_cost: float = 0.5          # kappa: cost of fighting a defence of equal strength
    defeat_loss: float = 1.0       # L: loss when the attack fails
    sanctions_max: float = 0.6     # s_max: cost of full, cohesive sanctions
    sanctions_half: float = 3.0    # h: sanctioning GDP (in attacker GDPs) at which S = 63% s_max
    leak: float = 1.0              # extra leakage weight of a defector (sanctions busting)
    nuclear_cost: float = 0.5      # nu: escalation risk when a nuclear-armed obligor fights
    value_median: float = 1.0      # median value of the prize (units of L)
    value_sigma: float = 1.38      # log-sd of the value of the prize (calibrated: Benson 2011)
    value_points: tuple[float, ...] = ()   # discrete type prior (overrides lognormal)
    value_weights: tuple[float, ...] = ()

    def with_(self, **changes: object) -> GameParams:
        names = {f.name for f in fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ModelError(f"unknown game parameter(s): {', '.join(sorted(unknown))}",
                             hint=f"known: {', '.join(sorted(names))}")
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(changes)
        return GameParams(**data)  # type: ignore[arg-type]

    def check(self) -> None:
        if not 0.0 <= self.rho < 1.0:
            raise ModelError(f"rho must lie in [0, 1), got {self.rho}")
        for name in ("decisiveness", "value_median", "value_sigma", "sanctions_half"):
            if not getattr(self, name) > 0:
                raise ModelError(f"{name} must be positive, got {getattr(self, name)}")
        for name in ("war_cost", "defeat_loss", "sanctions_max", "leak", "nuclear_cost"):
            if getattr(self, name) < 0:
                raise ModelError(f"{name} must not be negative, got {getattr(self, name)}")
        if self.value_points:
            w = np.asarray(self.value_weights, float)
            if len(w) != len(self.value_points) or np.any(w < 0) or not math.isclose(w.sum(), 1):
                raise ModelError("value_weights must be non-negative, one per point, summing to 1")

    def p_value_below(self, x: float) -> float:
        """F_V(x): the prior probability that the prize is worth less than x."""
        if self.value_points:
            pts = np.asarray(self.value_points, float)
            return float(np.asarray(self.value_weights, float)[pts <= x].sum())
        if x <= 0:
            return 0.0
        return _STD.cdf(math.log(x / self.value_median) / self.value_sigma)


@dataclass
class GameInputs:
    """One contemplated action, reduced to numbers (built by `foedus.deterrence.model`)."""

    obligors: list[str]
    p: np.ndarray                 # (K, 3) P(respond) per class: military, arms, sanctions
    military: np.ndarray          # (K,) contribution to C_D if fighting
    arms: np.ndarray              # (K,) contribution to C_D if supplying arms
    weight: np.ndarray            # (K,) economic weight when sanctioning
    nuclear: np.ndarray           # (K,) bool: nuclear-armed
    attacker_strength: float      # C_A
    target_strength: float        # cap_T
    attacker_gdp: float
    defector_weight: float = 0.0
    lead: int | None = None
    params: GameParams = field(default_factory=GameParams)

    def __post_init__(self) -> None:
        k = len(self.obligors)
        self.p = np.asarray(self.p, float).reshape(k, 3)
        for name in ("military", "arms", "weight"):
            setattr(self, name, np.asarray(getattr(self, name), float).reshape(k))
        self.nuclear = np.asarray(self.nuclear, bool).reshape(k)
        self.check()
        if self.lead is None and k:
            self.lead = int(np.argmax(self.p[:, 0] * self.military + 1e-12 * self.weight))

    def check(self) -> None:
        if not np.all(np.isfinite(self.p)) or np.any(self.p < 0) or np.any(self.p > 1):
            bad = [self.obligors[i] for i in np.where(~((self.p >= 0) & (self.p <= 1)).all(1))[0]]
            raise ModelError(f"impossible response probabilities for {', '.join(bad) or '?'}",
                             hint="probabilities must lie in [0, 1]")
        for name in ("military", "arms", "weight"):
            if np.any(getattr(self, name) < 0):
                raise ModelError(f"negative {name} contribution")
        if not self.attacker_strength > 0:
            raise ModelError("the attacker has zero capability: the contest is undefined",
                             hint="give it a defence_spending_usd capability override")
        if not self.target_strength > 0:
            raise ModelError("the target has zero capability: the contest is undefined",
                             hint="give it a defence_spending_usd capability override")
        if not self.attacker_gdp > 0:
            raise ModelError("the attacker's economic weight is zero")
        self.params.check()

    @property
    def k(self) -> int:
        return len(self.obligors)


RESOLUTION = 1 << 16
DECISIVE_SAMPLES = 1 << 13


def draw_latent(inputs: GameInputs, rng: np.random.Generator, n: int) -> np.ndarray:
    """Uniform integers u (2, K, n) in [0, 2^16): [0] decides "follow the lead", [1] own resolve.

    Four 16-bit uniforms come from each 64-bit draw of the generator (PCG64), so probabilities
    are resolved to 2^-16 (see `levels`).
    """
    k = inputs.k
    words = -(-2 * k * n // 4)
    raw = rng.bit_generator.random_raw(words)
    return raw.view(np.uint16)[: 2 * k * n].reshape(2, k, n)


def levels(p: np.ndarray | float) -> np.ndarray:
    """Integer thresholds: an event of probability p happens iff u < round(p 2^16)."""
    return np.rint(np.asarray(p, float) * RESOLUTION).astype(np.int64)


def responses(inputs: GameInputs, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Responses per class (K, n) under the follow-the-leader common factor.

    With probability rho an obligor copies the lead's draw U_lead; otherwise it uses its own
    independent draw. So i responds in class c iff v_i < p_ic, where v_i = U_lead if it follows and
    its own draw otherwise. Marginals are exactly p_ic (to 2^-16); corr(v_i, v_j) = rho^2 and
    corr(v_i, U_lead) = rho.
    """
    k = inputs.k
    n = u.shape[2]
    if k == 0:
        empty = np.zeros((0, n), bool)
        return empty, empty, empty
    lead = inputs.lead if inputs.lead is not None else 0
    follow = u[0] < int(levels(inputs.params.rho))
    follow[lead] = True
    v = np.where(follow, u[1, lead][None, :], u[1])
    lv = levels(inputs.p)
    out = []
    for c in range(3):
        t = lv[:, c]
        r = v <= np.clip(t - 1, 0, RESOLUTION - 1).astype(np.uint16)[:, None]
        r[t == 0] = False
        out.append(r)
    return out[0], out[1], out[2]


STAT_NAMES = ("n", "pw", "cost", "war_cost", "sanctions", "nuclear", "pw_opposed", "opposed",
              "n_military", "n_any", "strength_share")


def _costs(inputs: GameInputs, cd: np.ndarray, w: np.ndarray, nuc_count: np.ndarray
           ) -> tuple[np.ndarray, ...]:
    pr = inputs.params
    ca = inputs.attacker_strength
    ratio = cd / ca
    pw = 1.0 / (1.0 + (ratio if pr.decisiveness == 1.0 else ratio ** pr.decisiveness))
    wc = pr.war_cost * cd / (ca + cd)
    denom = w + (1.0 + pr.leak) * inputs.defector_weight
    coh = np.divide(w, denom, out=np.zeros_like(w), where=denom > 0)
    sanc = pr.sanctions_max * (-np.expm1(-w / (pr.sanctions_half * inputs.attacker_gdp))) * coh
    nuc = pr.nuclear_cost * (nuc_count > 0)
    return pw, wc, sanc, nuc, wc + pr.defeat_loss * (1.0 - pw) + sanc + nuc


def _wsum(coef: np.ndarray, r: np.ndarray) -> np.ndarray:
    """sum_i coef_i r_in for a boolean (K, n) matrix, in float64 (float32 products)."""
    if r.shape[0] == 0:
        return np.zeros(r.shape[1])
    return np.einsum("k,kn->n", coef.astype(np.float32), r, dtype=np.float32,
                     casting="unsafe").astype(float)


def chunk_stats(inputs: GameInputs, u: np.ndarray) -> dict[str, np.ndarray]:
    """Sums over the samples of one chunk (vectorised over samples)."""
    r_mil, r_arms, r_sanc = responses(inputs, u)
    n = u.shape[2]
    k = inputs.k
    # weighted sums over obligors with einsum (its own C loop: no BLAS threads to contend with)
    cd = inputs.target_strength + _wsum(inputs.military, r_mil) + _wsum(inputs.arms, r_arms)
    w = _wsum(inputs.weight, r_sanc)
    nuclear = np.flatnonzero(inputs.nuclear)
    nuc_count = (np.count_nonzero(r_mil[nuclear], axis=0).astype(float) if nuclear.size
                 else np.zeros(n))
    pw, wc, sanc, nuc, cost = _costs(inputs, cd, w, nuc_count)
    opposed = r_mil.any(axis=0) if k else np.zeros(n, bool)
    pw_sum, cost_sum = pw.sum(), cost.sum()
    # decisiveness: the first DECISIVE_SAMPLES samples of the chunk, with i's response removed
    m = min(n, DECISIVE_SAMPLES)
    mil = inputs.military[:, None]
    cd_wo = cd[None, :m] - r_mil[:, :m] * mil - r_arms[:, :m] * inputs.arms[:, None]
    w_wo = w[None, :m] - r_sanc[:, :m] * inputs.weight[:, None]
    n_wo = nuc_count[None, :m] - r_mil[:, :m] * inputs.nuclear[:, None].astype(float)
    pw_i, _, _, _, cost_i = _costs(inputs, cd_wo, w_wo, n_wo)
    pw_wo = pw_i.sum(axis=1) if k else np.zeros(0)
    cost_wo = cost_i.sum(axis=1) if k else np.zeros(0)
    allies = cd - inputs.target_strength
    return {
        "n": np.array([float(n)]),
        "pw": np.array([pw_sum]),
        "cost": np.array([cost_sum]),
        "war_cost": np.array([wc.sum()]),
        "sanctions": np.array([sanc.sum()]),
        "nuclear": np.array([nuc.sum()]),
        "pw_opposed": np.array([(pw * opposed).sum()]),
        "opposed": np.array([float(opposed.sum())]),
        "n_military": np.array([float(np.count_nonzero(r_mil))]),
        "n_any": np.array([float(np.count_nonzero(r_sanc))]),
        "strength_share": np.array([(allies / cd).sum()]),
        "rate_military": np.count_nonzero(r_mil, axis=1).astype(float),
        "rate_arms": np.count_nonzero(r_arms, axis=1).astype(float),
        "rate_sanctions": np.count_nonzero(r_sanc, axis=1).astype(float),
        "pw_without": pw_wo,
        "cost_without": cost_wo,
        "n_decisive": np.array([float(m)]),
        "pw_decisive": np.array([pw[:m].sum()]),
        "cost_decisive": np.array([cost[:m].sum()]),
    }


def loop_stats(inputs: GameInputs, u: np.ndarray) -> dict[str, float]:
    """The same model, one sample at a time in plain Python: the benchmark's baseline and a check."""
    pr = inputs.params
    ca = inputs.attacker_strength
    rho_t = int(levels(pr.rho))
    lv = levels(inputs.p)
    lead = inputs.lead if inputs.lead is not None else 0
    tot = {"n": 0.0, "pw": 0.0, "cost": 0.0, "opposed": 0.0, "n_military": 0.0}
    for s in range(u.shape[2]):
        ul = int(u[1, lead, s])
        cd = inputs.target_strength
        w = 0.0
        nuc = False
        fought = 0
        for i in range(inputs.k):
            follow = i == lead or int(u[0, i, s]) < rho_t
            v = ul if follow else int(u[1, i, s])
            act = [v < lv[i, c] for c in range(3)]
            if act[0]:
                cd += inputs.military[i]
                fought += 1
                nuc = nuc or bool(inputs.nuclear[i])
            if act[1]:
                cd += inputs.arms[i]
            if act[2]:
                w += inputs.weight[i]
        pw = 1.0 / (1.0 + (cd / ca) ** pr.decisiveness)
        denom = w + (1.0 + pr.leak) * inputs.defector_weight
        coh = w / denom if denom > 0 else 0.0
        sanc = pr.sanctions_max * (1.0 - math.exp(-w / (pr.sanctions_half * inputs.attacker_gdp)))
        cost = (pr.war_cost * cd / (ca + cd) + pr.defeat_loss * (1.0 - pw) + sanc * coh
                + (pr.nuclear_cost if nuc else 0.0))
        tot["n"] += 1
        tot["pw"] += pw
        tot["cost"] += cost
        tot["opposed"] += fought > 0
        tot["n_military"] += fought
    return tot


def reduce_stats(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Add chunk sums in chunk order (so every backend gets the same floating-point result)."""
    out = {k: v.copy() for k, v in parts[0].items()}
    for part in parts[1:]:
        for key, value in part.items():
            out[key] = out[key] + value
    return out


@dataclass
class GameResult:
    obligors: list[str]
    samples: int
    seed: int
    p_deterred: float
    threshold: float                       # E[B] / E[pw]: types below it are deterred
    p_win: float                           # E[pw] given an attack
    expected_cost: float
    cost_breakdown: dict[str, float]
    outcomes: dict[str, float]
    expected_military: float               # expected number of obligors that fight
    expected_any: float
    allied_share: float                    # mean share of the defence from allies
    response_rates: dict[str, dict[str, float]]
    decisive: dict[str, float]             # obligor -> rise in P(attack) without it
    most_decisive: str | None
    stderr: float
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        r = lambda x: round(float(x), 6)  # noqa: E731
        return {
            "samples": self.samples, "seed": self.seed,
            "p_deterred": r(self.p_deterred), "p_attack": r(1 - self.p_deterred),
            "stderr": r(self.stderr),
            "threshold": r(self.threshold), "p_attacker_wins_if_attack": r(self.p_win),
            "expected_cost_if_attack": r(self.expected_cost),
            "cost_breakdown": {k: r(v) for k, v in self.cost_breakdown.items()},
            "outcomes": {k: r(v) for k, v in self.outcomes.items()},
            "expected_coalition": {"military": r(self.expected_military),
                                   "any_response": r(self.expected_any),
                                   "allied_share_of_defence": r(self.allied_share)},
            "response_rates": {o: {k: r(v) for k, v in d.items()}
                               for o, d in self.response_rates.items()},
            "decisiveness": {k: r(v) for k, v in self.decisive.items()},
            "most_decisive_obligor": self.most_decisive,
            "notes": self.notes,
        }


def summarise(inputs: GameInputs, stats: dict[str, np.ndarray], samples: int, seed: int
              ) -> GameResult:
    pr = inputs.params
    n = float(stats["n"][0])
    pw = float(stats["pw"][0]) / n
    cost = float(stats["cost"][0]) / n
    thr = cost / pw if pw > 0 else math.inf
    p_det = pr.p_value_below(thr) if math.isfinite(thr) else 1.0
    p_att = 1.0 - p_det
    opposed = float(stats["opposed"][0]) / n
    pw_opp = float(stats["pw_opposed"][0]) / n
    decisive: dict[str, float] = {}
    nd = float(stats["n_decisive"][0])
    pw_d = float(stats["pw_decisive"][0]) / nd
    thr_d = (float(stats["cost_decisive"][0]) / nd) / pw_d if pw_d > 0 else math.inf
    p_att_d = 1.0 - (pr.p_value_below(thr_d) if math.isfinite(thr_d) else 1.0)
    for i, ob in enumerate(inputs.obligors):
        pw_i = float(stats["pw_without"][i]) / nd
        thr_i = (float(stats["cost_without"][i]) / nd) / pw_i if pw_i > 0 else math.inf
        p_att_i = 1.0 - (pr.p_value_below(thr_i) if math.isfinite(thr_i) else 1.0)
        decisive[ob] = p_att_i - p_att_d
    most = max(decisive, key=lambda o: decisive[o]) if decisive else None
    if most is not None and decisive[most] <= 0:
        most = None
    # the delta-method standard error of P(deterred) from the MC error of E[B]/E[pw] is small;
    # report the binomial-like bound sqrt(p(1-p)/n) as a conservative indication
    stderr = math.sqrt(max(p_det * (1 - p_det), 0.0) / n)
    notes = []
    if not inputs.k:
        notes.append("no obligor responds to this action: the target stands alone")
    return GameResult(
        obligors=list(inputs.obligors), samples=samples, seed=seed,
        p_deterred=p_det, threshold=thr, p_win=pw, expected_cost=cost,
        cost_breakdown={k: float(stats[k][0]) / n for k in ("war_cost", "sanctions", "nuclear")}
        | {"defeat": pr.defeat_loss * (1 - pw)},
        outcomes={
            "deterred": p_det,
            "attack_unopposed_attacker_wins": p_att * (pw - pw_opp),
            "attack_opposed_attacker_wins": p_att * pw_opp,
            "attack_attacker_defeated": p_att * (1 - pw),
            "attack_opposed": p_att * opposed,
        },
        expected_military=float(stats["n_military"][0]) / n,
        expected_any=float(stats["n_any"][0]) / n,
        allied_share=float(stats["strength_share"][0]) / n,
        response_rates={
            ob: {"military": float(stats["rate_military"][i]) / n,
                 "arms": float(stats["rate_arms"][i]) / n,
                 "sanctions": float(stats["rate_sanctions"][i]) / n}
            for i, ob in enumerate(inputs.obligors)
        },
        decisive=decisive, most_decisive=most, stderr=stderr, notes=notes,
    )


def chunk_plan(samples: int, seed: int, chunk: int = CHUNK) -> list[tuple[int, np.random.SeedSequence]]:
    """Fixed chunks and one child SeedSequence per chunk: the same on every backend."""
    if samples < 1:
        raise ModelError(f"samples must be at least 1, got {samples}")
    if seed < 0:
        raise ModelError(f"seed must not be negative, got {seed}")
    n_chunks = -(-samples // chunk)
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    sizes = [chunk] * (n_chunks - 1) + [samples - chunk * (n_chunks - 1)]
    return list(zip(sizes, children, strict=True))


def run_chunk(inputs: GameInputs, size: int, seq: np.random.SeedSequence) -> dict[str, np.ndarray]:
    return chunk_stats(inputs, draw_latent(inputs, np.random.default_rng(seq), size))


Backend = Literal["local", "dask"]


def simulate(inputs: GameInputs, samples: int = 100_000, seed: int = 0, *,
             backend: Backend = "local", scheduler: str | None = None,
             progress: bool = False) -> GameResult:
    """Run the game; `backend="dask"` spreads the chunks over a Dask cluster (same result)."""
    plan = chunk_plan(samples, seed)
    if backend == "dask":
        from foedus.deterrence.parallel import map_dask

        parts = map_dask(run_chunk, [(inputs, size, seq) for size, seq in plan],
                         scheduler=scheduler, progress=progress, label="chunks")
    elif backend == "local":
        from foedus.deterrence.parallel import map_local

        parts = map_local(run_chunk, [(inputs, size, seq) for size, seq in plan],
                          progress=progress, label="chunks")
    else:
        raise ModelError(f"unknown backend {backend!r}", hint="local or dask")
    return summarise(inputs, reduce_stats(parts), samples, seed)
