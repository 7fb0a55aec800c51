"""Bad input is reported as InputError with file, line and field, never as a traceback."""

from __future__ import annotations

import numpy as np
import pytest
from negotiation_samples import GOOD_YAML

from foedus.errors import InputError
from foedus.negotiation import Issue, NegotiationTable, read_csv, read_decide, read_table


def _yaml(tmp_path, text):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    return p


def test_missing_salience_yaml(tmp_path):
    p = _yaml(tmp_path, GOOD_YAML.replace("{position: 80, salience: 90}", "{position: 80}"))
    with pytest.raises(InputError) as e:
        read_table(p)
    assert e.value.location.file == str(p)
    assert e.value.location.line == 17
    assert e.value.location.field == "actors.UKR.cap.salience"
    assert "no salience" in e.value.message and e.value.hint


def test_missing_salience_csv(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("issue,actor,position,salience,capability\nx,USA,10,50,1\nx,RUS,20,,1\n")
    with pytest.raises(InputError, match="no salience") as e:
        read_csv(p)
    assert (e.value.location.line, e.value.location.field) == (3, "salience")


def test_position_off_scale(tmp_path):
    p = _yaml(tmp_path, GOOD_YAML.replace("{position: 10, salience: 70}", "{position: 140, salience: 70}"))
    with pytest.raises(InputError, match="off the scale") as e:
        read_table(p)
    assert e.value.location.field == "RUS.cap.position"
    assert e.value.location.line is not None
    assert "0 to 100" in (e.value.hint or "")
    q = tmp_path / "t.csv"
    q.write_text("issue,actor,position,salience,capability,upper\nx,USA,10,50,1,10\nx,RUS,20,5,1,10\n")
    with pytest.raises(InputError, match="off the scale") as e:
        read_csv(q)
    assert e.value.location.line == 3


def test_salience_off_scale(tmp_path):
    p = _yaml(tmp_path, GOOD_YAML.replace("salience: 50", "salience: 150"))
    with pytest.raises(InputError, match="salience 150"):
        read_table(p)


def test_actor_with_no_capability(tmp_path):
    p = _yaml(tmp_path, GOOD_YAML.replace("    capability: 4\n", ""))
    with pytest.raises(InputError, match="UKR has no capability") as e:
        read_table(p)
    assert e.value.location.field == "actors.UKR.capability"
    assert e.value.location.line == 14
    q = tmp_path / "t.csv"
    q.write_text("actor,position,salience,capability\nUSA,10,50,1\nRUS,20,50,\n")
    with pytest.raises(InputError, match="no capability"):
        read_csv(q)


def test_empty_issue(tmp_path):
    p = _yaml(tmp_path, GOOD_YAML.replace("  - id: nato\n", "  - id: nato\n  - id: empty\n"))
    with pytest.raises(InputError, match="'empty' has no actor with a position") as e:
        read_table(p)
    assert e.value.location.field == "issues.empty"
    assert e.value.location.line == 8


def test_duplicate_actor(tmp_path):
    dup = GOOD_YAML + "  - id: USA\n    capability: 1\n    positions: {cap: {position: 5, salience: 5}}\n"
    with pytest.raises(InputError, match="'USA' appears twice") as e:
        read_table(_yaml(tmp_path, dup))
    assert e.value.location.line == 24
    q = tmp_path / "t.csv"
    q.write_text("issue,actor,position,salience,capability\nx,USA,10,50,1\nx,USA,20,50,1\n")
    with pytest.raises(InputError, match="appears twice") as e:
        read_csv(q)
    assert e.value.location.line == 3
    d = tmp_path / "d.csv"
    d.write_text("'#A'\t'A'\t'A'\t''\n'#A'\t'A'\t'A'\t''\n")
    with pytest.raises(InputError, match="appears twice"):
        read_decide(d)


def test_table_constructor_checks_too():
    issues = [Issue("x")]
    with pytest.raises(InputError, match="appears twice"):
        NegotiationTable(issues, ["A", "A"], [[1.0], [2.0]], [[0.5], [0.5]], [1.0, 1.0])
    with pytest.raises(InputError, match="negative"):
        NegotiationTable(issues, ["A", "B"], [[1.0], [2.0]], [[0.5], [0.5]], [1.0, -1.0])
    with pytest.raises(InputError, match="no actor with a position"):
        NegotiationTable(issues, ["A"], [[np.nan]], [[np.nan]], [1.0])


def test_unknown_issue_and_broken_yaml(tmp_path):
    p = _yaml(
        tmp_path,
        GOOD_YAML.replace("      nato: {position: 0, salience: 80}", "      natoo: {position: 0, salience: 80}"),
    )
    with pytest.raises(InputError, match="unknown issue 'natoo'"):
        read_table(p)
    with pytest.raises(InputError, match="not valid YAML"):
        read_table(_yaml(tmp_path, "issues: [\n"))
