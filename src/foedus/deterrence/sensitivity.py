"""Sobol sensitivity (SALib): which assumptions drive P(deterred)?

Saltelli sampling of the parameters below within their documented ranges (docs/models.md), one
deterrence run per parameter set with the same seed (common random numbers), then first-order (S1)
and total (ST) Sobol indices with bootstrap confidence intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from foedus.deterrence.credibility import CredibilityParams
from foedus.deterrence.game import GameParams
from foedus.deterrence.model import Action, BuildParams
from foedus.errors import ModelError

#: name -> (lower, upper): the prior ranges
BOUNDS: dict[str, tuple[float, float]] = {
    "rho": (0.0, 0.9),
    "decisiveness": (0.5, 2.0),
    "war_cost": (0.1, 1.0),
    "sanctions_max": (0.1, 1.0),
    "nuclear_cost": (0.0, 1.0),
    "value_sigma": (0.8, 2.0),
    "commitment": (0.2, 0.8),
    "lsg_half_km": (2000.0, 10000.0),
    "institution": (0.0, 3.0),
    "tripwire": (0.0, 1.5),
    "political": (-1.5, 0.0),
    "distance": (-0.3, 0.0),
}
_GAME = {f.name for f in fields(GameParams)}
_BUILD = {f.name for f in fields(BuildParams)}
_CRED = {f.name for f in fields(CredibilityParams)}


@dataclass
class SobolResult:
    names: list[str]
    S1: np.ndarray
    ST: np.ndarray
    S1_conf: np.ndarray
    ST_conf: np.ndarray
    n: int
    samples: int
    seed: int
    output: str

    def ranking(self) -> list[tuple[str, float, float]]:
        order = np.argsort(-self.ST)
        return [(self.names[i], float(self.S1[i]), float(self.ST[i])) for i in order]

    def to_json(self) -> dict:
        return {"output": self.output, "n": self.n, "samples": self.samples, "seed": self.seed,
                "indices": [{"parameter": self.names[i], "S1": round(float(self.S1[i]), 4),
                             "S1_conf": round(float(self.S1_conf[i]), 4),
                             "ST": round(float(self.ST[i]), 4),
                             "ST_conf": round(float(self.ST_conf[i]), 4)}
                            for i in range(len(self.names))]}


def split(values: dict[str, float]) -> tuple[GameParams, BuildParams, CredibilityParams]:
    unknown = set(values) - _GAME - _BUILD - _CRED
    if unknown:
        raise ModelError(f"unknown parameter(s): {', '.join(sorted(unknown))}",
                         hint=f"known: {', '.join(sorted(BOUNDS))}")
    return (GameParams().with_(**{k: v for k, v in values.items() if k in _GAME}),
            BuildParams(**{k: v for k, v in values.items() if k in _BUILD}),
            CredibilityParams().with_(**{k: v for k, v in values.items() if k in _CRED}))


def sobol(scenario: str | Path, action: Action, *, names: list[str] | None = None,
          n: int = 64, samples: int = 4096, seed: int = 0, output: str = "p_deterred",
          bounds: dict[str, tuple[float, float]] | None = None, backend: str = "local",
          scheduler: str | None = None, progress: bool = False) -> SobolResult:
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    bounds = {**BOUNDS, **(bounds or {})}
    names = list(names or BOUNDS)
    for name in names:
        if name not in bounds:
            raise ModelError(f"no range for parameter {name!r}", hint=f"known: {', '.join(bounds)}")
        lo, hi = bounds[name]
        if not lo < hi:
            raise ModelError(f"empty range for {name}: [{lo}, {hi}]")
    problem = {"num_vars": len(names), "names": names, "bounds": [list(bounds[k]) for k in names]}
    X = sample.sample(problem, n, calc_second_order=False, seed=seed)
    from foedus.deterrence.sweep import sweep

    variants = [dict(zip(names, map(float, row), strict=True)) for row in X]
    rows = sweep(scenario, action, variants, samples=samples, seed=seed, backend=backend,
                 scheduler=scheduler, progress=progress, outputs=(output,))
    y = np.array([r[output] for r in rows])
    si = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return SobolResult(names, np.asarray(si["S1"]), np.asarray(si["ST"]),
                       np.asarray(si["S1_conf"]), np.asarray(si["ST_conf"]), n, samples, seed,
                       output)
