"""Calibration of the historical part of the credibility model on Berkemeier & Fuhrmann (2018).

The replication file (576 war x alliance-member opportunities, 1816-2003) codes, for each member
of an alliance whose terms were activated by a war, whether it honoured or violated the commitment,
twice: in Leeds, Long & Mitchell's coding (`honorLLM`/`violateLLM`) and in the authors' recoding
(`honorBF`/`violateBF`). The published rates (50% overall, 66% before 1945, 22% from 1945, defence
pacts 41% / 61% / 14%, offence 74%, neutrality 78%, non-aggression 37%) are reproduced exactly by
the LLM coding with the period taken from the file's `sample` flag: `sample == 1` is the Leeds &
Anac (2005) sample of 1816-1944, `sample == 0` the authors' extension from 1945 (which includes the
1945 phase of the Second World War, e.g. the Soviet entry against Japan; dating wars by their name
would put those before 1945 and misses the published figures by about four points). We fit a
ridge-penalised logistic regression

    logit P(honour) = b0 + b_post*post1945 + b_def*defence + b_pd*post1945*defence
                      + b_off*offence + b_neu*neutrality + b_nag*nonaggression
                      + b_con*consultation + b_mul*multilateral

by Newton-Raphson (IRLS) with a N(0, 2.5^2) prior on every slope (Gelman et al. 2008) and a flat
prior on the intercept. The fitted coefficients are shipped in
`foedus/library/deterrence/credibility-calibration.json` so the package needs no data at run time;
`fit_from_file` refits them from the replication file, and a test checks both agree.

`war_year` (the first four-digit year of `warname`) is kept for describing cases, not for the period.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from foedus.errors import InputError, Location

COVARIATES = ("post1945", "defense", "post1945_defense", "offense", "neutral", "nonagg",
              "consul", "multilateral")
PRIOR_SD = 2.5
#: the outcome coding whose counts give the published rates (Leeds, Long & Mitchell's)
HONOUR, VIOLATE = "honorLLM", "violateLLM"
#: published figures (Berkemeier & Fuhrmann 2018, Research & Politics 5(2); GUIDE.md section 5)
PUBLISHED = {
    "overall": 0.50, "pre1945": 0.66, "post1945": 0.22,
    "defense": 0.41, "defense_pre1945": 0.61, "defense_post1945": 0.14,
    "offense": 0.74, "neutral": 0.78, "nonagg": 0.37,
}
SOURCE = ("Berkemeier, Molly and Matthew Fuhrmann (2018). Reassessing the fulfillment of alliance "
          "commitments in war. Research & Politics 5(2). Replication file "
          "BerkemeierFuhrmannRAP2018_0303.dta, via joshuaalley/treaty-depth @ 4908275a")


@dataclass(frozen=True)
class Calibration:
    coefficients: dict[str, float]
    intercept: float
    n: int
    observed: dict[str, float]
    fitted: dict[str, float]
    counts: dict[str, int]
    data_sha256: str | None = None

    def logit(self, **x: float) -> float:
        return self.intercept + sum(self.coefficients[k] * float(x.get(k, 0.0)) for k in COVARIATES)


def war_year(name: str) -> int:
    import re

    if name == "WorldWarI":
        return 1914
    if name == "WorldWarII":
        return 1939
    m = re.search(r"(\d{4})", name)
    if m is None:
        raise InputError(f"no year in war name {name!r}", Location(field="warname"))
    return int(m.group(1))


def design(frame) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Observations with a coded outcome: X (n x k), y, and the group masks used for rates."""
    obs = frame[(frame[HONOUR] == 1) | (frame[VIOLATE] == 1)]
    post = (obs["sample"] == 0).to_numpy(float)  # the 1945-2003 extension (see module docstring)
    cols = {
        "post1945": post,
        "defense": obs["defense"].to_numpy(float),
        "offense": obs["offense"].to_numpy(float),
        "neutral": obs["neutral"].to_numpy(float),
        "nonagg": obs["nonagg"].to_numpy(float),
        "consul": obs["consul"].to_numpy(float),
        "multilateral": obs["multilateral"].to_numpy(float),
    }
    cols["post1945_defense"] = cols["post1945"] * cols["defense"]
    X = np.column_stack([cols[c] for c in COVARIATES])
    y = (obs[HONOUR] == 1).to_numpy(float)
    ones = np.ones_like(post, dtype=bool)
    d = cols["defense"] == 1
    groups = {
        "overall": ones, "pre1945": post == 0, "post1945": post == 1,
        "defense": d, "defense_pre1945": d & (post == 0), "defense_post1945": d & (post == 1),
        "offense": cols["offense"] == 1, "neutral": cols["neutral"] == 1,
        "nonagg": cols["nonagg"] == 1,
    }
    return X, y, groups


def fit_logit(X: np.ndarray, y: np.ndarray, prior_sd: float = PRIOR_SD, iters: int = 100
              ) -> np.ndarray:
    """Penalised logistic regression (intercept first, unpenalised) by Newton-Raphson."""
    n, k = X.shape
    A = np.column_stack([np.ones(n), X])
    penalty = np.full(k + 1, 1.0 / prior_sd**2)
    penalty[0] = 0.0
    beta = np.zeros(k + 1)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-A @ beta))
        grad = A.T @ (y - p) - penalty * beta
        hess = (A * (p * (1 - p))[:, None]).T @ A + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    return beta


def fit(frame, data_sha256: str | None = None) -> Calibration:
    X, y, groups = design(frame)
    beta = fit_logit(X, y)
    p = 1.0 / (1.0 + np.exp(-(beta[0] + X @ beta[1:])))
    return Calibration(
        coefficients={c: float(b) for c, b in zip(COVARIATES, beta[1:], strict=True)},
        intercept=float(beta[0]),
        n=int(len(y)),
        observed={g: float(y[m].mean()) for g, m in groups.items()},
        fitted={g: float(p[m].mean()) for g, m in groups.items()},
        counts={g: int(m.sum()) for g, m in groups.items()},
        data_sha256=data_sha256,
    )


def fit_from_file(path: str | Path) -> Calibration:
    import pandas as pd

    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return fit(pd.read_stata(path, convert_categoricals=False), digest)


def to_json(cal: Calibration) -> dict:
    return {
        "model": "ridge logistic regression, prior N(0, 2.5^2) on slopes; see docs/models.md",
        "source": SOURCE,
        "data_sha256": cal.data_sha256,
        "n": cal.n,
        "intercept": cal.intercept,
        "coefficients": cal.coefficients,
        "observed_rates": cal.observed,
        "fitted_rates": cal.fitted,
        "published_rates": PUBLISHED,
        "counts": cal.counts,
    }


@cache
def shipped() -> Calibration:
    """The calibration bundled with the package (no data needed at run time)."""
    text = resources.files("foedus.library").joinpath(
        "deterrence", "credibility-calibration.json").read_text(encoding="utf-8")
    d = json.loads(text)
    return Calibration(d["coefficients"], d["intercept"], d["n"], d["observed_rates"],
                       d["fitted_rates"], d["counts"], d.get("data_sha256"))


if __name__ == "__main__":  # pragma: no cover - regenerate the shipped file
    import sys

    cal = fit_from_file(sys.argv[1])
    out = Path(__file__).parents[1] / "library" / "deterrence" / "credibility-calibration.json"
    out.write_text(json.dumps(to_json(cal), indent=2) + "\n", encoding="utf-8")
    print(json.dumps(to_json(cal), indent=2))
