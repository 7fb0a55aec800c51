"""What an evaluation returns: findings per clause, obligations, and the trace behind them.

`to_json()` is the stable, documented contract (docs/json.md); fields are only ever added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Step:
    """One line of reasoning: a condition, its value, and the text or data it rests on."""

    condition: str
    value: object
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"condition": self.condition, "value": self.value, "source": self.source}


@dataclass
class ObligationFinding:
    obligor: str
    beneficiary: str
    response: str
    deadline_hours: float | None
    binding: bool
    timing: str
    strength: int
    obligation: str
    text: str | None = None
    exception: str | None = None  # for excluded obligations: which exception excluded it
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "obligor": self.obligor,
            "beneficiary": self.beneficiary,
            "response": self.response,
            "deadline_hours": self.deadline_hours,
            "binding": self.binding,
            "timing": self.timing,
            "strength": self.strength,
            "obligation": self.obligation,
            "text": self.text,
            "exception": self.exception,
            "notes": self.notes,
        }


@dataclass
class Finding:
    instrument: str
    clause: str
    title: str
    kind: str
    status: str
    probability: float
    exception: str | None
    void_condition: str | None
    obligations: list[ObligationFinding]
    excluded_obligations: list[ObligationFinding]
    trace: list[Step]
    text: str | None
    source: str | None
    hypothetical: bool
    assumptions: list[str]
    invocation_probability: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "clause": self.clause,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "probability": round(self.probability, 6),
            "exception": self.exception,
            "void_condition": self.void_condition,
            "obligations": [o.to_json() for o in self.obligations],
            "excluded_obligations": [o.to_json() for o in self.excluded_obligations],
            "trace": [s.to_json() for s in self.trace],
            "text": self.text,
            "source": self.source,
            "hypothetical": self.hypothetical,
            "assumptions": self.assumptions,
            "invocation_probability": self.invocation_probability,
        }


@dataclass
class Evaluation:
    incident: str
    as_of: dt.date
    scenario: str
    findings: list[Finding]
    notes: list[str]
    assumptions: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "incident": self.incident,
            "as_of": self.as_of.isoformat(),
            "scenario": self.scenario,
            "findings": [f.to_json() for f in self.findings],
            "notes": self.notes,
            "assumptions": self.assumptions,
        }

    def finding(self, instrument: str, clause: str) -> Finding | None:
        return next(
            (f for f in self.findings if f.instrument == instrument and f.clause == clause), None
        )
