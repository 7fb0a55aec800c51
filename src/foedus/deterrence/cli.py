"""`foedus deter` and `foedus compare` (plus `deter-sobol` and `deter-report`).

Registered on the main Typer app by `register(app)`; thin wrappers over foedus.deterrence.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from foedus.deterrence.invocation import annotate_invocation
from foedus.errors import InputError, Location

__all__ = ["annotate_invocation", "register"]


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class BackendName(StrEnum):
    local = "local"
    dask = "dask"


Attacker = Annotated[str, typer.Option("--attacker", help="ISO alpha-3 code of the attacker")]
Target = Annotated[str, typer.Option("--target", help="ISO alpha-3 code of the target")]
ActionOpt = Annotated[str, typer.Option("--action", help="incident kind, e.g. armed-attack")]
Samples = Annotated[int, typer.Option("--samples", "-n", help="Monte Carlo samples")]
Seed = Annotated[int, typer.Option("--seed", help="random seed (same seed, same output)")]
Severity = Annotated[int, typer.Option("--severity", help="0..5 on the documented scale")]
BackendOpt = Annotated[BackendName, typer.Option("--backend", help="local or dask")]
Scheduler = Annotated[str | None, typer.Option("--scheduler",
                                               help="Dask scheduler address (default: a local cluster)")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or md")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="parameter=value (repeatable)")]
DefectOpt = Annotated[list[str] | None, typer.Option("--defect",
                                                     help="a sanctions-coalition member that defects")]


def _params(settings: list[str] | None):
    from foedus.deterrence.sensitivity import split

    values: dict[str, float] = {}
    for item in settings or []:
        name, sep, raw = item.partition("=")
        try:
            if not sep:
                raise ValueError
            values[name.strip()] = float(raw)
        except ValueError:
            raise InputError(f"bad --set {item!r}", Location(field="--set"),
                             "write name=value, e.g. --set rho=0.3") from None
    return split(values)


def _run(scenarios, attacker, target, action, samples, seed, severity, backend, scheduler,
         settings, defect, progress):
    from foedus.deterrence.model import Action, deter

    if samples < 1:
        raise InputError("--samples must be at least 1", Location(field="--samples"))
    gp, bp, cp = _params(settings)
    act = Action(attacker.upper(), target.upper(), kind=action, severity=severity)
    return [deter(s, act, samples=samples, seed=seed, backend=backend.value, scheduler=scheduler,
                  progress=progress, game_params=gp, build_params=bp, credibility_params=cp,
                  defectors=tuple(d.upper() for d in defect or ())) for s in scenarios]


def render_md(results) -> str:
    from foedus.deterrence.model import VALIDATION
    from foedus.deterrence.report import results_md

    return results_md(results) + "\n" + "".join(f"- {v}\n" for v in VALIDATION)


def _table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table(title="Deterrence (Monte Carlo; model NOT validated, see docs/models.md)")
    for col in ("scenario", "P(deterred)", "P(attacker wins | attack)", "E(fighting obligors)",
                "most decisive", "cost if attack"):
        t.add_column(col)
    for r in results:
        g = r.game
        t.add_row(r.scenario, f"{g.p_deterred:.3f}", f"{g.p_win:.3f}", f"{g.expected_military:.2f}",
                  g.most_decisive or "-", f"{g.expected_cost:.3f}")
    console.print(t)
    if len(results) == 1:
        r = results[0]
        c = Table(title=f"Credibility of obligors ({r.action.attacker} -> {r.action.target})")
        for col in ("obligor", "military", "arms", "sanctions", "decisiveness"):
            c.add_column(col)
        for ob, cr in r.credibility.items():
            pr = cr.probability
            c.add_row(ob, f"{pr['military']:.2f}", f"{pr['arms']:.2f}", f"{pr['sanctions']:.2f}",
                      f"{r.game.decisive.get(ob, 0.0):+.4f}")
        console.print(c)
        o = r.game.outcomes
        console.print("outcomes: " + ", ".join(f"{k} {v:.3f}" for k, v in o.items()))
    for note in results[0].validation:
        console.print(f"[dim]{note}[/dim]")


def _emit(results, format: Format, single: bool) -> None:
    if format is Format.json:
        data = results[0].to_json() if single else {"results": [r.to_json() for r in results]}
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
    elif format is Format.md:
        sys.stdout.write(render_md(results))
    else:
        _table(results)


def register(app: typer.Typer) -> None:
    @app.command("deter")
    def deter_cmd(
        scenario: Annotated[str, typer.Argument(help="scenario id or file")],
        attacker: Attacker = "RUS", target: Target = "UKR", action: ActionOpt = "armed-attack",
        samples: Samples = 100_000, seed: Seed = 0, severity: Severity = 4,
        backend: BackendOpt = BackendName.local, scheduler: Scheduler = None,
        format: FormatOpt = Format.table, set_: SetOpt = None, defect: DefectOpt = None,
    ) -> None:
        """Is the action deterred? Credibility, coalition, decisive obligor, outcomes."""
        results = _run([scenario], attacker, target, action, samples, seed, severity, backend,
                       scheduler, set_, defect, progress=sys.stderr.isatty())
        _emit(results, format, single=True)

    @app.command("compare")
    def compare_cmd(
        scenarios: Annotated[list[str], typer.Argument(help="two or more scenario ids or files")],
        attacker: Attacker = "RUS", target: Target = "UKR", action: ActionOpt = "armed-attack",
        samples: Samples = 100_000, seed: Seed = 0, severity: Severity = 4,
        backend: BackendOpt = BackendName.local, scheduler: Scheduler = None,
        format: FormatOpt = Format.table, set_: SetOpt = None, defect: DefectOpt = None,
    ) -> None:
        """The same action under several scenarios (same seed: common random numbers)."""
        results = _run(scenarios, attacker, target, action, samples, seed, severity, backend,
                       scheduler, set_, defect, progress=sys.stderr.isatty())
        _emit(results, format, single=False)

    @app.command("deter-sobol")
    def sobol_cmd(
        scenario: Annotated[str, typer.Argument(help="scenario id or file")],
        attacker: Attacker = "RUS", target: Target = "UKR", action: ActionOpt = "armed-attack",
        n: Annotated[int, typer.Option("--base", help="Saltelli base sample size")] = 64,
        samples: Samples = 4096, seed: Seed = 0, severity: Severity = 4,
        backend: BackendOpt = BackendName.local, scheduler: Scheduler = None,
        format: FormatOpt = Format.table,
    ) -> None:
        """Sobol indices (SALib): which assumptions drive P(deterred)."""
        from foedus.deterrence.model import Action
        from foedus.deterrence.sensitivity import sobol

        res = sobol(scenario, Action(attacker.upper(), target.upper(), kind=action,
                                     severity=severity), n=n, samples=samples, seed=seed,
                    backend=backend.value, scheduler=scheduler, progress=sys.stderr.isatty())
        if format is Format.json:
            sys.stdout.write(json.dumps(res.to_json(), indent=2) + "\n")
            return
        lines = ["| parameter | S1 | ST |", "|---|---|---|"]
        lines += [f"| {k} | {s1:.3f} | {st:.3f} |" for k, s1, st in res.ranking()]
        sys.stdout.write("\n".join(lines) + "\n")

    @app.command("deter-report")
    def report_cmd(
        out: Annotated[Path, typer.Argument(help="folder for report.md and the PNG charts")],
        samples: Samples = 200_000, seed: Seed = 7,
        backend: BackendOpt = BackendName.local, scheduler: Scheduler = None,
    ) -> None:
        """Run the bundled analyses and write a Markdown report with charts."""
        from foedus.deterrence.report import write_report

        path = write_report(out, samples=samples, seed=seed, backend=backend.value,
                            scheduler=scheduler, progress=sys.stderr.isatty())
        sys.stdout.write(f"{path}\n")
