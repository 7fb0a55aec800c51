"""`deter` and `compare` on a small Typer app of our own (the main CLI registers the same)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from foedus.deterrence.cli import register

app = typer.Typer()
register(app)
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_deter_json_is_reproducible():
    args = ("deter", "europe-2025", "--attacker", "RUS", "--target", "EST", "--action",
            "armed-attack", "--samples", "20000", "--seed", "7", "--format", "json")
    a, b = run(*args), run(*args)
    assert a.exit_code == 0, a.output
    assert a.output == b.output
    data = json.loads(a.output)
    assert data["validated"] is False
    assert 0 < data["p_deterred"] < 1 and data["most_decisive_obligor"] == "USA"
    assert {"deterred", "attack_attacker_defeated"} <= set(data["outcomes"])
    assert any(c["obligor"] == "USA" for c in data["credibility"])


def test_compare_table_and_md():
    res = run("compare", "europe-2025", "nato-without-us", "--target", "LVA", "--samples", "5000",
              "--seed", "1")
    assert res.exit_code == 0, res.output
    assert "NOT validated" in res.output and res.output.count("\n") > 8
    md = run("compare", "europe-2025", "ukraine-guarantee-2025", "--samples", "5000",
             "--format", "md")
    assert md.exit_code == 0 and md.output.startswith("| case |")


def test_bad_inputs_are_errors_not_tracebacks():
    from foedus.errors import FoedusError

    for args in (("deter", "europe-2025", "--attacker", "XXX"),
                 ("deter", "europe-2025", "--action", "tea-party"),
                 ("deter", "europe-2025", "--samples", "0"),
                 ("deter", "europe-2025", "--set", "rho=2"),
                 ("deter", "europe-2025", "--set", "nonsense=1"),
                 ("deter", "no-such-scenario")):
        res = run(*args, "--samples", "1000") if "--samples" not in args else run(*args)
        assert res.exit_code != 0, args
        assert isinstance(res.exception, FoedusError), (args, res.exception)


def test_defect_option_lowers_sanctions_pressure():
    base = ("deter", "sanctions-coalition-2025", "--samples", "20000", "--seed", "3", "--format",
            "json")
    a = json.loads(run(*base).output)
    b = json.loads(run(*base, "--defect", "DEU").output)
    assert b["cost_breakdown"]["sanctions"] < a["cost_breakdown"]["sanctions"]
