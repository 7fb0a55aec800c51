"""An incident: something that happened or might happen, in the fields analysts reason with."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from foedus.model.common import (
    AttackerCode,
    Date,
    Identifier,
    PlaceCode,
    Probability,
    Source,
    StateCode,
)
from foedus.model.validation import Strict
from foedus.model.vocabulary import Confidence, Determination, IncidentKind, Where

#: a boolean the reporter may be unsure of: true/false, or the probability that it is true
UncertainBool = bool | Probability


class Incident(Strict):
    id: Identifier
    date: Date
    kind: IncidentKind
    by: AttackerCode
    attribution: Probability = 1.0
    target: StateCode
    where: Where
    region: PlaceCode
    casualties: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    severity: Annotated[int, Field(ge=0, le=5)]
    title: str | None = None
    location: str | None = None
    intentional: UncertainBool = True
    sustained: UncertainBool = False
    provoked: UncertainBool = False
    determinations: dict[Identifier, Determination] = Field(default_factory=dict)
    invoked: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    confidence: Confidence = "sourced"
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Incident:
        if self.by == self.target:
            raise ValueError(f"`by` and `target` are both {self.by}: an actor cannot attack itself")
        return self

    def chance(self, name: str) -> float:
        """Probability that an uncertain boolean (intentional, sustained, provoked) is true."""
        value = getattr(self, name)
        return float(value) if not isinstance(value, bool) else (1.0 if value else 0.0)
