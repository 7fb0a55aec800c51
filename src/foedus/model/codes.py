"""Codes for actors and places, and the geography that says which place lies within which.

Actors are ISO 3166-1 alpha-3 codes (plus XKX for Kosovo), organisations, `non-state:NAME` or
`unknown`. Places are macro-regions, ISO3 codes and ISO3-subdivision codes (`ESP-CE`). The data come
from the bundled `library/geography.csv` and `library/actors.csv`, so checking a code needs no
third-party database at start-up; pycountry is consulted only for subdivisions the table lacks.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from foedus.errors import UnknownCodeError

MACRO_REGIONS = (
    "europe",
    "north-america",
    "south-america",
    "central-america",
    "caribbean",
    "africa",
    "asia",
    "middle-east",
    "oceania",
    "pacific",
    "north-atlantic",
    "south-atlantic",
    "mediterranean",
    "black-sea",
    "baltic-sea",
    "arctic",
    "indian-ocean",
)
ORGANISATIONS = ("NATO", "EU", "UN", "CSTO", "OAS", "OSCE", "G7", "AU")
UNKNOWN = "unknown"
_NON_STATE = re.compile(r"^non-state:[A-Za-z0-9][A-Za-z0-9 _.'&-]{0,79}$")
_SUBDIVISION = re.compile(r"^([A-Z]{3})-([A-Z0-9]{1,3})$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass
class Geography:
    """Places and their containing places, with the transitive closure precomputed on demand."""

    names: dict[str, str]
    parents: dict[str, tuple[str, ...]]
    _closure: dict[str, frozenset[str]] = field(default_factory=dict)

    def ancestors(self, place: str) -> frozenset[str]:
        """Every place that contains `place` (not including itself)."""
        found = self._closure.get(place)
        if found is not None:
            return found
        direct = list(self.parents.get(place, ()))
        sub = _SUBDIVISION.match(place)
        if sub and place not in self.parents:
            direct.append(sub.group(1))
        result: set[str] = set()
        for parent in direct:
            result.add(parent)
            result |= self.ancestors(parent)
        frozen = frozenset(result)
        self._closure[place] = frozen
        return frozen

    def within(self, place: str, places: frozenset[str] | set[str]) -> bool:
        return place in places or not self.ancestors(place).isdisjoint(places)


def _library_csv(name: str) -> list[dict[str, str]]:
    with resources.files("foedus.library").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def geography() -> Geography:
    names: dict[str, str] = {}
    parents: dict[str, tuple[str, ...]] = {}
    for row in _library_csv("geography.csv"):
        place = row["place"].strip()
        names[place] = row["name"].strip()
        parents[place] = tuple(p.strip() for p in row["within"].split(";") if p.strip())
    for region in MACRO_REGIONS:
        names.setdefault(region, region)
        parents.setdefault(region, ())
    return Geography(names, parents)


@cache
def _countries() -> frozenset[str]:
    """ISO3 codes known to the geography table (every ISO 3166-1 code plus XKX)."""
    return frozenset(p for p in geography().names if _ISO3.match(p))


@cache
def _subdivision_known(code: str) -> bool:
    sub = _SUBDIVISION.match(code)
    if not sub or sub.group(1) not in _countries():
        return False
    if code in geography().names:
        return True
    import pycountry  # lazy: only for subdivisions the bundled table does not list

    country = pycountry.countries.get(alpha_3=sub.group(1))
    if country is None:
        return False
    return pycountry.subdivisions.get(code=f"{country.alpha_2}-{sub.group(2)}") is not None


def is_state(code: str) -> bool:
    return code in _countries()


def is_organisation(code: str) -> bool:
    return code in ORGANISATIONS


def check_actor(code: object, *, allow_unknown: bool = False, states_only: bool = False) -> str:
    """Return `code` if it names an actor, else raise UnknownCodeError with a hint."""
    if not isinstance(code, str):
        raise UnknownCodeError(f"expected an actor code, got {type(code).__name__} {code!r}")
    if is_state(code):
        return code
    if states_only:
        raise UnknownCodeError(
            f"{code!r} is not an ISO 3166-1 alpha-3 country code",
            hint="a state is written as ISO3, e.g. POL, UKR, USA (XKX for Kosovo)",
        )
    if is_organisation(code) or _NON_STATE.match(code):
        return code
    if allow_unknown and code == UNKNOWN:
        return code
    raise UnknownCodeError(
        f"{code!r} is no ISO 3166-1 alpha-3 code, known organisation or non-state name",
        hint="use ISO3 (POL), an organisation (" + ", ".join(ORGANISATIONS) + "), "
        "or non-state:NAME" + (", or unknown" if allow_unknown else ""),
    )


def check_place(code: object) -> str:
    """Return `code` if it names a place (macro-region, ISO3, ISO3-subdivision), else raise."""
    if not isinstance(code, str):
        raise UnknownCodeError(f"expected a place code, got {type(code).__name__} {code!r}")
    if code in geography().names or _subdivision_known(code):
        return code
    raise UnknownCodeError(
        f"{code!r} is no known region, ISO3 country code or ISO3-subdivision code",
        hint="e.g. europe, north-atlantic, mediterranean, POL, GUF, ESP-CE (Ceuta), USA-HI (Hawaii)",
    )


def place_name(code: str) -> str:
    return geography().names.get(code, code)
