"""The ``forecast`` command; the main CLI calls :func:`register` to add it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from foedus.errors import InputError, Location
from foedus.negotiation.api import ALL, MODELS, forecast, load
from foedus.negotiation.base import Forecast


def _table_rich(results: dict[str, Forecast], issues: list[str], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    tab = Table(title=title)
    tab.add_column("issue")
    for m in results:
        tab.add_column(m, justify="right")
    for k, issue in enumerate(issues):
        tab.add_row(issue, *[f"{results[m].outcome[k]:.1f}" for m in results])
    Console().print(tab)


def _markdown(results: dict[str, Forecast], issues: list[str]) -> str:
    lines = ["| issue | " + " | ".join(results) + " |", "|---|" + "---:|" * len(results)]
    for k, issue in enumerate(issues):
        lines.append(f"| {issue} | " + " | ".join(f"{results[m].outcome[k]:.1f}" for m in results) + " |")
    return "\n".join(lines)


def forecast_command(
    file: Annotated[Path, typer.Argument(help="negotiation table: YAML, CSV, decide or DEU file")],
    model: Annotated[str, typer.Option("--model", "-m", help="model name or 'all'")] = "all",
    rounds: Annotated[int | None, typer.Option(help="rounds of iterating models")] = None,
    seed: Annotated[int, typer.Option(help="seed for models that draw random numbers")] = 0,
    without: Annotated[str, typer.Option(help="actors to take away from the table, comma-separated")] = "",
    format: Annotated[str, typer.Option("--format", help="table|json|md")] = "table",
    out: Annotated[Path | None, typer.Option(help="directory for trajectory charts (PNG) and report")] = None,
) -> None:
    """Forecast where a negotiation lands, issue by issue."""
    if format not in ("table", "json", "md"):
        raise InputError(f"unknown format {format!r}", Location(field="--format"), "table, json or md")
    names = ALL if model == "all" else [m.strip() for m in model.split(",") if m.strip()]
    for n in names:
        if n not in MODELS:
            raise InputError(
                f"unknown model {n!r}",
                Location(field="--model"),
                f"models: {', '.join(MODELS)} or all",
            )
    table = load(file)
    gone = [a.strip() for a in without.split(",") if a.strip()]
    results = {m: forecast(table, m, without=gone, rounds=rounds, seed=seed) for m in names}
    if out is not None:
        from foedus.negotiation.report import trajectory_chart

        out.mkdir(parents=True, exist_ok=True)
        for m, fc in results.items():
            trajectory_chart(fc, out / f"trajectory-{m}.png", f"{m}: {table.name}")
        (out / "forecast.json").write_text(json.dumps({m: fc.to_json() for m, fc in results.items()}, indent=1))
    issues = table.issue_ids
    if format == "json":
        typer.echo(
            json.dumps(
                {
                    "table": table.name,
                    "without": gone,
                    "issues": issues,
                    "forecasts": {m: fc.to_json() for m, fc in results.items()},
                },
                indent=1,
            )
        )
    elif format == "md":
        typer.echo(_markdown(results, issues))
    else:
        title = f"{table.name}" + (f" without {', '.join(gone)}" if gone else "")
        _table_rich(results, issues, title)


def register(app: typer.Typer) -> None:
    """Add ``forecast FILE --model NAME|all ...`` to the main CLI."""
    app.command("forecast")(forecast_command)
