"""NATO Article 5, with the Article 6 scope, written as an OpenFisca model; and the timed runner.

This file runs ONLY in the benchmark's own venv (`.benchvenv-openfisca`, made by
`bench_openfisca.py` from `requirements-openfisca.txt`): it imports `openfisca_core` and never
`foedus`, so OpenFisca stays out of foedus's dependencies. It reads foedus's data by path
(`src/foedus/library/{geography.csv, memberships.csv, instruments/nato.yaml}`) so that both sides
use the same geography, the same accession dates and the same entry into force.

The model mirrors the `art5` clause of `src/foedus/library/instruments/nato.yaml` and its exception
`outside-article-6-area`:

* one person-like entity, `incident`, one per incident; every input is an ETERNITY variable (an
  incident's facts do not change with the period asked about);
* party membership and entry into force are OpenFisca *dated parameters* (`nato.party.<ISO3>`:
  true from the accession date, false from a leaving date; `nato.in_force`), built from the CSV;
  since every incident has its own date, the formula asks the parameters at each date on which
  one of them changes and picks, per incident, the value in force on the incident's date;
* place containment ("`region within {europe, TUR, ...}`") is a boolean lookup table over the
  `Place` enum, computed once from geography.csv with foedus's rule (a place is within a set when
  it is in it or one of its ancestors is; an ISO3-subdivision missing from the table lies within
  its country);
* the status is `applies`, `not_applicable` or `excluded` (by the Article 6 exception).

foedus evaluates uncertain inputs (attribution, intentional, ...) as weighted possible worlds; this
model computes the reported world only (`attributed` = the attacker is known), which is what the
benchmark compares: statuses, with every attribution 1.0.

Runner: `python openfisca_rules.py INPUT.npz OUTPUT.npz [--repeats R] [--interleaved]` (`main`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import sys
import time
from functools import cache
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
              "NUMEXPR_MAX_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy  # noqa: E402
import yaml  # noqa: E402  (a dependency of openfisca-core)
from openfisca_core import periods  # noqa: E402
from openfisca_core.entities import build_entity  # noqa: E402
from openfisca_core.errors import ParameterNotFoundError  # noqa: E402
from openfisca_core.indexed_enums import Enum, EnumArray  # noqa: E402
from openfisca_core.parameters import ParameterNode  # noqa: E402
from openfisca_core.simulations import SimulationBuilder  # noqa: E402
from openfisca_core.taxbenefitsystems import TaxBenefitSystem  # noqa: E402
from openfisca_core.variables import Variable  # noqa: E402

LIBRARY = Path(__file__).resolve().parents[1] / "src" / "foedus" / "library"
ETERNITY = periods.DateUnit.ETERNITY
#: The period the status is asked for. Every variable is ETERNITY (OpenFisca then accepts any
#: period; asking with ETERNITY itself fails when a formula is looked up), and the dates that
#: matter are each incident's own `date`, so this is only a label: the benchmark scenario's as-of.
PERIOD = periods.period("2025-11-21")

# --- entity and closed vocabularies (src/foedus/model/vocabulary.py) ------------------------------

Incident = build_entity(
    key="incident",
    plural="incidents",
    label="An incident: an attack or act evaluated against the treaty",
    is_person=True,
)


class Kind(Enum):
    armed_attack = "armed-attack"
    missile_strike = "missile-strike"
    air_strike = "air-strike"
    shelling = "shelling"
    ground_incursion = "ground-incursion"
    air_incursion = "air-incursion"
    drone_incursion = "drone-incursion"
    naval_incident = "naval-incident"
    cyberattack = "cyberattack"
    sabotage = "sabotage"
    terrorist_attack = "terrorist-attack"
    chemical_attack = "chemical-attack"
    nuclear_use = "nuclear-use"
    hybrid_attack = "hybrid-attack"
    space_attack = "space-attack"
    threat = "threat"


class Where(Enum):
    territory = "territory"
    airspace = "airspace"
    territorial_waters = "territorial-waters"
    eez = "eez"
    forces_abroad = "forces-abroad"
    vessels_or_aircraft = "vessels-or-aircraft"
    international_waters = "international-waters"


class Determination(Enum):
    none = "none"
    affirmed = "affirmed"
    conditional = "conditional"
    rejected = "rejected"


class Status(Enum):
    applies = "applies"
    not_applicable = "not-applicable"
    excluded = "excluded"


# --- geography and actors from foedus's tables -----------------------------------------------------

MACRO_REGIONS = ("europe", "north-america", "south-america", "central-america", "caribbean",
                 "africa", "asia", "middle-east", "oceania", "pacific", "north-atlantic",
                 "south-atlantic", "mediterranean", "black-sea", "baltic-sea", "arctic",
                 "indian-ocean")
ORGANISATIONS = ("NATO", "EU", "UN", "CSTO", "OAS", "OSCE", "G7", "AU")
_SUBDIVISION = re.compile(r"^([A-Z]{3})-([A-Z0-9]{1,3})$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _read_csv(name: str) -> list[dict[str, str]]:
    with (LIBRARY / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _parents() -> dict[str, tuple[str, ...]]:
    parents = {row["place"].strip(): tuple(p.strip() for p in row["within"].split(";") if p.strip())
               for row in _read_csv("geography.csv")}
    for region in MACRO_REGIONS:
        parents.setdefault(region, ())
    return parents


@cache
def ancestors(place: str) -> frozenset[str]:
    """Every place containing `place` (the same rule as foedus.model.codes.Geography)."""
    parents = _parents()
    direct = list(parents.get(place, ()))
    sub = _SUBDIVISION.match(place)
    if sub and place not in parents:
        direct.append(sub.group(1))
    found: set[str] = set()
    for parent in direct:
        found.add(parent)
        found |= ancestors(parent)
    return frozenset(found)


Place = Enum("Place", [(p, p) for p in _parents()])
_STATES = [p for p in _parents() if _ISO3.match(p)]
Actor = Enum("Actor", [(a, a) for a in (*_STATES, *ORGANISATIONS, "non-state", "unknown")])


def place_code(word: str) -> str:
    """The Place member for a place code; a subdivision not in the table stands for its country."""
    if word in _parents():
        return word
    sub = _SUBDIVISION.match(word)
    if sub and sub.group(1) in _parents():
        return sub.group(1)
    raise KeyError(f"unknown place {word!r}")


def actor_code(word: str) -> str:
    """The Actor member for an actor code: every `non-state:NAME` is one member (`non-state`),
    which is exact for Article 5, where the attacker is only compared with the (state) target."""
    return "non-state" if word.startswith("non-state:") else word


@cache
def within_table(places: frozenset[str]) -> numpy.ndarray:
    """`table[place.index]` is true when the place is one of `places` or lies inside one."""
    return numpy.fromiter(
        (m.value in places or not ancestors(m.value).isdisjoint(places) for m in Place),
        bool, len(Place))


def within(region: EnumArray, places: frozenset[str]) -> numpy.ndarray:
    return within_table(places)[numpy.asarray(region)]


def one_of(values: EnumArray, *members: Enum) -> numpy.ndarray:
    """Vectorised `value in {members}` (one table look-up instead of a chain of `==`)."""
    table = numpy.zeros(len(values.possible_values), bool)
    table[[m.index for m in members]] = True
    return table[numpy.asarray(values)]


# --- dated parameters -------------------------------------------------------------------------------


def build_parameters() -> ParameterNode:
    """`nato.in_force` and `nato.party.<ISO3>` as dated boolean parameters, from foedus's data."""
    with (LIBRARY / "instruments" / "nato.yaml").open(encoding="utf-8") as handle:
        treaty = yaml.safe_load(handle)
    in_force = treaty["in_force"] or treaty["signed"]
    party: dict[str, dict] = {}
    for row in _read_csv("memberships.csv"):
        if row["organisation"] != "NATO":
            continue
        values = party.setdefault(row["actor"], {
            "description": f"{row['actor']} is a Party to the North Atlantic Treaty",
            "values": {}})["values"]
        values.setdefault(row["joined"], {"value": True})
        if row["left"]:
            values.setdefault(row["left"], {"value": False})
    return ParameterNode("", data={"nato": {
        "description": "The North Atlantic Treaty (Washington, 1949)",
        "in_force": {"description": "The treaty is in force",
                     "values": {str(in_force): {"value": True}}},
        "party": {"description": "Parties, each from its accession date (memberships.csv)",
                  **party},
    }})


