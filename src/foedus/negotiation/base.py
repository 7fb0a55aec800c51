"""One small interface for every forecasting model (in the manner of scikit-learn estimators).

A model is a class whose constructor takes its parameters and whose ``predict(table)`` returns a
:class:`Forecast`. Models are fit-free: nothing is learned from the table beyond what ``predict``
computes. Parameters are plain attributes, listed by ``get_params()``; models that draw random
numbers take ``random_state``; models that iterate record one :class:`Round` per round.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foedus.negotiation.table import NegotiationTable


@dataclass
class Round:
    """The state after one round of an iterative model."""

    index: int
    positions: np.ndarray  # (A, I) on the issues' own scales, NaN where absent
    outcome: np.ndarray  # (I,) the model's forecast at this round
    extra: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Forecast:
    """Predicted outcome per issue, with the trace that produced it."""

    model: str
    issues: list[str]
    actors: list[str]
    outcome: np.ndarray  # (I,) on each issue's own scale
    params: dict[str, Any] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    at_table: list[str] = field(default_factory=list)

    def __getitem__(self, issue: str) -> float:
        return float(self.outcome[self.issues.index(issue)])

    def as_dict(self) -> dict[str, float]:
        return {i: float(v) for i, v in zip(self.issues, self.outcome, strict=True)}

    def trajectory(self) -> np.ndarray:
        """(R, I) outcome per round; a single row for one-shot models."""
        if not self.rounds:
            return self.outcome[None, :]
        return np.array([r.outcome for r in self.rounds])

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract (see docs/negotiation.md)."""

        def clean(v: Any) -> Any:
            if isinstance(v, np.ndarray):
                return clean(v.item()) if v.ndim == 0 else [clean(x) for x in v.tolist()]
            if isinstance(v, list):
                return [clean(x) for x in v]
            if isinstance(v, float) and not np.isfinite(v):
                return None
            if isinstance(v, (np.floating, np.integer)):
                return clean(v.item())
            return v

        return {
            "model": self.model,
            "params": {k: clean(v) for k, v in self.params.items()},
            "at_table": self.at_table,
            "outcome": {i: clean(float(v)) for i, v in zip(self.issues, self.outcome, strict=True)},
            "rounds": [
                {
                    "round": r.index,
                    "outcome": dict(zip(self.issues, clean(r.outcome), strict=True)),
                    "positions": {
                        a: dict(zip(self.issues, clean(r.positions[n]), strict=True)) for n, a in enumerate(self.actors)
                    },
                    **{k: clean(v) for k, v in r.extra.items()},
                }
                for r in self.rounds
            ],
            "events": self.events,
        }


class NegotiationModel:
    """Base class: parameters in the constructor, ``predict(table) -> Forecast``."""

    name: str = "model"

    def get_params(self) -> dict[str, Any]:
        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    def set_params(self, **params: Any) -> NegotiationModel:
        for k, v in params.items():
            if k not in self.get_params():
                raise ValueError(f"{type(self).__name__} has no parameter {k!r}")
            setattr(self, k, v)
        return self

    def predict(self, table: NegotiationTable) -> Forecast:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def _forecast(self, table: NegotiationTable, outcome: np.ndarray, **kw: Any) -> Forecast:
        assert table.at_table is not None
        return Forecast(
            model=self.name,
            issues=table.issue_ids,
            actors=list(table.actors),
            outcome=np.asarray(outcome, dtype=float),
            params=self.get_params(),
            at_table=[a for a, t in zip(table.actors, table.at_table, strict=True) if t],
            **kw,
        )
