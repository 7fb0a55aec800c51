"""Instruments (treaties, agreements, plans, rumoured deals) and their clauses and obligations.

Conditions are kept here as text; `foedus.rules` parses and type-checks them when the library or a
scenario is loaded, so a bad condition is reported against its file and line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from foedus.model.common import ActorCode, Date, Identifier, Source
from foedus.model.validation import Strict
from foedus.model.vocabulary import (
    ClauseKind,
    Confidence,
    IncidentKind,
    InstrumentKind,
    InstrumentStatus,
    LegalForce,
    Response,
    Timing,
)


class ExceptionRule(Strict):
    """A labelled exception (Catala style): when it holds, its parent rule gives way.

    At clause level the effect is always `exclude`. At obligation level an exception can
    `exclude` the obligor, `replace` its response, or `annotate` it with a caveat. Exceptions may
    themselves have exceptions, which cancel them.
    """

    id: Identifier
    title: str | None = None
    when: str
    text: str | None = None
    source: Source | None = None
    confidence: Confidence | None = None
    verified: bool = True
    effect: Literal["exclude", "replace", "annotate"] = "exclude"
    response: Response | None = None
    exceptions: list[ExceptionRule] = Field(default_factory=list)
    notes: str | None = None

    @model_validator(mode="after")
    def _response_for_replace(self) -> ExceptionRule:
        if self.effect == "replace" and self.response is None:
            raise ValueError("an exception with effect `replace` needs a `response`")
        return self


class Obligation(Strict):
    id: Identifier
    obligors: Literal["others", "parties"] | list[ActorCode] = "others"
    beneficiary: Literal["target"] | ActorCode = "target"
    response: Response
    text: str | None = None
    timing: Timing = "none"
    deadline_hours: float | None = Field(default=None, ge=0, le=24 * 365)
    binding: bool | None = None
    exceptions: list[ExceptionRule] = Field(default_factory=list)
    notes: str | None = None


class Clause(Strict):
    id: Identifier
    kind: ClauseKind
    title: str
    text: str | None = None
    source: Source | None = None
    confidence: Confidence | None = None
    trigger: str | None = None
    determination: Literal["required", "case-by-case"] | None = None
    determination_kinds: list[IncidentKind] = Field(default_factory=list)
    beneficiaries: Literal["parties"] | list[ActorCode] = "parties"
    exceptions: list[ExceptionRule] = Field(default_factory=list)
    void_conditions: list[Identifier] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    notes: str | None = None


class Party(Strict):
    actor: ActorCode
    from_: Date | None = Field(default=None, alias="from")
    until: Date | None = None
    role: str | None = None
    note: str | None = None


class Termination(Strict):
    id: Identifier
    when: str
    text: str | None = None
    source: Source | None = None


class Instrument(Strict):
    id: Identifier
    name: str
    short_name: str | None = None
    kind: InstrumentKind
    status: InstrumentStatus
    legal_force: LegalForce
    signed: Date | None = None
    in_force: Date | None = None
    expires: Date | None = None
    term: str | None = None
    verified: bool = True
    confidence: Confidence | None = None
    membership: Literal["NATO", "EU", "CSTO", "OAS", "UN"] | None = None
    parties: list[Party] = Field(default_factory=list)
    terminates: list[Termination] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    clauses: list[Clause] = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Instrument:
        if self.membership is None and not self.parties:
            raise ValueError("an instrument needs `parties` or a `membership` organisation")
        seen: set[str] = set()
        for clause in self.clauses:
            if clause.id in seen:
                raise ValueError(f"clause id {clause.id!r} appears twice")
            seen.add(clause.id)
        for clause in self.clauses:
            for void in clause.void_conditions:
                if void not in seen:
                    raise ValueError(
                        f"clause {clause.id!r} names void condition {void!r}, "
                        f"which is no clause of {self.id!r}"
                    )
        if self.signed and self.in_force and self.in_force < self.signed:
            raise ValueError("`in_force` is before `signed`")
        if self.expires and self.in_force and self.expires < self.in_force:
            raise ValueError("`expires` is before `in_force`")
        return self

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    @property
    def hypothetical(self) -> bool:
        """Drafts, proposals and rumours: evaluated only as a scenario's assumption."""
        return self.status in ("draft", "proposed", "rumoured") or not self.verified