def _instants(parameter) -> list[str]:
    if isinstance(parameter, ParameterNode):
        return sorted({i for child in parameter.children.values() for i in _instants(child)})
    return sorted(v.instant_str for v in parameter.values_list)


def _value_or_none(node_at_instant, name: str):
    """A child of a parameter node at an instant; None before the child's first value."""
    try:
        return node_at_instant[name]
    except ParameterNotFoundError:
        return None


def at_dates(population, path: str, dates: numpy.ndarray, parameters, keys=None) -> numpy.ndarray:
    """A dated boolean parameter (or, with `keys`, a node of them keyed by enum member names)
    evaluated at each entity's own date: the value in force on that day (None counts as false).

    Parameters only change on their listed instants, so the parameters are read at each of those
    instants (`parameters(instant)`, the usual OpenFisca call) into a small table, and each entity
    takes the row of the last instant on or before its date.
    """
    node = population.simulation.tax_benefit_system.parameters
    for part in path.split("."):
        node = node.children[part]
    instants = _instants(node)
    if keys is None:
        table = numpy.zeros((len(instants) + 1, 1), bool)
    else:
        table = numpy.zeros((len(instants) + 1, len(keys.possible_values)), bool)
        columns = [(keys.possible_values[name].index, name) for name in node.children]
    for row, instant in enumerate(instants, start=1):
        value = parameters(instant)
        for part in path.split("."):
            value = value[part]
        if keys is None:
            table[row, 0] = bool(value)
        else:
            for column, name in columns:
                table[row, column] = bool(_value_or_none(value, name))
    row = numpy.searchsorted(numpy.array(instants, dtype="datetime64[D]"), dates, side="right")
    return table[row, 0] if keys is None else table[row, numpy.asarray(keys)]


