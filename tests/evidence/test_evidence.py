"""Evidence from the news: the JSON contract, speakers, flags, bad input, read/apply commands, bars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from foedus.errors import FoedusError, InputError
from foedus.evidence import rank, read_article, read_string
from foedus.evidence.cli import register
from foedus.evidence.evaluate import evaluate, prf

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
        assert set(e) == {"kind", "actors", "summary", "incident", "span", "confidence"}
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


def test_apply_moves_no_position_on_a_stance_below_the_minimum_confidence(tmp_path):
    ev = read_article(ARTICLES / "d12-wire-sanctions.txt")
    moving = [s for s in ev["stances"] if s["position"] is not None]
    assert moving
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(ev))
    strict = _run(["apply", str(path), "--to", "peace-plan-2025", "--format", "json", "--min-confidence", "1"])
    data = json.loads(strict.stdout)
    assert not [c for c in data["changes"] if c["op"] == "move-position"]
    assert any("below --min-confidence 1.0" in (c.get("reason") or "") for c in data["changes"])
    loose = _run(["apply", str(path), "--to", "peace-plan-2025", "--format", "json", "--min-confidence", "0"])
    assert [c for c in json.loads(loose.stdout)["changes"] if c["op"] == "move-position"]
    bad = _run(["apply", str(path), "--to", "peace-plan-2025", "--min-confidence", "1.5"])
    assert isinstance(bad.exception, InputError) and "between 0 and 1" in str(bad.exception)


def test_apply_adds_no_incident_below_the_minimum_confidence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ev = read_article(ARTICLES / "d02-wire-poland-drones.txt")
    incidents = [e for e in ev["events"] if e["kind"] == "incident" and e["incident"]]
    assert incidents and all(0 < e["confidence"] <= 1 for e in incidents)
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(ev))
    strict = _run(["apply", str(path), "--to", "europe-2025", "--format", "json", "--min-confidence", "1"])
    data = json.loads(strict.stdout)
    assert not [c for c in data["changes"] if c["op"] == "add-incident"]
    skipped = [c for c in data["changes"] if c["op"] == "skip" and c["target"] == "history"]
    assert skipped and all("below --min-confidence 1.0" in c["reason"] for c in skipped)
    loose = _run(["apply", str(path), "--to", "europe-2025", "--format", "json", "--min-confidence", "0"])
    assert [c for c in json.loads(loose.stdout)["changes"] if c["op"] == "add-incident"]


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
    # the bars are asserted on dev (the rules are built on it); held-out figures are measured and
    # reported in docs/validation.md, not asserted (a held-out set must not be tuned to pass a test)
    # the rules' own dev set: d, h, n, r (the s* articles, dev since round 5, were used to build the
    # optional parse of foedus.evidence.nlp, not the rules; their rules-only figures are in docs)
    parts = [evaluate(ARTICLES, "dev", names=g) for g in ("d*", "h*", "n*", "r*")]
    report = {"fields": {}, "clean_articles": 0, "false_alarms_on_clean_articles": 0}
    for k in parts[0]["fields"]:
        tp, fp, fn = (sum(p["fields"][k][x] for p in parts) for x in ("tp", "fp", "fn"))
        pr, rc, f1 = prf(tp, fp, fn)
        report["fields"][k] = {"precision": pr, "recall": rc, "f1": f1}
    for x in ("clean_articles", "false_alarms_on_clean_articles"):
        report[x] = sum(p[x] for p in parts)
    f = report["fields"]
    assert f["quote-speakers"]["f1"] >= 0.9
    assert f["actors"]["f1"] >= 0.9
    assert f["events"]["f1"] >= 0.7
    assert f["stances"]["f1"] >= 0.7
    assert f["flags"]["recall"] >= 0.8
    assert report["false_alarms_on_clean_articles"] <= 0.1 * report["clean_articles"] + 1


# ---------------------------------------------------------------- rules added after the first held-out run
# Each rule is tested on new sentences written for the test, not taken from the labelled articles.
def _stances(text: str) -> set[tuple[str, str, str]]:
    """The rules' stances (the trained ranker, tested in test_rank.py, may re-weigh them)."""
    with rank.using(None):
        ev = read_string(text, "t.txt", date="2025-12-01")
    return {(s["actor"], s["issue"], s["direction"]) for s in ev["stances"]}


