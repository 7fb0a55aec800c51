"""Find and load the bundled library and user files: instruments, amendments, scenarios, incidents.

Files are loaded lazily and cached, so `foedus check` reads only what its scenario needs. Every
loaded document keeps its `Positions`, so later stages (condition compilation, scenario assembly)
can still point at a file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Generic, TypeVar

from foedus.errors import InputError, Location, ScenarioError
from foedus.model.incident import Incident
from foedus.model.instrument import Instrument
from foedus.model.scenario import Amendment, Scenario
from foedus.model.tables import (
    ActorRow,
    CapabilityRow,
    Deployment,
    MembershipRow,
    Memberships,
    read_csv_rows,
    read_deployments,
)
from foedus.model.validation import Strict, validate
from foedus.model.yamlio import Positions, parse_yaml

T = TypeVar("T", bound=Strict)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated document with the positions of its values in its file."""

    value: T
    positions: Positions

    @property
    def file(self) -> str:
        return self.positions.file


def _read(source: Path | Traversable, label: str) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", Location(label), "check the path or the id") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", Location(label)) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(label)) from None


def load_document(path: Path | Traversable, model: type[T], label: str | None = None) -> Loaded[T]:
    label = label or str(path)
    data, positions = parse_yaml(_read(path, label), label)
    if not isinstance(data, dict):
        raise InputError(f"expected a mapping (a {model.__name__}), got a {type(data).__name__}",
                         positions.locate(()))
    return Loaded(validate(model, data, positions), positions)


def load_incidents(path: Path | str) -> list[Loaded[Incident]]:
    """Read one incident (a mapping) or a sequence of incidents (a list) from a YAML file."""
    path = Path(path)
    data, positions = parse_yaml(_read(path, str(path)), str(path))
    items: list[tuple[Any, tuple]] = []
    if isinstance(data, dict):
        items = [(data, ())]
    elif isinstance(data, list) and data:
        items = [(item, (i,)) for i, item in enumerate(data)]
    elif isinstance(data, list):
        raise InputError("the list of incidents is empty", positions.locate(()),
                         "write at least one incident")
    else:
        raise InputError("expected an incident (a mapping) or a list of incidents",
                         positions.locate(()), "see docs/formats.md, section Incident")
    out: list[Loaded[Incident]] = []
    seen: set[str] = set()
    for item, prefix in items:
        if not isinstance(item, dict):
            raise InputError("expected an incident mapping", positions.locate(prefix))
        incident = validate(Incident, item, positions, prefix)
        if incident.id in seen:
            raise InputError(f"duplicate incident id {incident.id!r}", positions.locate((*prefix, "id")))
        seen.add(incident.id)
        out.append(Loaded(incident, positions.sub(prefix)))
    return out


class Library:
    """The bundled library (or another folder laid out the same way)."""

    def __init__(self, root: Path | Traversable | None = None) -> None:
        self.root = root if root is not None else resources.files("foedus.library")
        self._cache: dict[tuple[str, str], Loaded[Any]] = {}

    def _label(self, kind: str, name: str) -> str:
        return f"library/{kind}/{name}" if kind else f"library/{name}"

    def _ids(self, kind: str) -> list[str]:
        folder = self.root.joinpath(kind)
        if not folder.is_dir():
            return []
        return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))

    def _get(self, kind: str, ident: str, model: type[T]) -> Loaded[T]:
        key = (kind, ident)
        if key not in self._cache:
            source = self.root.joinpath(kind, f"{ident}.yaml")
            if not source.is_file():
                known = ", ".join(self._ids(kind)) or "none"
                raise ScenarioError(f"no {kind[:-1]} {ident!r} in the library",
                                    hint=f"known: {known}")
            loaded = load_document(source, model, self._label(kind, f"{ident}.yaml"))
            if getattr(loaded.value, "id", ident) != ident:
                raise InputError(
                    f"id {loaded.value.id!r} does not match the file name {ident!r}",  # type: ignore[attr-defined]
                    loaded.positions.locate(("id",)),
                )
            self._cache[key] = loaded
        return self._cache[key]

    def instrument_ids(self) -> list[str]:
        return self._ids("instruments")

    def scenario_ids(self) -> list[str]:
        return self._ids("scenarios")

    def amendment_ids(self) -> list[str]:
        return self._ids("amendments")

    def incident_ids(self) -> list[str]:
        return self._ids("incidents")

    def instrument(self, ident: str) -> Loaded[Instrument]:
        return self._get("instruments", ident, Instrument)

    def amendment(self, ident: str) -> Loaded[Amendment]:
        return self._get("amendments", ident, Amendment)

    def scenario(self, ident: str) -> Loaded[Scenario]:
        return self._get("scenarios", ident, Scenario)

    def incident(self, ident: str) -> Loaded[Incident]:
        return self._get("incidents", ident, Incident)

    def _csv(self, name: str, model: type[T]) -> list[T]:
        source = self.root.joinpath(name)
        return read_csv_rows(_read(source, self._label("", name)), self._label("", name), model)

    @cached_property
    def actors(self) -> dict[str, ActorRow]:
        return {row.id: row for row in self._csv("actors.csv", ActorRow)}

    @cached_property
    def memberships(self) -> Memberships:
        return Memberships.from_rows(self._csv("memberships.csv", MembershipRow))

    @cached_property
    def capabilities(self) -> list[CapabilityRow]:
        return self._csv("capabilities.csv", CapabilityRow)

    @cached_property
    def deployments(self) -> list[Deployment]:
        """Sourced deployments: what `deployments: all` in a scenario means."""
        label = "library/deployments.yaml"
        return read_deployments(_read(self.root.joinpath("deployments.yaml"), label), label)

    @cached_property
    def hypothetical_deployments(self) -> list[Deployment]:
        """What-if deployments, used only by scenarios that name them."""
        source = self.root.joinpath("deployments-hypothetical.yaml")
        if not source.is_file():
            return []
        label = "library/deployments-hypothetical.yaml"
        return read_deployments(_read(source, label), label)


def resolve_reference(ref: str, base: str | None = None) -> Path | None:
    """A reference that looks like a file path (has a suffix or a slash) names a file.

    Relative paths are taken from the folder of the file that holds the reference (`base`).
    """
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        path = Path(ref)
        if not path.is_absolute() and base is not None and not base.startswith("library/"):
            path = Path(base).parent / path
        return path
    return None
