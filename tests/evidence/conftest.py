"""The evidence tests run the rules alone unless a test asks for embeddings (the extra may be installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from foedus.evidence import embed


@pytest.fixture(autouse=True)
def _rules_only() -> Iterator[None]:
    old = embed._state["setting"]
    embed.configure(False)
    yield
    embed._state["setting"] = old
