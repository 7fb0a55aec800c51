"""Evaluate one incident against every relevant clause of a World, with a full trace.

The order of reasoning for a clause follows the law's: is the instrument in force on the date; was
the guarantee voided by an earlier event; does the trigger hold; is a collective determination
needed and made; does an exception (or an exception to it) apply. Obligations then say who owes what
to whom, with obligor-level exceptions (neutral states, carve-outs) applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from foedus.engine.compiled import CompiledClause, CompiledException, CompiledInstrument
from foedus.engine.findings import Evaluation, Finding, ObligationFinding, Step
from foedus.engine.world import World
from foedus.engine.worlds import WorldState, enumerate_worlds, reported
from foedus.errors import RuleConflictError
from foedus.model import codes
from foedus.model.incident import Incident
from foedus.model.instrument import Source
from foedus.model.vocabulary import strength


def cite(source: Source | None) -> str | None:
    if source is None:
        return None
    text = source.title
    if source.date:
        text += f", {source.date.isoformat()}"
    if source.url:
        text += f" <{source.url}>"
    return text


class IncidentEnv:
    """Answers the condition language's questions for one incident in one possible world."""

    def __init__(
        self,
        incident: Incident,
        state: WorldState,
        as_of: dt.date,
        instrument: CompiledInstrument,
        clause: CompiledClause | None,
        obligor: str | None = None,
    ) -> None:
        self.incident = incident
        self.state = state
        self.as_of = as_of
        self.instrument = instrument
        self.clause = clause
        self.obligor = obligor
        self.geography = codes.geography()

    def get(self, name: str) -> Any:
        inc = self.incident
        match name:
            case "incident.by":
                return inc.by if self.state.attributed else codes.UNKNOWN
            case "incident.attributed":
                return self.state.attributed
            case "incident.by_state":
                return self.state.attributed and codes.is_state(inc.by)
            case "incident.intentional" | "incident.sustained" | "incident.provoked":
                return getattr(self.state, name.split(".")[1])
            case "incident.determination":
                return inc.determinations.get(self.instrument.id, "none")
            case "incident.casualties" | "incident.severity":
                return float(getattr(inc, name.split(".")[1]))
            case "as_of":
                return self.as_of
            case "obligor":
                return self.obligor
            case _:
                return getattr(inc, name.split(".", 1)[1])

    def in_named(self, which: str, org: str | None, actor: str) -> bool:
        if which == "parties":
            return self.instrument.is_party(actor, self.as_of)
        if which == "beneficiaries":
            assert self.clause is not None
            ben = self.clause.clause.beneficiaries
            if ben == "parties":
                return self.instrument.is_party(actor, self.as_of)
            return actor in ben
        assert org is not None
        return self.instrument.memberships.is_member(org, actor, self.as_of)

    def within(self, place: str, places: frozenset[str]) -> bool:
        return self.geography.within(place, places)


def _steps(trace: list[tuple[str, object]], source: str | None, prefix: str = "") -> list[Step]:
    return [Step(prefix + text, value, source) for text, value in trace]


def exception_fires(
    exc: CompiledException, env: IncidentEnv, steps: list[Step] | None,
    fallback_source: str | None = None,
) -> bool:
    """An exception holds when its condition does and none of its own exceptions do.

    With `steps`, every sub-condition is traced under the exception's label, children included.
    """
    if not exc.active_on(env.as_of):
        return False
    source = cite(exc.rule.source) or fallback_source
    trace: list | None = [] if steps is not None else None
    holds = exc.condition.evaluate(env, trace)
    if steps is not None and trace is not None:
        steps += _steps(trace, source, f"[{exc.rule.id}] ")
    if holds:
        for child in exc.children:
            if exception_fires(child, env, steps, source):
                holds = False
    if steps is not None:
        label = f"exception {exc.rule.id}" + (f" (from amendment {exc.origin})" if exc.origin else "")
        steps.append(Step(label, holds, source))
    return holds


def clause_status(
    inst: CompiledInstrument, cc: CompiledClause, env: IncidentEnv, steps: list[Step] | None
) -> tuple[str, str | None]:
    """Status of a clause in one world (the instrument is known to be in force)."""
    clause = cc.clause
    src = cite(clause.source) or cite(inst.instrument.sources[0])
    if cc.trigger is None:
        if steps is not None:
            steps.append(Step("standing obligation: not triggered by incidents", False, src))
        return "not-applicable", None
    trace: list | None = [] if steps is not None else None
    triggered = cc.trigger.evaluate(env, trace)
    if steps is not None and trace is not None:
        steps += _steps(trace, src)
        steps.append(Step(f"trigger of {inst.id}.{clause.id}", triggered, src))
    if not triggered:
        return "not-applicable", None
    if cc.gate is not None:
        trace = [] if steps is not None else None
        gate = cc.gate.evaluate(env, trace)
        if steps is not None and trace is not None:
            why = (f"{clause.determination} determination by the collective body for "
                   f"{', '.join(clause.determination_kinds) or 'all kinds'}")
            steps += _steps(trace, src)
            steps.append(Step(why, gate, src))
        if not gate:
            return "not-applicable", None
    fired = [exc.rule.id for exc in cc.exceptions if exception_fires(exc, env, steps, src)]
    if fired:
        return "excluded", fired[0]
    return "applies", None


