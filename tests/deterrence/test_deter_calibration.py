"""Credibility calibration: Berkemeier & Fuhrmann (2018) base rates from the replication file."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from foedus.deterrence import calibration

DATA = Path(__file__).resolve().parents[3] / "shared" / "validation-data" / (
    "BerkemeierFuhrmannRAP2018_0303.dta")
needs_data = pytest.mark.skipif(not DATA.exists(), reason="validation data not present")


@pytest.fixture(scope="module")
def fitted():
    return calibration.fit_from_file(DATA)


@needs_data
def test_published_rates_reproduced_from_the_data(fitted):
    """Every published figure, to the whole percent, from a plain count of the file."""
    obs, pub = fitted.observed, calibration.PUBLISHED
    for group, published in pub.items():
        assert round(obs[group], 2) == pytest.approx(published, abs=1e-9), (group, obs[group])
    assert fitted.counts["overall"] == 146
    assert fitted.counts["post1945"] == 54 and fitted.counts["pre1945"] == 92


@needs_data
def test_model_rates_fall_on_the_data(fitted):
    """Where the model's rates fall: the fitted probabilities averaged over each group."""
    for group, observed in fitted.observed.items():
        assert fitted.fitted[group] == pytest.approx(observed, abs=0.012), group
    # the penalised fit keeps the direction of every published contrast
    assert fitted.fitted["pre1945"] > fitted.fitted["post1945"]
    assert fitted.fitted["defense_pre1945"] > fitted.fitted["defense_post1945"]
    assert fitted.fitted["neutral"] > fitted.fitted["defense"]


@needs_data
def test_shipped_calibration_matches_a_refit(fitted):
    shipped = calibration.shipped()
    assert shipped.data_sha256 == fitted.data_sha256
    assert shipped.intercept == pytest.approx(fitted.intercept, abs=1e-9)
    for k, v in fitted.coefficients.items():
        assert shipped.coefficients[k] == pytest.approx(v, abs=1e-9), k


def test_shipped_file_carries_its_provenance():
    text = resources.files("foedus.library").joinpath(
        "deterrence", "credibility-calibration.json").read_text("utf-8")
    data = json.loads(text)
    assert "Berkemeier" in data["source"] and data["n"] == 146
    assert set(data["published_rates"]) >= {"overall", "pre1945", "post1945", "defense"}


def test_war_years():
    assert calibration.war_year("WorldWarII") == 1939
    assert calibration.war_year("Korean_1950-53") == 1950
    with pytest.raises(Exception, match="no year"):
        calibration.war_year("Nameless")
