"""The `foedus` command line: thin wrappers over the engine, model and report packages.

Every user error is a FoedusError, printed as `file:line:col: field: message (hint: ...)` on
stderr with exit status 2 and no traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from foedus.errors import FoedusError, InputError, Location

app = typer.Typer(
    name="foedus",
    help="Security commitments as executable, sourced code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


ScenarioOpt = Annotated[
    str, typer.Option("--scenario", "-s", help="scenario id in the library, or a scenario file")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or md")]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date", Location(field=option),
                         "write dates as YYYY-MM-DD") from None
    if not dt.date(1800, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise InputError(f"date out of range: {value}", Location(field=option),
                         "expected a date between 1800-01-01 and 2100-12-31")
    return day


def _annotate_invocation(result, world, incident) -> None:
    """Invocation probabilities from the deterrence part, when it is installed."""
    try:
        from foedus.deterrence.invocation import annotate_invocation
    except ImportError:
        return
    annotate_invocation(result, world, incident)


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@app.command()
def check(
    incident: Annotated[Path, typer.Argument(help="incident YAML (one incident or a sequence)")],
    scenario: ScenarioOpt = "europe-2025",
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD; default: the incident's date")] = None,
    format: FormatOpt = Format.table,
    trace: Annotated[bool, typer.Option(help="show the reasoning line by line")] = True,
) -> None:
    """Which commitments an incident triggers, who owes what to whom and by when, and why."""
    from foedus.engine import assemble
    from foedus.engine.evaluator import evaluate
    from foedus.model.library import load_incidents

    day = _date(as_of, "--as-of")
    incidents = [loaded.value for loaded in load_incidents(incident)]  # a sequence: last one
    world = assemble(scenario)
    result = evaluate(world, incidents[-1], day, prior=incidents[:-1])
    _annotate_invocation(result, world, incidents[-1])
    if format is Format.json:
        _emit_json(result.to_json())
    elif format is Format.md:
        from foedus.report.render import evaluation_md

        sys.stdout.write(evaluation_md(result, trace=trace))
    else:
        from foedus.report.render import evaluation_rich

        evaluation_rich(result, _console())


@app.command()
def coverage(
    scenario: ScenarioOpt = "europe-2025",
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD; default: the scenario's")] = None,
    country: Annotated[list[str] | None, typer.Option("--country", "-c", help="ISO3; repeatable")] = None,
    attacker: Annotated[str, typer.Option(help="attacker of the reference armed attack")] = "RUS",
    format: FormatOpt = Format.table,
) -> None:
    """For each country: which instruments protect it, from whom, with what strength."""
    from foedus.engine import assemble
    from foedus.engine.coverage import coverage as compute
    from foedus.model import codes

    countries = [codes.check_actor(c, states_only=True) for c in country] if country else None
    codes.check_actor(attacker)
    world = assemble(scenario)
    rows = compute(world, _date(as_of, "--as-of"), countries, attacker)
    if format is Format.json:
        _emit_json({"scenario": world.id, "as_of": str(_date(as_of, "--as-of") or world.as_of),
                    "attacker": attacker, "countries": [r.to_json() for r in rows]})
    elif format is Format.md:
        from foedus.report.render import coverage_md

        sys.stdout.write(coverage_md(rows))
    else:
        from foedus.report.render import coverage_rich

        coverage_rich(rows, _console())


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="baseline scenario (id or file)")],
    b: Annotated[str, typer.Argument(help="changed scenario (id or file)")],
    incidents: Annotated[Path | None, typer.Option("--incidents", help="folder or file of incidents")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    format: FormatOpt = Format.md,
) -> None:
    """How coverage and findings change from scenario A to scenario B."""
    from foedus.engine import assemble
    from foedus.engine.diff import coverage_diff, findings_diff
    from foedus.model.library import load_incidents

    wa, wb = assemble(a), assemble(b)
    day = _date(as_of, "--as-of")
    cov = coverage_diff(wa, wb, day or wb.as_of)
    found = []
    if incidents is not None:
        files = sorted(incidents.glob("*.yaml")) if incidents.is_dir() else [incidents]
        if incidents.is_dir() and not files:
            raise InputError("no *.yaml incidents in this folder", Location(str(incidents)))
        items = [x.value for f in files for x in load_incidents(f)]
        found = findings_diff(wa, wb, items)
    if format is Format.json:
        _emit_json({"a": wa.id, "b": wb.id, "coverage": [vars(c) for c in cov],
                    "findings": [vars(c) for c in found]})
    else:
        from foedus.report.render import diff_md

        text = diff_md(cov, found, wa.id, wb.id)
        if format is Format.md:
            sys.stdout.write(text)
        else:
            from rich.markdown import Markdown

            _console().print(Markdown(text))


@app.command()
def explain(
    ref: Annotated[str, typer.Argument(help="instrument or instrument.clause, e.g. nato.art5")],
    format: FormatOpt = Format.table,
) -> None:
    """Print a clause: text, source, conditions in readable form, exceptions, scenarios using it."""
    from foedus.report.explain import explain_clause

    text, data = explain_clause(ref)
    if format is Format.json:
        _emit_json(data)
    elif format is Format.md:
        sys.stdout.write(text)
    else:
        from rich.markdown import Markdown

        _console().print(Markdown(text))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="incident, instrument, scenario or amendment files")],
) -> None:
    """Check files without evaluating anything; report every problem with file and line."""
    from foedus.model.check import validate_file

    failures = 0
    for path in files:
        try:
            kind = validate_file(path)
            typer.echo(f"ok    {path} ({kind})")
        except FoedusError as exc:
            failures += 1
            typer.echo(f"error {exc}", err=True)
    if failures:
        raise typer.Exit(2)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="incident|instrument|scenario|amendment|deployment|all")] = "all",
    out: Annotated[Path | None, typer.Option(help="write one NAME.schema.json per type here")] = None,
) -> None:
    """JSON Schema of every file type foedus reads."""
    from foedus.model.check import schemas

    all_schemas = schemas()
    if kind != "all" and kind not in all_schemas:
        raise InputError(f"no file type {kind!r}", Location(field="kind"),
                         "one of: " + ", ".join([*all_schemas, "all"]))
    chosen = all_schemas if kind == "all" else {kind: all_schemas[kind]}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, sch in chosen.items():
            (out / f"{name}.schema.json").write_text(json.dumps(sch, indent=2) + "\n")
            typer.echo(f"wrote {out / f'{name}.schema.json'}")
    else:
        _emit_json(chosen if kind == "all" else chosen[kind])


@app.command()
def report(
    scenario: ScenarioOpt = "europe-2025",
    out: Annotated[Path, typer.Option(help="output folder")] = Path("out/europe-2025"),
) -> None:
    """Write a readable report (Markdown, HTML, PNG map) for a scenario."""
    from foedus.report.document import write_report

    paths = write_report(scenario, out)
    for path in paths:
        typer.echo(f"wrote {path}")


#: commands of the other parts and the module that registers them (imported only when needed,
#: so that `foedus check` does not pay for loading the negotiation or server packages)
OPTIONAL_COMMANDS = {
    "forecast": "foedus.negotiation.cli",
    "deter": "foedus.deterrence.cli",
    "compare": "foedus.deterrence.cli",
    "deter-sobol": "foedus.deterrence.cli",
    "deter-report": "foedus.deterrence.cli",
    "read": "foedus.evidence.cli",
    "apply": "foedus.evidence.cli",
    "serve": "foedus.server.cli",
    "admin": "foedus.server.cli",
    "audit": "foedus.server.cli",
}
CORE_COMMANDS = {"check", "coverage", "diff", "explain", "validate", "schema", "report"}


def _register_optional(argv: list[str]) -> None:
    """Register the optional commands the command line may need (all of them for --help)."""
    import importlib

    command = next((a for a in argv[1:] if not a.startswith("-")), None)
    if command in CORE_COMMANDS:
        return
    modules = [OPTIONAL_COMMANDS[command]] if command in OPTIONAL_COMMANDS else list(
        dict.fromkeys(OPTIONAL_COMMANDS.values()))
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:  # that part of foedus is not installed
            continue
        module.register(app)


def main() -> None:
    _register_optional(sys.argv)
    try:
        app()
    except FoedusError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:  # e.g. `foedus check x.yaml | head`
        sys.exit(0)
    except Exception as exc:  # a bug in foedus, not the user's input: no traceback unless asked
        import os

        if os.environ.get("FOEDUS_DEBUG"):
            raise
        sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n"
                         "this is a bug in foedus; rerun with FOEDUS_DEBUG=1 for the traceback\n")
        sys.exit(70)
