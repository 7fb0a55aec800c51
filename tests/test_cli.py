"""The command line as an analyst uses it: files in, findings out, clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DRONES = """\
id: pl-drones-2025-09-10
date: 2025-09-10
kind: drone-incursion
by: RUS
attribution: 0.9
target: POL
where: airspace
region: europe
casualties: 0
severity: 2
"""


def foedus(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "foedus", *map(str, args)],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    if ok:
        assert proc.returncode == 0, proc.stderr
    else:
        assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    return proc


def check_json(path: Path, *extra: str) -> dict:
    return json.loads(foedus("check", path, "--format", "json", *extra).stdout)


def test_check_json_contract(tmp_yaml) -> None:
    out = check_json(tmp_yaml(DRONES))
    assert out["incident"] == "pl-drones-2025-09-10"
    assert out["as_of"] == "2025-09-10"
    assert out["scenario"] == "europe-2025"
    by_key = {(f["instrument"], f["clause"]): f for f in out["findings"]}
    art4, art5 = by_key[("nato", "art4")], by_key[("nato", "art5")]
    assert art4["status"] == "applies"
    assert art5["status"] == "not-applicable"  # a drone incursion is no armed attack by itself
    for finding in out["findings"]:
        assert set(finding) >= {"instrument", "clause", "status", "probability", "exception",
                                "void_condition", "obligations", "trace"}
        assert finding["status"] in {"applies", "not-applicable", "excluded", "voided"}
        assert 0.0 <= finding["probability"] <= 1.0
        for step in finding["trace"]:
            assert set(step) >= {"condition", "value", "source"}
    obligation = art4["obligations"][0]
    assert set(obligation) >= {"obligor", "beneficiary", "response", "deadline_hours", "binding"}
    assert {o["obligor"] for o in art4["obligations"]} >= {"USA", "DEU", "POL"}
    # findings include every clause of every instrument the target is party to
    assert ("teu-42-7", "art42-7") in by_key


def test_probability_follows_attribution(tmp_yaml) -> None:
    text = DRONES.replace("drone-incursion", "missile-strike").replace("region: europe", "region: POL")
    out = check_json(tmp_yaml(text))
    art5 = next(f for f in out["findings"] if f["clause"] == "art5")
    assert art5["status"] == "applies"
    assert art5["probability"] == pytest.approx(0.9)


def test_as_of_changes_membership(tmp_yaml) -> None:
    text = (DRONES.replace("drone-incursion", "armed-attack").replace("POL", "FIN")
            .replace("2025-09-10", "2023-05-01"))
    path = tmp_yaml(text)
    after = check_json(path)
    before = check_json(path, "--as-of", "2023-03-01")
    status = lambda out: next(f for f in out["findings"] if f["clause"] == "art5")["status"]  # noqa: E731
    assert status(after) == "applies"
    assert status(before) == "not-applicable"


def test_table_and_markdown_show_text_and_reasoning(tmp_yaml) -> None:
    path = tmp_yaml(DRONES)
    md = foedus("check", path, "--format", "md").stdout
    assert "The Parties will consult together" in md
    assert "Reasoning:" in md and "incident.target in parties" in md
    table = foedus("check", path).stdout
    assert "art4" in table and "applies" in table


def test_unknown_iso3_is_valid_but_noted(tmp_yaml) -> None:
    text = DRONES.replace("target: POL", "target: BTN").replace("by: RUS", "by: NPL")
    out = check_json(tmp_yaml(text))
    assert any("BTN" in note for note in out["notes"])


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("id: x\ndate: 2025-01-01\nkind: [\n", ":4:1: malformed YAML"),
        (DRONES + "colour: red\n", "colour: unknown field"),
        (DRONES.replace("target: POL", "target: POLAND"), "target: 'POLAND' is not an ISO"),
        (DRONES.replace("by: RUS", "by: Russia"), "by: 'Russia' is no ISO"),
        (DRONES.replace("severity: 2", "severity: high"), "severity"),
        (DRONES.replace("severity: 2", "severity: 9"), "severity"),
        (DRONES.replace("attribution: 0.9", "attribution: 1.5"), "attribution"),
        (DRONES.replace("date: 2025-09-10", "date: 1700-01-01"), "date: date out of range"),
        (DRONES.replace("date: 2025-09-10", "date: 2025-02-30"), "2:7: date: impossible value"),
        (DRONES.replace("region: europe", "region: atlantis"), "region: 'atlantis'"),
        (DRONES.replace("kind: drone-incursion", "kind: invasion"), "kind"),
        (DRONES.replace("severity: 2\n", ""), "severity: missing required field"),
        ("", "empty"),
    ],
)
def test_bad_incident_is_a_clear_error(tmp_yaml, text: str, expect: str) -> None:
    path = tmp_yaml(text)
    proc = foedus("check", path, ok=False)
    assert str(path) in proc.stderr
    assert expect in proc.stderr, proc.stderr


def test_error_names_the_line(tmp_yaml) -> None:
    path = tmp_yaml(DRONES.replace("target: POL", "target: XXX"))
    proc = foedus("check", path, ok=False)
    assert f"{path}:6:" in proc.stderr  # line 6 holds `target`


def test_missing_file_and_bad_option() -> None:
    assert "no such file" in foedus("check", "does-not-exist.yaml", ok=False).stderr
    assert "YYYY-MM-DD" in foedus("check", "x.yaml", "--as-of", "yesterday", ok=False).stderr


def test_coverage_json() -> None:
    out = json.loads(foedus("coverage", "--country", "POL", "--country", "UKR",
                            "--format", "json").stdout)
    rows = {r["country"]: r for r in out["countries"]}
    assert rows["POL"]["strength"] == 4
    assert any(p["instrument"] == "nato" and p["clause"] == "art5" and "USA" in p["obligors"]
               for p in rows["POL"]["protections"])
    # Ukraine: no collective defence; consultations within 24 h under the 2024 agreements
    assert rows["UKR"]["strength"] < 4
    assert any(p["instrument"] == "us-ukraine-2024" and p["deadline_hours"] == 24
               for p in rows["UKR"]["protections"])


def test_coverage_rejects_unknown_country() -> None:
    assert "ZZZ" in foedus("coverage", "--country", "ZZZ", ok=False).stderr


def test_explain_prints_text_conditions_exceptions_and_scenarios() -> None:
    text = foedus("explain", "nato.art5", "--format", "md").stdout
    assert "armed attack against one or more of them in Europe or North America" in text
    assert "outside-article-6-area" in text
    assert "all of:" in text
    assert "europe-2025" in text
    assert "no clause" in foedus("explain", "nato.art99", ok=False).stderr


def test_validate_library_and_schema() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "foedus" / "library"
    files = [*sorted((root / "instruments").glob("*.yaml")),
             *sorted((root / "scenarios").glob("*.yaml")),
             *sorted((root / "amendments").glob("*.yaml")),
             *sorted((root / "incidents").glob("*.yaml")),
             root / "deployments.yaml", root / "deployments-hypothetical.yaml"]
    out = foedus("validate", *files).stdout
    assert out.count("ok ") == len(files)
    schema = json.loads(foedus("schema", "incident").stdout)
    assert {"id", "date", "kind", "by", "attribution", "target", "where", "region",
            "casualties", "severity"} <= set(schema["properties"])
    every = json.loads(foedus("schema", "all").stdout)
    assert set(every) == {"incident", "instrument", "scenario", "amendment", "deployment"}
    assert "no file type 'treaty'" in foedus("schema", "treaty", ok=False).stderr


def test_diff_shows_the_carve_out(tmp_path) -> None:
    incidents = tmp_path / "incidents"
    incidents.mkdir()
    (incidents / "minor.yaml").write_text(
        DRONES.replace("target: POL", "target: EST").replace("region: europe", "region: EST")
        .replace("kind: drone-incursion", "kind: ground-incursion").replace("severity: 2", "severity: 1")
        .replace("2025-09-10", "2025-12-01"),
        encoding="utf-8",
    )
    out = json.loads(foedus("diff", "europe-2025", "art5-carveout-2025", "--incidents", incidents,
                            "--format", "json").stdout)
    changes = [c for c in out["findings"] if c["clause"] == "art5"]
    assert changes and "USA:assist" in changes[0]["obligors_lost"]
    assert any("USA" in x for x in changes[0]["excluded_after"])


def test_check_json_carries_invocation_probabilities(tmp_yaml) -> None:
    out = check_json(tmp_yaml(DRONES))
    art4 = next(f for f in out["findings"] if f["clause"] == "art4")
    assert 0.0 < art4["invocation_probability"] <= 1.0
    art5 = next(f for f in out["findings"] if f["clause"] == "art5")
    assert art5["invocation_probability"] == 0.0  # the clause does not apply
    assert any("not validated" in note.lower() for note in out["notes"])


def test_diff_names_who_stops_protecting_whom() -> None:
    out = json.loads(foedus("diff", "europe-2025", "nato-without-us", "--format", "json").stdout)
    rows = {c["country"]: c for c in out["coverage"]}
    assert "nato.art5 assistance-as-deemed-necessary from USA" in rows["POL"]["lost"]
    assert rows["POL"]["gained"] == []
    assert "USA" not in rows  or rows["USA"]["gained"] == []


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"\xff\xfe\x00binary\x00", "not UTF-8"),
        (b"[]\n", "the list of incidents is empty"),
        (b"- 1\n- 2\n", "expected an incident mapping"),
        (b"just a sentence\n", "expected an incident"),
    ],
)
def test_unreadable_incident_files(tmp_path, content: bytes, expect: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    assert expect in foedus("check", path, ok=False).stderr


def test_option_errors_name_the_option() -> None:
    err = foedus("coverage", "--as-of", "2025-13-01", ok=False).stderr
    assert err.startswith("error: --as-of: '2025-13-01' is not a date")
