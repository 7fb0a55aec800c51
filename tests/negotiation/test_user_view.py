"""What a user does: describe a negotiation, forecast it, leave actors out, get JSON/Markdown/PNG."""

from __future__ import annotations

import json

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

import foedus.negotiation as neg
from foedus.errors import FoedusError
from foedus.negotiation.cli import register


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, so that "forecast" is a sub-command as in the real CLI
        pass

    register(app)
    return app


def test_forecast_yaml_every_model(tiny):
    for m in neg.ALL:
        fc = neg.forecast(tiny, model=m, seed=1)
        assert fc.issues == ["cap", "nato"]
        assert np.all((fc.outcome >= 0) & (fc.outcome <= 100)), m
    # the compromise model by hand: sum(c s x) / sum(c s)
    fc = neg.forecast(tiny, "compromise")
    want = (10 * 0.5 * 60 + 4 * 0.9 * 80 + 6 * 0.7 * 10) / (10 * 0.5 + 4 * 0.9 + 6 * 0.7)
    assert fc["cap"] == pytest.approx(want)


def test_without_an_actor_moves_the_forecast(tiny):
    everyone = neg.forecast(tiny, "compromise")
    no_ukr = neg.forecast(tiny, "compromise", without=["UKR"])
    assert no_ukr["nato"] == 0.0  # only the USA and Russia are left, both at 0
    assert everyone["nato"] > 0
    assert no_ukr.at_table == ["USA", "RUS"]
    with pytest.raises(FoedusError, match="unknown actor"):
        neg.forecast(tiny, "compromise", without=["XXX"])


def test_iterating_models_record_rounds_and_seed_is_reproducible(tiny):
    a = neg.forecast(tiny, "exchange", rounds=4, seed=3)
    b = neg.forecast(tiny, "exchange", rounds=4, seed=3)
    assert len(a.rounds) == 5  # round 0 plus four
    np.testing.assert_array_equal(a.outcome, b.outcome)
    eu = neg.forecast(tiny, "expected-utility", rounds=3)
    assert [r.index for r in eu.rounds] == [0, 1, 2, 3]
    assert "risk_exponent" in eu.rounds[1].extra and "challenger" in eu.rounds[1].extra
    assert eu.trajectory().shape == (4, 2)


def test_cli_table_json_md_and_charts(tiny, tmp_path):
    runner = CliRunner()
    app = _app()
    r = runner.invoke(app, ["forecast", str(tiny), "--model", "compromise", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["issues"] == ["cap", "nato"]
    assert set(doc["forecasts"]) == {"compromise"}
    assert doc["forecasts"]["compromise"]["outcome"]["cap"] == pytest.approx(neg.forecast(tiny, "compromise")["cap"])
    r = runner.invoke(
        app,
        [
            "forecast",
            str(tiny),
            "--model",
            "all",
            "--without",
            "UKR",
            "--format",
            "md",
            "--rounds",
            "3",
            "--seed",
            "2",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert r.output.startswith("| issue | compromise | weighted-median")
    assert (tmp_path / "out" / "trajectory-expected-utility.png").stat().st_size > 1000
    r = runner.invoke(app, ["forecast", str(tiny), "--model", "compromise"])
    assert r.exit_code == 0 and "cap" in r.output


def test_cli_errors_are_foedus_errors(tiny, tmp_path):
    runner = CliRunner()
    r = runner.invoke(_app(), ["forecast", str(tiny), "--model", "oracle"])
    assert r.exit_code != 0
    assert isinstance(r.exception, FoedusError)
    assert "unknown model" in str(r.exception)
    r = runner.invoke(_app(), ["forecast", str(tmp_path / "missing.yaml")])
    assert isinstance(r.exception, FoedusError)


def test_bundled_peace_plan_is_sourced_and_reports(peace_plan, tmp_path):
    t = neg.read_table(peace_plan)
    needed = {"USA", "RUS", "UKR", "EU", "GBR", "FRA", "DEU", "POL", "HUN", "TUR"}
    assert needed <= set(t.actors)
    assert {"nato", "army_cap", "foreign_troops", "guarantee", "territory", "sanctions", "frozen_assets", "g8"} <= set(
        t.issue_ids
    )
    for i, a in enumerate(t.actors):
        for k, issue in enumerate(t.issues):
            if np.isfinite(t.position[i, k]):
                src = t.sources[(a, issue.id)].source
                assert src == "estimate" or (src or "").startswith("https://"), (a, issue.id)
    from foedus.negotiation.report import comparison_report

    rep = comparison_report(t, models=["compromise", "expected-utility"], rounds=3, out_dir=tmp_path)
    assert "## without the Europeans" in rep.markdown
    assert "## without Ukraine" in rep.markdown
    assert (tmp_path / "report.md").exists()
    assert any(p.name.startswith("trajectory-expected-utility") for p in rep.charts)
    # leaving Ukraine out cannot raise the compromise forecast on territory (Ukraine is high)
    base = rep.forecasts["everyone at the table"]["compromise"]["territory"]
    assert rep.forecasts["without Ukraine"]["compromise"]["territory"] < base
