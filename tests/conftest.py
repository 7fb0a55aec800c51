"""Shared fixtures: the bundled library's worlds are assembled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.engine.world import World, assemble

REPO = Path(__file__).resolve().parents[1]
VALIDATION_DATA = REPO.parent / "shared" / "validation-data"

_worlds: dict[str, World] = {}


def _world_for(scenario: str) -> World:
    if scenario not in _worlds:
        _worlds[scenario] = assemble(scenario)
    return _worlds[scenario]


@pytest.fixture(scope="session")
def worlds():
    """Assembled library scenarios by id, built once per session: `worlds("europe-2025")`."""
    return _world_for


@pytest.fixture
def europe() -> World:
    return _world_for("europe-2025")


@pytest.fixture
def tmp_yaml(tmp_path):
    """Write a YAML text to a file and return its path."""

    def write(text: str, name: str = "input.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