def _obligations(
    world: World, inst: CompiledInstrument, cc: CompiledClause, incident: Incident,
    state: WorldState, as_of: dt.date, steps: list[Step],
) -> tuple[list[ObligationFinding], list[ObligationFinding]]:
    owed: list[ObligationFinding] = []
    excluded: list[ObligationFinding] = []
    default_binding = inst.instrument.legal_force == "binding"
    for cob in cc.obligations:
        ob = cob.obligation
        beneficiary = incident.target if ob.beneficiary == "target" else ob.beneficiary
        if ob.obligors == "others":
            obligors = [a for a in inst.parties_on(as_of) if a != beneficiary]
        elif ob.obligors == "parties":
            obligors = inst.parties_on(as_of)
        else:
            obligors = list(ob.obligors)
        binding = ob.binding if ob.binding is not None else default_binding
        for obligor in obligors:
            env = IncidentEnv(incident, state, as_of, inst, cc, obligor)
            outcome: dict[tuple[str, str | None], str] = {}
            notes: list[str] = []
            for exc in cob.exceptions:
                if not exception_fires(exc, env, None):  # traced below only when it holds
                    continue
                steps.append(Step(f"[{exc.rule.id}] applies to obligor {obligor} "
                                  f"({ob.id}): {exc.condition.text}", True,
                                  cite(exc.rule.source)))
                if exc.rule.effect == "annotate":
                    notes.append(exc.rule.text or exc.rule.title or exc.rule.id)
                else:
                    outcome[(exc.rule.effect, exc.rule.response)] = exc.rule.id
            if len(outcome) > 1:
                names = ", ".join(sorted(outcome.values()))
                raise RuleConflictError(
                    f"exceptions {names} of {inst.id}.{cc.clause.id}.{ob.id} both apply to "
                    f"{obligor} for incident {incident.id} with different outcomes",
                    hint="add an exception to one of them so that at most one applies",
                )
            response: str = ob.response
            exception: str | None = None
            if outcome:
                (effect, new_response), exception = next(iter(outcome.items()))
                if effect == "replace" and new_response is not None:
                    response = new_response
            finding = ObligationFinding(
                obligor=obligor,
                beneficiary=beneficiary,
                response=response,
                deadline_hours=ob.deadline_hours,
                binding=binding,
                timing=ob.timing,
                strength=strength(response, binding),
                obligation=ob.id,
                text=ob.text,
                exception=exception,
                notes=notes,
            )
            if outcome and next(iter(outcome))[0] == "exclude":
                excluded.append(finding)
            else:
                owed.append(finding)
    return owed, excluded


def _in_force(inst: CompiledInstrument, as_of: dt.date, steps: list[Step]) -> bool:
    source = cite(inst.instrument.sources[0])
    start = inst.start
    ok = inst.in_force_on(as_of)
    span = f"from {start}" if start else "with no start date"
    if inst.instrument.expires:
        span += f" until {inst.instrument.expires}"
    steps.append(Step(f"{inst.id} in force on {as_of} ({span})", ok, source))
    if not ok:
        return False
    for term, condition in inst.terminations:
        trace: list = []
        env = IncidentEnv(_NO_INCIDENT, _CERTAIN, as_of, inst, None)
        ended = condition.evaluate(env, trace)
        steps += _steps(trace, cite(term.source) or source)
        steps.append(Step(f"terminated by {term.id}", ended, cite(term.source) or source))
        if ended:
            return False
    return True


_CERTAIN = WorldState(True, True, False, False, 1.0)
_NO_INCIDENT: Any = None  # termination conditions read only `as_of`


def void_probability(
    world: World, inst: CompiledInstrument, cc: CompiledClause, incident: Incident,
    prior: list[Incident], steps: list[Step] | None,
) -> tuple[float, str | None]:
    """Chance that an earlier event voided this clause's guarantee, and the void clause's id."""
    survive = 1.0
    named: str | None = None
    for void_id in cc.clause.void_conditions:
        for event in [*world.history, *prior]:
            if event.date > incident.date or event.id == incident.id:
                continue
            vc = inst.clause_on(void_id, event.date)
            if vc is None or not inst.in_force_on(event.date):
                continue
            status, _, p = assess(inst, vc, event, event.date, None)
            if steps is not None:
                steps.append(Step(f"void condition {void_id} met by {event.id} ({event.date})",
                                  status == "applies", cite(vc.clause.source)))
            if status == "applies" and named is None:
                named = void_id
            survive *= 1.0 - p
    return 1.0 - survive, named


