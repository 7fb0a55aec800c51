"""Fixtures of the deterrence tests: assembled worlds, cached for the session."""

from __future__ import annotations

import pytest

from foedus.engine.world import World, assemble

_cache: dict[str, World] = {}


@pytest.fixture(scope="session")
def deter_world():
    def get(scenario: str) -> World:
        if scenario not in _cache:
            _cache[scenario] = assemble(scenario)
        return _cache[scenario]

    return get
