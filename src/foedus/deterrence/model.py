"""From a scenario and a contemplated action to the deterrence game, and back to a report.

    world = assemble(scenario)
    incident = the action (attacker, target, kind, severity) on the scenario date
    evaluation = evaluate(world, incident)             which clauses apply, who owes what
    credibility(...)                                   P(each obligor honours, per class)
    GameInputs(...)                                    capabilities with the loss-of-strength
                                                       gradient, sanctions weights, defectors
    simulate(...)                                      Monte Carlo

Contributions (docs/models.md): m_i = phi_mil * spend_i * g(d_i), a_i = phi_arms * spend_i,
C_A = spend_A * g(d_A), g(d) = 2^(-d / d_half) with d the capital-to-capital distance to the
target; the target fights at home (g = 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from foedus.deterrence.credibility import (
    CLASSES,
    SANCTIONS,
    CredibilityParams,
    ObligorCredibility,
    credibility,
)
from foedus.deterrence.data import Facts, with_deployments
from foedus.deterrence.game import GameInputs, GameParams, GameResult, simulate
from foedus.deterrence.invocation import p_invoke
from foedus.engine.evaluator import evaluate
from foedus.engine.findings import Evaluation
from foedus.engine.world import World, assemble
from foedus.errors import FoedusError, ModelError
from foedus.model.incident import Incident
from foedus.model.vocabulary import INCIDENT_KINDS

VALIDATION = [
    "credibility: historical base rates calibrated on Berkemeier & Fuhrmann (2018); every other "
    "factor is a documented prior, NOT validated",
    "deterrence game: priors, NOT validated; checked only for direction and rough size against "
    "Benson (2011), Fuhrmann & Sechser (2014), Machain & Morgan (2013), and against an exact "
    "game solution on small cases (docs/models.md)",
]


@dataclass(frozen=True)
class BuildParams:
    """How capabilities become strength; documented in docs/models.md."""

    commitment: float = 0.5        # phi_mil: share of an obligor's forces committed if it fights
    arms_share: float = 0.05       # phi_arms: share of spending sent as arms and support
    lsg_half_km: float = 6000.0    # d_half of the loss-of-strength gradient

    def check(self) -> None:
        if not 0 <= self.commitment <= 1 or not 0 <= self.arms_share <= 1:
            raise ModelError("commitment and arms_share must lie in [0, 1]")
        if not self.lsg_half_km > 0:
            raise ModelError("lsg_half_km must be positive")


@dataclass(frozen=True)
class Action:
    attacker: str
    target: str
    kind: str = "armed-attack"
    severity: int = 4
    where: str = "territory"
    region: str | None = None
    sustained: bool = True
    casualties: int = 100

    def incident(self, day: dt.date) -> Incident:
        if self.kind not in INCIDENT_KINDS:
            raise ModelError(f"unknown action {self.kind!r}",
                             hint=f"one of: {', '.join(INCIDENT_KINDS)}")
        try:
            return Incident.model_validate(dict(
                id=f"deter-{self.attacker.lower()}-{self.target.lower()}", date=day,
                kind=self.kind, by=self.attacker, target=self.target, where=self.where,
                region=self.region or self.target, severity=self.severity,
                casualties=self.casualties, sustained=self.sustained, intentional=True,
            ))
        except FoedusError:
            raise
        except Exception as exc:
            raise ModelError(f"bad action: {exc}".splitlines()[0],
                             hint="attacker and target are ISO alpha-3 codes; severity 0..5") from None


@dataclass
class DeterrenceResult:
    scenario: str
    title: str
    as_of: dt.date
    action: Action
    game: GameResult
    credibility: dict[str, ObligorCredibility]
    invocation_probability: float
    applying: list[str]
    assumptions: list[str]
    validation: list[str] = field(default_factory=lambda: list(VALIDATION))

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario, "title": self.title, "as_of": self.as_of.isoformat(),
            "action": vars(self.action),
            "validated": False,
            "validation": self.validation,
            "applying_clauses": self.applying,
            "invocation_probability": round(self.invocation_probability, 6),
            "credibility": [c.to_json() for c in self.credibility.values()],
            **self.game.to_json(),
            "assumptions": self.assumptions,
        }


def _world(scenario: str | Path | World) -> World:
    return scenario if isinstance(scenario, World) else assemble(scenario)


@dataclass
class Prepared:
    """What does not change when only model parameters change: facts, evaluation, incident."""

    world: World
    facts: Facts
    attacker: str
    target: str
    incident: Incident
    evaluation: Evaluation


def prepare(world: World, action: Action, defectors: tuple[str, ...] = ()) -> Prepared:
    facts = Facts(world)
    attacker = facts.check_actor(action.attacker, "attacker")
    target = facts.check_actor(action.target, "target")
    if attacker == target:
        raise ModelError(f"attacker and target are both {attacker}")
    for d in defectors:
        facts.check_actor(d, "defector")
    incident = action.incident(world.as_of)
    return Prepared(world, facts, attacker, target, incident, evaluate(world, incident))


def inputs_for(prep: Prepared, *, credibility_params: CredibilityParams | None = None,
               game_params: GameParams | None = None, build_params: BuildParams | None = None,
               defectors: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
               ) -> tuple[GameInputs, dict[str, ObligorCredibility]]:
    bp = build_params or BuildParams()
    bp.check()
    facts, world, target, attacker = prep.facts, prep.world, prep.target, prep.attacker
    cred = credibility(prep.evaluation, world, attacker=attacker, target=target,
                       params=credibility_params, facts=facts,
                       exclude=frozenset(defectors) | frozenset(exclude))
    obligors = list(cred)
    half = bp.lsg_half_km

    def g(actor: str) -> float:
        return 2.0 ** (-facts.distance(actor, target) / half)

    p = np.array([[cred[o].probability[c] for c in CLASSES] for o in obligors]).reshape(-1, 3)
    spend = np.array([facts.spending(o) for o in obligors])
    defector_set = set(defectors) | _withdrawn_from_sanctions(world)
    inputs = GameInputs(
        obligors=obligors, p=p,
        military=bp.commitment * spend * np.array([g(o) for o in obligors]),
        arms=bp.arms_share * spend,
        weight=np.array([facts.gdp(o) for o in obligors]),
        nuclear=np.array([facts.nuclear_armed(o) for o in obligors], bool),
        attacker_strength=facts.spending(attacker) * g(attacker),
        target_strength=facts.spending(target),
        attacker_gdp=facts.gdp(attacker),
        defector_weight=sum(facts.gdp(d) for d in defector_set - {attacker, target}),
        params=game_params or GameParams(),
    )
    return inputs, cred


def build(world: World, action: Action, *, credibility_params: CredibilityParams | None = None,
          game_params: GameParams | None = None, build_params: BuildParams | None = None,
          defectors: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
          ) -> tuple[GameInputs, dict[str, ObligorCredibility], Evaluation, Incident]:
    """The game for one action in one world (no sampling yet)."""
    prep = prepare(world, action, defectors)
    inputs, cred = inputs_for(prep, credibility_params=credibility_params,
                              game_params=game_params, build_params=build_params,
                              defectors=defectors, exclude=exclude)
    return inputs, cred, prep.evaluation, prep.incident


def _withdrawn_from_sanctions(world: World) -> set[str]:
    """Parties that withdrew from an instrument with a sanctions obligation: defectors."""
    out: set[str] = set()
    for inst in world.instruments.values():
        has_sanctions = any(ob.response in SANCTIONS for c in inst.instrument.clauses
                            for ob in c.obligations)
        if has_sanctions:
            out |= {a for a, day in inst.withdrawals.items() if day <= world.as_of}
    return out


def deter(scenario: str | Path | World, action: Action, *, samples: int = 100_000, seed: int = 0,
          backend: str = "local", scheduler: str | None = None, progress: bool = False,
          credibility_params: CredibilityParams | None = None,
          game_params: GameParams | None = None, build_params: BuildParams | None = None,
          defectors: tuple[str, ...] = (), deployments: tuple[str, ...] = ()) -> DeterrenceResult:
    """P(deterred), expected coalition, most decisive obligor and outcomes for one action.

    `deployments` adds hypothetical deployments (library/deployments-hypothetical.yaml).
    """
    world = with_deployments(_world(scenario), deployments)
    inputs, cred, evaluation, incident = build(
        world, action, credibility_params=credibility_params, game_params=game_params,
        build_params=build_params, defectors=defectors)
    result = simulate(inputs, samples, seed, backend=backend, scheduler=scheduler,  # type: ignore[arg-type]
                      progress=progress)
    applying = [f"{f.instrument}.{f.clause}" for f in evaluation.findings
                if f.status == "applies" and f.kind in ("collective-defence", "assistance",
                                                        "sanctions-snapback", "security-assurance")]
    return DeterrenceResult(
        scenario=world.id, title=world.scenario.title, as_of=world.as_of, action=action,
        game=result, credibility=cred, invocation_probability=p_invoke(incident, world),
        applying=applying, assumptions=list(world.assumptions) + list(evaluation.assumptions),
    )


def compare(scenarios: list[str | Path | World], action: Action, **kwargs) -> list[DeterrenceResult]:
    """The same action under several scenarios, same seed (common random numbers)."""
    if not scenarios:
        raise ModelError("compare needs at least one scenario")
    return [deter(s, action, **kwargs) for s in scenarios]
