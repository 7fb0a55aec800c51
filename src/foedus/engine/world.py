"""Assemble a scenario into a World: follow `extends`, load and compile instruments, apply amendments.

A World is what the engine evaluates incidents against. Assembly fails whole or not at all: a
circular extension, an unknown instrument or clause in an amendment, or a bad condition is reported
with the file and line that caused it.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from foedus.engine.compiled import (
    CompiledClause,
    CompiledException,
    CompiledInstrument,
    CompiledObligation,
    compile_instrument,
)
from foedus.errors import InputError, ScenarioError
from foedus.model.incident import Incident
from foedus.model.instrument import Clause, Instrument
from foedus.model.library import Library, Loaded, load_document, resolve_reference
from foedus.model.scenario import (
    AddClause,
    AddException,
    AddInstrument,
    AddObligation,
    AddObligationException,
    AddParty,
    Amendment,
    ChangeClause,
    RemoveInstrument,
    Scenario,
    WithdrawParty,
)
from foedus.model.tables import Deployment
from foedus.model.validation import validate
from foedus.model.yamlio import Positions
from foedus.rules.types import FIELDS, OBLIGOR_FIELDS

DEFAULT_SCENARIO = "europe-2025"


@dataclass
class World:
    """A scenario, assembled: what the engine evaluates incidents against."""

    scenario: Scenario
    file: str
    chain: list[str]
    instruments: dict[str, CompiledInstrument]
    amendments: list[Amendment]
    deployments: list[Deployment]
    history: list[Incident]
    library: Library
    assumptions: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def as_of(self) -> dt.date:
        return self.scenario.as_of


def _load_scenario(ref: str, library: Library, base: str | None = None) -> Loaded[Scenario]:
    path = resolve_reference(ref, base)
    if path is not None:
        return load_document(path, Scenario)
    return library.scenario(ref)


def _chain(ref: str, library: Library) -> list[Loaded[Scenario]]:
    """The scenario and its ancestors, root first; a cycle is an error at the `extends` line."""
    chain: list[Loaded[Scenario]] = []
    seen: list[str] = []
    current: str | None = ref
    base: str | None = None
    while current is not None:
        try:
            loaded = _load_scenario(current, library, base)
        except ScenarioError as exc:
            if chain:
                raise exc.at(**vars(chain[-1].positions.locate(("extends",)))) from None
            raise
        ident = loaded.value.id
        if ident in seen:
            cycle = " -> ".join([*seen, ident])
            raise ScenarioError(
                f"circular scenario extension: {cycle}",
                chain[-1].positions.locate(("extends",)) if chain else loaded.positions.locate(()),
                "a scenario may not extend itself, directly or through others",
            )
        seen.append(ident)
        chain.append(loaded)
        current = loaded.value.extends
        base = loaded.file
    return list(reversed(chain))


def _load_instrument(ref: str, library: Library, base: str | None = None) -> Loaded[Instrument]:
    path = resolve_reference(ref, base)
    return load_document(path, Instrument) if path is not None else library.instrument(ref)


def _load_amendment(ref: str | Amendment, library: Library, owner: Loaded[Scenario], index: int
                    ) -> Loaded[Amendment]:
    if isinstance(ref, Amendment):
        return Loaded(ref, owner.positions.sub(("amendments", index)))
    path = resolve_reference(ref, owner.file)
    return load_document(path, Amendment) if path is not None else library.amendment(ref)


def assemble(ref: str | Path = DEFAULT_SCENARIO, library: Library | None = None) -> World:
    """Build the World for a scenario id (in the library) or a scenario file."""
    library = library or Library()
    chain = _chain(str(ref), library)
    leaf = chain[-1]

    instrument_refs: list[tuple[str, Loaded[Scenario], int]] = []
    history: list[Incident] = []
    deployments_all = False
    deployment_ids: list[str] = []
    loaded_amendments: list[Loaded[Amendment]] = []
    for loaded in chain:
        sc = loaded.value
        for i, ref_i in enumerate(sc.instruments):
            if ref_i not in [r for r, _, _ in instrument_refs]:
                instrument_refs.append((ref_i, loaded, i))
        for i, am in enumerate(sc.amendments):
            loaded_amendments.append(_load_amendment(am, library, loaded, i))
        for i, inc in enumerate(sc.history):
            if isinstance(inc, Incident):
                history.append(inc)
            else:
                try:
                    history.append(library.incident(inc).value)
                except ScenarioError as exc:
                    raise exc.at(**vars(loaded.positions.locate(("history", i)))) from None
        if sc.deployments == "all":
            deployments_all = True
        else:
            deployment_ids += [d for d in sc.deployments if d not in deployment_ids]

    instruments: dict[str, CompiledInstrument] = {}
    for ref_i, owner, i in instrument_refs:
        try:
            loaded_inst = _load_instrument(ref_i, library, owner.file)
        except ScenarioError as exc:
            raise exc.at(**vars(owner.positions.locate(("instruments", i)))) from None
        instruments[loaded_inst.value.id] = compile_instrument(
            loaded_inst.value, loaded_inst.positions, library.memberships
        )

    assumptions: list[str] = []
    for loaded_am in loaded_amendments:
        _apply(loaded_am, instruments, library, assumptions)

    for inst in instruments.values():
        if inst.instrument.hypothetical and inst.added_from is None:
            assumptions.append(
                f"{inst.id} is {inst.instrument.status}"
                + ("" if inst.instrument.verified else ", unverified")
                + ": evaluated as if in force (scenario assumption)"
            )

    deployments = list(library.deployments) if deployments_all else []
    if deployment_ids:
        known = {d.id: d for d in [*library.deployments, *library.hypothetical_deployments]}
        missing = [d for d in deployment_ids if d not in known]
        if missing:
            raise ScenarioError(f"unknown deployment(s): {', '.join(missing)}",
                                leaf.positions.locate(("deployments",)),
                                f"known: {', '.join(known)}")
        deployments += [known[d] for d in deployment_ids if known[d] not in deployments]
        assumptions += [f"hypothetical deployment {d.id}: {d.name or d.id}"
                        for d in library.hypothetical_deployments if d.id in deployment_ids]

    return World(
        scenario=leaf.value,
        file=leaf.file,
        chain=[c.value.id for c in chain],
        instruments=instruments,
        amendments=[a.value for a in loaded_amendments],
        deployments=deployments,
        history=history,
        library=library,
        assumptions=assumptions,
    )


def _apply(am: Loaded[Amendment], instruments: dict[str, CompiledInstrument], library: Library,
           assumptions: list[str]) -> None:
    """Apply one amendment's changes, each from the amendment's date."""
    amendment = am.value
    day = amendment.date
    label = f"{amendment.id} ({amendment.status}{'' if amendment.verified else ', unverified'})"
    if amendment.status in ("rumoured", "hypothetical") or not amendment.verified:
        assumptions.append(f"amendment {label}: {amendment.title}")

    def locate(i: int, key: str):
        return am.positions.locate(("changes", i, key))

    def instrument(ident: str, i: int, key: str) -> CompiledInstrument:
        if ident not in instruments:
            raise ScenarioError(
                f"amendment {amendment.id!r} changes instrument {ident!r}, which is not in the scenario",
                locate(i, key), f"instruments here: {', '.join(instruments) or 'none'}",
            )
        return instruments[ident]

    def clause(ident: str, i: int, key: str) -> tuple[CompiledInstrument, str]:
        inst_id, clause_id = ident.split(".")[:2]
        inst = instrument(inst_id, i, key)
        if clause_id not in inst.clauses:
            raise ScenarioError(
                f"amendment {amendment.id!r} names clause {clause_id!r}, which {inst_id!r} does not have",
                locate(i, key), f"clauses of {inst_id}: {', '.join(inst.clauses)}",
            )
        return inst, clause_id

    for i, change in enumerate(amendment.changes):
        path = ("changes", i)
        if isinstance(change, AddException):
            inst, cid = clause(change.target, i, "target")
            rule = CompiledException.build(change.exception, am.positions, (*path, "exception"),
                                           FIELDS, day, amendment.id)
            for version in inst.clauses[cid]:
                version.exceptions.append(rule)
        elif isinstance(change, AddObligationException):
            inst, cid = clause(change.target, i, "target")
            ob_id = change.target.split(".")[2]
            rule = CompiledException.build(change.exception, am.positions, (*path, "exception"),
                                           {**FIELDS, **OBLIGOR_FIELDS}, day, amendment.id)
            found = False
            for version in inst.clauses[cid]:
                for ob in version.obligations:
                    if ob.obligation.id == ob_id:
                        ob.exceptions.append(rule)
                        found = True
            if not found:
                raise ScenarioError(
                    f"amendment {amendment.id!r} names obligation {ob_id!r}, which "
                    f"{change.target.rsplit('.', 1)[0]} does not have",
                    locate(i, "target"),
                )
        elif isinstance(change, ChangeClause):
            inst, cid = clause(change.target, i, "target")
            base = inst.clauses[cid][-1]
            if any(v.active_from == day for v in inst.clauses[cid][1:]):
                raise ScenarioError(
                    f"two amendments change {change.target} from the same date {day}: "
                    "which one holds is undecidable",
                    locate(i, "target"), "give the amendments different dates or merge them",
                )
            data = base.clause.model_dump(by_alias=True)
            unknown = set(change.set) - set(data)
            if unknown:
                raise InputError(f"unknown clause field(s): {', '.join(sorted(unknown))}",
                                 locate(i, "set"), "fields of a clause: " + ", ".join(data))
            data.update(change.set)
            new_clause = validate(Clause, data, am.positions, (*path, "set"))
            sub = Positions(am.positions.file, {
                k[len(path) + 1:]: v for k, v in am.positions.spots.items()
                if k[: len(path) + 1] == (*path, "set")
            })
            version = CompiledClause.build(new_clause, sub, (), day, amendment.id)
            version.exceptions += [e for e in base.exceptions if e.origin is not None]
            inst.clauses[cid].append(version)
            inst.clauses[cid].sort(key=lambda v: v.active_from or dt.date.min)
        elif isinstance(change, AddClause):
            inst = instrument(change.instrument, i, "instrument")
            if change.clause.id in inst.clauses:
                raise ScenarioError(f"{change.instrument} already has a clause {change.clause.id!r}",
                                    locate(i, "clause"))
            inst.clauses[change.clause.id] = [
                CompiledClause.build(change.clause, am.positions, (*path, "clause"), day, amendment.id)
            ]
        elif isinstance(change, AddObligation):
            inst, cid = clause(change.target, i, "target")
            for version in inst.clauses[cid]:
                version.obligations.append(CompiledObligation(copy.copy(change.obligation), []))
        elif isinstance(change, AddParty):
            inst = instrument(change.instrument, i, "instrument")
            inst.explicit.setdefault(change.actor, []).append((change.date or day, None))
        elif isinstance(change, WithdrawParty):
            inst = instrument(change.instrument, i, "instrument")
            when = change.date or day
            if not any(True for _ in inst.party_intervals(change.actor)):
                raise ScenarioError(
                    f"{change.actor} is never a party to {change.instrument}, so cannot withdraw",
                    locate(i, "actor"),
                )
            inst.withdrawals[change.actor] = when
        elif isinstance(change, AddInstrument):
            if isinstance(change.instrument, Instrument):
                loaded_inst = Loaded(change.instrument, am.positions.sub((*path, "instrument")))
            else:
                try:
                    loaded_inst = _load_instrument(change.instrument, library, am.file)
                except ScenarioError as exc:
                    raise exc.at(**vars(locate(i, "instrument"))) from None
            compiled = compile_instrument(loaded_inst.value, loaded_inst.positions,
                                          library.memberships)
            compiled.added_from = day
            instruments[compiled.id] = compiled
        elif isinstance(change, RemoveInstrument):
            inst = instrument(change.instrument, i, "instrument")
            inst.instrument = inst.instrument.model_copy(update={"expires": day})
        else:  # pragma: no cover - the discriminated union admits nothing else
            raise ScenarioError(f"unsupported change {change!r}", locate(i, "op"))
        target_id = getattr(change, "instrument", None) or getattr(change, "target", "").split(".")[0]
        if isinstance(target_id, Instrument):
            target_id = target_id.id
        if target_id in instruments:
            instruments[target_id].origins.append(label)
