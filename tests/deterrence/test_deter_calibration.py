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
    obs, pub = fitted.observed, calibration.PUBLISHED
    # exact where the published figure is reproduced by a plain count of honorBF / violateBF
    assert obs["overall"] == pytest.approx(69 / 139)                 # published 50%
    assert round(obs["overall"], 2) == pytest.approx(pub["overall"], abs=0.005)
    assert round(obs["pre1945"], 2) == pytest.approx(pub["pre1945"], abs=0.011)   # 66.7% vs 66%
    assert round(obs["defense"], 2) == pub["defense"]                             # 41%
    assert round(obs["defense_pre1945"], 2) == pub["defense_pre1945"]            # 61%
    assert round(obs["nonagg"], 2) == pub["nonagg"]                               # 37%
    # post-1945 figures come out lower than published (18.4% vs 22%, 10.3% vs 14%): 4 points off
    # at n = 49 and n = 39, i.e. about 2 of the coded opportunities; documented in docs/models.md
    assert obs["post1945"] == pytest.approx(9 / 49)
    assert abs(obs["post1945"] - pub["post1945"]) < 0.05
    assert abs(obs["defense_post1945"] - pub["defense_post1945"]) < 0.05
    assert fitted.counts["overall"] == 139


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
    assert "Berkemeier" in data["source"] and data["n"] == 139
    assert set(data["published_rates"]) >= {"overall", "pre1945", "post1945", "defense"}


def test_war_years():
    assert calibration.war_year("WorldWarII") == 1939
    assert calibration.war_year("Korean_1950-53") == 1950
    with pytest.raises(Exception, match="no year"):
        calibration.war_year("Nameless")
