"""The uncertain inputs of an incident, enumerated as weighted possible worlds.

Attribution is uncertain (in one world `by` is right, in the other the attacker is unknown), and so
may be whether the act was intentional, sustained or provoked. The worlds are independent
combinations of these; a finding's probability is the weight of the worlds in which it applies.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from foedus.model.codes import UNKNOWN
from foedus.model.incident import Incident

VARIABLES = ("attributed", "intentional", "sustained", "provoked")


@dataclass(frozen=True)
class WorldState:
    attributed: bool
    intentional: bool
    sustained: bool
    provoked: bool
    weight: float


def chances(incident: Incident) -> dict[str, float]:
    """Probability that each uncertain input is true."""
    return {
        "attributed": incident.attribution if incident.by != UNKNOWN else 0.0,
        "intentional": incident.chance("intentional"),
        "sustained": incident.chance("sustained"),
        "provoked": incident.chance("provoked"),
    }


def reported(incident: Incident) -> WorldState:
    """The world as reported: attribution taken as right, each boolean at its likelier value."""
    p = chances(incident)
    return WorldState(
        attributed=incident.by != UNKNOWN,
        intentional=p["intentional"] >= 0.5,
        sustained=p["sustained"] >= 0.5,
        provoked=p["provoked"] >= 0.5,
        weight=1.0,
    )


def enumerate_worlds(incident: Incident) -> list[WorldState]:
    """Every combination of the uncertain inputs with positive weight."""
    p = chances(incident)
    options = []
    for name in VARIABLES:
        if p[name] in (0.0, 1.0):
            options.append([(p[name] == 1.0, 1.0)])
        else:
            options.append([(True, p[name]), (False, 1.0 - p[name])])
    out = []
    for combo in itertools.product(*options):
        weight = 1.0
        for _, w in combo:
            weight *= w
        values = dict(zip(VARIABLES, (v for v, _ in combo), strict=True))
        out.append(WorldState(weight=weight, **values))
    return out
