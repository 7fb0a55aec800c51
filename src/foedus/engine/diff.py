"""Compare two scenarios: how coverage and findings change (what a side deal would change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from foedus.engine.coverage import coverage
from foedus.engine.evaluator import evaluate
from foedus.engine.world import World
from foedus.model.incident import Incident


@dataclass
class CoverageChange:
    country: str
    before: int
    after: int
    lost: list[str]  # "instrument.clause response from OBLIGORS": protection only in A
    gained: list[str]  # ... only in B


@dataclass
class FindingChange:
    incident: str
    instrument: str
    clause: str
    status_before: str | None
    status_after: str | None
    probability_before: float | None
    probability_after: float | None
    obligors_lost: list[str]
    obligors_gained: list[str]
    exception_after: str | None
    excluded_after: list[str]


def _pairs(cov) -> set[tuple[str, str]]:
    """(protection, obligor) pairs, so a diff names exactly who stops or starts protecting."""
    return {
        (f"{p.instrument}.{p.clause} {p.response}" + ("" if p.binding else " (political)"), obligor)
        for p in cov.protections
        for obligor in p.obligors
    }


def _grouped(pairs: set[tuple[str, str]]) -> list[str]:
    by_key: dict[str, list[str]] = {}
    for key, obligor in pairs:
        by_key.setdefault(key, []).append(obligor)
    return [f"{key} from {', '.join(sorted(who))}" for key, who in sorted(by_key.items())]


def coverage_diff(a: World, b: World, as_of: dt.date | None = None) -> list[CoverageChange]:
    before = {c.country: c for c in coverage(a, as_of or a.as_of)}
    after = {c.country: c for c in coverage(b, as_of or b.as_of)}
    changes = []
    for country in sorted(set(before) | set(after)):
        x, y = before.get(country), after.get(country)
        px = _pairs(x) if x else set()
        py = _pairs(y) if y else set()
        if px != py or (x and y and x.strength != y.strength):
            changes.append(CoverageChange(
                country, x.strength if x else 0, y.strength if y else 0,
                _grouped(px - py), _grouped(py - px),
            ))
    return changes


def findings_diff(a: World, b: World, incidents: list[Incident]) -> list[FindingChange]:
    changes = []
    for incident in incidents:
        ea = {(f.instrument, f.clause): f for f in evaluate(a, incident).findings}
        eb = {(f.instrument, f.clause): f for f in evaluate(b, incident).findings}
        for key in sorted(set(ea) | set(eb)):
            fa, fb = ea.get(key), eb.get(key)
            # compare who owes which obligation, not just who owes something
            oa = {f"{o.obligor}:{o.obligation}" for o in fa.obligations} if fa else set()
            ob = {f"{o.obligor}:{o.obligation}" for o in fb.obligations} if fb else set()
            same = (
                fa is not None and fb is not None and fa.status == fb.status
                and abs(fa.probability - fb.probability) < 1e-9 and oa == ob
            )
            if same:
                continue
            changes.append(FindingChange(
                incident.id, key[0], key[1],
                fa.status if fa else None, fb.status if fb else None,
                fa.probability if fa else None, fb.probability if fb else None,
                sorted(oa - ob), sorted(ob - oa),
                fb.exception if fb else None,
                sorted(f"{o.obligor} ({o.exception})" for o in fb.excluded_obligations) if fb else [],
            ))
    return changes
