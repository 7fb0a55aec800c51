"""The negotiation table: issues, actors, and each actor's position, salience and capability.

Arrays are actor x issue. A missing position (the actor takes no part on that issue) is NaN in
``position`` and ``salience``. Positions are on each issue's own scale ``[lower, upper]``; salience
is a share ``0..1`` (readers convert from the 0-100 used in files); capability is any
non-negative number (only ratios matter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from foedus.errors import InputError, Location


@dataclass(frozen=True)
class Issue:
    """One contested issue on a numeric scale with labelled anchors."""

    id: str
    label: str = ""
    lower: float = 0.0
    upper: float = 100.0
    anchors: dict[float, str] = field(default_factory=dict)
    status_quo: float | None = None
    outcome: float | None = None  # the actual outcome, where known (validation data)
    group: str | None = None  # issues of one proposal or package (exchanges stay inside it)

    @property
    def span(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class Cell:
    """Where one actor-issue value came from (kept for reports; models ignore it)."""

    source: str | None = None
    note: str | None = None


@dataclass
class NegotiationTable:
    """Who negotiates over what: the input of every forecasting model."""

    issues: list[Issue]
    actors: list[str]
    position: np.ndarray  # (A, I), NaN = no position
    salience: np.ndarray  # (A, I), 0..1, NaN where no position
    capability: np.ndarray  # (A, I), >= 0
    at_table: np.ndarray | None = None  # (A,) bool; None = everyone
    name: str = ""
    actor_labels: dict[str, str] = field(default_factory=dict)
    sources: dict[tuple[str, str], Cell] = field(default_factory=dict)
    file: str | None = None

    def __post_init__(self) -> None:
        self.position = np.asarray(self.position, dtype=float)
        self.salience = np.asarray(self.salience, dtype=float)
        self.capability = np.asarray(self.capability, dtype=float)
        if self.capability.ndim == 1:
            self.capability = np.repeat(self.capability[:, None], len(self.issues), axis=1)
        if self.at_table is None:
            self.at_table = np.ones(len(self.actors), dtype=bool)
        self.at_table = np.asarray(self.at_table, dtype=bool)
        self.validate()

    # ------------------------------------------------------------------ validation
    def validate(self) -> None:
        """Check shapes and values; raise InputError naming actor, issue and field."""
        n_a, n_i = len(self.actors), len(self.issues)
        loc = Location(file=self.file)
        if n_i == 0:
            raise InputError("the negotiation has no issues", loc, "declare at least one issue")
        if n_a == 0:
            raise InputError("the negotiation has no actors", loc, "declare at least one actor")
        for arr, what in (
            (self.position, "position"),
            (self.salience, "salience"),
            (self.capability, "capability"),
        ):
            if arr.shape != (n_a, n_i):
                raise InputError(
                    f"{what} has shape {arr.shape}, expected {(n_a, n_i)}",
                    Location(file=self.file, field=what),
                )
        seen: set[str] = set()
        for a in self.actors:
            if a in seen:
                raise InputError(
                    f"actor {a!r} appears twice",
                    Location(file=self.file, field=f"actors.{a}"),
                    "each actor once; put all its issues under one entry",
                )
            seen.add(a)
        seen = set()
        for issue in self.issues:
            if issue.id in seen:
                raise InputError(f"issue {issue.id!r} appears twice", Location(file=self.file, field="issues"))
            seen.add(issue.id)
            if not issue.upper > issue.lower:
                raise InputError(
                    f"issue {issue.id!r}: upper ({issue.upper}) must exceed lower ({issue.lower})",
                    Location(file=self.file, field=f"issues.{issue.id}.upper"),
                )
        has = np.isfinite(self.position)
        for k, issue in enumerate(self.issues):
            if not has[:, k].any():
                raise InputError(
                    f"issue {issue.id!r} has no actor with a position",
                    Location(file=self.file, field=f"issues.{issue.id}"),
                    "give at least one actor a position on it, or remove the issue",
                )
            col = self.position[has[:, k], k]
            bad = (col < issue.lower - 1e-9) | (col > issue.upper + 1e-9)
            if bad.any():
                a = np.array(self.actors)[has[:, k]][bad][0]
                v = col[bad][0]
                raise InputError(
                    f"position {v:g} of {a} on {issue.id!r} is off the scale",
                    Location(file=self.file, field=f"{a}.{issue.id}.position"),
                    f"positions on this issue run from {issue.lower:g} to {issue.upper:g}",
                )
            for sq, what in ((issue.status_quo, "status_quo"), (issue.outcome, "outcome")):
                if sq is not None and not issue.lower - 1e-9 <= sq <= issue.upper + 1e-9:
                    raise InputError(
                        f"{what} {sq:g} of {issue.id!r} is off the scale",
                        Location(file=self.file, field=f"issues.{issue.id}.{what}"),
                        f"use a value from {issue.lower:g} to {issue.upper:g}",
                    )
        for i, a in enumerate(self.actors):
            for k, issue in enumerate(self.issues):
                if not has[i, k]:
                    continue
                s, c = self.salience[i, k], self.capability[i, k]
                where = Location(file=self.file, field=f"{a}.{issue.id}")
                if not np.isfinite(s):
                    raise InputError(
                        f"{a} has a position on {issue.id!r} but no salience",
                        replace(where, field=f"{a}.{issue.id}.salience"),
                        "give a salience from 0 to 100 for every position",
                    )
                if not 0 <= s <= 1 + 1e-12:
                    raise InputError(
                        f"salience of {a} on {issue.id!r} is off the scale",
                        replace(where, field=f"{a}.{issue.id}.salience"),
                        "salience runs from 0 to 100",
                    )
                if not np.isfinite(c):
                    raise InputError(
                        f"{a} has no capability on {issue.id!r}",
                        replace(where, field=f"{a}.capability"),
                        "give every actor a capability (a positive number; only ratios matter)",
                    )
                if c < 0:
                    raise InputError(
                        f"capability of {a} is negative ({c:g})",
                        replace(where, field=f"{a}.capability"),
                        "capability is a non-negative number",
                    )

    # ------------------------------------------------------------------ views
    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    @property
    def lower(self) -> np.ndarray:
        return np.array([i.lower for i in self.issues], dtype=float)

    @property
    def upper(self) -> np.ndarray:
        return np.array([i.upper for i in self.issues], dtype=float)

    @property
    def status_quo(self) -> np.ndarray:
        return np.array([np.nan if i.status_quo is None else i.status_quo for i in self.issues], dtype=float)

    @property
    def outcome(self) -> np.ndarray:
        return np.array([np.nan if i.outcome is None else i.outcome for i in self.issues], dtype=float)

    def present(self) -> np.ndarray:
        """(A, I) bool: the actor has a position on the issue and sits at the table."""
        assert self.at_table is not None
        return np.isfinite(self.position) & self.at_table[:, None]

    def weights(self) -> np.ndarray:
        """(A, I) capability x salience, zero where the actor is absent."""
        w = np.where(self.present(), self.capability * np.nan_to_num(self.salience), 0.0)
        return w

    def normalised_positions(self) -> np.ndarray:
        """Positions mapped to 0..1 on each issue's scale (NaN stays NaN)."""
        return (self.position - self.lower) / (self.upper - self.lower)

    def index(self, actor: str) -> int:
        try:
            return self.actors.index(actor)
        except ValueError:
            raise InputError(
                f"unknown actor {actor!r}",
                Location(file=self.file, field="without"),
                f"actors here: {', '.join(self.actors)}",
            ) from None

    def without(self, actors: Iterable[str]) -> NegotiationTable:
        """A copy in which the named actors are not at the table."""
        at = np.array(self.at_table, copy=True)
        for a in actors:
            at[self.index(a)] = False
        t = replace(self, at_table=at)
        for k, issue in enumerate(t.issues):
            if not t.present()[:, k].any():
                raise InputError(
                    f"without {', '.join(actors)} nobody is left on issue {issue.id!r}",
                    Location(file=self.file, field="without"),
                )
        return t

    def subset_issues(self, idx: Sequence[int]) -> NegotiationTable:
        idx = list(idx)
        return replace(
            self,
            issues=[self.issues[k] for k in idx],
            position=self.position[:, idx],
            salience=self.salience[:, idx],
            capability=self.capability[:, idx],
        )

    def to_frame(self):  # pragma: no cover - convenience
        import pandas as pd

        rows = []
        for i, a in enumerate(self.actors):
            for k, issue in enumerate(self.issues):
                if np.isfinite(self.position[i, k]):
                    rows.append(
                        {
                            "issue": issue.id,
                            "actor": a,
                            "position": self.position[i, k],
                            "salience": 100 * self.salience[i, k],
                            "capability": self.capability[i, k],
                        }
                    )
        return pd.DataFrame(rows)
