"""Facts the deterrence models read from a World: capability, distance, nuclear status, approval.

Capability is military expenditure in current US dollars: the scenario's capability overrides
first, then the library's SIPRI figures (`capabilities.csv`, metric defence_spending_usd, latest
year), then COW National Material Capabilities 7.0 for 2022 (`library/deterrence/nmc-2022.csv`,
derived from the peacesciencer copy, see SOURCE.md there). Distances are great-circle distances
between capitals (`library/deterrence/capitals.csv`). Economic weight for sanctions is GDP derived
as spending / (spending share of GDP) where both are known, else spending / 0.02.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from foedus.engine.world import World
from foedus.errors import ModelError
from foedus.model import codes
from foedus.model.tables import Deployment

NUCLEAR_ARMED = ("nuclear-weapon-state", "nuclear-armed")


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("foedus.library").joinpath("deterrence", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def capitals() -> dict[str, tuple[float, float]]:
    return {r["actor"]: (float(r["lat"]), float(r["lon"])) for r in _table("capitals.csv")}


@cache
def nmc() -> dict[str, float]:
    return {r["actor"]: float(r["milex_usd"]) for r in _table("nmc-2022.csv") if r["milex_usd"]}


@cache
def approval() -> dict[str, float]:
    return {r["actor"]: float(r["weight"]) for r in _table("domestic-approval.csv")}


def distance_km(a: str, b: str) -> float | None:
    caps = capitals()
    if a not in caps or b not in caps:
        return None
    (la1, lo1), (la2, lo2) = caps[a], caps[b]
    p1, p2 = math.radians(la1), math.radians(la2)
    dl = math.radians(lo2 - lo1)
    dp = p2 - p1
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class Facts:
    """Per-world lookups, cached."""

    world: World

    def __post_init__(self) -> None:
        self._spend: dict[str, tuple[int, float]] = {}
        self._gdp_pct: dict[str, tuple[int, float]] = {}
        for row in self.world.library.capabilities:
            target = {"defence_spending_usd": self._spend,
                      "defence_spending_gdp_pct": self._gdp_pct}.get(row.metric)
            if target is not None and (row.actor not in target or row.year >= target[row.actor][0]):
                target[row.actor] = (row.year, row.value)
        for ov in self.world.scenario.capability_overrides:
            target = {"defence_spending_usd": self._spend,
                      "defence_spending_gdp_pct": self._gdp_pct}.get(ov.metric)
            if target is not None:
                target[ov.actor] = (9999, ov.value)

    def known_actor(self, actor: str) -> bool:
        return actor in self.world.library.actors or actor in nmc() or actor in self._spend

    def check_actor(self, actor: str, role: str) -> str:
        try:
            code = codes.check_actor(actor, states_only=True)
        except Exception as exc:  # UnknownCodeError carries its own hint
            raise ModelError(f"unknown {role} {actor!r}: {getattr(exc, 'message', exc)}",
                             hint="use an ISO 3166-1 alpha-3 code, e.g. RUS, UKR, EST") from None
        if not self.known_actor(code):
            raise ModelError(f"no capability data for {role} {code}",
                             hint="add a defence_spending_usd capability override to the scenario")
        return code

    def spending(self, actor: str) -> float:
        if actor in self._spend:
            return self._spend[actor][1]
        return nmc().get(actor, 0.0)

    def gdp(self, actor: str) -> float:
        spend = self.spending(actor)
        pct = self._gdp_pct.get(actor)
        share = pct[1] / 100.0 if pct and pct[1] > 0 else 0.02
        return spend / share

    def nuclear(self, actor: str) -> str:
        row = self.world.library.actors.get(actor)
        return row.nuclear if row is not None else "none"

    def nuclear_armed(self, actor: str) -> bool:
        return self.nuclear(actor) in NUCLEAR_ARMED

    def distance(self, a: str, b: str, default: float = 3000.0) -> float:
        d = distance_km(a, b)
        return default if d is None else d

    def troops(self, actor: str, host: str) -> float:
        """Own personnel of `actor` in `host` on the scenario date (unknown head-counts: 200)."""
        day = self.world.as_of
        total = 0.0
        for dep in self.world.deployments:
            if dep.actor == actor and dep.host == host and dep.active_on(day):
                total += dep.personnel if dep.personnel is not None else 200.0
        return total

    def shared_memberships(self, a: str, b: str) -> int:
        day = self.world.as_of
        ms = self.world.library.memberships
        return sum(1 for org in ("NATO", "EU") if ms.is_member(org, a, day) and ms.is_member(org, b, day))

    def approval(self, actor: str) -> float:
        return approval().get(actor, 0.0)


@cache
def hypothetical_deployments() -> dict[str, Deployment]:
    """Deployments in `library/deployments-hypothetical.yaml` (what-if scenarios only)."""
    from foedus.model.tables import read_deployments

    label = "library/deployments-hypothetical.yaml"
    source = resources.files("foedus.library").joinpath("deployments-hypothetical.yaml")
    if not source.is_file():
        return {}
    return {d.id: d for d in read_deployments(source.read_text("utf-8"), label)}


def with_deployments(world: World, ids: tuple[str, ...]) -> World:
    """A shallow copy of `world` with hypothetical deployments added (unknown ids are an error)."""
    if not ids:
        return world
    import copy

    known = hypothetical_deployments()
    missing = [i for i in ids if i not in known]
    if missing:
        raise ModelError(f"unknown hypothetical deployment(s): {', '.join(missing)}",
                         hint=f"known: {', '.join(known) or 'none'}")
    out = copy.copy(world)
    have = {d.id for d in world.deployments}
    out.deployments = [*world.deployments, *(known[i] for i in ids if i not in have)]
    out.assumptions = [*world.assumptions,
                       *(f"hypothetical deployment {i}: {known[i].name}" for i in ids)]
    return out
