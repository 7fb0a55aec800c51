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

Implementation. The candidate exchanges of a round are built at once for all issue pairs x actor
pairs (boolean arrays, no Python loop over pairs). Everything about a candidate that is fixed for the
round (demand positions, capability x salience, the ratio of the equal-gain shifts) is gathered
once into a (9, N) array. An executed exchange changes two voting positions, on its issues p and q,
and so the outcomes of those two issues; only the candidates on p or q are evaluated again (from
per-issue member lists, pruned of dropped candidates as the round goes on), with the p side and
the q side of each candidate stacked in (2, n) arrays to halve the number of array operations. The arithmetic is the
same, operation for operation, as the straightforward version kept in
``tests/negotiation/exchange_reference.py``, and the results are identical to the last bit.
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

        def scale(v: np.ndarray) -> np.ndarray:
            return lower + v / 100 * span

        groups = None
        if self.within == "group" and any(i.group for i in table.issues):
            groups = [i.group or f"_{n}" for n, i in enumerate(table.issues)]
        ip, iq = _issue_pairs(len(table.issues), groups)
        nbs0 = _nbs(x, cs)
        rounds = [Round(0, np.where(present, scale(x), np.nan), scale(nbs0), {})]
        events: list[dict] = []
        for rnd in range(1, self.rounds + 1):
            start_nbs = _nbs(x, cs)
            a, b, p, q = _candidates(x, s, present, start_nbs, ip, iq)
            y, direction, done = _exchange_round(a, b, p, q, x, s, cs, den, rng)
            for k, g in done[: max(0, 2000 - len(events))]:
                events.append(
                    {
                        "round": rnd,
                        "actor": table.actors[a[k]],
                        "partner": table.actors[b[k]],
                        "gives_on": table.issues[q[k]].id,
                        "gets_on": table.issues[p[k]].id,
                        "gain": g,
                    }
                )
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
                        "exchanges": np.array(len(done)),
                    },
                )
            )
            x = x_next
        return self._forecast(table, rounds[-1].outcome, rounds=rounds, events=events)


