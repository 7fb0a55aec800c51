"""foedus and OpenFisca side by side: the same rules (NATO Article 5 with the Article 6 scope) on
the same seeded batch of incidents, one core.

Run with foedus's own venv: `.venv/bin/python benchmarks/bench_openfisca.py [--incidents N]`.

* OpenFisca is not a dependency of foedus. On first use this script makes its own venv,
  `.benchvenv-openfisca` (git-ignored), with `python3 -m venv`, and installs the pinned
  `benchmarks/requirements-openfisca.txt` into it (again whenever the installed versions differ).
* foedus: a one-instrument World (`instruments: [nato]`, from a scenario file in a temp dir),
  restricted to the clause `nato.art5`, evaluated by `foedus.engine.batch.evaluate_columns` over
  `IncidentColumns(incidents)` (each incident's own date is its as-of date). Only
  `evaluate_columns` is timed; its statuses are checked against the scalar engine on a sample.
* OpenFisca: `benchmarks/openfisca_rules.py` (the same rules as OpenFisca variables over an
  `incident` entity, membership as dated parameters) runs in the other venv on the same inputs,
  passed as a .npz file; only `simulation.calculate("art5_status", ...)` is timed.
* Both must give the same status on every incident, or the script exits with status 1 and lists
  the incidents where they differ.

Every attribution is 1.0 and `intentional` is a plain boolean, so each incident has exactly one
possible world and a status with no uncertainty: foedus's reported-world status is the only one
OpenFisca computes.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
              "NUMEXPR_MAX_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import get_args  # noqa: E402

import numpy as np  # noqa: E402

from foedus.engine.batch import STATUS_NAMES, IncidentColumns, evaluate_columns  # noqa: E402
from foedus.engine.evaluator import evaluate_clause  # noqa: E402
from foedus.engine.world import World, assemble  # noqa: E402
from foedus.model.incident import Incident  # noqa: E402
from foedus.model.vocabulary import IncidentKind, Where  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".benchvenv-openfisca"
REQUIREMENTS = ROOT / "benchmarks" / "requirements-openfisca.txt"
RULES = ROOT / "benchmarks" / "openfisca_rules.py"
EPOCH = dt.date(1970, 1, 1)

KINDS = list(get_args(IncidentKind))
WHERES = list(get_args(Where))
DETERMINATIONS = ["none", "affirmed", "conditional", "rejected"]
# Attackers: states in and out of NATO (an Ally can attack an Ally), non-state groups, unknown.
ATTACKERS = ["RUS", "BLR", "PRK", "CHN", "IRN", "SYR", "SRB", "UKR", "POL", "USA", "TUR", "GRC",
             "non-state:ISIL", "non-state:al-Qaeda", "unknown"]
# Targets: founders, later accessions (1952 ... 2024) and states that never joined.
TARGETS = ["USA", "CAN", "GBR", "FRA", "NOR", "TUR", "GRC", "DEU", "ESP", "POL", "EST", "LVA",
           "LTU", "ALB", "MNE", "MKD", "FIN", "SWE", "UKR", "MDA", "GEO", "AUT", "IRL", "JPN"]
# Places: inside and outside the Article 6 area, seas, territories listed by name, subdivisions in
# the geography table (USA-HI, ESP-CE, UKR-43, ...) and not in it (DEU-BY, TUR-34, USA-PR: foedus
# places those inside their country).
PLACES = ["europe", "north-america", "north-atlantic", "mediterranean", "baltic-sea", "black-sea",
          "arctic", "asia", "africa", "middle-east", "pacific", "south-atlantic", "caribbean",
          "POL", "EST", "LTU", "FIN", "SWE", "DEU", "USA", "CAN", "GBR", "NOR", "ISL", "TUR", "GRL",
          "FRO", "SJM", "BMU", "SPM", "CYP", "MLT", "USA-AK", "USA-HI", "ESP-CE", "ESP-ML", "ESP-CN",
          "GUF", "GLP", "PRI", "GUM", "FLK", "UKR", "UKR-43", "RUS-MOW", "RUS", "SYR", "IRQ",
          "AFG", "JPN", "DEU-BY", "TUR-34", "USA-PR"]
FIRST_DAY = dt.date(1945, 1, 1)  # before the treaty (in force 1949-08-24) ...
LAST_DAY = dt.date(2030, 12, 31)  # ... to after the latest accession (Sweden, 2024-03-07)


def make_batch(n: int, seed: int) -> dict[str, np.ndarray]:
    """The batch as columns of codes (indices into the word lists above), drawn from one seed."""
    rng = np.random.default_rng(seed)
    batch = {
        "kind": rng.integers(len(KINDS), size=n),
        "by": rng.integers(len(ATTACKERS), size=n),
        "target": rng.integers(len(TARGETS), size=n),
        "where": rng.integers(len(WHERES), size=n),
        "region": rng.integers(len(PLACES), size=n),
        "date_days": rng.integers((FIRST_DAY - EPOCH).days, (LAST_DAY - EPOCH).days + 1, size=n),
        "intentional": rng.random(n) < 0.85,
        "severity": rng.integers(0, 6, size=n),
        "nato_determination": rng.choice(len(DETERMINATIONS), size=n, p=[0.55, 0.15, 0.15, 0.15]),
        # a determination recorded for another instrument only (must not count for NATO)
        "other_determination": rng.random(n) < 0.05,
    }
    # an actor cannot attack itself (the Incident model forbids it): the attacker becomes RUS
    same = np.array(ATTACKERS, dtype=object)[batch["by"]] == np.array(TARGETS, dtype=object)[
        batch["target"]]
    batch["by"][same] = ATTACKERS.index("RUS")
    batch["attribution"] = np.ones(n)
    return batch


def incidents_from(batch: dict[str, np.ndarray]) -> list[Incident]:
    """The same batch as foedus Incident objects (built unvalidated, as bench_engine does)."""
    epoch = EPOCH.toordinal()
    none = DETERMINATIONS.index("none")
    out = []
    rows = zip(batch["kind"].tolist(), batch["by"].tolist(), batch["target"].tolist(),
               batch["where"].tolist(), batch["region"].tolist(), batch["date_days"].tolist(),
               batch["intentional"].tolist(), batch["severity"].tolist(),
               batch["nato_determination"].tolist(), batch["other_determination"].tolist(),
               strict=True)
    for i, (k, b, t, w, r, d, intent, sev, det, other) in enumerate(rows):
        determinations = {} if det == none else {"nato": DETERMINATIONS[det]}
        if other:
            determinations["teu-42-7"] = "affirmed"
        out.append(Incident.model_construct(
            id=f"i{i}", date=dt.date.fromordinal(epoch + d), kind=KINDS[k], by=ATTACKERS[b],
            attribution=1.0, target=TARGETS[t], where=WHERES[w], region=PLACES[r], casualties=0,
            severity=sev, intentional=intent, sustained=False, provoked=False,
            determinations=determinations, invoked=[], sources=[], confidence="hypothetical",
            title=None, location=None, notes=None,
        ))
    return out


def save_inputs(path: Path, batch: dict[str, np.ndarray]) -> None:
    words = {"kind": KINDS, "by": ATTACKERS, "target": TARGETS, "where": WHERES, "region": PLACES,
             "nato_determination": DETERMINATIONS}
    arrays = {"n": np.int64(len(batch["kind"]))}
    for name, vocab in words.items():
        arrays[f"{name}_codes"] = batch[name].astype(np.int32)
        arrays[f"{name}_words"] = np.array(vocab)
    for name in ("date_days", "intentional", "severity", "attribution"):
        arrays[name] = batch[name]
    np.savez(path, **arrays)


# --- the OpenFisca venv -----------------------------------------------------------------------------


def _pins() -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[name.strip().lower()] = pinned.strip()
    return pins


def _installed(python: Path, names: list[str]) -> dict[str, str | None]:
    code = ("import json, sys, importlib.metadata as m\n"
            "def v(n):\n"
            "    try: return m.version(n)\n"
            "    except m.PackageNotFoundError: return None\n"
            "print(json.dumps({n: v(n) for n in sys.argv[1:]}))")
    out = subprocess.run([str(python), "-c", code, *names], check=True, capture_output=True,
                         text=True).stdout
    return {k.lower(): v for k, v in json.loads(out).items()}


def ensure_venv(base_python: str) -> Path:
    """The OpenFisca venv's python, made and filled from the pinned requirements when needed."""
    python = VENV / "bin" / "python"
    pins = _pins()
    if python.exists() and _installed(python, list(pins)) == pins:
        return python
    if not python.exists():
        print(f"creating {VENV.relative_to(ROOT)} with {base_python} -m venv ...", flush=True)
        subprocess.run([base_python, "-m", "venv", str(VENV)], check=True)
    print(f"installing {REQUIREMENTS.relative_to(ROOT)} into it ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(REQUIREMENTS)], check=True)
    found = _installed(python, list(pins))
    if found != pins:
        sys.exit(f"the OpenFisca venv has {found}, not the pinned {pins}")
    return python


# --- foedus -----------------------------------------------------------------------------------------


def art5_world(folder: Path) -> World:
    """A World with only NATO, restricted to its clause art5 (Article 4 would be timed too)."""
    scenario = folder / "openfisca-bench.yaml"
    scenario.write_text(
        "id: openfisca-bench\n"
        "title: NATO Article 5 only, for the OpenFisca side-by-side benchmark\n"
        "as_of: 2025-11-21\n"
        "instruments: [nato]\n"
    )
    world = assemble(scenario)
    nato = world.instruments["nato"]
    world.instruments = {"nato": dataclasses.replace(nato, clauses={"art5": nato.clauses["art5"]})}
    return world


class FoedusRuns:
    """foedus's side: the batch as columns (not timed), then timed `evaluate_columns` runs."""

    def __init__(self, world: World, incidents: list[Incident]) -> None:
        self.world = world
        t0 = time.perf_counter()
        self.cols = IncidentColumns(incidents)
        self.cols.determination("nato")  # input encoding: a Python pass over the determinations
        self.columns_seconds = time.perf_counter() - t0
        evaluate_columns(world, IncidentColumns(incidents[:1000]))  # warm imports and caches
        self.times: list[float] = []
        self.cpu: list[float] = []
        self.result = None

    def run(self) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        results = evaluate_columns(self.world, self.cols)
        self.times.append(time.perf_counter() - t0)
        self.cpu.append(time.process_time() - c0)
        if len(results) != 1 or (results[0].instrument, results[0].clause) != ("nato", "art5"):
            sys.exit(f"foedus evaluated {[(r.instrument, r.clause) for r in results]}, not nato.art5")
        if self.result is not None and not np.array_equal(self.result.status, results[0].status):
            sys.exit("foedus gave different statuses on two runs of the same batch")
        self.result = results[0]


class OpenFiscaRuns:
    """OpenFisca's side: `openfisca_rules.py --interleaved` in its venv, one timed run per call."""

    def __init__(self, python: Path, inputs: Path, output: Path, repeats: int) -> None:
        self.process = subprocess.Popen(
            [str(python), str(RULES), str(inputs), str(output), "--repeats", str(repeats),
             "--interleaved"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        self.expect("ready")
        self.times: list[float] = []
        self.cpu: list[float] = []
        self.build: list[float] = []

    def expect(self, word: str) -> None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != word:
            self.process.kill()
            sys.exit(f"OpenFisca runner said {line!r}, expected {word!r} (see its error above)")

    def run(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().split()
        if len(line) != 3:
            self.process.kill()
            sys.exit("the OpenFisca runner stopped (see its error above)")
        self.times.append(float(line[0]))
        self.cpu.append(float(line[1]))
        self.build.append(float(line[2]))

    def finish(self) -> None:
        self.expect("done")
        if self.process.wait() != 0:
            sys.exit(f"the OpenFisca runner exited with {self.process.returncode}")


def check_foedus(world: World, incidents: list[Incident], result, sample: int, seed: int) -> None:
    """The batch statuses are plausible and agree with foedus's scalar engine on a sample."""
    status = result.status
    names = set(STATUS_NAMES[np.unique(status)])
    if not names <= {"applies", "not-applicable", "excluded"}:
        sys.exit(f"foedus: unexpected statuses {sorted(names)} for nato.art5")
    for needed in ("applies", "not-applicable", "excluded"):
        if needed not in names:
            sys.exit(f"foedus: no incident is {needed!r}; the batch does not exercise the rule")
    excluded = status == list(STATUS_NAMES).index("excluded")
    if set(result.exception[excluded]) != {"outside-article-6-area"}:
        sys.exit("foedus: an exclusion not by outside-article-6-area")
    applies = status == list(STATUS_NAMES).index("applies")
    if not np.array_equal(result.probability, applies.astype(float)):
        sys.exit("foedus: a probability other than 0 or 1 although every input is certain")
    inst = world.instruments["nato"]
    rng = np.random.default_rng(seed)
    for i in rng.choice(len(incidents), size=min(sample, len(incidents)), replace=False):
        incident = incidents[i]
        scalar = evaluate_clause(world, inst, "art5", incident, incident.date).status
        if scalar != STATUS_NAMES[status[i]]:
            sys.exit(f"foedus: batch says {STATUS_NAMES[status[i]]}, scalar engine says {scalar} "
                     f"for {incident!r}")


# --- main -------------------------------------------------------------------------------------------


def describe(batch: dict[str, np.ndarray], i: int) -> str:
    day = EPOCH + dt.timedelta(days=int(batch["date_days"][i]))
    det = DETERMINATIONS[batch["nato_determination"][i]]
    return (f"#{i}: {day} {KINDS[batch['kind'][i]]} by {ATTACKERS[batch['by'][i]]} on "
            f"{TARGETS[batch['target'][i]]} {WHERES[batch['where'][i]]} in "
            f"{PLACES[batch['region'][i]]}, intentional={bool(batch['intentional'][i])}, "
            f"determination={det}")


def foedus_source() -> str:
    """Which foedus was measured: its folder, and the commit when it is this repository's."""
    import foedus

    folder = Path(foedus.__file__).resolve().parent
    try:
        rel = folder.relative_to(ROOT)
    except ValueError:
        return str(folder)
    git = ["git", "-C", str(ROOT)]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain", "--", str(rel)],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(rel)
    return f"{rel} at {head}" + (" plus uncommitted changes" if dirty else "")


def machine_notes() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return (f"{platform.machine()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=9,
                        help="timed runs on each side, alternated (default 9)")
    parser.add_argument("--scalar-sample", type=int, default=2000,
                        help="incidents re-evaluated by foedus's scalar engine as a check")
    parser.add_argument("--python", default=shutil.which("python3") or "python3",
                        help="interpreter that makes the OpenFisca venv (default: python3)")
    args = parser.parse_args()
    n = args.incidents

    python = ensure_venv(args.python)
    print(f"machine: {machine_notes()}")
    print(f"batch: {n:,} incidents, seed {args.seed}, attribution 1.0 for all", flush=True)
    t0 = time.perf_counter()
    batch = make_batch(n, args.seed)
    incidents = incidents_from(batch)
    print(f"  generated in {time.perf_counter() - t0:.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="foedus-openfisca-") as tmp:
        folder = Path(tmp)
        world = art5_world(folder)
        foedus = FoedusRuns(world, incidents)
        inputs, output = folder / "inputs.npz", folder / "statuses.npz"
        save_inputs(inputs, batch)
        openfisca = OpenFiscaRuns(python, inputs, output, args.repeats)
        print(f"timing {args.repeats} runs on each side, alternating which goes first", flush=True)
        for r in range(args.repeats):
            for side in ((foedus, openfisca) if r % 2 == 0 else (openfisca, foedus)):
                side.run()
        openfisca.finish()
        with np.load(output) as data:
            of = {key: data[key] for key in data.files}
        result, columns_seconds = foedus.result, foedus.columns_seconds
        assert result is not None
        check_foedus(world, incidents, result, args.scalar_sample, args.seed)
        print(f"foedus: statuses checked (scalar engine agrees on {min(args.scalar_sample, n):,} "
              f"sampled incidents)", flush=True)

    # identical statuses, incident by incident
    foedus_words = list(STATUS_NAMES)
    to_foedus = np.array([foedus_words.index(str(w)) for w in of["status_words"]], dtype=np.int8)
    openfisca_status = to_foedus[of["status_codes"]]
    if openfisca_status.shape != result.status.shape:
        sys.exit(f"OpenFisca returned {openfisca_status.shape[0]:,} statuses for {n:,} incidents")
    differ = np.flatnonzero(openfisca_status != result.status)
    if differ.size:
        print(f"MISMATCH: foedus and OpenFisca differ on {differ.size:,} of {n:,} incidents",
              file=sys.stderr)
        for i in differ[:20]:
            print(f"  {describe(batch, i)}: foedus {STATUS_NAMES[result.status[i]]}, "
                  f"OpenFisca {STATUS_NAMES[openfisca_status[i]]}", file=sys.stderr)
        sys.exit(1)
    counts = {w: int(np.count_nonzero(result.status == k))
              for k, w in enumerate(foedus_words) if np.any(result.status == k)}

    sides = {"foedus": (foedus.times, foedus.cpu),
             "OpenFisca": (of["calculate_seconds"].tolist(), of["calculate_cpu_seconds"].tolist())}
    print()
    print(f"NATO Article 5 (Article 6 scope), {n:,} incidents, one core, {args.repeats} timed runs "
          f"on each side, alternated")
    print(f"statuses IDENTICAL on all {n:,} incidents: "
          + ", ".join(f"{w} {c:,}" for w, c in counts.items()))
    print(f"{'evaluations per second (millions)':40}{'foedus':>12}{'OpenFisca':>12}{'ratio':>8}")
    for label, clock, pick in (("median run, wall clock", 0, statistics.median),
                               ("median run, CPU time", 1, statistics.median),
                               ("best run, wall clock", 0, min),
                               ("best run, CPU time", 1, min)):
        f_s, o_s = pick(sides["foedus"][clock]), pick(sides["OpenFisca"][clock])
        print(f"{'  ' + label:40}{n / f_s / 1e6:12.2f}{n / o_s / 1e6:12.2f}{o_s / f_s:7.1f}x")
    for name, (wall, cpu) in sides.items():
        print(f"{name} runs (s, wall/CPU): " + " ".join(f"{w:.3f}/{c:.3f}" for w, c in zip(wall, cpu, strict=True)))
    print(f"not timed, input set-up: foedus {columns_seconds:.2f} s (IncidentColumns from Incident "
          f"objects); OpenFisca {statistics.median(openfisca.build):.2f} s (simulation + set_input "
          f"of ready arrays), {float(of['load_seconds']):.2f} s loading the .npz and the model")
    print(f"versions: foedus {version('foedus')} (python {platform.python_version()}, numpy "
          f"{np.__version__}); openfisca-core {of['openfisca_core']} (python {of['python']}, "
          f"numpy {of['numpy_version']})")
    print(f"foedus measured: {foedus_source()}")
    print(f"machine: {machine_notes()}")


if __name__ == "__main__":
    main()
