"""Evidence from the news: the JSON contract, speakers, flags, bad input, read/apply commands, bars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from foedus.errors import FoedusError, InputError
from foedus.evidence import read_article, read_string
from foedus.evidence.cli import register
from foedus.evidence.evaluate import evaluate

ARTICLES = Path(__file__).parent / "articles"

WIRE = """WARSAW, 10 September 2025 (Wire) - Russian drones entered Polish airspace overnight and
Poland shot several down, Prime Minister Donald Tusk said.

"This is the closest we have been to open conflict," Tusk told parliament.

NATO Secretary General Mark Rutte said the alliance would "defend every inch of allied territory".
A spokeswoman for the Polish army, Anna Nowak, said: "We tracked every drone."
"""


def test_json_contract():
    ev = read_string(WIRE, "wire.txt")
    assert set(ev) == {"article", "date", "actors", "people", "quotes", "events", "stances", "flags"}
    assert ev["date"] == "2025-09-10"
    assert {a["id"] for a in ev["actors"]} >= {"POL", "RUS", "NATO"}
    for a in ev["actors"]:
        assert set(a) == {"id", "name", "mentions"} and a["mentions"] >= 1
    for p in ev["people"]:
        assert set(p) == {"name", "role", "actor"}
    for q in ev["quotes"]:
        assert set(q) == {"speaker", "actor", "text", "span"}
        s, e = q["span"]
        assert q["text"] in WIRE[s:e]
    for e in ev["events"]:
        assert e["kind"] in {"deployment", "incident", "proposal", "agreement", "legislation", "statement", "sanction"}
        assert set(e) == {"kind", "actors", "summary", "incident", "span"}
    inc = next(e for e in ev["events"] if e["kind"] == "incident")["incident"]
    assert (inc["by"], inc["target"], inc["kind"], inc["where"]) == ("RUS", "POL", "drone-incursion", "airspace")
    json.dumps(ev)  # serialisable


def test_speakers_and_roles_on_the_date():
    ev = read_string(WIRE, "wire.txt")
    speakers = [(q["speaker"], q["actor"]) for q in ev["quotes"]]
    assert ("Donald Tusk", "POL") in speakers
    assert ("Mark Rutte", "NATO") in speakers
    assert ("Anna Nowak", "POL") in speakers  # unknown person, actor from the appositive
    roles = {p["name"]: p["role"] for p in ev["people"]}
    assert roles["Mark Rutte"] == "NATO Secretary General"
    # in 2023 Rutte was still the Dutch prime minister
    old = read_string('THE HAGUE - Mark Rutte said: "We stand with Ukraine today."', "x.txt", date="2023-03-01")
    assert {p["name"]: p["role"] for p in old["people"]}["Mark Rutte"] == "Prime Minister of the Netherlands"


def test_pronoun_and_anonymous_speakers():
    text = (
        'Foreign Minister Radosław Sikorski spoke in Warsaw on Monday. "Europe must be ready to act," he said. '
        '"They are bluffing," a senior European diplomat said.'
    )
    ev = read_string(text, "t.txt", date="2025-11-24")
    assert [q["speaker"] for q in ev["quotes"]][0] == "Radosław Sikorski"
    assert ev["quotes"][1]["speaker"].startswith("(unnamed)")


def test_anachronisms_and_member_counts():
    text = (
        "BERLIN - German Chancellor Olaf Scholz met the 30 members of NATO on Thursday. "
        "NATO Secretary General Mark Rutte chaired the meeting."
    )
    flags = read_string(text, "a.txt", date="2025-11-27")["flags"]
    kinds = [(f["kind"], text[f["span"][0] : f["span"][1]]) for f in flags]
    assert any(k == "anachronism" and "Scholz" in s for k, s in kinds)
    assert any(k == "anachronism" and "30 members" in s for k, s in kinds)
    assert not any("Rutte" in s for _, s in kinds)
    # the same text is right in 2023 (Scholz chancellor, 30 NATO members before Finland joined)
    assert read_string(text.replace("Mark Rutte", "Jens Stoltenberg"), "a.txt", date="2023-01-10")["flags"] == []


def test_structure_flags():
    agg = "Top stories\n\n## A\nUkraine talks resume. Keep reading\n\n## B\nMarkets rise. Read more\n"
    assert [f["kind"] for f in read_string(agg, "agg.txt", date="2025-11-24")["flags"]] == ["aggregator"]
    five = "Peace talks in five points\n\n1. Ukraine wants guarantees.\n2. Russia refuses.\n3. Europe waits.\n"
    flags = read_string(five, "five.txt", date="2025-11-24")["flags"]
    assert [f["kind"] for f in flags] == ["self-description-mismatch"]
    assert read_string(five.replace("five", "three"), "three.txt", date="2025-11-24")["flags"] == []


def test_clean_wire_has_no_flags():
    for name in ("d01-wire-geneva.txt", "d03-wire-estonia-jets.txt", "d18-wire-lithuania-brigade.txt"):
        assert read_article(ARTICLES / name)["flags"] == [], name


# ---------------------------------------------------------------- bad input
def test_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    nobody = tmp_path / "page.html"
    nobody.write_text("<html><head><script>var x = 1;</script></head><body><nav>Home</nav></body></html>")
    big = tmp_path / "big.txt"
    big.write_text("Ukraine said it would talk. " * 190_000)  # about 5 MB
    russian = tmp_path / "ru.txt"
    russian.write_text("Министр иностранных дел России Сергей Лавров заявил в пятницу, что Москва не примет. " * 20)
    cases = {
        empty: "empty",
        binary: "binary",
        nobody: "no body text",
        big: "MB",
        russian: "not in English",
        tmp_path / "missing.txt": "no such file",
    }
    for path, words in cases.items():
        with pytest.raises(InputError) as exc:
            read_article(path)
        assert words in str(exc.value), (path, str(exc.value))
        assert exc.value.location.file == str(path)
        assert exc.value.hint or words in ("no such file",)


def test_mixed_languages_are_read_with_a_warning(tmp_path):
    from foedus.evidence.loader import load_article

    mixed = tmp_path / "mixed.txt"
    mixed.write_text(WIRE + "\nМинистр заявил, что переговоры продолжатся на следующей неделе.\n")
    assert load_article(mixed).warnings
    ev = read_article(mixed)
    assert any(q["speaker"] == "Donald Tusk" for q in ev["quotes"])


# ---------------------------------------------------------------- commands
def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _run(args: list[str]):
    result = CliRunner().invoke(_app(), args)
    return result


def test_read_command_formats():
    path = str(ARTICLES / "d02-wire-poland-drones.txt")
    out = _run(["read", path, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["article"] == "d02-wire-poland-drones.txt"
    md = _run(["read", path, "--format", "md"])
    assert md.exit_code == 0 and "| speaker |" in md.stdout
    two = _run(["read", path, str(ARTICLES / "d12-wire-sanctions.txt")])
    assert len(json.loads(two.stdout)) == 2
    bad = _run(["read", path, "--format", "xml"])
    assert isinstance(bad.exception, FoedusError)


def test_apply_to_scenario_needs_yes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ev = tmp_path / "ev.json"
    ev.write_text(json.dumps(read_article(ARTICLES / "d02-wire-poland-drones.txt")))
    dry = _run(["apply", str(ev), "--to", "europe-2025"])
    assert dry.exit_code == 0, dry.output
    assert "add-incident" in dry.stdout and "nothing written" in dry.stdout
    assert not (tmp_path / "europe-2025-evidence.yaml").exists()
    done = _run(["apply", str(ev), "--to", "europe-2025", "--yes"])
    assert done.exit_code == 0, done.output
    doc = yaml.safe_load((tmp_path / "europe-2025-evidence.yaml").read_text())
    assert doc["extends"] == "europe-2025"
    inc = doc["history"][0]
    assert (inc["by"], inc["target"]) == ("RUS", "POL")
    assert "d02-wire-poland-drones.txt" in inc["sources"][0]["title"] and "chars" in inc["sources"][0]["note"]
    from foedus.engine.world import assemble

    world = assemble(str(tmp_path / "europe-2025-evidence.yaml"))
    assert any(h.id == inc["id"] for h in world.history)


def test_apply_to_negotiation_records_source(tmp_path):
    ev = tmp_path / "ev.json"
    ev.write_text(json.dumps([read_article(ARTICLES / "d12-wire-sanctions.txt")]))
    out = tmp_path / "pp.yaml"
    res = _run(["apply", str(ev), "--to", "peace-plan-2025", "--yes", "--out", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    moved = [c for c in data["changes"] if c["op"] == "move-position"]
    assert moved and data["written"]
    doc = yaml.safe_load(out.read_text())
    eu = next(a for a in doc["actors"] if a["id"] == "EU")["positions"]["sanctions"]
    assert eu["source"].startswith("evidence: d12-wire-sanctions.txt chars")
    from foedus.negotiation.readers import read_yaml

    assert read_yaml(out).issue_ids


def test_apply_refuses_library_and_bad_evidence(tmp_path):
    from importlib import resources

    ev = tmp_path / "ev.json"
    ev.write_text(json.dumps(read_article(ARTICLES / "d12-wire-sanctions.txt")))
    lib = Path(str(resources.files("foedus.library"))) / "negotiations" / "x.yaml"
    res = _run(["apply", str(ev), "--to", "peace-plan-2025", "--yes", "--out", str(lib)])
    assert isinstance(res.exception, InputError) and not lib.exists()
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    res = _run(["apply", str(junk), "--to", "peace-plan-2025"])
    assert isinstance(res.exception, InputError) and "JSON" in str(res.exception)
    res = _run(["apply", str(ev), "--to", "no-such-thing"])
    assert isinstance(res.exception, InputError)


# ---------------------------------------------------------------- bars
def test_labelled_set_size_and_bars():
    golds = list(ARTICLES.glob("*.gold.yaml"))
    assert len(golds) >= 30
    report = evaluate(ARTICLES, None)
    f = report["fields"]
    assert f["quote-speakers"]["f1"] >= 0.9
    assert f["actors"]["f1"] >= 0.9
    assert f["events"]["f1"] >= 0.7
    assert f["stances"]["f1"] >= 0.7
    assert f["flags"]["recall"] >= 0.8
    assert report["false_alarms_on_clean_articles"] <= 0.1 * report["clean_articles"] + 1
