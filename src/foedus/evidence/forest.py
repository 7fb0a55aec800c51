"""Gradient-boosted trees for the trained rankers: fitted with scikit-learn at build time, exported to
plain JSON and evaluated with numpy, so reading an article needs neither scikit-learn nor pickles.

The stance ranker (foedus.evidence.rank) and the event ranker (foedus.evidence.event_rank) share
this: the model object, its file format and checks, the fit, the export (verified against
scikit-learn), the cross-validation over whole articles and the threshold search.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from foedus.errors import InputError, Location

REBUILD = "rebuild with `python -m foedus.evidence.rank build tests/evidence/articles`"


class Forest:
    """Gradient-boosted regression trees for a binary label, evaluated with numpy (all trees at once)."""

    def __init__(self, baseline: float, trees: list[dict[str, list[Any]]], threshold: float) -> None:
        self.baseline = baseline
        self.threshold = threshold
        self.n_trees = len(trees)
        width = max(len(t["value"]) for t in trees)
        # all trees' nodes in one flat array: tree k's node j is k * width + j
        self._roots = np.arange(len(trees)) * width

        def flat(field: str, dtype: Any, shift: bool = False) -> np.ndarray:
            out = np.zeros((len(trees), width), dtype=dtype)
            for k, t in enumerate(trees):
                out[k, : len(t[field])] = t[field]
            if shift:  # child indices point into the flat array
                out += self._roots[:, None]
            return out.ravel()

        self.feature = flat("feature", np.int64)
        self.cut = flat("threshold", np.float64)
        self.missing_left = flat("missing_left", bool)
        self.leaf = flat("is_leaf", bool)
        self.left = flat("left", np.int64, shift=True)
        self.right = flat("right", np.int64, shift=True)
        self.value = flat("value", np.float64)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(label) for each row of x: every row walks every tree in step, one level per pass, over
        the flat node array, and only the walks not yet at a leaf."""
        node = np.broadcast_to(self._roots, (len(x), self.n_trees)).ravel().copy()  # each walk's root
        row = np.repeat(np.arange(len(x)), self.n_trees)
        open_ = np.flatnonzero(~self.leaf[node])
        while open_.size:
            at = node[open_]
            value = x[row[open_], self.feature[at]]
            go_left = np.where(np.isnan(value), self.missing_left[at], value <= self.cut[at])
            node[open_] = np.where(go_left, self.left[at], self.right[at])
            open_ = open_[~self.leaf[node[open_]]]
        raw = self.baseline + self.value[node].reshape(len(x), self.n_trees).sum(axis=1)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-raw))
        return out

    @classmethod
    def load(cls, path: Path, features: list[str], what: str) -> Forest:
        """The model in `path`, which must have been built for exactly these features."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", Location(str(path), line=exc.lineno), REBUILD) from None
        for key in ("features", "baseline", "threshold", "trees"):
            if not isinstance(data, dict) or key not in data:
                raise InputError(f"not a {what} model", Location(str(path), field=key), REBUILD)
        if data["features"] != features:
            raise InputError("built for other features", Location(str(path), field="features"), REBUILD)
        return cls(data["baseline"], data["trees"], data["threshold"])


# ---------------------------------------------------------------- training (needs scikit-learn)
def fit(x: np.ndarray, y: np.ndarray, seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=60, learning_rate=0.15, max_leaf_nodes=15, random_state=seed, early_stopping=False
    ).fit(x, y)


def export(clf: Any) -> tuple[float, list[dict[str, list[Any]]]]:
    """The fitted trees as plain lists (the JSON model's `baseline` and `trees`)."""
    trees = []
    for (predictor,) in clf._predictors:
        n = predictor.nodes
        trees.append(
            {
                "feature": n["feature_idx"].astype(int).tolist(),
                "threshold": [float(v) for v in n["num_threshold"]],
                "missing_left": n["missing_go_to_left"].astype(int).tolist(),
                "left": n["left"].astype(int).tolist(),
                "right": n["right"].astype(int).tolist(),
                "is_leaf": n["is_leaf"].astype(int).tolist(),
                "value": [float(v) for v in n["value"]],
            }
        )
    return float(np.ravel(clf._baseline_prediction)[0]), trees


def verified_export(clf: Any, x: np.ndarray, threshold: float) -> tuple[float, list[dict[str, list[Any]]]]:
    """export(clf), after checking that the exported trees give scikit-learn's probabilities on x."""
    baseline, trees = export(clf)
    gap = float(np.abs(Forest(baseline, trees, threshold).proba(x) - clf.predict_proba(x)[:, 1]).max())
    if gap > 1e-9:
        raise RuntimeError(f"exported trees disagree with scikit-learn by {gap}")
    return baseline, trees


def cross_validated(
    train: list[tuple[np.ndarray, np.ndarray]], rows: list[np.ndarray], folds: int, seed: int
) -> list[np.ndarray]:
    """Out-of-fold probabilities for every article's candidate `rows`, the model of each fold fitted
    on the other articles' `train` (rows, labels): folds of whole articles, shuffled by `seed`."""
    order = list(range(len(rows)))
    np.random.default_rng(seed).shuffle(order)
    probs: list[np.ndarray] = [np.zeros(0)] * len(rows)
    for k in range(folds):
        test = set(order[k::folds])
        fold = [i for i in order if i not in test and len(train[i][0])]
        clf = fit(np.vstack([train[i][0] for i in fold]), np.concatenate([train[i][1] for i in fold]), seed)
        for i in test:
            if len(rows[i]):
                probs[i] = clf.predict_proba(rows[i])[:, 1]
    return probs


def choose_threshold(
    counts_at: Callable[[float], tuple[int, int, int]],
) -> tuple[tuple[float, float, float, float], list[tuple[float, float, float, float]]]:
    """The threshold (0.15-0.6 in steps of 0.025) with the best F1 of `counts_at(threshold)` = (tp, fp,
    fn), as (threshold, P, R, F1), and the whole curve."""
    from foedus.evidence.evaluate import prf

    curve = []
    for t in np.arange(0.15, 0.61, 0.025):
        curve.append((round(float(t), 3), *prf(*counts_at(float(t)))))
    return max(curve, key=lambda c: c[3]), curve
