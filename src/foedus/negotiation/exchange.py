r"""Stokman's exchange model, equal-gain variant (Stokman & Van Oosten 1994; Stokman & Van Assen).

Actors trade positions across pairs of issues: on issue *p* actor *b* moves towards *a*, on issue
*q* actor *a* moves towards *b*, where *a* cares relatively more about *p* and *b* about *q*. The
expected outcome of an issue is the capability x salience weighted mean of the (voting) positions
(the "NBS" of the exchange literature, :math:`O = \sum c s x / \sum c s`).

One round:

1. :math:`O` per issue from the round's start positions; every actor is left (:math:`x \le O`)
   or right of it on each issue.
2. Candidate exchanges: issue pairs (p, q) and actor pairs on opposite sides of :math:`O` on both
   issues. The actor with the larger :math:`s_p/s_q` demands p and supplies q.
3. Equal gain: the supplier on p moves all the way to the demander's position (outcome shift
   :math:`\Delta_p = |x_{ap} - y_{bp}| c_{bp} s_{bp} / \sum_p c s`) and the other shift follows
   from equal utility gains, :math:`\Delta_q = \Delta_p (s_{ap} + s_{bp}) / (s_{aq} + s_{bq})`.
   If the move on q would pass b's position, the roles swap (a moves all the way on q). A shift
   that would carry the outcome past the demander's own position is cut back to it. The gain of
   each actor is :math:`\Delta_p s_{ap} - \Delta_q s_{aq}`.
4. Exchanges are carried out greedily, highest gain first (ties broken at random with
   ``random_state``); after each one, exchanges on the same issues are recomputed with the new
   voting positions, and those no longer valid (no gain, a reversal of an actor's direction on an
   issue within the round, a move off the scale) are dropped.
5. The round's forecast is :math:`O` of the voting positions. Actors who moved on an issue start
   the next round from :math:`x' = (1 - w) x + w y` with :math:`w = 0.4 (1 - s) + 0.1`
   (the salience-weighted pull of the ``decide`` implementation).

Positions are handled on a 0-100 scale per issue, as in ``decide-exchange-model``. Where issues
carry a ``group`` (the legislative proposal in DEU data), exchanges pair only issues of one group
(``within="group"``, the default); ``within="all"`` pairs every two issues.
"""

from __future__ import annotations

import numpy as np

from foedus.errors import ModelError
from foedus.negotiation.base import Forecast, NegotiationModel, Round
from foedus.negotiation.table import NegotiationTable

EPS = 1e-10


def _nbs(x: np.ndarray, cs: np.ndarray) -> np.ndarray:
    return (np.where(cs > 0, x, 0.0) * cs).sum(axis=0) / cs.sum(axis=0)


