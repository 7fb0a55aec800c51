"""Coverage: who protects whom, and how strongly, on a date.

Coverage is computed by the engine itself: for each country, a reference incident (an intentional,
full-scale armed attack on its territory by a given attacker) is evaluated against the scenario, and
the obligations it would trigger are collected. Strength is the strongest obligation owed (0..5, see
docs/formats.md), so coverage means exactly what the clauses say, exceptions and all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from foedus.engine.evaluator import evaluate, relevant
from foedus.engine.world import World
from foedus.model import codes
from foedus.model.incident import Incident
from foedus.model.vocabulary import strength


@dataclass
class Protection:
    instrument: str
    clause: str
    response: str
    strength: int
    binding: bool
    obligors: list[str]
    deadline_hours: float | None
    hypothetical: bool


@dataclass
class CountryCoverage:
    country: str
    name: str
    strength: int
    protections: list[Protection] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "country": self.country,
            "name": self.name,
            "strength": self.strength,
            "protections": [vars(p) for p in self.protections],
        }


def reference_attack(country: str, attacker: str, day: dt.date) -> Incident:
    return Incident(
        id=f"reference-attack-on-{country}",
        date=day,
        kind="armed-attack",
        by=attacker if attacker != country else "unknown",
        attribution=1.0,
        target=country,
        where="territory",
        region=country,
        casualties=1000,
        severity=5,
        intentional=True,
        sustained=True,
        confidence="hypothetical",
    )


def countries_of(world: World, day: dt.date) -> list[str]:
    """Every state that is party to or beneficiary of an instrument, plus the states of Europe."""
    found: set[str] = set()
    for inst in world.instruments.values():
        found |= {a for a in inst.all_parties() if codes.is_state(a)}
        for versions in inst.clauses.values():
            for cc in versions:
                if isinstance(cc.clause.beneficiaries, list):
                    found |= {a for a in cc.clause.beneficiaries if codes.is_state(a)}
    geo = codes.geography()
    europe = frozenset({"europe"})
    found |= {
        a for a, row in world.library.actors.items()
        if row.kind == "state" and geo.within(a, europe)
    }
    return sorted(found)


def coverage(
    world: World,
    as_of: dt.date | None = None,
    countries: list[str] | None = None,
    attacker: str = "RUS",
) -> list[CountryCoverage]:
    day = as_of or world.as_of
    out: list[CountryCoverage] = []
    for country in countries or countries_of(world, day):
        incident = reference_attack(country, attacker, day)
        protections: list[Protection] = []
        if any(relevant(inst, incident) for inst in world.instruments.values()):
            result = evaluate(world, incident, day)
            for finding in result.findings:
                if finding.status != "applies":
                    continue
                by_response: dict[tuple[str, bool, float | None], list[str]] = {}
                for ob in finding.obligations:
                    if ob.beneficiary != country or ob.obligor in (country, attacker):
                        continue  # nobody protects a state from itself or from its attacker
                    key = (ob.response, ob.binding, ob.deadline_hours)
                    by_response.setdefault(key, []).append(ob.obligor)
                for (response, binding, deadline), obligors in by_response.items():
                    if strength(response, binding) == 0:
                        continue  # reporting to the UNSC or refraining protects nobody
                    protections.append(Protection(
                        finding.instrument, finding.clause, response, strength(response, binding),
                        binding, sorted(set(obligors)), deadline, finding.hypothetical,
                    ))
        protections.sort(key=lambda p: (-p.strength, p.instrument, p.clause))
        out.append(CountryCoverage(
            country, codes.place_name(country),
            max((p.strength for p in protections), default=0), protections,
        ))
    return out