# --- input variables ------------------------------------------------------------------------------


class kind(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Kind
    default_value = Kind.threat
    label = "Kind of incident"


class by(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Actor
    default_value = Actor.unknown
    label = "Attributed attacker (ISO3, organisation, non-state, or unknown)"


class target(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Actor
    default_value = Actor.unknown
    label = "State attacked"


class where(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Where
    default_value = Where.territory
    label = "Object or zone attacked"


class region(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Place
    default_value = Place["europe"]
    label = "Where it happened (macro-region, ISO3, ISO3-subdivision)"


class attribution(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = float
    default_value = 1.0
    label = "Confidence that `by` is right (foedus weighs worlds by it; statuses do not read it)"


class date(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = dt.date
    label = "Date of the incident; also the as-of date of the evaluation"


class intentional(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    default_value = True
    label = "The act was intentional"


class severity(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = int
    label = "Severity 0..5 (not read by Article 5)"


class nato_determination(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Determination
    default_value = Determination.none
    label = "The North Atlantic Council's determination on this incident"


# --- formulas ---------------------------------------------------------------------------------------


class attributed(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "The attacker is known (the reported world: attribution taken as right)"

    def formula(incident, period, parameters):
        return incident("by", period) != Actor.unknown


class nato_in_force(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "The North Atlantic Treaty is in force on the incident's date"

    def formula(incident, period, parameters):
        return at_dates(incident, "nato.in_force", incident("date", period), parameters)


class target_is_nato_party(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "The target is a Party on the incident's date"

    def formula(incident, period, parameters):
        return at_dates(incident, "nato.party", incident("date", period), parameters,
                        keys=incident("target", period))


class art5_council_determined(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "The Council determined, at least conditionally, that the incident is covered"

    def formula(incident, period, parameters):
        return one_of(incident("nato_determination", period),
                      Determination.affirmed, Determination.conditional)


class art5_trigger(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "Article 5: an intentional armed attack on a Party by someone other than that Party"
    reference = "North Atlantic Treaty, Article 5; nato.yaml clause art5 `trigger`"

    def formula(incident, period, parameters):
        k = incident("kind", period)
        armed = one_of(k, Kind.armed_attack, Kind.missile_strike, Kind.air_strike, Kind.shelling,
                       Kind.ground_incursion, Kind.nuclear_use, Kind.cyberattack,
                       Kind.hybrid_attack, Kind.space_attack)
        if_determined = one_of(k, Kind.terrorist_attack, Kind.chemical_attack, Kind.sabotage,
                               Kind.air_incursion, Kind.drone_incursion)
        by_other = (numpy.asarray(incident("by", period))
                    != numpy.asarray(incident("target", period)))
        return (incident("target_is_nato_party", period)
                * incident("attributed", period)
                * incident("intentional", period)
                * by_other
                * (armed + if_determined * incident("art5_council_determined", period)))


class art5_case_by_case(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "Cyber, hybrid and space attacks count only on the Council's determination"
    reference = "nato.yaml clause art5 `determination: case-by-case`, `determination_kinds`"

    def formula(incident, period, parameters):
        decided = one_of(incident("kind", period),
                         Kind.cyberattack, Kind.hybrid_attack, Kind.space_attack)
        return numpy.logical_not(decided) + incident("art5_council_determined", period)


_LISTED_OUTSIDE = frozenset({
    "USA-HI", "ESP-CE", "ESP-ML", "GUF", "GLP", "MTQ", "REU", "MYT", "BLM", "MAF", "PYF", "NCL",
    "WLF", "ATF", "PRI", "VIR", "GUM", "MNP", "ASM", "UMI", "FLK", "SGS", "SHN", "IOT", "PCN",
    "VGB", "AIA", "MSR", "CYM", "TCA", "ABW", "CUW", "SXM", "BES"})
_TERRITORY_AREA = frozenset({"europe", "north-america", "north-atlantic", "TUR", "GRL", "FRO",
                             "SJM", "BMU", "SPM"})
_FORCES_AREA = _TERRITORY_AREA | {"mediterranean"}


class art5_outside_article_6_area(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = bool
    label = "Article 6: the attack falls outside the treaty area"
    reference = "North Atlantic Treaty, Article 6; nato.yaml exception `outside-article-6-area`"

    def formula(incident, period, parameters):
        w = incident("where", period)
        r = incident("region", period)
        on_territory = one_of(w, Where.territory, Where.airspace, Where.territorial_waters)
        on_forces = one_of(w, Where.forces_abroad, Where.vessels_or_aircraft, Where.eez,
                           Where.international_waters)
        covered = (on_territory * within(r, _TERRITORY_AREA)
                   + on_forces * within(r, _FORCES_AREA))
        return within(r, _LISTED_OUTSIDE) + numpy.logical_not(covered)


class art5_status(Variable):
    entity = Incident
    definition_period = ETERNITY
    value_type = Enum
    possible_values = Status
    default_value = Status.not_applicable
    label = "NATO Article 5 for this incident: applies, not applicable, or excluded by Article 6"

    def formula(incident, period, parameters):
        triggered = (incident("nato_in_force", period) * incident("art5_trigger", period)
                     * incident("art5_case_by_case", period))
        outside = incident("art5_outside_article_6_area", period)
        return numpy.select(
            [triggered * outside, triggered],
            [Status.excluded.index, Status.applies.index],  # indices: no per-row Enum objects
            Status.not_applicable.index,
        )


VARIABLES = (kind, by, target, where, region, attribution, date, intentional, severity,
             nato_determination, attributed, nato_in_force, target_is_nato_party,
             art5_council_determined, art5_trigger, art5_case_by_case,
             art5_outside_article_6_area, art5_status)


class NatoArticle5(TaxBenefitSystem):
    """The OpenFisca "country package": one entity, the variables above, the dated parameters."""

    def __init__(self) -> None:
        super().__init__([Incident])
        self.add_variables(*VARIABLES)
        self.parameters = build_parameters()


# --- runner -----------------------------------------------------------------------------------------

_ENUMS = {"kind": Kind, "by": Actor, "target": Actor, "where": Where, "region": Place,
          "nato_determination": Determination}
_NORMALISE = {"by": actor_code, "target": actor_code, "region": place_code}


def encode(name: str, codes: numpy.ndarray, words: numpy.ndarray) -> EnumArray:
    """Batch codes (indices into `words`) as an EnumArray of the variable's enum."""
    enum = _ENUMS[name]
    by_value = {m.value: m.index for m in enum}
    normalise = _NORMALISE.get(name, str)
    table = numpy.array([by_value[normalise(str(w))] for w in words], dtype=numpy.int16)
    return EnumArray(table[codes], enum)


def load_inputs(path: str) -> tuple[int, dict[str, numpy.ndarray]]:
    data = numpy.load(path, allow_pickle=False)
    n = int(data["n"])
    inputs: dict[str, numpy.ndarray] = {
        name: encode(name, data[f"{name}_codes"], data[f"{name}_words"]) for name in _ENUMS}
    inputs["date"] = (numpy.datetime64("1970-01-01", "D")
                      + data["date_days"].astype("timedelta64[D]"))
    inputs["attribution"] = data["attribution"].astype(numpy.float32)
    inputs["intentional"] = data["intentional"].astype(bool)
    inputs["severity"] = data["severity"].astype(numpy.int32)
    return n, inputs


def build_simulation(system: TaxBenefitSystem, n: int, inputs: dict[str, numpy.ndarray]):
    simulation = SimulationBuilder().build_default_simulation(system, count=n)
    for name, values in inputs.items():
        simulation.set_input(name, ETERNITY, values)
    return simulation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs")
    parser.add_argument("output")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--interleaved", action="store_true",
                        help="print `ready`, then wait for a line on stdin before each timed run "
                             "and print its seconds (calculate wall, calculate CPU, build): the caller alternates its "
                             "own runs with these so that both meet the same machine load")
    args = parser.parse_args()

    from importlib.metadata import version

    t0 = time.perf_counter()
    n, inputs = load_inputs(args.inputs)
    system = NatoArticle5()
    load_seconds = time.perf_counter() - t0
    build, calc, cpu = [], [], []
    status = None
    if args.interleaved:
        print("ready", flush=True)
    for _ in range(args.repeats):
        if args.interleaved and not sys.stdin.readline():
            sys.exit("the caller closed stdin before all runs were done")
        t0 = time.perf_counter()
        simulation = build_simulation(system, n, inputs)
        t1, c1 = time.perf_counter(), time.process_time()
        result = simulation.calculate("art5_status", PERIOD)
        t2, c2 = time.perf_counter(), time.process_time()
        build.append(t1 - t0)
        calc.append(t2 - t1)
        cpu.append(c2 - c1)
        if args.interleaved:
            print(f"{t2 - t1:.6f} {c2 - c1:.6f} {t1 - t0:.6f}", flush=True)
        current = numpy.asarray(result).astype(numpy.int8)
        if status is not None and not numpy.array_equal(status, current):
            sys.exit("OpenFisca gave different statuses on two runs of the same simulation")
        status = current
        del simulation, result
    numpy.savez(
        args.output,
        status_codes=status,
        status_words=numpy.array([m.value for m in Status]),
        calculate_seconds=numpy.array(calc),
        calculate_cpu_seconds=numpy.array(cpu),
        build_seconds=numpy.array(build),
        load_seconds=numpy.float64(load_seconds),
        openfisca_core=numpy.str_(version("openfisca-core")),
        numpy_version=numpy.str_(numpy.__version__),
        python=numpy.str_(sys.version.split()[0]),
    )
    if args.interleaved:
        print("done", flush=True)


if __name__ == "__main__":
    main()
