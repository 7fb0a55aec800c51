"""Reports: who decides the deal? Forecasts with everyone at the table and with some left out.

Produces Markdown and PNG charts (matplotlib, Agg backend): the trajectory of each iterating model
per issue, and the final outcomes per scenario side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from foedus.negotiation.api import ALL, forecast, load
from foedus.negotiation.base import Forecast
from foedus.negotiation.table import NegotiationTable

#: European actors left out in the "without the Europeans" scenario (when present)
EUROPEANS = ("EU", "GBR", "FRA", "DEU", "POL", "HUN", "ITA", "FIN", "NOR", "NLD", "DNK", "SWE")


def default_scenarios(table: NegotiationTable) -> dict[str, list[str]]:
    eur = [a for a in table.actors if a in EUROPEANS]
    out: dict[str, list[str]] = {"everyone at the table": []}
    if eur:
        out["without the Europeans"] = eur
    if "UKR" in table.actors:
        out["without Ukraine"] = ["UKR"]
    return out


@dataclass
class ComparisonReport:
    markdown: str
    forecasts: dict[str, dict[str, Forecast]]  # scenario -> model -> forecast
    charts: list[Path] = field(default_factory=list)


def _fmt(v: float) -> str:
    return "-" if not np.isfinite(v) else f"{v:.1f}"


def trajectory_chart(fc: Forecast, path: Path, title: str = "") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    traj = fc.trajectory()
    fig, ax = plt.subplots(figsize=(7, 4))
    for k, issue in enumerate(fc.issues):
        ax.plot(np.arange(len(traj)), traj[:, k], marker="o", ms=3, label=issue)
    ax.set_xlabel("round")
    ax.set_ylabel("forecast outcome (issue scale)")
    ax.set_title(title or f"{fc.model}: forecast per round")
    ax.legend(fontsize=7, ncol=2, loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def scenario_chart(forecasts: Mapping[str, Forecast], issues: Sequence[str], path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(forecasts)
    width = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(max(7, len(issues) * 0.9), 4))
    x = np.arange(len(issues))
    for n, name in enumerate(names):
        ax.bar(x + n * width, forecasts[name].outcome, width, label=name)
    ax.set_xticks(x + width * (len(names) - 1) / 2)
    ax.set_xticklabels(issues, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("forecast outcome")
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def comparison_report(
    table: NegotiationTable | str | Path,
    models: Iterable[str] = ALL,
    scenarios: Mapping[str, Sequence[str]] | None = None,
    rounds: int | None = None,
    seed: int | None = 0,
    out_dir: str | Path | None = None,
) -> ComparisonReport:
    """Forecast every scenario with every model; Markdown tables, and PNG charts in ``out_dir``."""
    t = load(table)
    scenarios = dict(scenarios) if scenarios is not None else default_scenarios(t)
    models = list(models)
    results: dict[str, dict[str, Forecast]] = {}
    for sc, without in scenarios.items():
        results[sc] = {m: forecast(t, m, without=without, rounds=rounds, seed=seed) for m in models}
    lines = [f"# Negotiation forecast: {t.name}", ""]
    lines.append(
        "Forecast outcome per issue on each issue's own scale (anchors below), by model and by who sits at the table."
    )
    lines.append("")
    for sc, without in scenarios.items():
        lines.append(f"## {sc}" + (f" (without {', '.join(without)})" if without else ""))
        lines.append("")
        lines.append("| issue | " + " | ".join(models) + " |")
        lines.append("|---|" + "---:|" * len(models))
        for k, issue in enumerate(t.issues):
            row = [_fmt(results[sc][m].outcome[k]) for m in models]
            lines.append(f"| {issue.label or issue.id} | " + " | ".join(row) + " |")
        lines.append("")
    base = next(iter(scenarios))
    if len(scenarios) > 1:
        lines.append("## What changes when someone is not at the table")
        lines.append("")
        lines.append("Shift of the forecast against everyone at the table (compromise / EU model).")
        lines.append("")
        shown = [m for m in ("compromise", "expected-utility") if m in models] or models[:1]
        head = " | ".join(f"{sc} ({m})" for sc in list(scenarios)[1:] for m in shown)
        lines.append(f"| issue | {head} |")
        lines.append("|---|" + "---:|" * (len(shown) * (len(scenarios) - 1)))
        for k, issue in enumerate(t.issues):
            cells = []
            for sc in list(scenarios)[1:]:
                for m in shown:
                    d = results[sc][m].outcome[k] - results[base][m].outcome[k]
                    cells.append(f"{d:+.1f}")
            lines.append(f"| {issue.id} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append("## Scales")
    lines.append("")
    for issue in t.issues:
        anchors = "; ".join(f"{v:g} = {lab}" for v, lab in sorted(issue.anchors.items()))
        lines.append(f"- **{issue.id}** ({issue.lower:g}-{issue.upper:g}): {anchors}")
    charts: list[Path] = []
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        lines.append("")
        lines.append("## Charts")
        lines.append("")
        for n, sc in enumerate(scenarios):
            for m in models:
                fc = results[sc][m]
                if len(fc.rounds) > 1:
                    p = trajectory_chart(fc, out / f"trajectory-{m}-{n}.png", f"{m}: {sc}")
                    charts.append(p)
                    lines.append(f"![{m}, {sc}]({p.name})")
        for m in models:
            p = scenario_chart(
                {sc: results[sc][m] for sc in scenarios},
                t.issue_ids,
                out / f"scenarios-{m}.png",
                f"{m}: forecast by who is at the table",
            )
            charts.append(p)
            lines.append(f"![{m} by scenario]({p.name})")
        (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ComparisonReport("\n".join(lines) + "\n", results, charts)
