"""Invocation: will the target request consultations (Article 4 style), will a clause be invoked?

Two logistic models over features of the incident (docs/models.md, "Invocation"):

    hostile  = attribution * P(intentional), 0 when the attacker is the target's ally or partner
    exposure = exp(-d / 1500 km), d between the capitals of attacker and target (0.5 if unknown)
    terr     = 1 for territory, airspace or territorial waters, else 0
    hybrid   = 1 for cyberattack, sabotage or hybrid-attack
    lcas     = log10(1 + casualties)

    logit P(consult)  = a0 + hostile (a_h + a_e exposure) + a_s severity + a_c lcas + a_t terr
                        + a_y hybrid + a_n nonstate hostile
    logit P(invoke)   = b0 + b_s severity + b_c lcas + b_h hostile + b_w state-war + b_e exposure

`state-war` is hostile * [state attacker] * [armed attack, incursion, missile, air or ground] *
[severity >= 4]. A collective-defence invocation also needs the clause to apply: the finding's
probability multiplies P(invoke).

The coefficients are hand-set priors checked against the sourced public cases in
`foedus/library/incidents` (their `invoked` lists); they are not fitted and not validated out of
sample, which every output states.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from foedus.deterrence.data import distance_km
from foedus.engine.findings import Evaluation
from foedus.engine.world import World
from foedus.model import codes
from foedus.model.incident import Incident

NOTE = ("invocation probabilities: hand-set priors checked on sourced public cases; "
        "not validated out of sample (docs/models.md)")
HYBRID = frozenset({"cyberattack", "sabotage", "hybrid-attack"})
KINETIC = frozenset({"armed-attack", "missile-strike", "air-strike", "shelling", "ground-incursion",
                     "nuclear-use", "chemical-attack"})
CONSULTATION_CLAUSES = {("nato", "art4")}


@dataclass(frozen=True)
class InvocationParams:
    a0: float = -4.5
    a_hostile: float = 1.0
    a_exposure: float = 8.0
    a_severity: float = 0.2
    a_casualties: float = 0.8
    a_territory: float = 1.0
    a_hybrid: float = -1.5
    a_nonstate: float = 2.5
    b0: float = -8.8
    b_severity: float = 0.8
    b_casualties: float = 2.0
    b_hostile: float = 1.0
    b_state_war: float = 6.0
    b_exposure: float = 1.0
    exposure_scale_km: float = 1500.0


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def features(incident: Incident, world: World | None = None,
             params: InvocationParams | None = None) -> dict[str, float]:
    params = params or InvocationParams()
    state = codes.is_state(incident.by)
    ally = False
    if world is not None and state:
        day = incident.date
        ms = world.library.memberships
        ally = any(ms.is_member(o, incident.by, day) and ms.is_member(o, incident.target, day)
                   for o in ("NATO", "EU"))
        # a partner the target supports (Ukraine for Poland, 2022) is no adversary either
        ally = ally or (incident.by == "UKR" and ms.is_member("NATO", incident.target, day))
    unknown = incident.by == codes.UNKNOWN
    hostile = 0.0 if ally or unknown else incident.attribution * incident.chance("intentional")
    d = distance_km(incident.by, incident.target) if state else None
    exposure = 0.5 if d is None else math.exp(-d / params.exposure_scale_km)
    return {
        "hostile": hostile,
        "exposure": exposure,
        "severity": float(incident.severity),
        "territory": 1.0 if incident.where in ("territory", "airspace", "territorial-waters") else 0.0,
        "hybrid": 1.0 if incident.kind in HYBRID else 0.0,
        "nonstate": 0.0 if state or unknown else 1.0,
        "lcas": math.log10(1.0 + incident.casualties),
        "state_war": hostile * (1.0 if state and incident.kind in KINETIC | {"ground-incursion"}
                                and incident.severity >= 4 else 0.0),
    }


def p_consult(incident: Incident, world: World | None = None,
              params: InvocationParams | None = None) -> float:
    """Probability that the target requests consultations (NATO Article 4 style)."""
    p = params or InvocationParams()
    f = features(incident, world, p)
    z = (p.a0 + f["hostile"] * (p.a_hostile + p.a_exposure * f["exposure"])
         + p.a_severity * f["severity"] + p.a_casualties * f["lcas"] + p.a_territory * f["territory"]
         + p.a_hybrid * f["hybrid"] + p.a_nonstate * f["nonstate"] * f["hostile"])
    return _sigmoid(z)


def p_invoke(incident: Incident, world: World | None = None,
             params: InvocationParams | None = None) -> float:
    """Probability that the target invokes a collective-defence clause that applies."""
    p = params or InvocationParams()
    f = features(incident, world, p)
    z = (p.b0 + p.b_severity * f["severity"] + p.b_casualties * f["lcas"]
         + p.b_hostile * f["hostile"] + p.b_state_war * f["state_war"]
         + p.b_exposure * f["exposure"])
    return _sigmoid(z)


def annotate_invocation(evaluation: Evaluation, world: World, incident: Incident) -> None:
    """Set `invocation_probability` on consultation (nato.art4) and collective-defence findings.

    For nato.art4: P(the target requests consultations) times P(the clause applies). For every
    collective-defence finding: P(the clause is invoked) = P(applies) * P(invoke | applies).
    Findings that do not apply get 0. A note saying the model is not validated is added once.
    """
    consult = invoke = None
    touched = False
    for finding in evaluation.findings:
        key = (finding.instrument, finding.clause)
        if key in CONSULTATION_CLAUSES:
            if consult is None:
                consult = p_consult(incident, world)
            p = consult
        elif finding.kind == "collective-defence":
            if invoke is None:
                invoke = p_invoke(incident, world)
            p = invoke
        else:
            continue
        applies = finding.probability if finding.status == "applies" else 0.0
        finding.invocation_probability = round(applies * p, 6)
        touched = True
    if touched and NOTE not in evaluation.notes:
        evaluation.notes.append(NOTE)
