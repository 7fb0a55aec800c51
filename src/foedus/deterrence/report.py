"""The bundled deterrence analyses, and a Markdown report with PNG charts written into a folder.

Analyses (scenarios in foedus/library/scenarios):
1. Article 5 with and without the rumoured carve-out (art5-carveout-2025) for Estonia, Latvia,
   Lithuania and Poland, for a minor incursion (severity 2) and an armed attack (severity 4).
2. Ukraine under each guarantee design: status quo (europe-2025), binding bilateral treaties, a
   multilateral pact, monitoring only, arms and defence support only, a reassurance force with
   European troops, and the US draft guarantee with its void conditions (ukraine-guarantee-2025).
3. NATO without the United States, for the Baltic states, Poland and Finland.
4. A sanctions coalition with one member defecting: HUN (the scenario) and a sweep over every
   member defecting in turn (run on Dask with `backend="dask"`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foedus.deterrence.model import VALIDATION, Action, DeterrenceResult, deter
from foedus.deterrence.parallel import map_dask, map_local

FRONTLINE = ("EST", "LVA", "LTU", "POL")
UKRAINE_DESIGNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("status quo (2024 agreements)", "europe-2025", ()),
    ("binding bilateral treaties", "ukraine-design-bilateral-treaties", ()),
    ("multilateral pact", "ukraine-design-multilateral-pact", ()),
    ("monitoring only", "ukraine-design-monitoring-only", ()),
    ("arms and defence support only", "ukraine-design-arms-support", ()),
    ("reassurance force (European troops)", "ukraine-design-reassurance-force",
     ("gbr-ukr-mnfu", "fra-ukr-mnfu")),
    ("US draft guarantee (void conditions)", "ukraine-guarantee-2025", ()),
    ("US draft guarantee, voided (hypothetical strike on Moscow)",
     "ukraine-design-us-guarantee-voided", ()),
]


@dataclass
class Row:
    analysis: str
    label: str
    result: DeterrenceResult


def _task(label: str, scenario: str, action: Action, samples: int, seed: int,
          deployments: tuple[str, ...] = (), defectors: tuple[str, ...] = ()) -> tuple[str, DeterrenceResult]:
    return label, deter(scenario, action, samples=samples, seed=seed, deployments=deployments,
                        defectors=defectors)


def tasks(samples: int, seed: int) -> list[tuple[str, tuple]]:
    out: list[tuple[str, tuple]] = []
    for target in FRONTLINE:
        for kind, sev in (("ground-incursion", 2), ("armed-attack", 4)):
            act = Action("RUS", target, kind=kind, severity=sev)
            for sc, tag in (("europe-2025", "Article 5 as written"),
                            ("art5-carveout-2025", "with the carve-out")):
                out.append(("carveout", (f"{target} {kind} (sev {sev}): {tag}", sc, act, samples, seed)))
    for label, sc, deps in UKRAINE_DESIGNS:
        out.append(("ukraine", (label, sc, Action("RUS", "UKR"), samples, seed, deps)))
    for target in (*FRONTLINE, "FIN"):
        for sc, tag in (("europe-2025", "NATO with the US"), ("nato-without-us", "NATO without the US")):
            out.append(("no-us", (f"{target}: {tag}", sc, Action("RUS", target), samples, seed)))
    act = Action("RUS", "UKR")
    out.append(("sanctions", ("no sanctions coalition (status quo)", "europe-2025", act, samples, seed)))
    out.append(("sanctions", ("cohesive coalition", "sanctions-coalition-2025", act, samples, seed)))
    out.append(("sanctions", ("HUN defects (scenario)", "sanctions-coalition-defector-2025", act,
                              samples, seed)))
    for member in ("DEU", "FRA", "ITA", "JPN", "USA"):
        out.append(("sanctions", (f"{member} defects", "sanctions-coalition-2025", act, samples,
                                  seed, (), (member,))))
    return out


def run_analyses(samples: int = 200_000, seed: int = 7, backend: str = "local",
                 scheduler: str | None = None, progress: bool = False) -> list[Row]:
    plan = tasks(samples, seed)
    args = [a for _, a in plan]
    if backend == "dask":
        done = map_dask(_task, args, scheduler=scheduler, progress=progress, label="analyses")
    else:
        done = map_local(_task, args, progress=progress, label="analyses")
    return [Row(name, label, res) for (name, _), (label, res) in zip(plan, done, strict=True)]


def results_md(results: list[DeterrenceResult], labels: list[str] | None = None) -> str:
    labels = labels or [r.scenario for r in results]
    lines = ["| case | scenario | P(deterred) | P(attacker wins \\| attack) | E[obligors fighting] "
             "| most decisive | cost if attack |", "|---|---|---|---|---|---|---|"]
    for label, r in zip(labels, results, strict=True):
        g = r.game
        lines.append(f"| {label} | `{r.scenario}` | {g.p_deterred:.3f} | {g.p_win:.3f} | "
                     f"{g.expected_military:.2f} | {g.most_decisive or '-'} | {g.expected_cost:.3f} |")
    return "\n".join(lines) + "\n"


def _chart(rows: list[Row], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.2))
    labels = [r.label for r in rows]
    values = [r.result.game.p_deterred for r in rows]
    ax.barh(range(len(rows)), values, color="#3b6ea5")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("P(deterred)  (model not validated; see docs/models.md)")
    ax.set_title(title, fontsize=10)
    for i, v in enumerate(values):
        ax.text(min(v + 0.01, 0.93), i, f"{v:.3f}", va="center", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


TITLES = {
    "carveout": "Article 5 with and without the rumoured carve-out (Baltic states, Poland)",
    "ukraine": "Ukraine under each guarantee design (Russian armed attack, severity 4)",
    "no-us": "NATO with and without the United States (Russian armed attack, severity 4)",
    "sanctions": "A sanctions coalition with one member defecting (Russian attack on Ukraine)",
}


def write_report(out: str | Path, *, samples: int = 200_000, seed: int = 7, backend: str = "local",
                 scheduler: str | None = None, progress: bool = False) -> Path:
    """Run the analyses and write `report.md` plus one PNG chart per analysis into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = run_analyses(samples, seed, backend, scheduler, progress)
    md = ["# Deterrence analyses", "",
          f"Generated by `foedus deter-report` with {samples:,} samples per case and seed {seed}. "
          "Every case uses the same seed (common random numbers).", "",
          "**Validation.** " + " ".join(v[0].upper() + v[1:] + "." for v in VALIDATION), ""]
    for key, title in TITLES.items():
        group = [r for r in rows if r.analysis == key]
        png = f"{key}.png"
        _chart(group, out / png, title)
        md += [f"## {title}", "", f"![{title}]({png})", "",
               results_md([r.result for r in group], [r.label for r in group]), ""]
        assumptions = sorted({a for r in group for a in r.result.assumptions})
        if assumptions:
            md += ["Assumptions in these scenarios:", ""] + [f"- {a}" for a in assumptions] + [""]
    path = out / "report.md"
    path.write_text("\n".join(md), encoding="utf-8")
    return path