class Exchange(NegotiationModel):
    """Stokman's exchange model with equal gains (the ``decide-exchange-model`` "equal" model)."""

    name = "exchange"

    def __init__(
        self,
        rounds: int = 10,
        salience_weight: float = 0.4,
        fixed_weight: float = 0.1,
        random_state: int | None = 0,
        within: str = "group",
    ) -> None:
        self.rounds = rounds
        self.salience_weight = salience_weight
        self.fixed_weight = fixed_weight
        self.random_state = random_state
        self.within = within

    # ------------------------------------------------------------------ candidates
    @staticmethod
    def _candidates(x, s, present, nbs, groups=None):
        left = x <= nbs[None, :]
        n_a, n_i = x.shape
        aa, bb, pp, qq = [], [], [], []
        ii, jj = np.triu_indices(n_a, k=1)
        for p in range(n_i):
            for q in range(p + 1, n_i):
                if groups is not None and groups[p] != groups[q]:
                    continue
                both = present[:, p] & present[:, q]
                grp = left[:, p].astype(int) + 2 * left[:, q].astype(int)
                ok = both[ii] & both[jj] & (grp[ii] + grp[jj] == 3)
                i, j = ii[ok], jj[ok]
                if not len(i):
                    continue
                # the actor with the larger s_p / s_q demands p (compare cross-multiplied)
                i_demands_p = s[i, p] * s[j, q] >= s[j, p] * s[i, q]
                aa.append(np.where(i_demands_p, i, j))
                bb.append(np.where(i_demands_p, j, i))
                pp.append(np.full(len(i), p))
                qq.append(np.full(len(i), q))
        if not aa:
            e = np.zeros(0, dtype=int)
            return e, e, e, e
        return (np.concatenate(aa), np.concatenate(bb), np.concatenate(pp), np.concatenate(qq))

    @staticmethod
    def _evaluate(a, b, p, q, x0, y, c, s, den, direction):
        """Moves and gains of candidate exchanges given current voting positions y."""
        xa_p, xb_q = x0[a, p], x0[b, q]  # demand positions (round start)
        ya_q, yb_p = y[a, q], y[b, p]  # supply positions (current)
        cs_aq, cs_bp = c[a, q] * s[a, q], c[b, p] * s[b, p]
        dp_, dq_ = den[p], den[q]
        s_ap, s_bp, s_aq, s_bq = s[a, p], s[b, p], s[a, q], s[b, q]
        kp = (s_ap + s_bp) / np.maximum(s_aq + s_bq, 1e-300)  # dq = dp * kp
        with np.errstate(divide="ignore", invalid="ignore"):
            # b moves all the way to a on p
            gap_p = np.abs(xa_p - yb_p)
            gap_q = np.abs(xb_q - ya_q)
            dp = gap_p * cs_bp / dp_
            dq = dp * kp
            over = dq * dq_ / cs_aq > gap_q + 1e-12
            dq = np.where(over, gap_q * cs_aq / dq_, dq)
            dp = np.where(over, dq / kp, dp)
            # the outcome may not pass the demander's own position
            nbs_p = _nbs_cols(y, c, s, p)
            nbs_q = _nbs_cols(y, c, s, q)
            lim_p = np.abs(xa_p - nbs_p)
            lim_q = np.abs(xb_q - nbs_q)
            cut = dp > lim_p
            dp = np.where(cut, lim_p, dp)
            dq = np.where(cut, dp * kp, dq)
            cut = dq > lim_q
            dq = np.where(cut, lim_q, dq)
            dp = np.where(cut, dq / kp, dp)
            move_b = dp * dp_ / cs_bp
            move_a = dq * dq_ / cs_aq
            gain = dp * s_ap - dq * s_aq
        sign_b = np.sign(xa_p - yb_p)
        sign_a = np.sign(xb_q - ya_q)
        new_b = yb_p + sign_b * move_b
        new_a = ya_q + sign_a * move_a
        valid = (
            np.isfinite(gain)
            & (gain > EPS)
            & (move_a > EPS)
            & (move_b > EPS)
            & (move_a <= 100)
            & (move_b <= 100)
            & (new_a >= -1e-9)
            & (new_a <= 100 + 1e-9)
            & (new_b >= -1e-9)
            & (new_b <= 100 + 1e-9)
            & ((direction[a, q] == 0) | (direction[a, q] == sign_a))
            & ((direction[b, p] == 0) | (direction[b, p] == sign_b))
        )
        return gain, new_a, new_b, sign_a, sign_b, valid

    # ------------------------------------------------------------------ predict
    def predict(self, table: NegotiationTable) -> Forecast:
        if self.rounds < 0:
            raise ModelError("rounds must be >= 0", hint="use --rounds 0 or more")
        rng = np.random.default_rng(self.random_state)
        present = table.present()
        s = np.where(present, np.nan_to_num(table.salience), 0.0)
        c = np.where(present, table.capability, 0.0)
        cs = c * s
        empty = cs.sum(axis=0) <= 0
        if empty.any():
            bad = [table.issues[k].id for k in np.nonzero(empty)[0]]
            raise ModelError(
                f"no actor has capability x salience > 0 on {', '.join(bad)}",
                hint="the exchange model needs some salience on every issue",
            )
        x = np.where(present, 100 * np.nan_to_num(table.normalised_positions()), 50.0)
        den = cs.sum(axis=0)
        lower, span = table.lower, table.upper - table.lower

        def scale(v):
            return lower + v / 100 * span

        groups = None
        if self.within == "group" and any(i.group for i in table.issues):
            groups = [i.group or f"_{n}" for n, i in enumerate(table.issues)]
        nbs0 = _nbs(x, cs)
        rounds = [Round(0, np.where(present, scale(x), np.nan), scale(nbs0), {})]
        events: list[dict] = []
        for rnd in range(1, self.rounds + 1):
            start_nbs = _nbs(x, cs)
            a, b, p, q = self._candidates(x, s, present, start_nbs, groups)
            y = x.copy()
            direction = np.zeros_like(x)
            alive = np.ones(len(a), dtype=bool)
            gain = np.full(len(a), -np.inf)
            new_a = np.zeros(len(a))
            new_b = np.zeros(len(a))
            sa = np.zeros(len(a))
            sb = np.zeros(len(a))
            todo = np.ones(len(a), dtype=bool)
            n_done = 0
            while alive.any():
                idx = np.nonzero(todo & alive)[0]
                if len(idx):
                    g, na, nb, sga, sgb, ok = self._evaluate(a[idx], b[idx], p[idx], q[idx], x, y, c, s, den, direction)
                    gain[idx], new_a[idx], new_b[idx], sa[idx], sb[idx] = g, na, nb, sga, sgb
                    alive[idx[~ok]] = False
                    gain[idx[~ok]] = -np.inf
                todo[:] = False
                if not alive.any():
                    break
                g_alive = np.where(alive, gain, -np.inf)
                top = g_alive.max()
                ties = np.nonzero(g_alive >= top - 1e-12 * max(abs(top), 1e-300))[0]
                k = int(ties[0] if len(ties) == 1 else rng.choice(ties))
                ak, bk, pk, qk = a[k], b[k], p[k], q[k]
                y[ak, qk] = new_a[k]
                y[bk, pk] = new_b[k]
                direction[ak, qk] = sa[k]
                direction[bk, pk] = sb[k]
                alive[k] = False
                n_done += 1
                if len(events) < 2000:
                    events.append(
                        {
                            "round": rnd,
                            "actor": table.actors[ak],
                            "partner": table.actors[bk],
                            "gives_on": table.issues[qk].id,
                            "gets_on": table.issues[pk].id,
                            "gain": float(gain[k]),
                        }
                    )
                touched = (p == pk) | (p == qk) | (q == pk) | (q == qk)
                todo = touched & alive
            voting_nbs = _nbs(y, cs)
            moved = direction != 0
            wgt = self.salience_weight * (1 - s) + self.fixed_weight
            x_next = np.where(moved, (1 - wgt) * x + wgt * y, x)
            rounds.append(
                Round(
                    rnd,
                    np.where(present, scale(y), np.nan),
                    scale(voting_nbs),
                    {
                        "start_outcome": scale(start_nbs),
                        "start_positions": np.where(present, scale(x), np.nan),
                        "exchanges": np.array(n_done),
                    },
                )
            )
            x = x_next
        return self._forecast(table, rounds[-1].outcome, rounds=rounds, events=events)


def _nbs_cols(y: np.ndarray, c: np.ndarray, s: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Weighted mean of the current positions for the given issue of each candidate."""
    cs = c * s
    full = (cs * y).sum(axis=0) / cs.sum(axis=0)
    return full[cols]