def test_passive_incident_without_attacker():
    text = "ODESA, 1 December 2025 - A grain terminal in the port was struck overnight, Ukrainian officials said."
    inc = [e for e in read_string(text, "t.txt")["events"] if e["kind"] == "incident"]
    assert len(inc) == 1 and inc[0]["incident"] is None  # the victim is named, the attacker is not
    blast = "Lithuanian police are investigating a blast under a railway bridge near the border."
    assert [e["kind"] for e in read_string(blast, "t.txt", date="2025-12-01")["events"]] == ["incident"]
    assert read_string("The economy was hit hard by the sanctions of 2022.", "t.txt")["events"] == []


def test_proposal_author_from_by_and_not_the_country_the_peace_is_for():
    text = "Talks on the Ukraine peace plan resumed on Monday. The plan was drawn up by the United States in October."
    props = [e for e in read_string(text, "t.txt", date="2025-12-01")["events"] if e["kind"] == "proposal"]
    assert [p["actors"][0] for p in props] == ["USA"]


def test_reference_back_to_an_issue():
    text = (
        "EU ministers discussed a reparations loan backed by frozen Russian assets on Monday. "
        "Slovakia has rejected the plan. Austria also opposed the use of the assets."
    )
    got = _stances(text)
    assert ("SVK", "frozen_assets", "oppose") in got and ("AUT", "frozen_assets", "oppose") in got
    # "the plan" as the subject of its clause carries no stance of its own
    assert not any(
        a == "UKR"
        for a, _, _ in _stances("Kyiv studied the 20-point plan. The plan does not require Ukraine to give up land.")
    )
    # "the plan" does not point back at a force (not a plan-like thing)
    assert not any(
        a == "FIN"
        for a, _, _ in _stances("Britain described a multinational force for Ukraine. Finland said it backed the plan.")
    )


def test_elliptical_commitment_takes_the_force_named_before():
    text = (
        "Canada and Norway have discussed a reassurance force for Ukraine. "
        "Ottawa says it is prepared to contribute once fighting stops."
    )
    assert ("CAN", "foreign_troops", "support") in _stances(text)
    assert _stances("Ottawa says it is prepared to contribute to the fund.") == set()


def test_stated_intention_to_send_is_support():
    assert ("DNK", "foreign_troops", "support") in _stances(
        "Denmark would send troops to Ukraine after a ceasefire, its minister said."
    )
    assert ("DNK", "foreign_troops", "oppose") in _stances(
        "Denmark would not send troops to Ukraine, its minister said."
    )
    ev = read_string("Danish officials said Denmark would send troops to Ukraine.", "t.txt", date="2025-12-01")
    assert not any(e["kind"] == "deployment" for e in ev["events"])  # an intention, not a deployment


def test_object_of_a_verb_is_not_the_subject():
    got = _stances("Estonia's leaders promised to make Russia pay with its frozen assets.")
    assert ("EST", "frozen_assets", "support") in got and not any(a == "RUS" for a, _, _ in got)


def test_self_description_with_article():
    text = (
        "Why the talks stall: The Seven Reasons\n\n1. Russia waits.\n2. Kyiv cannot cede land.\n3. Europe is divided.\n"
    )
    assert [f["kind"] for f in read_string(text, "t.txt", date="2025-12-01")["flags"]] == ["self-description-mismatch"]


def test_counted_thing_with_a_qualifier():
    text = "Some 300 Danish troops arrived in Latvia on Monday. Officials said the 450 troops would stay until spring."
    flags = read_string(text, "t.txt", date="2025-12-01")["flags"]
    assert [f["kind"] for f in flags] == ["internal-contradiction"]
    two_sets = "Poland counted 40 Russian drones overnight. Kyiv said the 12 Ukrainian drones were decoys."
    assert read_string(two_sets, "t.txt", date="2025-12-01")["flags"] == []


