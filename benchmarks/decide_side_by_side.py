"""foedus's exchange model side by side with decide-exchange-model on COP21 and Copenhagen.

decide runs in its own Python 3.13 venv (a benchmark only, never a dependency of foedus):

    ~/.pyenv/versions/3.13.0/bin/python -m venv .benchvenv-decide
    .benchvenv-decide/bin/pip install decide-exchange-model
    .venv/bin/python benchmarks/decide_side_by_side.py [--decide .benchvenv-decide/bin/python]

For each input: decide's time for 10 rounds (its CLI, equal-gain model, p=0; best of
``--decide-runs`` runs) against foedus's ``Exchange(rounds=10)`` (best of ``--repeat``); the round-0
baseline (must match exactly); the final forecasts (decide's voting-position "MDS" of its last round
against foedus's final forecast). Both wall time and CPU time are reported: on a shared machine the
CPU time (``time.process_time`` for foedus, the child's user + system time for decide) is the fairer
figure.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

import foedus.negotiation as neg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "validation-data" / "decide-inputs"


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_decide(python: str, path: Path, out: Path) -> tuple[float, float, dict[str, list[float]]]:
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(
        [python, "-m", "decide.cli", "--input-file", str(path), "--output-dir", str(out), "--iterations", "10"],
        check=True,
        capture_output=True,
        cwd=out,
    )
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    res = {}
    for f in (out / path.stem / "0" / "issues" / "summary" / "csv").glob("*.csv"):
        issue = re.sub(r" \[.*", "", f.name)
        rows = [ln.split(";") for ln in f.read_text().splitlines() if ln.startswith("rn-")]
        # columns: round; avg MDS (start positions); ...; avg voting MDS
        res[issue] = [float(rows[0][1]), float(rows[-1][1]), float(rows[-1][4])]
    return wall, cpu, res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--decide", default=str(ROOT / ".benchvenv-decide" / "bin" / "python"))
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--decide-runs", type=int, default=3, help="run decide this many times, take the best")
    args = ap.parse_args()
    for name in ("cop21", "copenhagen"):
        path = DATA / f"{name}.csv"
        t = neg.read_decide(path)
        d_walls, d_cpus = [], []
        for _ in range(args.decide_runs):
            with tempfile.TemporaryDirectory() as tmp:
                wall, cpu, d = run_decide(args.decide, path, Path(tmp))
            d_walls.append(wall)
            d_cpus.append(cpu)
        d_time, d_cpu = min(d_walls), min(d_cpus)
        times, cpus = [], []
        for _ in range(args.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            fc = neg.Exchange(rounds=10).predict(t)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        f_time, f_cpu = min(times), min(cpus)
        r0 = fc.rounds[0].outcome
        last_start = fc.rounds[-1].extra["start_outcome"]
        print(f"## {name}: {len(t.actors)} actors x {len(t.issues)} issues, 10 rounds\n")
        print(
            f"decide {d_time:.2f} s wall, {d_cpu:.2f} s CPU (best of {args.decide_runs} runs: "
            f"{', '.join(f'{v:.1f}' for v in d_walls)} s wall; incl. start-up and its CSV/SQLite output); "
            f"foedus {f_time * 1000:.1f} ms wall, {f_cpu * 1000:.1f} ms CPU (best of {args.repeat}); "
            f"speed-up {d_time / f_time:.0f}x wall, {d_cpu / f_cpu:.0f}x CPU\n"
        )
        print(
            "| issue | round 0 decide | round 0 foedus | last-round start MDS decide | foedus "
            "| final voting MDS decide | final forecast foedus |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        dev0, dev_final = [], []
        for k, issue in enumerate(t.issue_ids):
            d0, dstart, dvote = d[issue]
            dev0.append(abs(d0 - r0[k]))
            dev_final.append(abs(dvote - fc.outcome[k]))
            print(
                f"| {issue} | {d0:.6f} | {r0[k]:.6f} | {dstart:.1f} | {last_start[k]:.1f} | "
                f"{dvote:.1f} | {fc.outcome[k]:.1f} |"
            )
        print(
            f"\nround 0: max |difference| {max(dev0):.2e}; final forecasts: mean |difference| "
            f"{np.mean(dev_final):.1f} points, max {max(dev_final):.1f}\n"
        )


if __name__ == "__main__":
    main()
