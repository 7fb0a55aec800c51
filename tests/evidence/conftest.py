"""The evidence tests run the rules alone unless a test asks for embeddings or the parse (extras may be installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from foedus.evidence import embed, nlp


@pytest.fixture(autouse=True)
def _rules_only() -> Iterator[None]:
    old = embed._state["setting"], nlp._state["setting"]
    embed.configure(False)
    nlp.configure(False)
    yield
    embed._state["setting"], nlp._state["setting"] = old
