"""Render evaluations, coverage and diffs as Markdown and as rich terminal tables.

JSON is produced by the `to_json()` methods of the result types; this module is for people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from foedus.engine.coverage import CountryCoverage, Protection
from foedus.engine.diff import CoverageChange, FindingChange
from foedus.engine.findings import Evaluation, Finding, ObligationFinding

MARK = {True: "✔", False: "✘"}
_ORDER = {"applies": 0, "excluded": 1, "voided": 2, "not-applicable": 3}


def by_relevance(findings: list[Finding]) -> list[Finding]:
    """Findings that apply (or were excluded or voided) first; scenario order otherwise."""
    return sorted(findings, key=lambda f: _ORDER[f.status])


def _value(value: object) -> str:
    return MARK[value] if isinstance(value, bool) else str(value)


def group_obligations(obligations: Iterable[ObligationFinding]) -> list[str]:
    """One line per distinct (obligation, response, deadline, binding), listing the obligors."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for ob in obligations:
        key = (ob.obligation, ob.response, ob.beneficiary, ob.deadline_hours, ob.timing,
               ob.binding, ob.exception, tuple(ob.notes))
        groups[key].append(ob.obligor)
    lines = []
    for (name, response, beneficiary, deadline, timing, binding, exception, notes), who in groups.items():
        when = (f"within {deadline:g} h" if deadline is not None
                else "no deadline" if timing == "none" else timing)
        bind = "binding" if binding else "political"
        text = (f"{', '.join(sorted(who))} → {beneficiary}: {response} ({when}, {bind}) "
                f"[{name}]")
        if exception:
            text += f" — exception {exception}"
        for note in notes:
            text += f" — note: {' '.join(note.split())}"
        lines.append(text)
    return lines


def _status_line(f: Finding) -> str:
    text = f"{f.status} (p = {f.probability:.2f})"
    if f.exception:
        text += f", exception: {f.exception}"
    if f.void_condition:
        text += f", voided by: {f.void_condition}"
    if f.invocation_probability is not None:
        text += f", invocation p = {f.invocation_probability:.2f}"
    return text


def evaluation_md(ev: Evaluation, *, trace: bool = True) -> str:
    out = [f"# Findings for `{ev.incident}`", "",
           f"- scenario: `{ev.scenario}`", f"- as of: {ev.as_of.isoformat()}"]
    out += [f"- note: {n}" for n in ev.notes]
    out += [f"- assumption: {a}" for a in ev.assumptions]
    out.append("")
    out += ["| instrument | clause | status | p | exception / void | obligations |",
            "|---|---|---|---|---|---|"]
    for f in by_relevance(ev.findings):
        count = len({o.obligor for o in f.obligations})
        extra = f.exception or f.void_condition or ""
        out.append(f"| {f.instrument} | {f.clause} | {f.status} | {f.probability:.2f} | "
                   f"{extra} | {count} obligor{'s' if count != 1 else ''} |")
    for f in by_relevance(ev.findings):
        out += ["", f"## {f.instrument}.{f.clause}: {f.title}", "", f"**{_status_line(f)}**", ""]
        if f.hypothetical or f.assumptions:
            out += [f"> assumption: {a}" for a in f.assumptions] + [""]
        if f.text:
            out += ["> " + " ".join(f.text.split()), ""]
        if f.source:
            out += [f"Source: {f.source}", ""]
        if f.obligations:
            out += ["Obligations:", ""] + [f"- {line}" for line in group_obligations(f.obligations)]
            out.append("")
        if f.excluded_obligations:
            out += ["Excluded obligations:", ""]
            out += [f"- {line}" for line in group_obligations(f.excluded_obligations)]
            out.append("")
        if trace:
            out += ["Reasoning:", ""]
            out += [f"- {_value(s.value)} `{s.condition}`" for s in f.trace]
    return "\n".join(out) + "\n"


