"""Every negotiation model on DEU III: mean absolute error, bootstrap CI, cross-validated tunables.

Usage: .venv/bin/python benchmarks/bench_negotiation_deu.py [path/to/deu3.csv] [--seed 0]

Tunable parameters are chosen by 10-fold cross-validation over legislative proposals (issues of one
proposal never straddle folds): in each fold the setting with the lowest training MAE is applied to
the held-out proposals, and the out-of-fold errors are pooled. Iterating models are run once with
the maximum number of rounds; each round of the trace is a candidate setting. The 95% intervals
come from 2,000 bootstrap resamples of proposals (clusters). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import foedus.negotiation as neg

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "validation-data" / "deu3.csv"


def candidates(t):
    """model -> {setting: (I,) forecast}; timing per model."""
    out, times = {}, {}

    def timed(name, fn):
        t0 = time.perf_counter()
        res = fn()
        times[name] = times.get(name, 0.0) + time.perf_counter() - t0
        return res

    out["status quo"] = {"": t.status_quo}
    out["compromise"] = {"": timed("compromise", lambda: neg.Compromise().predict(t).outcome)}
    out["weighted median"] = {"": timed("weighted median", lambda: neg.WeightedMedian().predict(t).outcome)}
    nash = {}
    for d in ("worst", "status-quo"):
        for p in (1.0, 2.0):
            fc = timed("nash", lambda d=d, p=p: neg.NashBargaining(d, p).predict(t))
            nash[f"disagreement={d}, exponent={p:g}"] = fc.outcome
    out["Nash bargaining"] = nash
    eu = {}
    for rule in ("median", "mean"):
        fc = timed("expected utility", lambda rule=rule: neg.ExpectedUtility(10, outcome=rule).predict(t))
        for r in fc.rounds:
            eu[f"outcome={rule}, rounds={r.index}"] = r.outcome
    out["expected utility (Scholz et al. 2011)"] = eu
    fc = timed("exchange", lambda: neg.Exchange(rounds=10).predict(t))
    out["exchange (equal gain)"] = {f"rounds={r.index}": r.outcome for r in fc.rounds if r.index}
    return out, times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--boot", type=int, default=2000)
    args = ap.parse_args()
    t = neg.read_deu(args.path)
    y = t.outcome
    groups = np.array([i.group for i in t.issues])
    ug = np.unique(groups)
    rng = np.random.default_rng(args.seed)
    fold_of_group = dict(zip(rng.permutation(ug), np.arange(len(ug)) % args.folds, strict=True))
    fold = np.array([fold_of_group[g] for g in groups])
    cands, times = candidates(t)
    oof, chosen = {}, {}
    for model, settings in cands.items():
        names = list(settings)
        errs = np.array([np.abs(settings[s] - y) for s in names])  # (S, I)
        pred = np.full(len(y), np.nan)
        picks = []
        for f in range(args.folds):
            train, test = fold != f, fold == f
            best = int(np.argmin(np.nanmean(errs[:, train], axis=1)))
            picks.append(names[best])
            pred[test] = settings[names[best]][test]
        oof[model] = np.abs(pred - y)
        full_best = names[int(np.argmin(np.nanmean(errs, axis=1)))]
        chosen[model] = (full_best, sorted(set(picks)))
    # cluster bootstrap over proposals
    idx_of = {g: np.nonzero(groups == g)[0] for g in ug}
    boots = [np.concatenate([idx_of[g] for g in rng.choice(ug, len(ug))]) for _ in range(args.boot)]
    comp = oof["compromise"]
    print(
        f"DEU III: {len(y)} issues in {len(ug)} proposals; {args.folds}-fold CV by proposal; "
        f"{args.boot} cluster-bootstrap resamples; seed {args.seed}\n"
    )
    cols = [
        "model",
        "issues",
        "MAE out of fold",
        "95% CI",
        "vs compromise (same issues)",
        "95% CI of difference",
        "setting chosen on all data (per-fold choices)",
        "run time",
    ]
    print("| " + " | ".join(cols) + " |")
    print("|---|---:|---:|---|---:|---|---|---:|")
    for model, e in oof.items():
        ok = np.isfinite(e)
        mae = np.nanmean(e)
        ci = np.nanpercentile([np.nanmean(e[b]) for b in boots], [2.5, 97.5])
        diff = e - comp
        dm = np.nanmean(diff[ok])
        dci = np.nanpercentile([np.nanmean(np.where(ok[b], diff[b], np.nan)) for b in boots], [2.5, 97.5])
        setting, picks = chosen[model]
        ptxt = setting if len(picks) <= 1 else f"{setting} ({'; '.join(picks)})"
        rt = times.get(model.split(" (")[0].replace("Nash bargaining", "nash"), None)
        rtxt = "-" if rt is None else f"{rt:.2f} s"
        print(
            f"| {model} | {ok.sum()} | {mae:.1f} | {ci[0]:.1f}-{ci[1]:.1f} | {dm:+.1f} | "
            f"{dci[0]:+.1f} to {dci[1]:+.1f} | {ptxt or '-'} | {rtxt} |"
        )


if __name__ == "__main__":
    main()
