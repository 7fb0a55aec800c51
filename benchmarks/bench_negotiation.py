"""Benchmark: the expected-utility model with 100 actors x 50 issues x 10 rounds (target < 1 s).

Usage: .venv/bin/python benchmarks/bench_negotiation.py [--repeat 5]

Side by side with a baseline: a straightforward per-issue implementation of the same model that
computes the win probabilities by summing over all voters (O(A^3) per issue), as most replications
do. Both are timed on the same random table; their round-1 positions are checked to agree.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from foedus.negotiation import ExpectedUtility, Issue, NegotiationTable


def random_table(n_actors=100, n_issues=50, seed=0) -> NegotiationTable:
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 101, size=(n_actors, n_issues)).astype(float)
    sal = rng.uniform(0.05, 1.0, size=(n_actors, n_issues))
    cap = rng.uniform(0.1, 10.0, size=n_actors)
    issues = [Issue(f"issue{k}") for k in range(n_issues)]
    return NegotiationTable(issues, [f"A{i}" for i in range(n_actors)], pos, sal, cap)


class NaiveProbability(ExpectedUtility):
    """Baseline: the same model, probabilities by brute force over every voter."""

    def _win_probability(self, z, w, present):
        zi, zj, zk = z[:, None, None, :], z[None, :, None, :], z[None, None, :, :]
        d = np.abs(zk - zj) - np.abs(zk - zi)  # (i, j, k, I)
        n = z.shape[0]
        d[np.arange(n), :, np.arange(n), :] = 0.0  # leave out i's own vote
        wk = w[None, None, :, :]
        top = (wk * np.clip(d, 0, None)).sum(axis=2)
        bot = (wk * np.abs(d)).sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(bot > 1e-15, top / bot, 0.0)
        return np.where(np.abs(z[:, None, :] - z[None, :, :]) > 0, p, 0.0)


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--actors", type=int, default=100)
    ap.add_argument("--issues", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    t = random_table(args.actors, args.issues)
    fast_t, fc = best_of(lambda: ExpectedUtility(rounds=args.rounds).predict(t), args.repeat)
    slow_t, fc_slow = best_of(lambda: NaiveProbability(rounds=args.rounds).predict(t), max(1, args.repeat // 5))
    same = np.allclose(fc.rounds[1].positions, fc_slow.rounds[1].positions)
    print(f"expected-utility model, {args.actors} actors x {args.issues} issues x {args.rounds} rounds")
    print("| implementation | best time | target |")
    print("|---|---:|---:|")
    print(f"| foedus (prefix sums over sorted positions) | {fast_t:.3f} s | < 1 s |")
    print(f"| baseline (brute-force voter sums) | {slow_t:.3f} s | - |")
    print(f"\nspeed-up {slow_t / fast_t:.1f}x; round-1 positions identical: {same}")


if __name__ == "__main__":
    main()
