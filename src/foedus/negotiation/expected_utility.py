r"""Bueno de Mesquita's expected-utility model in the specification of Scholz, Calbert & Smith.

Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011), "Unravelling Bueno De Mesquita's group
decision model", *Journal of Theoretical Politics* 23(4), 510-531, wrote down the model of
Bueno de Mesquita (1994, 2002) as a sequence of explicit steps. This module follows those steps
(and the public replication of the paper by D. Masad), vectorised over all actor pairs and all
issues at once. Each issue is modelled on its own. Per round:

1. Risk exponents :math:`r_i = 1`.
2. :math:`\mu`: the median voter position, the actor position that beats every other in pairwise
   votes weighted by :math:`c_k s_k` (one-dimensional Condorcet winner = weighted median).
3. Utilities of actor *i* towards *j* with :math:`\delta = |x_i - x_j| / \text{range}`:
   :math:`U^s = 2 - 4(0.5 - 0.5\delta)^{r_i}`, :math:`U^f = 2 - 4(0.5 + 0.5\delta)^{r_i}`,
   :math:`U^b = 2 - 4(0.5 - 0.25(|x_i-\mu|/\text{range} + \delta))^{r_i}`,
   :math:`U^w = 2 - 4(0.5 + 0.25(|x_i-\mu|/\text{range} + \delta))^{r_i}`,
   :math:`U^{sq} = 2 - 4 \cdot 0.5^{r_i}`.
4. Probability that *i* wins against *j*:
   :math:`P_{ij} = \sum_{k: d_k > 0} c_k s_k d_k / \sum_k c_k s_k |d_k|` with
   :math:`d_k = |x_k - x_j| - |x_k - x_i|` (k runs over the actors other than *i*).
5. :math:`EU_i(ij) = s_j (P_{ij} U^s + (1-P_{ij}) U^f) + (1 - s_j) U^s - Q U^{sq}
   - (1-Q)(T U^b + (1-T) U^w)`.
6. Risk: the security of *i* is :math:`\sum_{j \ne i} EU_j(ji)`; with max and min over actors,
   :math:`R_i = (2\,\text{sec}_i - \max - \min)/(\max - \min)` and
   :math:`r_i = (1 - R_i/3)/(1 + R_i/3)`; steps 2-5 are repeated with these :math:`r_i`.
7. Challenges: *j* challenges *i* when :math:`EU_j(ji) > 0`. Each target takes the challenge
   with the highest expected utility for the challenger (ties: the closest challenger) and
   responds with its own :math:`U_i = EU_i(ij)` against the challenger's :math:`U_j`:
   conflict it loses (:math:`0 < U_i < U_j`): moves to :math:`x_j`; compromise
   (:math:`U_i < 0`, :math:`|U_i| < U_j`): moves the share :math:`|U_i/U_j|` towards :math:`x_j`;
   capitulation (:math:`U_i < 0`, :math:`|U_i| > U_j`): moves to :math:`x_j`. All moves of a
   round happen at once.

The forecast of a round is the median voter position (``outcome="median"``, as in Bueno de
Mesquita) or the capability x salience weighted mean of the new positions (``outcome="mean"``).
The model is deterministic: ties are broken by position, not at random.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from foedus.errors import ModelError
from foedus.negotiation.base import Forecast, NegotiationModel, Round
from foedus.negotiation.table import NegotiationTable

#: event kinds recorded per target and round
NONE, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3
KIND_NAMES = {CONFLICT: "conflict", COMPROMISE: "compromise", CAPITULATION: "capitulation"}


class ExpectedUtility(NegotiationModel):
    """Bueno de Mesquita's expected-utility model (Scholz, Calbert & Smith 2011 specification)."""

    name = "expected-utility"

    def __init__(
        self,
        rounds: int = 10,
        Q: float = 1.0,
        T: float = 1.0,
        outcome: Literal["median", "mean"] = "median",
    ) -> None:
        self.rounds = rounds
        self.Q = Q
        self.T = T
        self.outcome = outcome

    # ------------------------------------------------------------------ pieces
    @staticmethod
    def _prefix(z: np.ndarray, w: np.ndarray):
        """Issue-batched prefix sums: issue k is shifted by 4k so that one sort serves all."""
        n_a, n_i = z.shape
        off = 4.0 * np.arange(n_i)[None, :]
        key = (z + off).T.ravel()  # issue-major
        ww = w.T.ravel()
        order = np.argsort(key, kind="stable")
        key_s = key[order]
        w_s = ww[order]
        cw = np.concatenate([[0.0], np.cumsum(w_s)])
        cwx = np.concatenate([[0.0], np.cumsum(w_s * (key_s))])
        return off, key_s, cw, cwx

    def _median(self, z, w, present):
        """Weighted median among actor positions: argmin_j sum_k w_k |z_k - z_j|."""
        # F(t) for t = each actor's own position; O(A^2 I) but cheap
        dist = np.abs(z[:, None, :] - z[None, :, :])  # (j, k, I)
        f = np.einsum("jki,ki->ji", dist, w)
        f = np.where(present, f, np.inf)
        j = np.argmin(f, axis=0)
        return z[j, np.arange(z.shape[1])]

    def _win_probability(self, z, w, present):
        """P[i, j, k]: probability that i beats j on issue k (votes of all actors but i).

        Uses prefix sums over the sorted positions of each issue: O(A^2 log A) per issue
        instead of the O(A^3) sum over every voter of every pair.
        """
        off, key_s, cw, cwx = self._prefix(z, w)
        base_idx = np.searchsorted(key_s, off[0] - 1.0, side="right")  # (I,) issue start
        c0, x0 = cw[base_idx], cwx[base_idx]
        ia = np.searchsorted(key_s, z + off, side="right")  # (A, I) each actor's position
        ca, xa = cw[ia], cwx[ia]
        zi, zj = z[:, None, :], z[None, :, :]
        # cumulative sums are non-decreasing in position (keys are >= 0), so min/max pick the
        # sums at the lower and the higher of the two positions
        lo, hi = np.minimum(zi, zj), np.maximum(zi, zj)
        c_lo, c_hi = np.minimum(ca[:, None, :], ca[None]), np.maximum(ca[:, None, :], ca[None])
        x_lo, x_hi = np.minimum(xa[:, None, :], xa[None]), np.maximum(xa[:, None, :], xa[None])
        mid = (lo + hi) / 2
        im = np.searchsorted(key_s, (mid + off[None]).ravel(), side="right").reshape(mid.shape)
        c_m, x_m = cw[im], cwx[im]
        offb = off[None]
        gap = hi - lo
        w_tot = w.sum(axis=0)
        wx_tot = (w * z).sum(axis=0)
        w_below = c_lo - c0
        w_lm = c_m - c_lo
        wx_lm = (x_m - x_lo) - offb * w_lm
        w_mh = c_hi - c_m
        wx_mh = (x_hi - x_m) - offb * w_mh
        w_above = w_tot - w_below - w_lm - w_mh
        # sum_k w_k |d_k|: gap outside [lo, hi], 2|z_k - mid| inside
        inside = 2 * ((mid * w_lm - wx_lm) + (wx_mh - mid * w_mh))
        abs_sum = gap * (w_below + w_above) + inside
        # sum_k w_k d_k = F(z_j) - F(z_i), F(t) = sum w |z - t|
        w_le = ca - c0
        wx_le = (xa - x0) - off * w_le
        f = z * w_le - wx_le + (wx_tot - wx_le) - z * (w_tot - w_le)  # (A, I)
        signed = f[None, :, :] - f[:, None, :]
        # leave out actor i's own vote: d_i = |z_i - z_j| = gap
        wi = w[:, None, :]
        abs_sum = abs_sum - wi * gap
        signed = signed - wi * gap
        top = (abs_sum + signed) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(abs_sum > 1e-15, top / abs_sum, 0.0)
        p = np.clip(p, 0.0, 1.0)
        return np.where(gap > 0, p, 0.0)

    def _expected_utility(self, z, s, w, present, mu, r, p=None):
        """EU[i, j, k]: expected utility for i of challenging j on issue k."""
        if p is None:
            p = self._win_probability(z, w, present)
        zi = z[:, None, :]
        zj = z[None, :, :]
        delta = np.abs(zi - zj)
        ri = r[:, None, :]
        to_mu = np.abs(z - mu[None, :])[:, None, :]
        unit = bool(np.all(r == 1.0))

        def u(base):  # 2 - 4 base^r
            return 2 - 4 * (base if unit else base**ri)

        us = u(0.5 - 0.5 * delta)
        uf = u(0.5 + 0.5 * delta)
        usq = 2 - 4 * 0.5**ri
        sj = s[None, :, :]
        eu = sj * (p * us + (1 - p) * uf) + (1 - sj) * us - self.Q * usq
        if self.Q != 1.0:  # the better/worse branch only matters when Q < 1
            ub = u(np.maximum(0.5 - 0.25 * (to_mu + delta), 0.0))
            uw = u(0.5 + 0.25 * (to_mu + delta))
            eu = eu - (1 - self.Q) * (self.T * ub + (1 - self.T) * uw)
        valid = present[:, None, :] & present[None, :, :]
        n_a = z.shape[0]
        valid &= ~np.eye(n_a, dtype=bool)[:, :, None]
        return np.where(valid, eu, 0.0), valid

    @staticmethod
    def _risk(eu, valid, present):
        """r[i, k] from the security of each actor (sum of others' EU of challenging it)."""
        security = np.where(valid, eu, 0.0).sum(axis=0)  # sum over challengers -> (target, I)
        sec_m = np.where(present, security, np.nan)
        smax = np.nanmax(sec_m, axis=0)
        smin = np.nanmin(sec_m, axis=0)
        span = smax - smin
        with np.errstate(divide="ignore", invalid="ignore"):
            big_r = np.where(span > 0, (2 * security - smax - smin) / span, 0.0)
        r = (1 - big_r / 3) / (1 + big_r / 3)
        return np.where(present, r, 1.0), big_r

    # ------------------------------------------------------------------ predict
    def predict(self, table: NegotiationTable) -> Forecast:
        if self.rounds < 0:
            raise ModelError("rounds must be >= 0", hint="use --rounds 0 or more")
        if self.outcome not in ("median", "mean"):
            raise ModelError(f"unknown outcome rule {self.outcome!r}", hint="median or mean")
        present = table.present()
        s = np.where(present, np.nan_to_num(table.salience), 0.0)
        w = np.where(present, table.capability * s, 0.0)
        # an issue with all salience zero: equal votes among those present
        empty = w.sum(axis=0) <= 0
        w[:, empty] = present[:, empty].astype(float)
        z = np.where(present, np.nan_to_num(table.normalised_positions()), 0.5)
        lower, span = table.lower, table.upper - table.lower
        n_a, n_i = z.shape
        cols = np.arange(n_i)

        def forecast_of(zz):
            if self.outcome == "median":
                return self._median(zz, w, present)
            return (w * zz).sum(axis=0) / w.sum(axis=0)

        def scale(zz):
            return np.where(present, lower + zz * span, np.nan)

        rounds = [
            Round(
                0,
                scale(z),
                lower + forecast_of(z) * span,
                {"mean": lower + (w * z).sum(0) / w.sum(0) * span},
            )
        ]
        events: list[dict] = []
        for rnd in range(1, self.rounds + 1):
            r = np.ones_like(z)
            mu = self._median(z, w, present)
            prob = self._win_probability(z, w, present)  # independent of r
            eu, valid = self._expected_utility(z, s, w, present, mu, r, prob)
            r, big_r = self._risk(eu, valid, present)
            eu, valid = self._expected_utility(z, s, w, present, mu, r, prob)
            # challenges: challenger j -> target i where EU[j, i] > 0
            offer = valid & (eu > 0)  # (challenger, target, I)
            offer_eu = np.where(offer, eu, -np.inf)
            best = offer_eu.max(axis=0)  # (target, I)
            ties = offer & (offer_eu >= best[None] - 1e-12 * np.abs(best[None]))
            dist = np.where(ties, np.abs(z[:, None, :] - z[None, :, :]), np.inf)
            chal = np.argmin(dist, axis=0)  # (target, I)
            has = np.isfinite(best) & present
            ti, tk = np.nonzero(has)
            cj = chal[ti, tk]
            uj = eu[cj, ti, tk]  # challenger's EU
            ui = eu[ti, cj, tk]  # target's EU of challenging the challenger
            new = z.copy()
            kind = np.zeros((n_a, n_i), dtype=int)
            challenger = np.full((n_a, n_i), -1)
            conflict = (ui > 0) & (ui < uj)
            comp = (ui < 0) & (np.abs(ui) < uj)
            capit = (ui < 0) & (np.abs(ui) > uj)
            target_x = z[cj, tk]
            moved = np.where(
                conflict | capit,
                target_x,
                np.where(comp, z[ti, tk] + (target_x - z[ti, tk]) * np.abs(ui / uj), z[ti, tk]),
            )
            new[ti, tk] = moved
            kind[ti, tk] = np.select([conflict, comp, capit], [CONFLICT, COMPROMISE, CAPITULATION])
            challenger[ti, tk] = np.where(conflict | comp | capit, cj, -1)
            z = new
            mean = (w * z).sum(0) / w.sum(0)
            rounds.append(
                Round(
                    rnd,
                    scale(z),
                    lower + forecast_of(z) * span,
                    {
                        "risk_exponent": np.where(present, r, np.nan),
                        "risk": np.where(present, big_r, np.nan),
                        "median_voter": lower + mu * span,
                        "mean": lower + mean * span,
                        "challenge_kind": kind,
                        "challenger": challenger,
                    },
                )
            )
            if len(ti) <= 200:  # keep the readable event log small for large tables
                for a, k, c, kd in zip(ti, tk, challenger[ti, tk], kind[ti, tk], strict=True):
                    if kd:
                        events.append(
                            {
                                "round": rnd,
                                "issue": table.issues[k].id,
                                "target": table.actors[a],
                                "challenger": table.actors[c],
                                "kind": KIND_NAMES[int(kd)],
                            }
                        )
        _ = cols
        return self._forecast(table, rounds[-1].outcome, rounds=rounds, events=events)
