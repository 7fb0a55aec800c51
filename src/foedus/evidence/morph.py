"""A small lemmatiser for regular English inflections, and word tokens with their offsets.

No model, no data download: `lemmas(word)` returns the candidate base forms of a word (the word
itself, and what it would be if it were an -s, -es, -ies, -ed, -ied, -ing or doubled-consonant
form, with -ize folded to -ise and -or to -our for the few American spellings that matter), and a
short table of irregular verbs. A word belongs to a verb class when any candidate is in the class,
so the classes in lexicon.py list base forms only ("reject" covers rejects, rejected, rejecting).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

IRREGULAR: dict[str, str] = {
    "sent": "send",
    "sought": "seek",
    "said": "say",
    "told": "tell",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "made": "make",
    "held": "hold",
    "struck": "strike",
    "stricken": "strike",
    "led": "lead",
    "drew": "draw",
    "drawn": "draw",
    "wrote": "write",
    "written": "write",
    "met": "meet",
    "kept": "keep",
    "left": "leave",
    "brought": "bring",
    "shot": "shoot",
    "flew": "fly",
    "flown": "fly",
    "chose": "choose",
    "chosen": "choose",
    "spoke": "speak",
    "spoken": "speak",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "upheld": "uphold",
    "forwent": "forgo",
    "forgone": "forgo",
    "began": "begin",
    "begun": "begin",
    "came": "come",
    "went": "go",
    "gone": "go",
    "saw": "see",
    "seen": "see",
    "thought": "think",
    "broke": "break",
    "broken": "break",
    "fought": "fight",
    "fell": "fall",
    "fallen": "fall",
    "froze": "freeze",
    "frozen": "freeze",
    "stood": "stand",
    "understood": "understand",
    "laid": "lay",
    "won": "win",
    "lost": "lose",
    "sold": "sell",
    "bought": "buy",
    "built": "build",
    "spent": "spend",
    "hit": "hit",
    "put": "put",
    "set": "set",
    "cut": "cut",
    "let": "let",
    "shut": "shut",
    "rang": "ring",
    "rose": "rise",
    "risen": "rise",
    "overtook": "overtake",
    "undertook": "undertake",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "done": "do",
}
_VOWEL = set("aeiou")


def _variants(stem: str) -> list[str]:
    out = [stem]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWEL:
        out.append(stem[:-1])  # capped -> capp -> cap; controlled -> controll -> control ("call" stays too)
    elif len(stem) >= 2:
        out.append(stem + "e")  # opposed -> oppos -> oppose; easing -> eas -> ease
    return out


@lru_cache(maxsize=8192)
def lemmas(word: str) -> tuple[str, ...]:
    """Candidate base forms of a word, the word itself first (lower case)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    out = [w]
    if w in IRREGULAR:
        out.append(IRREGULAR[w])
    n = len(w)
    if n > 4 and w.endswith("ies") or n > 4 and w.endswith("ied"):
        out.append(w[:-3] + "y")
    if n > 4 and w.endswith("ing"):
        out += _variants(w[:-3])
    if n > 3 and w.endswith("ed"):
        out += _variants(w[:-2])
        out.append(w[:-1])  # "agreed" -> "agree"
    if n > 3 and w.endswith("es"):
        out.append(w[:-2])
    if n > 2 and w.endswith("s") and not w.endswith("ss"):
        out.append(w[:-1])
    # British and American spellings: -ize/-ise, -or/-our, -yze/-yse
    for base in list(out):
        if base.endswith("ize"):
            out.append(base[:-3] + "ise")
        elif base.endswith("yze"):
            out.append(base[:-3] + "yse")
        elif base in ("favor", "honor", "labor"):
            out.append(base[:-2] + "our")
    return tuple(dict.fromkeys(out))


def in_class(word: str, verbs: frozenset[str] | set[str]) -> str | None:
    """The base form of `word` listed in `verbs`, else None."""
    for cand in lemmas(word):
        if cand in verbs:
            return cand
    return None


class Token(NamedTuple):
    """A word or clause mark with its offsets; `low` is the lower-case form with straight apostrophes
    (computed once: cue and negation checks read it many times)."""

    start: int
    end: int
    text: str
    low: str


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u017F]+(?:['’-][A-Za-z\u00C0-\u017F]+)*|\d[\d,.]*\d|\d|[,;:—–()\"“”]")


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word tokens (and clause punctuation) with their character offsets (plus `offset`)."""
    return [
        Token(m.start() + offset, m.end() + offset, w, w.lower().replace("’", "'"))
        for m in _TOKEN.finditer(text)
        for w in (m.group(),)
    ]


NEGATORS = frozenset({"not", "never", "no", "nor", "neither", "cannot", "without", "hardly", "nobody", "none"})


def is_negator(tok: Token) -> bool:
    low = tok.low
    return low in NEGATORS or low.endswith("n't")
