"""Scenarios (an as-of date plus instruments, amendments, deployments, history) and amendments."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from foedus.model.common import ActorCode, Date, Identifier, Source, StateCode
from foedus.model.incident import Incident
from foedus.model.instrument import Clause, ExceptionRule, Instrument, Obligation
from foedus.model.validation import Strict
from foedus.model.vocabulary import Confidence


class AddException(Strict):
    op: Literal["add-exception"]
    target: str = Field(pattern=r"^[^.]+\.[^.]+$", description="instrument.clause")
    exception: ExceptionRule


class AddObligationException(Strict):
    op: Literal["add-obligation-exception"]
    target: str = Field(pattern=r"^[^.]+\.[^.]+\.[^.]+$", description="instrument.clause.obligation")
    exception: ExceptionRule


class ChangeClause(Strict):
    op: Literal["change-clause"]
    target: str = Field(pattern=r"^[^.]+\.[^.]+$")
    set: dict[str, Any]


class AddClause(Strict):
    op: Literal["add-clause"]
    instrument: Identifier
    clause: Clause


class AddObligation(Strict):
    op: Literal["add-obligation"]
    target: str = Field(pattern=r"^[^.]+\.[^.]+$")
    obligation: Obligation


class AddParty(Strict):
    op: Literal["add-party"]
    instrument: Identifier
    actor: ActorCode
    date: Date | None = None


class WithdrawParty(Strict):
    op: Literal["withdraw-party"]
    instrument: Identifier
    actor: ActorCode
    date: Date | None = None


class AddInstrument(Strict):
    op: Literal["add-instrument"]
    instrument: Identifier | Instrument


class RemoveInstrument(Strict):
    op: Literal["remove-instrument"]
    instrument: Identifier


Change = Annotated[
    AddException
    | AddObligationException
    | ChangeClause
    | AddClause
    | AddObligation
    | AddParty
    | WithdrawParty
    | AddInstrument
    | RemoveInstrument,
    Field(discriminator="op"),
]


class Amendment(Strict):
    """A side deal or hypothetical change to a baseline, dated: ignored before `date`."""

    id: Identifier
    title: str
    status: Literal["agreed", "proposed", "rumoured", "hypothetical"]
    verified: bool
    date: Date
    confidence: Confidence | None = None
    sources: list[Source] = Field(default_factory=list)
    notes: str | None = None
    changes: list[Change] = Field(min_length=1)

    @model_validator(mode="after")
    def _sourced(self) -> Amendment:
        if self.status in ("agreed", "proposed", "rumoured") and not self.sources:
            raise ValueError(f"a {self.status} amendment needs `sources`")
        return self


class CapabilityOverride(Strict):
    actor: StateCode
    metric: Literal[
        "defence_spending_usd", "defence_spending_gdp_pct", "active_personnel", "nuclear_warheads"
    ]
    value: float
    year: int = Field(ge=1800, le=2100)
    source: Source | None = None
    note: str | None = None


class Scenario(Strict):
    id: Identifier
    title: str
    as_of: Date
    description: str | None = None
    extends: str | None = None
    instruments: list[str] = Field(default_factory=list)
    # `all` (the sourced deployments), a list of ids, or `all` plus ids via `extends`
    deployments: Literal["all"] | list[Identifier] = Field(default_factory=list)
    amendments: list[str | Amendment] = Field(default_factory=list)
    history: list[str | Incident] = Field(default_factory=list)
    capability_overrides: list[CapabilityOverride] = Field(default_factory=list)
    notes: str | None = None
