"""A small, straightforward reference implementation of the exchange model (equal gain).

It follows the description in ``foedus.negotiation.exchange`` literally: one candidate at a time
in plain Python (numpy float64 scalars, so that division by zero gives inf/nan as in the arrays),
and after every executed exchange *all* remaining candidates are evaluated again. It is slow
(O(exchanges x candidates) scalar evaluations) and exists only to check that the optimised model
(vectorised candidates, re-evaluation of the affected candidates only) gives identical results.
"""

from __future__ import annotations

import numpy as np

from foedus.negotiation.table import NegotiationTable

EPS = 1e-10


def reference_exchange(
    table: NegotiationTable,
    rounds: int = 10,
    salience_weight: float = 0.4,
    fixed_weight: float = 0.1,
    random_state: int | None = 0,
    within: str = "group",
) -> dict:
    """Per round: positions, outcome, start outcome, start positions, number of exchanges; events."""
    rng = np.random.default_rng(random_state)
    present = table.present()
    s = np.where(present, np.nan_to_num(table.salience), 0.0)
    c = np.where(present, table.capability, 0.0)
    cs = c * s
    den = cs.sum(axis=0)
    x = np.where(present, 100 * np.nan_to_num(table.normalised_positions()), 50.0)
    n_a, n_i = x.shape
    lower, span = table.lower, table.upper - table.lower

    def scale(v):
        return lower + v / 100 * span

    def outcome(v):  # capability x salience weighted mean per issue
        return (cs * v).sum(axis=0) / den

    group = [None] * n_i
    if within == "group" and any(i.group for i in table.issues):
        group = [i.group or f"_{n}" for n, i in enumerate(table.issues)]

    out: dict = {"rounds": [(scale(x), scale(outcome(x)), None, None, None)], "events": []}
    for rnd in range(1, rounds + 1):
        start = outcome(x)
        left = x <= start
        # candidate exchanges: actors on opposite sides of the outcome on both issues
        cands = []
        for p in range(n_i):
            for q in range(p + 1, n_i):
                if group[p] != group[q]:
                    continue
                for i in range(n_a):
                    for j in range(i + 1, n_a):
                        if not (present[i, p] and present[i, q] and present[j, p] and present[j, q]):
                            continue
                        if left[i, p] == left[j, p] or left[i, q] == left[j, q]:
                            continue
                        # the actor with the larger s_p / s_q demands p
                        if s[i, p] * s[j, q] >= s[j, p] * s[i, q]:
                            cands.append((i, j, p, q))
                        else:
                            cands.append((j, i, p, q))

        y = x.copy()
        direction = np.zeros_like(x)
        alive = [True] * len(cands)
        n_done = 0
        while True:
            now = outcome(y)
            found = {}
            for k, cand in enumerate(cands):
                if alive[k]:
                    r = _evaluate(cand, x, y, now, s, cs, den, direction)
                    if r is None:
                        alive[k] = False  # dropped for the rest of the round
                    else:
                        found[k] = r
            if not found:
                break
            top = max(r[0] for r in found.values())
            ties = [k for k, r in found.items() if r[0] >= top - 1e-12 * max(abs(top), 1e-300)]
            k = ties[0] if len(ties) == 1 else int(rng.choice(ties))
            gain, new_a, new_b, sign_a, sign_b = found[k]
            a, b, p, q = cands[k]
            y[a, q], y[b, p] = new_a, new_b
            direction[a, q], direction[b, p] = sign_a, sign_b
            alive[k] = False
            n_done += 1
            if len(out["events"]) < 2000:
                out["events"].append(
                    {
                        "round": rnd,
                        "actor": table.actors[a],
                        "partner": table.actors[b],
                        "gives_on": table.issues[q].id,
                        "gets_on": table.issues[p].id,
                        "gain": float(gain),
                    }
                )
        out["rounds"].append((scale(y), scale(outcome(y)), scale(start), scale(x), n_done))
        w = salience_weight * (1 - s) + fixed_weight
        x = np.where(direction != 0, (1 - w) * x + w * y, x)
    return out


def _evaluate(cand, x, y, now, s, cs, den, direction):
    """(gain, new position of a on q, of b on p, directions) of one exchange, or None if not valid."""
    a, b, p, q = cand
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        kp = (s[a, p] + s[b, p]) / max(s[a, q] + s[b, q], 1e-300)  # equal gain: dq = dp * kp
        # b moves all the way to a's (round-start) position on p
        dp = abs(x[a, p] - y[b, p]) * cs[b, p] / den[p]
        dq = dp * kp
        gap_q = abs(x[b, q] - y[a, q])
        if dq * den[q] / cs[a, q] > gap_q + 1e-12:  # a would pass b on q: a moves all the way on q
            dq = gap_q * cs[a, q] / den[q]
            dp = dq / kp
        # the outcome may not pass the demander's own position
        lim_p, lim_q = abs(x[a, p] - now[p]), abs(x[b, q] - now[q])
        if dp > lim_p:
            dp = lim_p
            dq = dp * kp
        if dq > lim_q:
            dq = lim_q
            dp = dq / kp
        move_b = dp * den[p] / cs[b, p]
        move_a = dq * den[q] / cs[a, q]
        gain = dp * s[a, p] - dq * s[a, q]
    sign_b, sign_a = np.sign(x[a, p] - y[b, p]), np.sign(x[b, q] - y[a, q])
    new_b, new_a = y[b, p] + sign_b * move_b, y[a, q] + sign_a * move_a
    ok = np.isfinite(gain) and gain > EPS
    for move, new, sign, before in ((move_a, new_a, sign_a, direction[a, q]), (move_b, new_b, sign_b, direction[b, p])):
        ok = ok and EPS < move <= 100 and -1e-9 <= new <= 100 + 1e-9  # a real move, on the scale
        ok = ok and before in (0, sign)  # no reversal of an actor's direction within the round
    return (gain, new_a, new_b, sign_a, sign_b) if ok else None
