"""`foedus explain`: a clause with its text, source, conditions, exceptions and scenarios."""

from __future__ import annotations

from typing import Any

from foedus.engine.compiled import CompiledException, compile_instrument
from foedus.engine.evaluator import cite
from foedus.errors import ScenarioError
from foedus.model.library import Library
from foedus.rules.pretty import outline


def _exception_lines(exc: CompiledException, depth: int) -> list[str]:
    pad = "  " * depth
    rule = exc.rule
    lines = [f"{pad}- **{rule.id}**" + (f": {rule.title}" if rule.title else "")
             + ("" if rule.verified else " (UNVERIFIED)")
             + (f" — effect {rule.effect}" + (f" → {rule.response}" if rule.response else "")
                if rule.effect != "exclude" else "")]
    lines += [f"{pad}  " + line for line in ["```", *outline(rule.when).splitlines(), "```"]]
    if rule.text:
        lines.append(f"{pad}  > " + " ".join(rule.text.split()))
    if rule.source:
        lines.append(f"{pad}  source: {cite(rule.source)}")
    for child in exc.children:
        lines.append(f"{pad}  exceptions to this exception:")
        lines += _exception_lines(child, depth + 2)
    return lines


def scenarios_including(library: Library, instrument_id: str) -> list[str]:
    from foedus.engine.world import assemble

    found = []
    for sid in library.scenario_ids():
        try:
            world = assemble(sid, library)
        except Exception:  # a broken scenario is reported by `foedus validate`, not here
            continue
        if instrument_id in world.instruments:
            found.append(sid)
    return found


def explain_clause(ref: str, library: Library | None = None) -> tuple[str, dict[str, Any]]:
    library = library or Library()
    inst_id, _, clause_id = ref.partition(".")
    loaded = library.instrument(inst_id)
    inst = loaded.value
    compiled = compile_instrument(inst, loaded.positions, library.memberships)
    clause_ids = [clause_id] if clause_id else list(compiled.clauses)
    for cid in clause_ids:
        if cid not in compiled.clauses:
            raise ScenarioError(f"{inst_id} has no clause {cid!r}",
                                hint="clauses: " + ", ".join(compiled.clauses))
    scenarios = scenarios_including(library, inst_id)
    out = [f"# {inst.name} (`{inst.id}`)", "",
           f"{inst.kind}, {inst.status}, {inst.legal_force}"
           + ("" if inst.verified else ", UNVERIFIED")
           + (f"; signed {inst.signed}" if inst.signed else "")
           + (f"; in force {inst.in_force}" if inst.in_force else "")
           + (f"; expires {inst.expires}" if inst.expires else ""), ""]
    if inst.term:
        out += [f"Term: {' '.join(inst.term.split())}", ""]
    out += ["Sources:", ""] + [f"- {cite(s)}" for s in inst.sources] + [""]
    out += [f"Scenarios including it: {', '.join(scenarios) or 'none'}", ""]
    data: dict[str, Any] = {"instrument": inst.model_dump(mode="json", by_alias=True),
                            "scenarios": scenarios}
    for cid in clause_ids:
        cc = compiled.clauses[cid][0]
        clause = cc.clause
        out += [f"## {inst.id}.{clause.id}: {clause.title}", "", f"kind: {clause.kind}", ""]
        if clause.text:
            out += ["> " + " ".join(clause.text.split()), ""]
        if clause.source:
            out += [f"Source: {cite(clause.source)}" + (f" ({clause.confidence})" if clause.confidence else ""), ""]
        if clause.trigger:
            out += ["Applies when:", "", "```", outline(clause.trigger), "```", ""]
        else:
            out += ["A standing obligation: no incident triggers it.", ""]
        if clause.determination:
            out += [f"Needs a {clause.determination} collective determination for: "
                    f"{', '.join(clause.determination_kinds) or 'every kind'}.", ""]
        if cc.exceptions:
            out += ["Unless (exceptions):", ""]
            for exc in cc.exceptions:
                out += _exception_lines(exc, 0)
            out.append("")
        if clause.void_conditions:
            out += [f"Voided by: {', '.join(clause.void_conditions)}", ""]
        for ob in cc.obligations:
            o = ob.obligation
            who = o.obligors if isinstance(o.obligors, str) else ", ".join(o.obligors)
            when = f"within {o.deadline_hours:g} h" if o.deadline_hours is not None else o.timing
            out.append(f"- obligation **{o.id}**: {who} owe {o.beneficiary} {o.response} ({when})")
            for exc in ob.exceptions:
                out += _exception_lines(exc, 1)
        if clause.notes:
            out += ["", "Notes: " + " ".join(clause.notes.split())]
        out.append("")
    return "\n".join(out) + "\n", data
