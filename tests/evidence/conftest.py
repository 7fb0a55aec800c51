"""The evidence tests run the rules alone unless a test asks for embeddings or the parse (extras may be installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from foedus.evidence import embed, nlp


@pytest.fixture(autouse=True)
def _rules_only() -> Iterator[None]:
    old = embed.switch.setting, nlp.switch.setting
    embed.configure(False)
    nlp.configure(False)
    yield
    embed.switch.setting, nlp.switch.setting = old
