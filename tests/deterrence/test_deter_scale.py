"""Sensitivity (SALib), Dask = local for the same seed, and the bundled report."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.deterrence.game import GameInputs, simulate
from foedus.deterrence.model import Action
from foedus.errors import ModelError


def test_sobol_finds_the_parameter_that_matters():
    from foedus.deterrence.sensitivity import sobol

    res = sobol("europe-2025", Action("RUS", "EST"), names=["institution", "political", "rho"],
                n=16, samples=2048, seed=1)
    ranking = [name for name, _, _ in res.ranking()]
    assert ranking[0] == "institution"
    # NATO Article 5 is binding: the prior on political commitments cannot matter here
    assert res.ST[res.names.index("political")] == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ModelError, match="no range"):
        sobol("europe-2025", Action("RUS", "EST"), names=["nonsense"], n=4)


def test_dask_gives_the_local_result():
    pytest.importorskip("dask.distributed")
    rng = np.random.default_rng(4)
    k = 8
    inp = GameInputs([f"O{i}" for i in range(k)], rng.uniform(0, 1, (k, 3)), rng.uniform(0, 9, k),
                     rng.uniform(0, 1, k), rng.uniform(1, 9, k), rng.uniform(0, 1, k) < .3,
                     10.0, 5.0, 20.0)
    samples = 3 * (1 << 16) + 123    # four chunks, the last one partial
    local = simulate(inp, samples, 99)
    dask = simulate(inp, samples, 99, backend="dask")
    assert dask.to_json() == local.to_json()


def test_dask_sweep_gives_the_local_sweep():
    pytest.importorskip("dask.distributed")
    from foedus.deterrence.sweep import sweep

    variants = [{"rho": r, "institution": i} for r in (0.0, 0.5, 0.9) for i in (0.0, 2.0)]
    act = Action("RUS", "LVA")
    local = sweep("europe-2025", act, variants, samples=3000, seed=5, batch=2)
    dask = sweep("europe-2025", act, variants, samples=3000, seed=5, batch=2, backend="dask")
    assert dask == local and len(local) == 6
    # more institutionalised NATO, more deterrence
    assert local[1]["p_deterred"] > local[0]["p_deterred"]
    with pytest.raises(ModelError, match="unknown parameter"):
        sweep("europe-2025", act, [{"nonsense": 1.0}])


def test_report_writes_markdown_and_charts(tmp_path, monkeypatch):
    from foedus.deterrence import report

    small = [t for t in report.tasks(2000, 1)
             if t[0] in ("ukraine",) or t[1][0].startswith(("EST", "HUN"))][:10]
    monkeypatch.setattr(report, "tasks", lambda samples, seed: small)
    path = report.write_report(tmp_path, samples=2000, seed=1)
    text = path.read_text()
    assert "## Ukraine under each guarantee design" in text and "NOT validated" in text
    assert (tmp_path / "ukraine.png").stat().st_size > 1000
    assert "monitoring only" in text
