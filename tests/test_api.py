"""The Python API as a notebook user calls it: foedus.evaluate and foedus.evaluate_batch."""

from __future__ import annotations

import subprocess
import sys

import foedus

SEQUENCE = """\
- id: strike-on-moscow
  date: 2025-12-01
  kind: missile-strike
  by: UKR
  target: RUS
  where: territory
  region: RUS-MOW
  severity: 2
  provoked: false
- id: russian-offensive
  date: 2025-12-20
  kind: armed-attack
  by: RUS
  target: UKR
  where: territory
  region: UKR
  severity: 5
  casualties: 400
  sustained: true
"""


def test_evaluate_a_sequence_file_voids_for_the_later_incident(tmp_yaml) -> None:
    result = foedus.evaluate("ukraine-guarantee-2025", tmp_yaml(SEQUENCE))
    assert result.incident == "russian-offensive"
    finding = result.finding("us-guarantee-2025-draft", "guarantee")
    assert (finding.status, finding.void_condition) == ("voided", "void-capitals")


def test_evaluate_batch_is_a_dataframe_matching_the_scalar_engine(tmp_yaml, europe) -> None:
    from foedus.model.library import Library

    library = Library()
    incidents = [library.incident(i).value for i in library.incident_ids()]
    frame = foedus.evaluate_batch(europe, incidents)
    assert list(frame.columns) == ["incident", "instrument", "clause", "status", "probability",
                                   "exception", "void_condition"]
    clauses = sum(len(i.clause_ids()) for i in europe.instruments.values())
    assert len(frame) == len(incidents) * clauses
    for incident in incidents:
        scalar = foedus.evaluate(europe, incident)
        rows = frame[frame["incident"] == incident.id].set_index(["instrument", "clause"])
        for f in scalar.findings:
            row = rows.loc[(f.instrument, f.clause)]
            assert row["status"] == f.status, (incident.id, f.instrument, f.clause)
            assert abs(row["probability"] - f.probability) < 1e-9


def test_validate_reports_a_bad_condition_with_its_column(tmp_yaml) -> None:
    text = (
        "id: pact\nname: p\nkind: treaty\nstatus: in-force\nlegal_force: binding\n"
        "sources: [{title: t}]\nparties: [{actor: POL}]\n"
        "clauses:\n  - id: c\n    kind: assistance\n    title: c\n"
        "    trigger: \"incident.kind in {armed-attack, invasion}\"\n"
    )
    proc = subprocess.run([sys.executable, "-m", "foedus", "validate", str(tmp_yaml(text))],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "input.yaml:12" in proc.stderr and "column 33" in proc.stderr
    assert "'invasion' is not a valid kind" in proc.stderr
