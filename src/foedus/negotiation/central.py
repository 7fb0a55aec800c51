"""One-shot models: the compromise model, the weighted median, the status quo, Nash bargaining."""

from __future__ import annotations

from typing import Literal

import numpy as np

from foedus.errors import ModelError
from foedus.negotiation.base import Forecast, NegotiationModel
from foedus.negotiation.table import NegotiationTable


def _safe_weights(table: NegotiationTable) -> np.ndarray:
    """capability x salience; an issue where all of it is zero falls back to presence (equal)."""
    w = table.weights()
    present = table.present()
    empty = w.sum(axis=0) <= 0
    if empty.any():
        w[:, empty] = present[:, empty].astype(float)
    return w


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Column-wise sum(w x) / sum(w), ignoring NaN positions (their weight must be 0)."""
    return np.nansum(np.where(w > 0, x, 0.0) * w, axis=0) / w.sum(axis=0)


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Column-wise weighted median: the smallest position whose cumulative weight reaches half.

    Where the cumulative weight hits exactly one half between two positions, the midpoint.
    """
    n_i = x.shape[1]
    out = np.empty(n_i)
    for k in range(n_i):
        m = w[:, k] > 0
        xs, ws = x[m, k], w[m, k]
        order = np.argsort(xs, kind="stable")
        xs, ws = xs[order], ws[order]
        cum = np.cumsum(ws)
        half = cum[-1] / 2
        j = int(np.searchsorted(cum, half - 1e-12 * cum[-1]))
        if abs(cum[j] - half) <= 1e-12 * cum[-1] and j + 1 < len(xs):
            out[k] = (xs[j] + xs[j + 1]) / 2
        else:
            out[k] = xs[j]
    return out


class Compromise(NegotiationModel):
    r"""The compromise model: the capability x salience weighted mean of positions.

    :math:`O_k = \sum_i c_{ik} s_{ik} x_{ik} / \sum_i c_{ik} s_{ik}` (van den Bos 1991;
    Achen 2006). Also the round-0 baseline ("NBS") of Stokman's exchange model.
    """

    name = "compromise"

    def __init__(self) -> None:
        pass

    def predict(self, table: NegotiationTable) -> Forecast:
        return self._forecast(table, weighted_mean(table.position, _safe_weights(table)))


class WeightedMedian(NegotiationModel):
    """The position of the weighted median actor (weights capability x salience); Black 1948."""

    name = "weighted-median"

    def __init__(self) -> None:
        pass

    def predict(self, table: NegotiationTable) -> Forecast:
        return self._forecast(table, weighted_median(table.position, _safe_weights(table)))


class StatusQuo(NegotiationModel):
    """The null model: nothing changes (the issue's reference point)."""

    name = "status-quo"

    def __init__(self) -> None:
        pass

    def predict(self, table: NegotiationTable) -> Forecast:
        sq = table.status_quo
        if np.isnan(sq).all():
            raise ModelError("no issue has a status quo", hint="give issues a status_quo to use this model")
        return self._forecast(table, sq)


class NashBargaining(NegotiationModel):
    r"""The asymmetric Nash bargaining solution, found numerically.

    Maximises :math:`\sum_i w_i \log\big(L_i(d) - L_i(x)\big)` over the issue's scale, with loss
    :math:`L_i(x) = |x - x_i|^p` on the 0..1 normalised scale, bargaining weights
    :math:`w_i = c_i s_i` and a disagreement point ``d``:

    - ``"status-quo"``: the issue's status quo (reference point). An actor already at ``d``, or
      actors on both sides of it with nothing they all prefer, leave ``d`` as the only point
      everyone accepts, and the solution is ``d`` (the unanimity veto of Nash's axioms).
    - ``"worst"``: each actor's disagreement is its worst point on the scale (the far end), so
      every interior point is acceptable to all.

    A grid of ``grid`` points locates the maximum, golden-section search refines it. Issues
    without a status quo use ``"worst"``.
    """

    name = "nash"

    def __init__(
        self,
        disagreement: Literal["status-quo", "worst"] = "worst",
        exponent: float = 2.0,
        grid: int = 401,
    ) -> None:
        self.disagreement = disagreement
        self.exponent = exponent
        self.grid = grid

    def _objective(self, t: np.ndarray, z: np.ndarray, w: np.ndarray, dl: np.ndarray) -> np.ndarray:
        # t: (G, I) candidate points; z, w, dl: (A, I) -> (G, I)
        loss = np.abs(t[:, None, :] - z[None, :, :]) ** self.exponent
        gain = dl[None] - loss
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(w[None] > 0, w[None] * np.log(np.maximum(gain, 0.0)), 0.0)
        return terms.sum(axis=1)

    def predict(self, table: NegotiationTable) -> Forecast:
        if self.disagreement not in ("status-quo", "worst"):
            raise ModelError(
                f"unknown disagreement point {self.disagreement!r}",
                hint="use 'status-quo' or 'worst'",
            )
        w = _safe_weights(table)
        z = np.where(w > 0, np.nan_to_num(table.normalised_positions()), 0.5)
        p = self.exponent
        sq = (table.status_quo - table.lower) / (table.upper - table.lower)
        use_sq = (self.disagreement == "status-quo") & np.isfinite(sq)
        worst = np.maximum(z, 1 - z) ** p
        dl = np.where(use_sq[None, :], np.abs(np.nan_to_num(sq)[None, :] - z) ** p, worst)
        g = np.linspace(0.0, 1.0, self.grid)
        grid = np.repeat(g[:, None], z.shape[1], axis=1)
        val = self._objective(grid, z, w, dl)
        best = np.argmax(val, axis=0)
        feasible = np.isfinite(val[best, np.arange(z.shape[1])])
        # golden-section refinement inside the neighbouring grid cells
        step = 1.0 / (self.grid - 1)
        lo = np.clip(g[best] - step, 0, 1)
        hi = np.clip(g[best] + step, 0, 1)
        phi = (np.sqrt(5) - 1) / 2
        for _ in range(40):
            a = hi - phi * (hi - lo)
            b = lo + phi * (hi - lo)
            fa = self._objective(a[None], z, w, dl)[0]
            fb = self._objective(b[None], z, w, dl)[0]
            left = fa >= fb
            hi = np.where(left, b, hi)
            lo = np.where(left, lo, a)
        t = (lo + hi) / 2
        t_val = self._objective(t[None], z, w, dl)[0]
        t = np.where(t_val >= val[best, np.arange(z.shape[1])], t, g[best])
        # no point gives every actor a gain over d: the solution is d itself
        t = np.where(feasible, t, np.where(use_sq, np.nan_to_num(sq), t))
        outcome = table.lower + t * (table.upper - table.lower)
        return self._forecast(table, outcome)