def test_anonymous_sourcing_points_at_the_body_not_the_headline():
    text = (
        "Berlin to order more jets, officials say\n4 December 2025\n\n"
        "Germany will order 15 more fighter jets, according to people familiar with the talks. "
        "Two officials said the order was agreed last week. A third official said the cost was not settled.\n"
    )
    flag = next(f for f in read_string(text, "t.txt")["flags"] if f["kind"] == "anonymous-sourcing")
    assert flag["span"][0] > text.index("\n\n") and "people" in text[flag["span"][0] : flag["span"][1]]


# ---------------------------------------------------------------- scorer
def test_scorer_assigns_flags_one_to_one_optimally():
    """Two flags whose spans each overlap both labels: a greedy pass in label order pairs the first
    label with the wide flag and leaves the second label unmatched; the optimal assignment does not."""
    from foedus.evidence.evaluate import _assign, flag_overlap

    body = "Minister A met Chancellor A on Tuesday, 3 December 2025 in the city."
    golds = [
        {"kind": "internal-contradiction", "text": "Tuesday, 3 December"},
        {"kind": "internal-contradiction", "text": "Chancellor A"},
    ]
    wide = {"kind": "internal-contradiction", "span": [0, 40]}  # from the first title past the weekday
    day = {"kind": "internal-contradiction", "span": [28, 47]}  # the weekday only
    assert _assign(golds, [wide, day], lambda g, p: flag_overlap(g, p, body)) == 2
    other = {"kind": "anachronism", "span": [0, 40]}
    assert _assign(golds, [other], lambda g, p: flag_overlap(g, p, body)) == 0
    # events: kind and agent; an unlabelled agent takes whatever is left
    ge = [{"kind": "proposal", "agent": None}, {"kind": "proposal", "agent": "USA"}]
    pe = [{"kind": "proposal", "actors": ["USA"]}, {"kind": "proposal", "actors": ["RUS"]}]

    def ev_ok(g, p):
        return g["kind"] == p["kind"] and (g["agent"] is None or p["actors"][:1] == [g["agent"]])

    assert _assign(ge, pe, ev_ok) == 2


# ---------------------------------------------------------------- round 3: rules that generalise
# Each rule is tested on new sentences written for the test, not taken from the labelled articles.
def test_lemmatiser_regular_inflections():
    from foedus.evidence.morph import in_class, lemmas

    verbs = {"reject", "oppose", "cap", "rely", "call", "ease", "recognise", "favour", "send", "agree"}
    for word, base in [
        ("rejects", "reject"),
        ("opposing", "oppose"),
        ("capped", "cap"),
        ("relies", "rely"),
        ("calling", "call"),
        ("eased", "ease"),
        ("recognized", "recognise"),
        ("favored", "favour"),
        ("sent", "send"),
        ("agreed", "agree"),
    ]:
        assert in_class(word, verbs) == base, (word, lemmas(word))
    assert in_class("table", verbs) is None


def test_verb_classes_cover_inflections_not_in_any_list():
    assert ("SWE", "foreign_troops", "oppose") in _stances("Sweden is spurning calls for peacekeepers in Ukraine.")
    assert ("NOR", "frozen_assets", "support") in _stances("Norway has been championing a reparations loan.")
    assert ("SVK", "sanctions", "support") in _stances("Slovakia lobbied for sanctions relief last week.")


def test_negation_scope():
    assert ("ITA", "foreign_troops", "oppose") in _stances("Italy will not accept peacekeepers in Ukraine.")
    assert ("PRT", "nato", "oppose") in _stances("Portugal wants no NATO membership for Ukraine.")
    assert ("CZE", "guarantee", "shift") in _stances("Czechia did not rule out security guarantees for Ukraine.")
    got = _stances('Ireland\'s premier said: "The armed forces of Ukraine cannot be cut."')
    assert not any(d == "support" and i == "army_cap" for _, i, d in got)


def test_modality_is_support_of_the_proposition():
    assert ("UKR", "nato", "oppose") in _stances("Under the draft, Ukraine would not join NATO.")
    assert ("BEL", "foreign_troops", "support") in _stances("Belgium is prepared to station troops in Ukraine.")
    assert ("FIN", "foreign_troops", "shift") in _stances("Finland might send soldiers to Ukraine.")


def test_plan_as_subject_takes_its_author():
    text = "The United States circulated a new peace plan on Friday. It caps the Ukrainian army at 600,000."
    assert ("USA", "army_cap", "support") in _stances(text)
    text = "The plan was written by the United States. The draft would require Ukraine to cede occupied land."
    assert ("USA", "territory", "support") in _stances(text)


