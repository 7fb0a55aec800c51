"""Credibility: the probability that each obligor honours what the triggered clauses oblige it to do.

For one obligation j of obligor i (see docs/models.md, "Credibility"):

    logit p_ij = h(x_j)                                  historical part, calibrated on BF 2018
               + g_pol [political] + g_auto [automatic]  obligation strength
               + g_inst * inst(instrument)               institutionalised alliance (NATO)
               + g_trip * log(1 + troops_i,target/1000)  tripwire
               + g_nuc * nuc(i, attacker)                nuclear status (military class only)
               + g_dist * distance_km / 1000             distance
               + g_int * shared NATO/EU memberships      interests
               + g_app * approval_i                      domestic approval requirement
               + g_rec * record_i                        recent record (user-set, -1..1)
               + g_cheap [non-military class]            cheaper obligations

h(x) uses the calibrated coefficients with post1945 = 1 (as-of after 1945), defense = 1 for
assistance, consul = 1 for consultation, multilateral = more than two parties. Each obligation
falls in one response class: `military` (assistance responses), `arms` (security or non-military
assistance) or `sanctions`. The obligor's probability for a class is the largest over its
obligations of that class, times the probability that the clause applies.

Only h is calibrated; every g is a documented prior, so outputs say "not validated".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

from foedus.deterrence.calibration import shipped
from foedus.deterrence.data import Facts
from foedus.engine.findings import Evaluation
from foedus.engine.world import World
from foedus.errors import ModelError
from foedus.model.vocabulary import ASSISTANCE_RESPONSES

CLASSES = ("military", "arms", "sanctions")
ARMS = frozenset({"security-assistance", "non-military-assistance"})
SANCTIONS = frozenset({"sanctions", "sanctions-snapback"})
INSTITUTIONALISED = {"NATO": 1.0, "CSTO": 0.5, "EU": 0.5}


@dataclass
class CredibilityParams:
    """Priors of the credibility model (log-odds shifts). Documented in docs/models.md."""

    political: float = -0.5       # a political (non-binding) commitment
    automatic: float = 0.3        # automatic assistance (strength 5)
    institution: float = 2.0      # integrated military organisation (NATO = 1, CSTO/EU = 0.5)
    tripwire: float = 0.8         # per unit of log(1 + own troops in target / 1000)
    nuclear_vs_nuclear: float = -0.3   # nuclear-armed obligor facing a nuclear-armed attacker
    nuclear_vs_conventional: float = 0.3
    distance: float = -0.08       # per 1000 km between capitals
    interest: float = 0.4         # per shared NATO/EU membership with the target
    approval: float = -0.5        # times the domestic-approval weight (0..1)
    record: float = 0.5           # times the user-set recent record (-1..1)
    cheap: float = 1.5            # arms supply or sanctions rather than fighting
    records: dict[str, float] = field(default_factory=dict)

    def with_(self, **changes: float) -> CredibilityParams:
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ModelError(f"unknown credibility parameter(s): {', '.join(sorted(unknown))}")
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(changes)
        return CredibilityParams(**data)


@dataclass
class Factor:
    name: str
    value: float      # the input (e.g. km, troops)
    shift: float      # its log-odds contribution


@dataclass
class ObligorCredibility:
    obligor: str
    probability: dict[str, float]                 # class -> P(honours an obligation of that class)
    sources: dict[str, str]                       # class -> instrument.clause.obligation used
    factors: dict[str, list[Factor]]              # class -> breakdown for the best obligation

    def to_json(self) -> dict:
        return {
            "obligor": self.obligor,
            "probability": {k: round(v, 6) for k, v in self.probability.items()},
            "sources": self.sources,
            "factors": {k: [{"name": f.name, "value": f.value, "shift": round(f.shift, 4)}
                            for f in fs] for k, fs in self.factors.items()},
        }


def response_class(response: str) -> str | None:
    if response in ASSISTANCE_RESPONSES:
        return "military"
    if response in ARMS:
        return "arms"
    if response in SANCTIONS:
        return "sanctions"
    return None


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def obligation_logit(
    facts: Facts, params: CredibilityParams, *, obligor: str, target: str, attacker: str,
    response: str, binding: bool, strength: int, parties: int, membership: str | None,
    post1945: bool = True,
) -> tuple[float, list[Factor]]:
    cal = shipped()
    cls = response_class(response)
    defense = 1.0 if cls is not None else 0.0
    consul = 1.0 if response == "consultation" else 0.0
    post = 1.0 if post1945 else 0.0
    multi = 1.0 if parties > 2 else 0.0
    base = cal.logit(post1945=post, defense=defense, post1945_defense=post * defense,
                     consul=consul, multilateral=multi)
    factors = [Factor("historical base rate (BF 2018, calibrated)", _sigmoid(base), base)]
    add = factors.append
    if not binding:
        add(Factor("political commitment", 1, params.political))
    if strength >= 5:
        add(Factor("automatic assistance", 1, params.automatic))
    inst = INSTITUTIONALISED.get(membership or "", 0.0)
    if inst:
        add(Factor(f"institutionalised alliance ({membership})", inst, params.institution * inst))
    troops = facts.troops(obligor, target)
    if troops:
        add(Factor("own troops in target (tripwire)", troops,
                   params.tripwire * math.log1p(troops / 1000.0)))
    if cls == "military" and facts.nuclear_armed(obligor):
        if facts.nuclear_armed(attacker):
            add(Factor("nuclear obligor vs nuclear attacker", 1, params.nuclear_vs_nuclear))
        else:
            add(Factor("nuclear obligor vs conventional attacker", 1,
                       params.nuclear_vs_conventional))
    dist = facts.distance(obligor, target)
    add(Factor("distance to target (km)", round(dist), params.distance * dist / 1000.0))
    shared = facts.shared_memberships(obligor, target)
    if shared:
        add(Factor("shared NATO/EU memberships", shared, params.interest * shared))
    appr = facts.approval(obligor)
    if appr:
        add(Factor("domestic approval requirement", appr, params.approval * appr))
    rec = params.records.get(obligor, 0.0)
    if rec:
        if not -1.0 <= rec <= 1.0:
            raise ModelError(f"record of {obligor} must lie in [-1, 1], got {rec}")
        add(Factor("recent record", rec, params.record * rec))
    if cls in ("arms", "sanctions"):
        add(Factor("cheaper obligation (arms or sanctions)", 1, params.cheap))
    return sum(f.shift for f in factors), factors


def credibility(
    evaluation: Evaluation, world: World, *, attacker: str, target: str,
    params: CredibilityParams | None = None, facts: Facts | None = None,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, ObligorCredibility]:
    """Credibility of every obligor (other than attacker and target) of the applying findings."""
    params = params or CredibilityParams()
    facts = facts or Facts(world)
    out: dict[str, ObligorCredibility] = {}
    day = evaluation.as_of
    for finding in evaluation.findings:
        if finding.status != "applies" or finding.probability <= 0:
            continue
        inst = world.instruments.get(finding.instrument)
        parties = len(inst.parties_on(day)) if inst is not None else 2
        membership = inst.instrument.membership if inst is not None else None
        for ob in finding.obligations:
            if ob.obligor in (attacker, target) or ob.obligor in exclude:
                continue
            cls = response_class(ob.response)
            if cls is None:
                continue
            z, factors = obligation_logit(
                facts, params, obligor=ob.obligor, target=target, attacker=attacker,
                response=ob.response, binding=ob.binding, strength=ob.strength,
                parties=parties, membership=membership, post1945=day.year >= 1945,
            )
            p = finding.probability * _sigmoid(z)
            if p > 1.0 + 1e-12 or p < 0:
                raise ModelError(f"impossible probability {p} for {ob.obligor}")
            entry = out.setdefault(ob.obligor, ObligorCredibility(
                ob.obligor, dict.fromkeys(CLASSES, 0.0), {}, {}))
            if p > entry.probability[cls]:
                entry.probability[cls] = p
                entry.sources[cls] = f"{finding.instrument}.{finding.clause}.{ob.obligation}"
                entry.factors[cls] = factors
    # a state that fights also supplies arms and sanctions: classes are nested
    for entry in out.values():
        pr = entry.probability
        pr["arms"] = max(pr["arms"], pr["military"])
        pr["sanctions"] = max(pr["sanctions"], pr["military"])
    return dict(sorted(out.items()))
