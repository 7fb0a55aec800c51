"""Instruments with their conditions compiled, party intervals resolved and amendments applied.

Amendments are dated: an exception, clause version or party change they add carries the date from
which it holds, so one compiled scenario answers for any as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from foedus.errors import FoedusError, InputError
from foedus.model.instrument import Clause, ExceptionRule, Instrument, Obligation, Termination
from foedus.model.tables import Memberships
from foedus.model.yamlio import Positions
from foedus.rules.compiler import Condition, compile_condition
from foedus.rules.types import DATE_ONLY_FIELDS, FIELDS, OBLIGOR_FIELDS

Interval = tuple[dt.date | None, dt.date | None]  # [start, end); None = unbounded


def compile_at(text: str, positions: Positions, path: tuple, fields: dict[str, str]) -> Condition:
    """Compile a condition, attaching the file and line of the field it was written in."""
    try:
        return compile_condition(text, fields)
    except FoedusError as exc:
        loc = positions.locate(path)
        raise exc.at(file=loc.file, line=loc.line, field=loc.field) from None


@dataclass
class CompiledException:
    rule: ExceptionRule
    condition: Condition
    children: list[CompiledException]
    active_from: dt.date | None = None
    origin: str | None = None  # the amendment that added it

    @classmethod
    def build(
        cls,
        rule: ExceptionRule,
        positions: Positions,
        path: tuple,
        fields: dict[str, str],
        active_from: dt.date | None = None,
        origin: str | None = None,
    ) -> CompiledException:
        condition = compile_at(rule.when, positions, (*path, "when"), fields)
        children = [
            cls.build(child, positions, (*path, "exceptions", i), fields, active_from, origin)
            for i, child in enumerate(rule.exceptions)
        ]
        return cls(rule, condition, children, active_from, origin)

    def active_on(self, day: dt.date) -> bool:
        return self.active_from is None or day >= self.active_from


@dataclass
class CompiledObligation:
    obligation: Obligation
    exceptions: list[CompiledException]


@dataclass
class CompiledClause:
    clause: Clause
    trigger: Condition | None
    gate: Condition | None  # collective determination needed for some kinds (case by case)
    exceptions: list[CompiledException]
    obligations: list[CompiledObligation]
    active_from: dt.date | None = None
    origin: str | None = None

    @classmethod
    def build(
        cls,
        clause: Clause,
        positions: Positions,
        path: tuple,
        active_from: dt.date | None = None,
        origin: str | None = None,
    ) -> CompiledClause:
        trigger = (
            compile_at(clause.trigger, positions, (*path, "trigger"), FIELDS)
            if clause.trigger
            else None
        )
        gate = None
        if clause.determination == "required":
            gate = compile_condition("incident.determination in {affirmed, conditional}")
        elif clause.determination == "case-by-case":
            if not clause.determination_kinds:
                raise InputError(
                    "`determination: case-by-case` needs `determination_kinds`",
                    positions.locate((*path, "determination")),
                    "list the incident kinds decided case by case, e.g. [cyberattack]",
                )
            kinds = ", ".join(clause.determination_kinds)
            gate = compile_condition(
                f"incident.kind not in {{{kinds}}} or incident.determination in {{affirmed, conditional}}"
            )
        exceptions = [
            CompiledException.build(rule, positions, (*path, "exceptions", i), FIELDS,
                                    active_from, origin)
            for i, rule in enumerate(clause.exceptions)
        ]
        obligations = [
            CompiledObligation(
                ob,
                [
                    CompiledException.build(
                        rule, positions, (*path, "obligations", j, "exceptions", i),
                        {**FIELDS, **OBLIGOR_FIELDS}, active_from, origin,
                    )
                    for i, rule in enumerate(ob.exceptions)
                ],
            )
            for j, ob in enumerate(clause.obligations)
        ]
        return cls(clause, trigger, gate, exceptions, obligations, active_from, origin)


@dataclass
class CompiledInstrument:
    instrument: Instrument
    file: str
    memberships: Memberships
    clauses: dict[str, list[CompiledClause]]  # versions, oldest first
    terminations: list[tuple[Termination, Condition]]
    explicit: dict[str, list[Interval]] = field(default_factory=dict)
    withdrawals: dict[str, dt.date] = field(default_factory=dict)
    added_from: dt.date | None = None  # set when an amendment adds the instrument
    origins: list[str] = field(default_factory=list)  # notes on amendments applied

    @property
    def id(self) -> str:
        return self.instrument.id

    @property
    def start(self) -> dt.date | None:
        """First day in force: its own date, or later if an amendment adds it from a date."""
        inst = self.instrument
        candidates = [d for d in (inst.in_force or inst.signed, self.added_from) if d is not None]
        return max(candidates) if candidates else None

    def in_force_on(self, day: dt.date) -> bool:
        start = self.start
        if start is not None and day < start:
            return False
        return not (self.instrument.expires is not None and day >= self.instrument.expires)

    def party_intervals(self, actor: str) -> list[Interval]:
        """When `actor` is a party, after membership lists, explicit parties and withdrawals."""
        spans: list[Interval] = list(self.explicit.get(actor, ()))
        org = self.instrument.membership
        if org is not None:
            spans += self.memberships.spans.get(org, {}).get(actor, [])
        end = self.withdrawals.get(actor)
        if end is not None:
            spans = [(s, end if e is None or e > end else e) for s, e in spans]
            spans = [(s, e) for s, e in spans if s is None or e is None or s < e]
        return spans

    def is_party(self, actor: str, day: dt.date) -> bool:
        return any(
            (s is None or s <= day) and (e is None or day < e) for s, e in self.party_intervals(actor)
        )

    def all_parties(self) -> set[str]:
        names = set(self.explicit)
        if self.instrument.membership is not None:
            names |= set(self.memberships.spans.get(self.instrument.membership, {}))
        return names

    def parties_on(self, day: dt.date) -> list[str]:
        return sorted(a for a in self.all_parties() if self.is_party(a, day))

    def clause_on(self, clause_id: str, day: dt.date) -> CompiledClause | None:
        """The version of a clause in force on `day` (amendments may change it from a date)."""
        versions = self.clauses.get(clause_id, [])
        current = None
        for version in versions:
            if version.active_from is None or version.active_from <= day:
                current = version
        return current

    def clause_ids(self) -> list[str]:
        return list(self.clauses)


def compile_instrument(
    instrument: Instrument, positions: Positions, memberships: Memberships
) -> CompiledInstrument:
    clauses = {
        clause.id: [CompiledClause.build(clause, positions, ("clauses", i))]
        for i, clause in enumerate(instrument.clauses)
    }
    terminations = [
        (t, compile_at(t.when, positions, ("terminates", i, "when"), DATE_ONLY_FIELDS))
        for i, t in enumerate(instrument.terminates)
    ]
    default_start = instrument.in_force or instrument.signed
    explicit: dict[str, list[Interval]] = {}
    for party in instrument.parties:
        explicit.setdefault(party.actor, []).append((party.from_ or default_start, party.until))
    return CompiledInstrument(
        instrument, positions.file, memberships, clauses, terminations, explicit
    )
