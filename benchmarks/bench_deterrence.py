"""Deterrence Monte Carlo: the numpy path vs a straightforward per-sample loop, on one core.

Run: `.venv/bin/python benchmarks/bench_deterrence.py [--samples 1000000] [--obligors 30]`.
Both paths evaluate the same model on the same draws (the loop is `game.loop_stats`, which the
tests check against the numpy path); the loop runs on fewer samples and its time per sample is
scaled up. Also times a real scenario (RUS vs EST in europe-2025) end to end, and, with --dask,
the same run on a local Dask cluster (two workers), checking that the results are identical.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from foedus.deterrence.game import GameInputs, draw_latent, loop_stats, simulate  # noqa: E402


def synthetic(k: int, seed: int = 1) -> GameInputs:
    rng = np.random.default_rng(seed)
    return GameInputs([f"O{i}" for i in range(k)], rng.uniform(0, 1, (k, 3)),
                      rng.uniform(0, 50, k), rng.uniform(0, 5, k), rng.uniform(0, 1000, k),
                      rng.uniform(0, 1, k) < 0.1, 150.0, 60.0, 2000.0, defector_weight=100.0)


def best_of(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--obligors", type=int, default=30)
    ap.add_argument("--loop-samples", type=int, default=20_000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--dask", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})   # one core
    inp = synthetic(args.obligors)
    simulate(inp, 1 << 16, 0)  # warm-up
    t_np = best_of(lambda: simulate(inp, args.samples, 7), args.reps)
    times = [best_of(lambda: simulate(inp, args.samples, 7), 1) for _ in range(args.reps)]
    u = draw_latent(inp, np.random.default_rng(7), args.loop_samples)
    t_loop = best_of(lambda: loop_stats(inp, u), 1)
    t_loop_full = t_loop * args.samples / args.loop_samples
    print(f"machine: {platform.machine()} {platform.python_implementation()} "
          f"{platform.python_version()}, numpy {np.__version__}, one core, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'path':<34}{'samples':>12}{'obligors':>10}{'seconds':>12}")
    print(f"{'numpy (best of ' + str(args.reps) + ')':<34}{args.samples:>12,}{args.obligors:>10}"
          f"{t_np:>12.3f}")
    print(f"{'numpy (median)':<34}{args.samples:>12,}{args.obligors:>10}"
          f"{statistics.median(times):>12.3f}")
    print(f"{'per-sample loop (scaled from ' + format(args.loop_samples, ',') + ')':<34}"
          f"{args.samples:>12,}{args.obligors:>10}{t_loop_full:>12.1f}")
    print(f"ratio loop / numpy: {t_loop_full / t_np:,.0f}x")

    from foedus.deterrence.model import Action, build
    from foedus.engine.world import assemble

    world = assemble("europe-2025")
    t = time.perf_counter()
    real, *_ = build(world, Action("RUS", "EST"))
    t_build = time.perf_counter() - t
    t_real = best_of(lambda: simulate(real, args.samples, 7), args.reps)
    print(f"europe-2025, RUS -> EST: {real.k} obligors; build {t_build:.3f} s, "
          f"{args.samples:,} samples {t_real:.3f} s")
    if args.dask:
        local = simulate(real, args.samples, 7)
        t = time.perf_counter()
        dask = simulate(real, args.samples, 7, backend="dask")
        t_dask = time.perf_counter() - t
        same = dask.to_json() == local.to_json()
        print(f"dask LocalCluster (2 workers, incl. start-up): {t_dask:.2f} s; identical to local: {same}")


if __name__ == "__main__":
    main()
