"""The optional dependency parse (foedus.evidence.nlp): each rule on a new sentence with a fake parse
(no spaCy needed), the switch, and one real run when the extra is installed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from foedus.evidence import nlp, read_string


@dataclass(eq=False)
class FakeTok:
    text: str
    idx: int
    i: int
    lemma_: str
    dep_: str
    pos_: str
    ent_type_: str = ""
    head: Any = None
    children: list[Any] = field(default_factory=list)


def fake_parse(text: str, spec: list[tuple[str, str, int, str, str] | tuple[str, str, int, str, str, str]]):
    """A parser returning tokens for `text` from (word, dep, head index, lemma, pos[, ent]) rows; the
    words are located left to right in the text (punctuation may be left out)."""

    def parse(t: str) -> list[FakeTok]:
        assert t == text
        toks: list[FakeTok] = []
        pos = 0
        for i, row in enumerate(spec):
            word, dep, head, lemma, tag = row[:5]
            ent = row[5] if len(row) > 5 else ""
            m = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])").search(text, pos)
            assert m, word
            pos = m.end()
            toks.append(FakeTok(word, m.start(), i, lemma, dep, tag, ent))
        for tok, row in zip(toks, spec, strict=True):
            tok.head = toks[row[2]] if row[2] >= 0 else tok
            if row[2] >= 0 and row[2] != tok.i:
                toks[row[2]].children.append(tok)
        return toks

    return parse


def _read(text: str, spec: list[Any]) -> dict[str, Any]:
    with nlp.using(fake_parse(text, spec)):
        return read_string(text, "t.txt", date="2025-12-03")


def _st(ev: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(s["actor"], s["issue"], s["direction"]) for s in ev["stances"]}


def test_passive_agent_holds_the_stance():
    text = "A plan to lend Ukraine the frozen Russian reserves was vetoed by Belgium."
    spec = [
        ("A", "det", 1, "a", "DET"),
        ("plan", "nsubjpass", 12, "plan", "NOUN"),
        ("to", "aux", 3, "to", "PART"),
        ("lend", "acl", 1, "lend", "VERB"),
        ("Ukraine", "dative", 3, "Ukraine", "PROPN", "GPE"),
        ("the", "det", 8, "the", "DET"),
        ("frozen", "amod", 8, "frozen", "ADJ"),
        ("Russian", "amod", 8, "russian", "ADJ", "NORP"),
        ("reserves", "dobj", 3, "reserve", "NOUN"),
        ("was", "auxpass", 12, "be", "AUX"),
        ("vetoed", "ROOT", -1, "veto", "VERB"),
        ("by", "agent", 10, "by", "ADP"),
        ("Belgium", "pobj", 11, "Belgium", "PROPN", "GPE"),
    ]
    # fix the indices: the root is token 10
    spec = [(w, d, 10 if h == 12 else h, lem, p, *rest) for (w, d, h, lem, p, *rest) in spec]
    assert ("BEL", "frozen_assets", "oppose") in _st(_read(text, spec))


def test_coordinated_subjects_each_hold_the_stance_and_neg_flips():
    text = "Poland and Lithuania do not want sanctions on Moscow eased."
    spec = [
        ("Poland", "nsubj", 5, "Poland", "PROPN", "GPE"),
        ("and", "cc", 0, "and", "CCONJ"),
        ("Lithuania", "conj", 0, "Lithuania", "PROPN", "GPE"),
        ("do", "aux", 5, "do", "AUX"),
        ("not", "neg", 5, "not", "PART"),
        ("want", "ROOT", -1, "want", "VERB"),
        ("sanctions", "nsubj", 9, "sanction", "NOUN"),
        ("on", "prep", 6, "on", "ADP"),
        ("Moscow", "pobj", 7, "Moscow", "PROPN", "GPE"),
        ("eased", "ccomp", 5, "ease", "VERB"),
    ]
    got = _st(_read(text, spec))
    assert {("POL", "sanctions", "oppose"), ("LTU", "sanctions", "oppose")} <= got


def test_xcomp_chain_multiplies_and_modal_could_is_a_shift():
    text = "Hungary refused to endorse a European reassurance force for Ukraine."
    spec = [
        ("Hungary", "nsubj", 1, "Hungary", "PROPN", "GPE"),
        ("refused", "ROOT", -1, "refuse", "VERB"),
        ("to", "aux", 3, "to", "PART"),
        ("endorse", "xcomp", 1, "endorse", "VERB"),
        ("a", "det", 7, "a", "DET"),
        ("European", "amod", 7, "european", "ADJ"),
        ("reassurance", "compound", 7, "reassurance", "NOUN"),
        ("force", "dobj", 3, "force", "NOUN"),
        ("for", "prep", 7, "for", "ADP"),
        ("Ukraine", "pobj", 8, "Ukraine", "PROPN", "GPE"),
    ]
    assert ("HUN", "foreign_troops", "oppose") in _st(_read(text, spec))
    toks = fake_parse(
        "Slovakia could back the loan.",
        [
            ("Slovakia", "nsubj", 2, "Slovakia", "PROPN"),
            ("could", "aux", 2, "could", "AUX"),
            ("back", "ROOT", -1, "back", "VERB"),
            ("the", "det", 4, "the", "DET"),
            ("loan", "dobj", 2, "loan", "NOUN"),
        ],
    )("Slovakia could back the loan.")
    assert nlp.verb_sign(toks[2]) == 0


def test_event_from_verb_lemma_with_subject_agent():
    text = "Danish engineers have stationed two radar units on Bornholm, the ministry confirmed."
    spec = [
        ("Danish", "amod", 1, "danish", "ADJ", "NORP"),
        ("engineers", "nsubj", 3, "engineer", "NOUN"),
        ("have", "aux", 3, "have", "AUX"),
        ("stationed", "ccomp", 11, "station", "VERB"),
        ("two", "nummod", 6, "two", "NUM"),
        ("radar", "compound", 6, "radar", "NOUN"),
        ("units", "dobj", 3, "unit", "NOUN"),
        ("on", "prep", 3, "on", "ADP"),
        ("Bornholm", "pobj", 7, "Bornholm", "PROPN"),
        ("the", "det", 10, "the", "DET"),
        ("ministry", "nsubj", 11, "ministry", "NOUN"),
        ("confirmed", "ROOT", -1, "confirm", "VERB"),
    ]
    evs = _read(text, spec)["events"]
    assert any(e["kind"] == "deployment" and e["actors"][0] == "DNK" for e in evs)


def test_passive_event_takes_the_by_agent_and_negated_or_modal_verbs_are_none():
    text = "The new listings were imposed by the European Union on Tuesday."
    spec = [
        ("The", "det", 2, "the", "DET"),
        ("new", "amod", 2, "new", "ADJ"),
        ("listings", "nsubjpass", 4, "listing", "NOUN"),
        ("were", "auxpass", 4, "be", "AUX"),
        ("imposed", "ROOT", -1, "impose", "VERB"),
        ("by", "agent", 4, "by", "ADP"),
        ("the", "det", 8, "the", "DET"),
        ("European", "compound", 8, "European", "PROPN", "ORG"),
        ("Union", "pobj", 5, "Union", "PROPN", "ORG"),
        ("on", "prep", 4, "on", "ADP"),
        ("Tuesday", "pobj", 9, "Tuesday", "PROPN", "DATE"),
    ]
    evs = _read(text, spec)["events"]
    assert any(e["kind"] == "sanction" and e["actors"][0] == "EU" for e in evs)
    neg = "Norway has not deployed any frigates."
    spec2 = [
        ("Norway", "nsubj", 3, "Norway", "PROPN", "GPE"),
        ("has", "aux", 3, "have", "AUX"),
        ("not", "neg", 3, "not", "PART"),
        ("deployed", "ROOT", -1, "deploy", "VERB"),
        ("any", "det", 5, "any", "DET"),
        ("frigates", "dobj", 3, "frigate", "NOUN"),
    ]
    assert not [e for e in _read(neg, spec2)["events"] if e["kind"] == "deployment"]
    hypo = "Norway would deploy its frigates."
    spec3 = [
        ("Norway", "nsubj", 2, "Norway", "PROPN", "GPE"),
        ("would", "aux", 2, "would", "AUX"),
        ("deploy", "ROOT", -1, "deploy", "VERB"),
        ("its", "poss", 4, "its", "PRON"),
        ("frigates", "dobj", 2, "frigate", "NOUN"),
    ]
    assert not [e for e in _read(hypo, spec3)["events"] if e["kind"] == "deployment"]


def test_conditional_verb_is_no_event():
    text = "If Finland sends jets, the talks end."
    spec = [
        ("If", "mark", 2, "if", "SCONJ"),
        ("Finland", "nsubj", 2, "Finland", "PROPN", "GPE"),
        ("sends", "advcl", 6, "send", "VERB"),
        ("jets", "dobj", 2, "jet", "NOUN"),
        ("the", "det", 5, "the", "DET"),
        ("talks", "nsubj", 6, "talk", "NOUN"),
        ("end", "ROOT", -1, "end", "VERB"),
    ]
    assert not [e for e in _read(text, spec)["events"] if e["kind"] == "deployment"]


def test_quote_speaker_is_the_speech_verb_subject():
    text = 'After talks with Andrii Sybiha, Marco Rubio said the text was "much tighter than before".'
    spec = [
        ("After", "prep", 7, "after", "ADP"),
        ("talks", "pobj", 0, "talk", "NOUN"),
        ("with", "prep", 1, "with", "ADP"),
        ("Andrii", "compound", 4, "Andrii", "PROPN", "PERSON"),
        ("Sybiha", "pobj", 2, "Sybiha", "PROPN", "PERSON"),
        ("Marco", "compound", 6, "Marco", "PROPN", "PERSON"),
        ("Rubio", "nsubj", 7, "Rubio", "PROPN", "PERSON"),
        ("said", "ROOT", -1, "say", "VERB"),
    ]
    ev = _read(text, spec)
    assert [q["speaker"] for q in ev["quotes"]] == ["Marco Rubio"]


def test_stance_inside_a_quote_belongs_to_the_speaker_without_a_named_subject():
    text = 'Rubio said: "We will never lift the sanctions before a ceasefire."'
    spec = [
        ("Rubio", "nsubj", 1, "Rubio", "PROPN", "PERSON"),
        ("said", "ROOT", -1, "say", "VERB"),
        ("We", "nsubj", 5, "we", "PRON"),
        ("will", "aux", 5, "will", "AUX"),
        ("never", "neg", 5, "never", "ADV"),
        ("lift", "ccomp", 1, "lift", "VERB"),
        ("the", "det", 7, "the", "DET"),
        ("sanctions", "dobj", 5, "sanction", "NOUN"),
    ]
    toks = fake_parse(text, spec)(text)
    # "lift" is no cue: the issue test needs a cue verb; the rules path still reads the quote
    assert nlp.cue_sign(toks[5].lemma_) is None
    assert nlp.cue_sign("reject") == -1 and nlp.cue_sign("reconsider") == 0 and nlp.cue_sign("endorse") == 1


def test_switch_and_missing_extra(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(nlp, "available", lambda: False)
    from foedus.errors import InputError

    with pytest.raises(InputError):
        nlp.configure(True)
    nlp.configure(None)
    assert nlp.active() is None  # not installed: rules only, no error
    nlp.configure(False)
    assert nlp.active() is None


def test_real_parse_when_installed():
    pytest.importorskip("spacy")
    pytest.importorskip(nlp.MODEL)
    nlp.switch.reset()
    nlp.configure(True)
    try:
        text = (
            "VILNIUS, 3 December 2025 - The reparations loan was blocked by Belgium on Wednesday. "
            "Polish engineers deployed two radar units near the border, the ministry said."
        )
        ev = read_string(text, "t.txt")
        assert ("BEL", "frozen_assets", "oppose") in _st(ev)
        assert any(e["kind"] == "deployment" and e["actors"][0] == "POL" for e in ev["events"])
    finally:
        nlp.configure(False)