def evaluation_rich(ev: Evaluation, console) -> None:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    head = f"[bold]{escape(ev.incident)}[/]  scenario [cyan]{ev.scenario}[/]  as of {ev.as_of}"
    console.print(head)
    for note in ev.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    for a in ev.assumptions:
        console.print(f"[magenta]assumption:[/] {escape(a)}")
    summary = Table(show_lines=False)
    for column in ("instrument", "clause", "status", "p", "exception / void", "obligors"):
        summary.add_column(column)
    colour = {"applies": "green", "excluded": "yellow", "voided": "red", "not-applicable": "dim"}
    for f in by_relevance(ev.findings):
        summary.add_row(f.instrument, f.clause, f"[{colour[f.status]}]{f.status}[/]",
                        f"{f.probability:.2f}", f.exception or f.void_condition or "",
                        str(len({o.obligor for o in f.obligations})))
    console.print(summary)
    for f in by_relevance(ev.findings):
        body = []
        if f.text:
            body.append(f"[italic]“{escape(' '.join(f.text.split()))}”[/]")
        if f.source:
            body.append(f"[dim]source: {escape(f.source)}[/]")
        body += [f"[magenta]assumption:[/] {escape(a)}" for a in f.assumptions]
        body += [f"[green]owed:[/] {escape(line)}" for line in group_obligations(f.obligations)]
        body += [f"[yellow]excluded:[/] {escape(line)}"
                 for line in group_obligations(f.excluded_obligations)]
        body += [f"  {_value(s.value)} {escape(s.condition)}" for s in f.trace]
        title = f"{f.instrument}.{f.clause} — {escape(f.title)} — {_status_line(f)}"
        console.print(Panel("\n".join(body), title=title, title_align="left",
                            border_style=colour[f.status]))


def coverage_md(rows: list[CountryCoverage]) -> str:
    out = ["| country | strength | protections |", "|---|---|---|"]
    for row in rows:
        prot = "; ".join(
            f"{p.instrument}.{p.clause}: {p.response} from {len(p.obligors)} "
            f"({', '.join(p.obligors[:6])}{', …' if len(p.obligors) > 6 else ''})"
            + (" [hypothetical]" if p.hypothetical else "")
            for p in row.protections
        ) or "none"
        out.append(f"| {row.name} ({row.country}) | {row.strength} | {prot} |")
    return "\n".join(out) + "\n"


def coverage_rich(rows: list[CountryCoverage], console) -> None:
    from rich.table import Table

    table = Table(show_lines=True)
    for column in ("country", "strength", "instrument", "response", "obligors"):
        table.add_column(column)
    for row in rows:
        first = True
        rows_of: list[Protection | None] = list(row.protections) or [None]
        for p in rows_of:
            table.add_row(
                f"{row.name} ({row.country})" if first else "",
                str(row.strength) if first else "",
                f"{p.instrument}.{p.clause}" if p else "—",
                (p.response + ("" if p.binding else " (political)")) if p else "",
                (f"{len(p.obligors)}: {', '.join(p.obligors[:8])}"
                 f"{'…' if len(p.obligors) > 8 else ''}") if p else "",
            )
            first = False
    console.print(table)


def diff_md(coverage_changes: list[CoverageChange], finding_changes: list[FindingChange],
            a: str, b: str) -> str:
    out = [f"# `{a}` → `{b}`", "", "## Coverage", ""]
    if not coverage_changes:
        out.append("No change in coverage.")
    else:
        out += ["| country | strength | lost | gained |", "|---|---|---|---|"]
        for c in coverage_changes:
            out.append(f"| {c.country} | {c.before} → {c.after} | {'; '.join(c.lost) or '—'} | "
                       f"{'; '.join(c.gained) or '—'} |")
    out += ["", "## Findings", ""]
    if not finding_changes:
        out.append("No change in findings" + (" for the incidents given." if True else "."))
    else:
        out += ["| incident | clause | status | p | obligors lost | excluded after |",
                "|---|---|---|---|---|---|"]
        for f in finding_changes:
            pb = "—" if f.probability_before is None else f"{f.probability_before:.2f}"
            pa = "—" if f.probability_after is None else f"{f.probability_after:.2f}"
            out.append(
                f"| {f.incident} | {f.instrument}.{f.clause} | {f.status_before} → "
                f"{f.status_after} | {pb} → {pa} | {', '.join(f.obligors_lost) or '—'} | "
                f"{', '.join(f.excluded_after) or '—'} |"
            )
    return "\n".join(out) + "\n"
