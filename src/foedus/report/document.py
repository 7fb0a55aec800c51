"""The scenario report written by `make demo`: Markdown + HTML + PNG map, from engine results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foedus import __version__
from foedus.engine.coverage import coverage
from foedus.engine.diff import coverage_diff, findings_diff
from foedus.engine.evaluator import evaluate
from foedus.engine.world import World, assemble
from foedus.model.incident import Incident
from foedus.report.render import coverage_md, diff_md

#: scenario pairs compared in the report when both exist in the library
COMPARISONS = (("europe-2025", "art5-carveout-2025"), ("europe-2025", "nato-without-us"),
               ("europe-2025", "ukraine-guarantee-2025"))


@dataclass
class CaseRow:
    date: dt.date
    title: str
    invoked: list[str]
    findings: list


def _probe_incidents(day: dt.date) -> list[Incident]:
    """Reference incidents for comparisons: the cases the side deals are about."""
    base: dict[str, Any] = dict(date=day, by="RUS", attribution=0.9, where="territory",
                                casualties=0, confidence="hypothetical")
    probes: list[dict[str, Any]] = [
        dict(id="probe-ground-incursion-EST", kind="ground-incursion", target="EST", region="EST",
             severity=1),
        dict(id="probe-cyberattack-LTU", kind="cyberattack", target="LTU", region="LTU",
             severity=2, determinations={"nato": "affirmed"}),
        dict(id="probe-armed-attack-POL", kind="armed-attack", target="POL", region="POL",
             severity=5, casualties=500),
        dict(id="probe-armed-attack-UKR", kind="armed-attack", target="UKR", region="UKR",
             severity=5, sustained=True, casualties=500),
    ]
    return [Incident.model_validate({**base, **probe}) for probe in probes]


def _cases(world: World) -> list[CaseRow]:
    rows = []
    library = world.library
    for ident in library.incident_ids():
        incident = library.incident(ident).value
        result = evaluate(world, incident)
        applying = [f for f in result.findings if f.status in ("applies", "excluded", "voided")]
        rows.append(CaseRow(incident.date, incident.title or incident.id, incident.invoked, applying))
    rows.sort(key=lambda r: r.date)
    return rows


def write_report(scenario: str | Path, out: Path, attacker: str = "RUS") -> list[Path]:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markdown_it import MarkdownIt

    from foedus.report.maps import PROTECTION_SCALE, europe_map_png, europe_map_svg

    world = assemble(scenario)
    out.mkdir(parents=True, exist_ok=True)
    rows = coverage(world, world.as_of, attacker=attacker)
    values: dict[str, float | None] = {r.country: float(r.strength) for r in rows}
    values[attacker] = None  # the attacker's own protection is not the question here
    labels = {
        r.country: f"strength {r.strength}: "
        + (", ".join(sorted({p.instrument for p in r.protections})) or "no commitment")
        for r in rows
    }
    labels[attacker] = "the attacker"
    title = f"foedus: {world.scenario.title}"
    map_title = f"Protection against an armed attack by {attacker} ({attacker} itself grey), {world.as_of}"
    png = europe_map_png(values, out / "map.png", title=map_title, scale=PROTECTION_SCALE)
    svg = europe_map_svg(values, title=map_title, scale=PROTECTION_SCALE, labels=labels)
    cases = _cases(world)

    comparisons = []
    md_comparisons = []
    available = set(world.library.scenario_ids())
    for a, b in COMPARISONS:
        if world.id != a or b not in available:
            continue
        wb = assemble(b, world.library)
        probes = _probe_incidents(wb.as_of)
        text = diff_md(coverage_diff(world, wb, wb.as_of), findings_diff(world, wb, probes), a, b)
        text += "\n" + "\n".join(f"- assumption in `{b}`: {x}" for x in wb.assumptions) + "\n"
        md_comparisons.append(text.replace("# `", "## `", 1))
        comparisons.append({"a": a, "b": b, "html": MarkdownIt("commonmark").enable("table").render(
            text.split("\n", 1)[1])})

    by_name = sorted(rows, key=lambda r: r.name)
    env = Environment(loader=PackageLoader("foedus.report"), autoescape=select_autoescape())
    html = env.get_template("report.html.j2").render(
        title=title, world=world, version=__version__, svg=svg, coverage=by_name, cases=cases,
        instruments=[i.instrument for i in world.instruments.values()], attacker=attacker,
        comparisons=comparisons,
    )
    html_path = out / "report.html"
    html_path.write_text(html, encoding="utf-8")

    md = [f"# {title}", "", f"Scenario `{world.id}` as of {world.as_of}.", ""]
    md += [f"> Assumption: {a}" for a in world.assumptions]
    md += ["", f"## Protection against an armed attack by {attacker}", "",
           "Strength is the strongest obligation the texts create (0 none ... 5 automatic military "
           "assistance), not the likelihood that obligors act (see `foedus deter`).", "",
           "![map](map.png)", "",
           coverage_md(by_name), "## Historical cases", "",
           "| date | incident | invoked | findings that apply |", "|---|---|---|---|"]
    for case in cases:
        found = "; ".join(f"{f.instrument}.{f.clause} {f.status} ({f.probability:.2f})"
                          for f in case.findings) or "none"
        md.append(f"| {case.date} | {case.title} | {', '.join(case.invoked) or 'nothing'} | {found} |")
    md += ["", *md_comparisons]
    md_path = out / "report.md"
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return [md_path, html_path, png]
