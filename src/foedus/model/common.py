"""Field types shared by the file-backed models: codes, sources, probabilities, dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from foedus.model import codes
from foedus.model.validation import Strict
from foedus.model.vocabulary import Confidence

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"date out of range: expected between {EARLIEST} and {LATEST}")
    return value


Date = Annotated[dt.date, AfterValidator(_in_range)]
ActorCode = Annotated[str, AfterValidator(lambda v: codes.check_actor(v))]
StateCode = Annotated[str, AfterValidator(lambda v: codes.check_actor(v, states_only=True))]
AttackerCode = Annotated[str, AfterValidator(lambda v: codes.check_actor(v, allow_unknown=True))]
PlaceCode = Annotated[str, AfterValidator(codes.check_place)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=120)]


class Source(Strict):
    """Where a fact comes from: every number and clause in the library carries one."""

    title: str
    url: str | None = None
    date: Date | None = None
    publisher: str | None = None
    accessed: Date | None = None
    confidence: Confidence | None = None
    note: str | None = None
