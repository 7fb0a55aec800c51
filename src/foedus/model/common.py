"""Field types shared by the file-backed models: codes, sources, probabilities, dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from foedus.errors import UnknownCodeError
from foedus.model import codes
from foedus.model.validation import Strict
from foedus.model.vocabulary import Confidence

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"date out of range: expected between {EARLIEST} and {LATEST}")
    return value


def _code(check, **options):
    """A pydantic validator from a code check; unknown codes become a pydantic error with a hint."""

    def validator(value: str) -> str:
        try:
            return check(value, **options)
        except UnknownCodeError as exc:
            raise PydanticCustomError("unknown_code", exc.message, {"hint": exc.hint or ""}) from None

    return AfterValidator(validator)


Date = Annotated[dt.date, AfterValidator(_in_range)]
ActorCode = Annotated[str, _code(codes.check_actor)]
StateCode = Annotated[str, _code(codes.check_actor, states_only=True)]
AttackerCode = Annotated[str, _code(codes.check_actor, allow_unknown=True)]
PlaceCode = Annotated[str, _code(codes.check_place)]
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
