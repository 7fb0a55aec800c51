"""The bundled data tables: actors, memberships, capabilities and deployments, validated row by row.

A bad row is reported with its file and line; every row carries a source and a confidence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import Field

from foedus.errors import InputError, Location
from foedus.model.common import ActorCode, Date, Identifier, Source, StateCode
from foedus.model.validation import Strict, validate
from foedus.model.vocabulary import Confidence
from foedus.model.yamlio import Positions, parse_yaml

R = TypeVar("R", bound=Strict)


class _Sourced(Strict):
    source_url: str | None = None
    source_title: str
    source_year: int = Field(ge=1800, le=2100)
    confidence: Confidence


class ActorRow(_Sourced):
    id: ActorCode
    name: str
    kind: Literal["state", "organisation"]
    nuclear: Literal["none", "nuclear-weapon-state", "nuclear-armed", "nuclear-sharing-host"]
    capital: str | None = None


class MembershipRow(_Sourced):
    organisation: Literal["NATO", "EU", "CSTO", "OAS", "UN"]
    actor: StateCode
    joined: Date
    left: Date | None = None
    notes: str | None = None


class CapabilityRow(_Sourced):
    actor: StateCode
    year: int = Field(ge=1800, le=2100)
    metric: Literal[
        "defence_spending_usd", "defence_spending_gdp_pct", "active_personnel", "nuclear_warheads"
    ]
    value: float = Field(ge=0)
    unit: str
    notes: str | None = None


class Deployment(Strict):
    id: Identifier
    actor: ActorCode
    host: StateCode
    kind: Literal[
        "garrison", "rotational", "battlegroup", "air-policing", "naval", "engineering",
        "surveillance",
    ]
    personnel: int | None = Field(default=None, ge=0)
    assets: list[str] | str | None = None
    since: Date | None = None
    until: Date | None = None
    sources: list[Source] = Field(min_length=1)
    confidence: Confidence
    notes: str | None = None
    name: str | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


def read_csv_rows(text: str, file: str, row_model: type[R]) -> list[R]:
    """Validate each CSV row; empty cells are treated as missing values."""
    reader = csv.DictReader(io.StringIO(text))
    rows: list[R] = []
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            raise InputError("row has more cells than the header", Location(file, number),
                             "quote cells that contain commas")
        data = {k: v for k, v in raw.items() if k is not None and v not in (None, "")}
        spots: dict[tuple[str | int, ...], tuple[int, int]] = {(k,): (number, 1) for k in raw}
        spots[()] = (number, 1)
        rows.append(validate(row_model, data, Positions(file, spots)))
    return rows


@dataclass
class Memberships:
    """Who belonged to which organisation when: intervals [joined, left)."""

    spans: dict[str, dict[str, list[tuple[dt.date, dt.date | None]]]]

    @classmethod
    def from_rows(cls, rows: list[MembershipRow]) -> Memberships:
        spans: dict[str, dict[str, list[tuple[dt.date, dt.date | None]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for row in rows:
            spans[row.organisation][row.actor].append((row.joined, row.left))
        return cls({org: dict(actors) for org, actors in spans.items()})

    def is_member(self, org: str, actor: str, day: dt.date) -> bool:
        return any(
            start <= day and (end is None or day < end)
            for start, end in self.spans.get(org, {}).get(actor, ())
        )

    def members(self, org: str, day: dt.date) -> list[str]:
        return sorted(a for a in self.spans.get(org, {}) if self.is_member(org, a, day))


def read_deployments(text: str, file: str) -> list[Deployment]:
    data, positions = parse_yaml(text, file)
    if not isinstance(data, list):
        raise InputError("expected a list of deployments", positions.locate(()))
    out = [validate(Deployment, item, positions, (i,)) for i, item in enumerate(data)]
    seen: set[str] = set()
    for i, dep in enumerate(out):
        if dep.id in seen:
            raise InputError(f"duplicate deployment id {dep.id!r}", positions.locate((i, "id")))
        seen.add(dep.id)
    return out