def assess(
    inst: CompiledInstrument, cc: CompiledClause, incident: Incident, as_of: dt.date,
    steps: list[Step] | None,
) -> tuple[str, str | None, float]:
    """Status and exception in the reported world (traced), and P(applies) over all worlds."""
    status, exception = clause_status(
        inst, cc, IncidentEnv(incident, reported(incident), as_of, inst, cc), steps)
    probability = sum(
        state.weight
        for state in enumerate_worlds(incident)
        if clause_status(inst, cc, IncidentEnv(incident, state, as_of, inst, cc), None)[0]
        == "applies"
    )
    return status, exception, probability


def relevant(inst: CompiledInstrument, incident: Incident) -> bool:
    """Instruments whose parties or beneficiaries include the target or the attacker."""
    actors = {incident.target, incident.by}
    if actors & inst.all_parties():
        return True
    return any(
        isinstance(c.clause.beneficiaries, list) and actors & set(c.clause.beneficiaries)
        for versions in inst.clauses.values()
        for c in versions
    )


def evaluate_clause(
    world: World, inst: CompiledInstrument, clause_id: str, incident: Incident,
    as_of: dt.date, prior: list[Incident] = (),  # type: ignore[assignment]
) -> Finding:
    steps: list[Step] = []
    cc = inst.clause_on(clause_id, as_of) or inst.clauses[clause_id][0]
    clause = cc.clause
    assumptions = list(inst.origins)
    if inst.instrument.hypothetical:
        assumptions.append(f"{inst.id} is {inst.instrument.status}"
                           + ("" if inst.instrument.verified else " and unverified"))
    if cc.origin:
        assumptions.append(f"clause version from amendment {cc.origin}")
    status, exception, void_id, probability = "not-applicable", None, None, 0.0
    state = reported(incident)
    if _in_force(inst, as_of, steps) and inst.clause_on(clause_id, as_of) is not None:
        status, exception, probability = assess(inst, cc, incident, as_of, steps)
        if cc.clause.void_conditions:
            p_void, void_id = void_probability(world, inst, cc, incident, list(prior), steps)
            probability *= 1.0 - p_void
            if void_id is not None and status == "applies":
                status = "voided"
                steps.append(Step(f"guarantee voided by {void_id}", True, cite(clause.source)))
    owed: list[ObligationFinding] = []
    excluded: list[ObligationFinding] = []
    if status == "applies":
        owed, excluded = _obligations(world, inst, cc, incident, state, as_of, steps)
    return Finding(
        instrument=inst.id,
        clause=clause.id,
        title=clause.title,
        kind=clause.kind,
        status=status,
        probability=probability,
        exception=exception,
        void_condition=void_id if status == "voided" else None,
        obligations=owed,
        excluded_obligations=excluded,
        trace=steps,
        text=clause.text,
        source=cite(clause.source) or cite(inst.instrument.sources[0]),
        hypothetical=inst.instrument.hypothetical,
        assumptions=assumptions,
    )


def notes_for(world: World, incident: Incident) -> list[str]:
    notes: list[str] = []
    have = {row.actor for row in world.library.capabilities}
    for role, actor in (("target", incident.target), ("by", incident.by)):
        if codes.is_state(actor) and actor not in have:
            notes.append(f"no capability figures for {actor} ({role}) in the library")
        if codes.is_state(actor) and actor not in world.library.actors:
            notes.append(f"{actor} ({role}) is a valid ISO 3166-1 code but not in the actor table")
    if incident.confidence in ("unverified", "hypothetical"):
        notes.append(f"the incident itself is {incident.confidence}")
    return notes


def evaluate(
    world: World, incident: Incident, as_of: dt.date | None = None,
    prior: list[Incident] | None = None,
) -> Evaluation:
    """Evaluate `incident` against every relevant clause of `world` on `as_of` (default: its date)."""
    day = as_of or incident.date
    findings = [
        evaluate_clause(world, inst, clause_id, incident, day, prior or [])
        for inst in world.instruments.values()
        if relevant(inst, incident)
        for clause_id in inst.clause_ids()
    ]
    return Evaluation(
        incident=incident.id,
        as_of=day,
        scenario=world.id,
        findings=findings,
        notes=notes_for(world, incident),
        assumptions=list(world.assumptions),
    )
