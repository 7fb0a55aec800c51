from __future__ import annotations

from pathlib import Path

import pytest
from negotiation_samples import GOOD_YAML

VALIDATION = Path(__file__).resolve().parents[2].parent / "shared" / "validation-data"
LIBRARY = Path(__file__).resolve().parents[2] / "src" / "foedus" / "library" / "negotiations"


@pytest.fixture
def validation() -> Path:
    if not VALIDATION.is_dir():
        pytest.skip("validation data folder ../shared/validation-data is absent")
    return VALIDATION


@pytest.fixture
def peace_plan() -> Path:
    return LIBRARY / "peace-plan-2025.yaml"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.yaml"
    p.write_text(GOOD_YAML)
    return p
