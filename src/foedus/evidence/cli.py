"""The ``read`` and ``apply`` commands; the main CLI calls :func:`register` to add them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from foedus.errors import InputError, Location


def _md(ev: dict[str, Any]) -> str:
    lines = [f"## {ev['article']} ({ev['date'] or 'undated'})", ""]
    lines.append("**Actors:** " + ", ".join(f"{a['id']} ({a['mentions']})" for a in ev["actors"]))
    if ev["people"]:
        lines.append(
            "**People:** " + "; ".join(f"{p['name']} ({p['role'] or '?'}, {p['actor'] or '?'})" for p in ev["people"])
        )
    if ev["quotes"]:
        lines += ["", "| speaker | actor | quote | span |", "|---|---|---|---|"]
        lines += [
            f"| {q['speaker'] or '?'} | {q['actor'] or ''} | {q['text'][:90]} | {q['span'][0]}-{q['span'][1]} |"
            for q in ev["quotes"]
        ]
    if ev["events"]:
        lines += ["", "| event | actors | summary |", "|---|---|---|"]
        lines += [f"| {e['kind']} | {', '.join(e['actors'])} | {e['summary'][:100]} |" for e in ev["events"]]
    if ev["stances"]:
        lines += ["", "| actor | issue | direction | position | confidence |", "|---|---|---|---:|---:|"]
        lines += [
            f"| {s['actor']} | {s['issue']} | {s['direction']} | {'' if s['position'] is None else s['position']} "
            f"| {s['confidence']} |"
            for s in ev["stances"]
        ]
    if ev["flags"]:
        lines += ["", "**Flags:**"] + [
            f"- {f['kind']}: {f['detail']} (chars {f['span'][0]}-{f['span'][1]})" for f in ev["flags"]
        ]
    return "\n".join(lines) + "\n"


def _table(ev: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{ev['article']}[/bold] ({ev['date'] or 'undated'}): actors "
        + ", ".join(f"{a['id']}({a['mentions']})" for a in ev["actors"])
    )
    if ev["quotes"]:
        t = Table("speaker", "actor", "quote", title="quotes")
        for q in ev["quotes"]:
            t.add_row(q["speaker"] or "?", q["actor"] or "", q["text"][:80])
        console.print(t)
    if ev["events"] or ev["stances"]:
        t = Table("what", "actors", "detail", title="events and stances")
        for e in ev["events"]:
            t.add_row(e["kind"], ", ".join(e["actors"]), e["summary"][:80])
        for s in ev["stances"]:
            t.add_row(
                f"stance: {s['direction']}",
                s["actor"],
                f"{s['issue']} position={s['position']} confidence={s['confidence']}",
            )
        console.print(t)
    for f in ev["flags"]:
        console.print(f"[yellow]flag {f['kind']}[/yellow]: {f['detail']}")


def read_command(
    articles: Annotated[list[Path], typer.Argument(help="articles: plain text, Markdown or saved HTML")],
    date: Annotated[str | None, typer.Option(help="the articles' date (YYYY-MM-DD) if the text has none")] = None,
    format: Annotated[str, typer.Option("--format", help="json|md|table")] = "json",
    max_bytes: Annotated[int, typer.Option(help="refuse larger files")] = 1_000_000,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="sentence embeddings for what the rules leave unlabelled (default: use if installed)",
        ),
    ] = None,
    use_nlp: Annotated[
        bool | None,
        typer.Option(
            "--nlp/--no-nlp",
            help="dependency parse (spaCy, extra 'nlp') where the rules miss (default: use if installed)",
        ),
    ] = None,
    use_rank: Annotated[
        bool,
        typer.Option(
            "--rank/--no-rank",
            help="the trained stance and event rankers (--no-rank: the rules' stances and events as they are)",
        ),
    ] = True,
) -> None:
    """Read news articles: actors, people, quotes, events, stances and reliability flags."""
    import datetime as dt

    from foedus.evidence import embed, nlp, rank

    embed.configure(embeddings)
    nlp.configure(use_nlp)
    rank.configure(use_rank)

    from foedus.evidence.extract import read_text
    from foedus.evidence.loader import load_article

    if format not in ("json", "md", "table"):
        raise InputError(f"unknown format {format!r}", Location(field="--format"), "json, md or table")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"not a date: {date!r}", Location(field="--date"), "YYYY-MM-DD") from None
    results = []
    for path in articles:
        art = load_article(path, max_bytes)
        for w in art.warnings or []:
            sys.stderr.write(f"warning: {w}\n")
        results.append(read_text(art.text, art.name, date, art.meta_date))
    if format == "json":
        typer.echo(json.dumps(results[0] if len(results) == 1 else results, indent=1, ensure_ascii=False))
    elif format == "md":
        typer.echo("\n".join(_md(r) for r in results))
    else:
        for r in results:
            _table(r)


def apply_command(
    evidence: Annotated[Path, typer.Argument(help="evidence JSON written by `foedus read --format json`")],
    to: Annotated[str, typer.Option("--to", help="scenario or negotiation: a file or a library id")],
    yes: Annotated[bool, typer.Option("--yes", help="write the changes (otherwise only show them)")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            help="file to write (default: a new file for library targets, the file itself for your own files)"
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table|json|md")] = "table",
    min_confidence: Annotated[
        float,
        typer.Option(
            help="stances, incidents and deployments below this confidence change nothing (listed as skipped)"
        ),
    ] = 0.5,
) -> None:
    """Propose the changes that evidence implies for a scenario or negotiation; write them with --yes."""
    from foedus.evidence.apply import load_evidence, plan_changes, write

    if format not in ("json", "md", "table"):
        raise InputError(f"unknown format {format!r}", Location(field="--format"), "json, md or table")
    plan = plan_changes(load_evidence(evidence), to, out, min_confidence)
    if format == "json":
        data = plan.to_json()
        data["diff"] = plan.diff()
        data["written"] = False
        if yes and plan.applicable:
            write(plan)
            data["written"] = True
        typer.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    lines = [f"{len(plan.applicable)} change(s) proposed for {plan.kind} {plan.target}:"]
    for c in plan.changes:
        src = f"[{c.article} {c.span[0]}-{c.span[1]}]"
        if c.op == "skip":
            lines.append(f"  - skipped {c.target}: {c.reason} {src}")
        else:
            lines.append(f"  + {c.op} {c.target}: {c.before} -> {c.after} {src}")
    typer.echo("\n".join(lines))
    if plan.applicable:
        typer.echo(("```diff\n" + plan.diff() + "```") if format == "md" else plan.diff())
    if not plan.applicable:
        typer.echo("nothing to apply")
    elif yes:
        written = write(plan)
        typer.echo(f"written: {written}")
    else:
        typer.echo(f"nothing written; run again with --yes to write {plan.out}")


def register(app: typer.Typer) -> None:
    app.command("read")(read_command)
    app.command("apply")(apply_command)
