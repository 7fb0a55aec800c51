"""Speed of the exchange model (Stokman, equal gain) on the decide inputs, optionally against an
earlier version of foedus's own implementation.

    .venv/bin/python benchmarks/bench_negotiation_exchange.py [--before REV] [--repeat 20]
    .venv/bin/python -m cProfile -s tottime benchmarks/bench_negotiation_exchange.py --repeat 5

``--before REV`` loads ``src/foedus/negotiation/exchange.py`` as it was at git revision REV, runs
both versions alternately (so that load from other jobs falls on both alike), reports the best CPU
time (``time.process_time``) and wall time of each, and checks that the outputs are identical.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import foedus.negotiation as neg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "validation-data" / "decide-inputs"


def load_revision(rev: str):
    src = subprocess.run(
        ["git", "show", f"{rev}:src/foedus/negotiation/exchange.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "exchange_before.py"
    path.write_bytes(src)
    spec = importlib.util.spec_from_file_location("exchange_before", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Exchange


def same(f1, f2) -> bool:
    return (
        np.array_equal(f1.outcome, f2.outcome)
        and f1.events == f2.events
        and all(
            np.array_equal(r1.positions, r2.positions, equal_nan=True) and np.array_equal(r1.outcome, r2.outcome)
            for r1, r2 in zip(f1.rounds, f2.rounds, strict=True)
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", help="git revision of the version to compare with, e.g. 62fdf99")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    models = {"now": neg.Exchange}
    if args.before:
        models = {f"at {args.before}": load_revision(args.before), **models}
    for name in ("cop21", "copenhagen"):
        t = neg.read_decide(DATA / f"{name}.csv")
        cpu: dict[str, list[float]] = {k: [] for k in models}
        wall: dict[str, list[float]] = {k: [] for k in models}
        out = {}
        for _ in range(args.repeat):
            for k, model in models.items():
                c0, t0 = time.process_time(), time.perf_counter()
                out[k] = model(rounds=args.rounds).predict(t)
                cpu[k].append(time.process_time() - c0)
                wall[k].append(time.perf_counter() - t0)
        n_ex = sum(int(r.extra["exchanges"]) for r in out["now"].rounds[1:])
        print(f"{name}: {len(t.actors)} actors x {len(t.issues)} issues, {args.rounds} rounds, {n_ex} exchanges")
        for k in models:
            best_cpu, best_wall = min(cpu[k]) * 1e3, min(wall[k]) * 1e3
            print(f"  {k:>14}: {best_cpu:7.1f} ms CPU, {best_wall:7.1f} ms wall (best of {args.repeat})")
        if args.before:
            ok = same(*out.values())
            print(f"  outputs identical: {ok}")
            if not ok:
                sys.exit(1)


if __name__ == "__main__":
    main()