# ---------------------------------------------------------------------- candidates
def _issue_pairs(n_i: int, groups: list[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """Issue pairs p < q (row-major order), only within a group when groups are given."""
    ip, iq = np.triu_indices(n_i, k=1)
    if groups is not None:
        g = np.unique(np.asarray(groups), return_inverse=True)[1]
        same = g[ip] == g[iq]
        ip, iq = ip[same], iq[same]
    return ip, iq


def _candidates(
    x: np.ndarray, s: np.ndarray, present: np.ndarray, nbs: np.ndarray, ip: np.ndarray, iq: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate exchanges (demander a, supplier b, a's demand issue p, a's supply issue q).

    Actor pairs on opposite sides of the outcome on both issues of a pair, for all issue pairs x
    actor pairs at once; ordered by issue pair, then actor pair (upper triangle, row-major).
    """
    left = x <= nbs[None, :]
    ii, jj = np.triu_indices(x.shape[0], k=1)
    parts = []
    block = max(1, 2_000_000 // max(len(ii), 1))  # bounds memory on large tables (DEU, within="all")
    for lo in range(0, len(ip), block):
        bp, bq = ip[lo : lo + block], iq[lo : lo + block]
        both = (present[:, bp] & present[:, bq]).T  # (pairs, actors)
        grp = (left[:, bp].astype(np.int8) + 2 * left[:, bq].astype(np.int8)).T
        ok = both[:, ii] & both[:, jj] & (grp[:, ii] + grp[:, jj] == 3)
        r, k = np.nonzero(ok)
        parts.append((bp[r], bq[r], ii[k], jj[k]))
    if not parts:
        e = np.zeros(0, dtype=np.intp)
        return e, e, e, e
    p, q, i, j = (np.concatenate(v) for v in zip(*parts, strict=True))
    # the actor with the larger s_p / s_q demands p (compare cross-multiplied)
    i_demands_p = s[i, p] * s[j, q] >= s[j, p] * s[i, q]
    return np.where(i_demands_p, i, j), np.where(i_demands_p, j, i), p, q


# ---------------------------------------------------------------------- one round
def _exchange_round(
    a: np.ndarray,
    b: np.ndarray,
    p: np.ndarray,
    q: np.ndarray,
    x: np.ndarray,
    s: np.ndarray,
    cs: np.ndarray,
    den: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, float]]]:
    """Carry out exchanges greedily, highest gain first; return voting positions, directions, done.

    ``done`` lists (candidate index, gain) in the order executed.
    """
    n_a, n_i = x.shape
    # voting positions (layer 0) and directions of movement (layer 1), C order: flat = actor * n_i + issue
    yd = np.zeros((2, n_a, n_i))
    yd[0] = x
    y, direction = yd[0], yd[1]
    ydflat = yd.reshape(2, -1)  # a view
    done: list[tuple[int, float]] = []
    if not len(a):
        return y, direction, done
    # fixed for the round; rows: x_ap, x_bq | den_p, den_q | cs_bp, cs_aq | kp | s_ap | s_aq
    s_ap, s_bp, s_aq, s_bq = s[a, p], s[b, p], s[a, q], s[b, q]
    kp = (s_ap + s_bp) / np.maximum(s_aq + s_bq, 1e-300)  # dq = dp * kp
    fixed = np.stack([x[a, p], x[b, q], den[p], den[q], cs[b, p], cs[a, q], kp, s_ap, s_aq])
    # rows: flat index of (b, p), (a, q) | p, q
    where = np.stack([b * n_i + p, a * n_i + q, p, q])
    # per candidate: gain (-inf once dropped: invalid or executed), new positions of b on p and
    # a on q, their directions
    state = np.empty((5, len(a)))
    # the candidates on each issue (as p or as q), pruned of dropped ones as the round goes on
    on_issue = np.concatenate([p, q])
    order = np.argsort(on_issue, kind="stable")
    bounds = np.cumsum(np.bincount(on_issue, minlength=n_i))[:-1]
    members = np.split(np.concatenate([np.arange(len(a))] * 2)[order], bounds)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        nbs = (cs * y).sum(axis=0) / den
        state[:] = _evaluate(fixed, where, ydflat, nbs)
        gain = state[0]
        while True:
            top = gain.max()
            if top == -np.inf:
                break
            ties = np.flatnonzero(gain >= top - 1e-12 * max(abs(top), 1e-300))
            k = int(ties[0] if len(ties) == 1 else rng.choice(ties))
            g_k, nb_k, na_k, sb_k, sa_k = state[:, k].tolist()
            fb, fa, pk, qk = where[:, k].tolist()
            done.append((k, g_k))
            gain[k] = -np.inf
            ydflat[0, fb], ydflat[0, fa], ydflat[1, fb], ydflat[1, fa] = nb_k, na_k, sb_k, sa_k
            nbs = (cs * y).sum(axis=0) / den
            # only the candidates on issue pk or qk are affected (those on both appear twice: harmless)
            m_p, m_q = members[pk], members[qk]
            m_p = members[pk] = m_p[gain[m_p] > -np.inf]
            m_q = members[qk] = m_q[gain[m_q] > -np.inf]
            idx = np.concatenate((m_p, m_q))
            if len(idx):
                state[:, idx] = _evaluate(fixed.take(idx, axis=1), where.take(idx, axis=1), ydflat, nbs)
    return y, direction, done


def _evaluate(fixed: np.ndarray, where: np.ndarray, ydflat: np.ndarray, nbs: np.ndarray) -> np.ndarray:
    """Gains, new positions and directions of candidates given the current voting positions.

    Returns a (5, n) array: gain (-inf where the exchange is not valid), new position of b on p,
    of a on q, direction of b on p, of a on q. In the stacked (2, n) arrays row 0 is the p side
    (b supplies, moving towards a), row 1 the q side (a supplies, moving towards b). The
    arithmetic is that of the reference implementation, operation for operation.
    """
    n = fixed.shape[1]
    out = np.empty((5, n))
    xd, dens, csx, sal = fixed[0:2], fixed[2:4], fixed[4:6], fixed[7:9]  # x_ap, x_bq | den | cs_bp, cs_aq | s
    den_p, den_q, cs_bp, cs_aq, kp = fixed[2], fixed[3], fixed[4], fixed[5], fixed[6]
    ys, d = ydflat.take(where[0:2], axis=1)  # supply positions (current) y_bp, y_aq; directions so far
    diff = xd - ys
    gap = np.abs(diff)
    shift = np.empty((2, n))  # outcome shifts dp, dq
    dp, dq = shift
    # b moves all the way to a on p; dq = dp * kp
    np.multiply(gap[0], cs_bp, out=dp)
    dp /= den_p
    np.multiply(dp, kp, out=dq)
    # unless a would pass b on q: then a moves all the way on q
    over = dq * den_q / cs_aq > gap[1] + 1e-12
    np.divide(gap[1] * cs_aq, den_q, out=dq, where=over)
    np.divide(dq, kp, out=dp, where=over)
    # the outcome may not pass the demander's own position
    lim = np.abs(xd - nbs.take(where[2:4]))
    cut = dp > lim[0]
    np.copyto(dp, lim[0], where=cut)
    np.multiply(dp, kp, out=dq, where=cut)
    cut = dq > lim[1]
    np.copyto(dq, lim[1], where=cut)
    np.divide(dq, kp, out=dp, where=cut)
    move = np.multiply(shift, dens, out=out[1:3])  # moves of b on p, a on q
    move /= csx
    gain_ = shift * sal
    gain = gain_[0] - gain_[1]
    sign = np.sign(diff, out=out[3:5])
    side_ok = (move > EPS) & (move <= 100)  # tested before move becomes the new position
    new = np.add(ys, sign * move, out=move)
    side_ok &= (new >= -1e-9) & (new <= 100 + 1e-9) & ((d == 0) | (d == sign))
    valid = (gain > EPS) & np.isfinite(gain) & side_ok[0] & side_ok[1]
    out[0] = -np.inf
    np.copyto(out[0], gain, where=valid)
    return out
