"""The engine: evaluate incidents against a scenario's clauses; coverage; scenario diffs.

Python API::

    import foedus
    result = foedus.evaluate("europe-2025", "incident.yaml")      # -> Evaluation
    frame = foedus.evaluate_batch("europe-2025", incidents)        # -> pandas DataFrame
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from foedus.engine.findings import Evaluation, Finding, ObligationFinding, Step
from foedus.engine.world import DEFAULT_SCENARIO, World, assemble
from foedus.model.incident import Incident
from foedus.model.library import load_incidents

__all__ = [
    "DEFAULT_SCENARIO",
    "Evaluation",
    "Finding",
    "ObligationFinding",
    "Step",
    "World",
    "assemble",
    "evaluate",
    "evaluate_batch",
]


def _world(scenario: World | str | Path) -> World:
    return scenario if isinstance(scenario, World) else assemble(scenario)


def _incidents(items: Incident | str | Path | Iterable[Incident]) -> list[Incident]:
    if isinstance(items, Incident):
        return [items]
    if isinstance(items, str | Path):
        return [loaded.value for loaded in load_incidents(items)]
    return list(items)


def evaluate(
    scenario: World | str | Path, incident: Incident | str | Path, as_of: dt.date | None = None
) -> Evaluation:
    """Evaluate one incident (or the last of a sequence file, after the earlier ones)."""
    from foedus.engine.evaluator import evaluate as _evaluate

    incidents = _incidents(incident)
    return _evaluate(_world(scenario), incidents[-1], as_of, prior=incidents[:-1])


def evaluate_batch(
    scenario: World | str | Path,
    incidents: Iterable[Incident] | str | Path,
    as_of: dt.date | None = None,
):
    """Evaluate many incidents against every clause, vectorised; returns a pandas DataFrame."""
    from foedus.engine.batch import evaluate_batch as _batch

    return _batch(_world(scenario), _incidents(incidents), as_of)