def test_possessive_pronoun_names_the_plan_author():
    # the rules' choice (the event ranker weighs it with the other candidates of the sentence)
    with rank.using(None):
        text = "France took no part while the United States pushed Kyiv to sign its revised peace plan."
        props = [e for e in read_string(text, "t.txt", date="2025-12-01")["events"] if e["kind"] == "proposal"]
        assert props and props[0]["actors"][0] == "USA"
    text = "Washington is in a hurry. Its new peace plan reached Kyiv on Tuesday."
    props = [e for e in read_string(text, "t.txt", date="2025-12-01")["events"] if e["kind"] == "proposal"]
    assert props and props[0]["actors"][0] == "USA"  # an author outside the sentence: the rules' choice stays


def test_object_relative_clause_names_the_actor():
    text = "Leaders set aside the reparations loan that the European Commission had championed."
    assert ("EU", "frozen_assets", "support") in _stances(text)
    text = "Diplomats debated the loan package the European Commission had floated in October."
    ev = read_string(text, "t.txt", date="2025-12-01")
    assert any(e["kind"] == "proposal" and e["actors"][:1] == ["EU"] for e in ev["events"])


def test_reported_clause_has_its_own_subject():
    text = "Zelensky said on Friday that Moscow still rejects any reassurance force."
    got = _stances(text)
    assert ("RUS", "foreign_troops", "oppose") in got and not any(a == "UKR" for a, _, _ in got)
    got = _stances("The European Commission said it stood with Latvia and backed a reparations loan.")
    assert ("EU", "frozen_assets", "support") in got and not any(a == "LVA" for a, _, _ in got)


def test_sanctions_on_another_state_are_not_the_relief_issue():
    assert _stances("Poland called for new sanctions against Belarus.") == set()
    assert ("AUT", "sanctions", "support") in _stances("Austria wants the sanctions to be lifted soon.")


def test_quote_speakers_surname_neighbouring_sentence_and_short_quotes():
    text = (
        "ROME, 3 December 2025 - Defence Minister Guido Crosetto met his Greek counterpart on Tuesday. "
        '"We are ready for the next step," Crosetto said.\n\n'
        '"Nobody in Rome wants an escalation with anyone at all."\nCrosetto added this in a radio interview.\n\n'
        'Greek minister Nikos Dendias said the meeting had been "productive".'
    )
    qs = {q["text"][:12]: q["speaker"] for q in read_string(text, "t.txt")["quotes"]}
    assert qs["We are ready"] == "Guido Crosetto"
    assert qs["Nobody in Ro"] == "Guido Crosetto"
    assert qs.get("productive") is not None and "Dendias" in qs["productive"]


def test_conditional_offer_and_definite_deployment_are_not_events():
    ev = read_string(
        "Kyiv would talk if the United States offered firm guarantees. Moscow called the deployment a threat.",
        "t.txt",
        date="2025-12-01",
    )
    assert not any(e["kind"] in ("proposal", "deployment") for e in ev["events"])


def test_plan_named_for_a_country_and_library_author():
    ev = read_string("Analysts read the 28-point plan for Ukraine line by line.", "t.txt", date="2025-12-01")
    props = [e for e in ev["events"] if e["kind"] == "proposal"]
    assert props and props[0]["actors"][0] == "USA"  # the library's author of the 28-point plan


def test_new_event_triggers():
    def kinds(text):
        return {
            (e["kind"], (e["actors"] or [None])[0]) for e in read_string(text, "t.txt", date="2025-12-01")["events"]
        }

    assert ("proposal", "UKR") in kinds("Ukraine delivered its written reply to the American draft on Monday.")
    assert ("agreement", "EU") in kinds("EU governments opted for a common fund on Friday.") or (
        "agreement" in {k for k, _ in kinds("EU ministers decided on a common fund on Friday.")}
    )
    assert "incident" in {k for k, _ in kinds("Balloons launched from Belarus crashed near a Latvian farm.")}
    assert ("deployment", "ESP") in kinds("Spain is dispatching a Patriot battery to Turkey.")
