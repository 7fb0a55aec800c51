"""Stance cues by verb class, with negation scope and modality (docs/evidence.md, "stances").

A cue is a word or short phrase that says how the clause's subject relates to an issue phrase:
support (+1), opposition (-1) or a shift (0). Verbs are listed by base form and matched through
the lemmatiser (morph.lemmas), so "rejects", "rejected" and "rejecting" are one entry.

- **Verb classes**: SUPPORT (back, endorse, demand, accept, offer, include...), OPPOSE (reject,
  oppose, refuse, block, veto, denounce...), SHIFT (soften, reconsider, relent...), and two-word
  verbs (call for, rule out, warn against, back down...).
- **Modality**: a modal or an intention (will, would, shall, must, should, ready to, prepared to,
  willing to, plans to, is to, set to, vows to...) directly before the issue phrase, with at most
  adverbs, negators and "to"/"be" between, is support of the proposition: "Germany will send
  troops to Ukraine". "could, might, may" there is a shift: "Kyiv could give up ...".
- **Negation scope**: a negator (not, never, no, n't, cannot, without...) within the three words
  before a cue flips it ("will not accept" = oppose; "did not rule out" = shift); a negator between
  the cue and the phrase, within the two words before the phrase, flips the phrase ("would not join
  NATO" = oppose; "wants no foreign troops" = oppose). Negated shift cues are ignored.
- **Which cue decides**: the nearest cue before the phrase in the clause; with none before, the
  first verb-class cue after it (a passive: "NATO membership was rejected by ...").
"""

# ruff: noqa: E501  (word lists read better unbroken)

from __future__ import annotations

from functools import lru_cache

from foedus.evidence.morph import Token, in_class, is_negator, lemmas

SUPPORT = frozenset(
    [
        "support",
        "back",
        "endorse",
        "welcome",
        "want",
        "demand",
        "favour",
        "favor",
        "accept",
        "seek",
        "propose",
        "pledge",
        "commit",
        "offer",
        "promise",
        "insist",
        "urge",
        "require",
        "advocate",
        "champion",
        "embrace",
        "approve",
        "need",
        "ask",
        "vow",
        "defend",
        "uphold",
        "include",
        "foresee",
        "envisage",
        "envision",
        "provide",
        "contain",
        "keep",
        "grant",
        "allow",
        "permit",
        "enable",
        "restore",
        "prefer",
        "desire",
        "request",
        "expect",
        "hope",
        "aim",
        "intend",
        "agree",
        "consent",
        "sign",
        "ratify",
        "reaffirm",
        "reiterate",
        "applaud",
        "praise",
        "hail",
        "press",
        "push",
        "lobby",
        "sponsor",
        "spearhead",
        "bankroll",
        "underwrite",
        "authorise",
        "authorize",
        "greenlight",
        "okay",
        "laud",
        "commend",
        "tout",
        "recommend",
        "suggest",
        "table",
        "reinforce",
        "bolster",
        "strengthen",
        "affirm",
        "confirm",
        "assure",
        "reassure",
        "rally",
        "plead",
        "implore",
        "campaign",
        "lead",
        "contribute",
        "volunteer",
        "secure",
        "deliver",
        "cheer",
        "adopt",
        "pursue",
        "prioritise",
        "prioritize",
        "safeguard",
        "protect",
        "honour",
        "honor",
        "emphasise",
        "emphasize",
        "underline",
        "underscore",
        "stress-test",
    ]
)
OPPOSE = frozenset(
    [
        "reject",
        "oppose",
        "refuse",
        "block",
        "veto",
        "dismiss",
        "resist",
        "condemn",
        "object",
        "denounce",
        "decry",
        "criticise",
        "criticize",
        "slam",
        "spurn",
        "rebuff",
        "torpedo",
        "scuttle",
        "fight",
        "protest",
        "balk",
        "baulk",
        "forbid",
        "prohibit",
        "exclude",
        "preclude",
        "bar",
        "scrap",
        "shelve",
        "sink",
        "derail",
        "thwart",
        "stall",
        "obstruct",
        "boycott",
        "disavow",
        "repudiate",
        "deplore",
        "lambast",
        "blast",
        "warn",
        "fear",
        "undermine",
        "withhold",
        "deny",
        "decline",
        "dispute",
        "contest",
        "challenge",
        "doubt",
        "assail",
        "castigate",
        "pan",
        "deride",
        "mock",
        "ridicule",
        "scorn",
        "scoff",
        "bristle",
        "recoil",
        "shun",
        "snub",
        "stonewall",
        "frustrate",
        "hamper",
        "hinder",
        "impede",
        "delay",
        "postpone",
        "dilute",
        "weaken",
        "eschew",
        "forswear",
        "cancel",
        "halt",
        "disagree",
        "fault",
        "lament",
        "regret",
        "bemoan",
        "caution",
        "hesitate",
        "dither",
        "attack",
        "reproach",
        "rebuke",
        "censure",
        "disown",
        "dread",
        "loathe",
        "abhor",
        "resent",
        "distrust",
        "mistrust",
        "defy",
        "rail",
        "chide",
    ]
)
SHIFT = frozenset(
    [
        "soften",
        "reconsider",
        "relent",
        "shift",
        "rethink",
        "waver",
        "backtrack",
        "hint",
        "signal",
        "consider",
        "entertain",
        "explore",
        "moderate",
        "budge",
        "bend",
        "yield",
        "compromise",
        "accommodate",
        "warm",
        "revisit",
        "reassess",
        "weigh",
        "mull",
        "ponder",
        "flex",
        "recalibrate",
        "relax",
    ]
)
#: adjectives and nouns that work as cues
SUPPORT_WORDS = frozenset(["acceptable", "support", "backing", "endorsement", "favour", "favor", "welcome", "basis"])
OPPOSE_WORDS = frozenset(
    [
        "unacceptable",
        "against",
        "opposition",
        "rejection",
        "objection",
        "objections",
        "veto",
        "non-starter",
        "nonstarter",
        "unthinkable",
        "impossible",
        "unrealistic",
        "dangerous",
    ]
)
#: two-word verbs: (base form, particle) -> sign
PHRASAL: dict[tuple[str, str], int] = {
    ("call", "for"): 1,
    ("push", "for"): 1,
    ("press", "for"): 1,
    ("argue", "for"): 1,
    ("lobby", "for"): 1,
    ("insist", "on"): 1,
    ("agree", "to"): 1,
    ("agree", "on"): 1,
    ("sign", "up"): 1,
    ("stand", "by"): 1,
    ("stick", "to"): 1,
    ("open", "to"): 0,
    ("rule", "out"): -1,
    ("warn", "against"): -1,
    ("argue", "against"): -1,
    ("vote", "against"): -1,
    ("push", "back"): -1,
    ("speak", "out"): -1,
    ("back", "down"): 0,
    ("climb", "down"): 0,
    ("back", "away"): 0,
    ("walk", "back"): 0,
    ("no", "longer"): 0,
    ("red", "line"): -1,
    ("red", "lines"): -1,
    ("instead", "of"): -1,
    ("rather", "than"): -1,
    ("question", "of"): -1,  # "no question of" (the negator is part of it)
    ("exchange", "for"): 1,  # "in exchange for"
    ("return", "for"): 1,  # "in return for"
    ("favour", "of"): 1,  # "in favour of"
    ("vote", "for"): 1,
    ("sign", "off"): 1,
    ("sign", "on"): 1,
    ("step", "up"): 1,
    ("hold", "out"): -1,
    ("hold", "up"): -1,
    ("brush", "aside"): -1,
    ("water", "down"): -1,
    ("shy", "away"): -1,
    ("dig", "in"): -1,
    ("say", "no"): -1,
    ("back", "off"): 0,
    ("warm", "to"): 0,
    ("come", "round"): 0,
    ("come", "around"): 0,
    ("favor", "of"): 1,
}
#: modals and intentions: a word, or (word, "to")
#: every word a cue can start with (cue_at's verb classes, cue words and phrasal verbs)
_CUE_WORDS = SUPPORT | OPPOSE | SHIFT | SUPPORT_WORDS | OPPOSE_WORDS | {w for w, _ in PHRASAL}
MODALS = frozenset(["will", "would", "shall", "must", "should", "'ll", "wo"])
INTENT = frozenset(
    [
        "ready",
        "prepared",
        "willing",
        "plan",
        "plans",
        "planning",
        "intend",
        "intends",
        "intending",
        "aim",
        "aims",
        "set",
        "going",
        "expected",
        "determined",
        "committed",
        "eager",
        "keen",
        "vow",
        "vows",
        "vowed",
        "pledged",
        "promised",
        "needs",
        "need",
        "has",
        "have",
        "want",
        "wants",
    ]
)
#: verbs that carry no stance: the nearest of them before a phrase cuts it off from cues further
#: back ("keeps a cap ... and leaves NATO membership to the allies"); speech verbs start a reported
#: clause, whose own cue may follow the phrase ("said NATO membership was unacceptable")
NEUTRAL = frozenset(
    [
        "leave",
        "publish",
        "describe",
        "discuss",
        "meet",
        "see",
        "mention",
        "brief",
        "release",
        "recall",
        "question",
        "study",
        "review",
        "debate",
        "examine",
        "outline",
        "present",
    ]
)
SPEECH = frozenset(
    [
        "say",
        "tell",
        "add",
        "argue",
        "stress",
        "note",
        "explain",
        "claim",
        "acknowledge",
        "concede",
        "state",
        "declare",
        "believe",
        "think",
    ]
)
POSSIBLE = frozenset(["could", "might", "may", "can"])
#: words that may stand between a modal and the phrase it governs
_GLUE = frozenset(
    [
        "to",
        "be",
        "also",
        "still",
        "only",
        "now",
        "soon",
        "then",
        "ever",
        "actually",
        "eventually",
        "ultimately",
        "finally",
        "immediately",
        "rapidly",
        "quickly",
        "gradually",
        "fully",
        "even",
        "really",
        "in",
        "principle",
    ]
)
_PUNCT = frozenset(',;:—–()"“”')


def _negated_before(toks: list[Token], i: int, reach: int = 3) -> bool:
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[k].text in _PUNCT:
            return False
        if is_negator(toks[k]):
            return True
    return False


@lru_cache(maxsize=16384)
def _may_cue(low: str) -> bool:
    """Whether a word can start a cue at all: most words cannot, and cue_at returns at once."""
    return any(lemma in _CUE_WORDS for lemma in lemmas(low)) or low in _CUE_WORDS


def cue_at(toks: list[Token], i: int) -> tuple[int, int] | None:
    """(sign, number of tokens) of a verb-class or phrasal cue starting at token i, else None."""
    tok = toks[i]
    low = tok.low
    if not _may_cue(low):
        return None
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    for lem in lemmas(low):
        if (lem, nxt) in PHRASAL:
            if lem == "question" and not (i and is_negator(toks[i - 1])):
                continue
            if lem in ("exchange", "return", "favour", "favor") and not (i and toks[i - 1].low == "in"):
                continue
            return PHRASAL[(lem, nxt)], 2
    if in_class(low, SHIFT):
        return 0, 1
    if in_class(low, OPPOSE) or low in OPPOSE_WORDS:
        if low in ("warn", "warned", "warns", "warning") and nxt not in ("against", "that"):
            return None
        return -1, 1
    if in_class(low, SUPPORT) or low in SUPPORT_WORDS:
        return 1, 1
    return None


def governing_modal(toks: list[Token], phrase_start: int) -> tuple[int, int] | None:
    """(sign, token index) of a modal or intention directly governing a phrase at `phrase_start`."""
    j = next((k for k, t in enumerate(toks) if t.start >= phrase_start), len(toks)) - 1
    steps = 0
    while j >= 0 and steps < 5:
        t = toks[j]
        low = t.low
        if low in MODALS or (low.endswith("n't") and low[:-3] in MODALS | {"wo", "ca", "sha"}):
            return 1, j
        if low in POSSIBLE or low in ("cannot", "can't", "couldn't"):
            return (1 if low in ("cannot", "can't") else 0), j
        if low == "to" and j > 0 and toks[j - 1].low in INTENT:
            return 1, j - 1
        if low in _GLUE or is_negator(t) or low.endswith("ly"):
            j -= 1
            steps += 1
            continue
        return None
    return None


def phrase_negated(toks: list[Token], phrase_start: int, after: int) -> bool:
    """A negator within the two words before the phrase (and after token index `after`)."""
    j = next((k for k, t in enumerate(toks) if t.start >= phrase_start), len(toks))
    for k in range(j - 1, max(after, j - 3), -1):
        if toks[k].text in _PUNCT:
            return False
        if is_negator(toks[k]):
            return True
    return False


def decide(
    toks: list[Token], phrase: tuple[int, int], before_only: bool = False, extra: list[tuple[int, int]] | None = None
) -> tuple[int | None, bool, int | None]:
    """The sign of the cue that governs a phrase at character span `phrase` in a clause's tokens
    (+1 support, -1 opposition, 0 shift, None: no cue), whether the phrase itself is negated, and
    where the cue starts (None: no cue)."""
    ps, pe = phrase
    before: list[tuple[int, int, int]] = []  # (token index, sign, tokens)
    after: list[tuple[int, int, int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if ps <= t.start < pe:
            i += 1
            continue
        c = cue_at(toks, i)
        if c is None:
            if toks[i].end <= ps and t.text[:1].islower():
                if in_class(t.low, SPEECH):
                    before.append((i, 9, 1))  # a speech verb: clause boundary, no sign
                elif in_class(t.low, NEUTRAL):
                    before.append((i, 8, 1))  # a verb without a stance
            i += 1
            continue
        csign, n = c
        if toks[i].end <= ps:
            before.append((i, csign, n))
        else:
            after.append((i, csign, n))
        i += n
    for pos, esign in extra or []:  # cues found by a pattern, by character offset
        if ps <= pos < pe:
            continue
        k = next((k for k, t in enumerate(toks) if t.start >= pos), len(toks) - 1)
        (before if pos < ps else after).append((k, esign, 1))
    before.sort()
    after.sort()
    modal = governing_modal(toks, ps)
    chosen: tuple[int, int, int] | None = None
    if before:
        chosen = before[-1]
    if modal is not None and (chosen is None or modal[1] > chosen[0]):
        chosen = (modal[1], modal[0], 1)
    if (chosen is None or chosen[1] == 9) and not before_only and after:
        chosen = after[0]  # no verb before the phrase (or only "said"): the phrase is the subject
    inside = any(is_negator(t) for t in toks if ps < t.start < pe)  # "armed forces cannot be cut"
    if chosen is None or chosen[1] in (8, 9):
        j = next((k for k, t in enumerate(toks) if t.start >= ps), len(toks))
        return None, phrase_negated(toks, ps, -1) ^ inside ^ _negative_subject(toks, j), None
    i, sign0, n = chosen
    signed = _signed(toks, i, sign0)
    if signed is None:
        return None, False, None
    sign = signed
    # a chain of cues governs the phrase together: "rejected calls for" (-1 x +1), "refused to back",
    # "vowed to oppose"; a cue at most two words before the next one governs it
    k = i
    while sign != 0:
        prev = [b for b in before if b[1] in (-1, 0, 1) and b[0] < k and k - (b[0] + b[2]) <= 2]
        if not prev or any(t.text in _PUNCT for t in toks[prev[-1][0] : k]):
            break
        up = _signed(toks, prev[-1][0], prev[-1][1])
        if up is None:
            break
        sign = 0 if up == 0 else sign * up
        k = prev[-1][0]
    neg = toks[i].end <= ps and phrase_negated(toks, ps, i + n - 1)
    neg ^= inside  # a negator inside the phrase: "armed forces cannot be cut"
    if toks[k].end <= ps and not _negated_before(toks, k):
        neg ^= _negative_subject(toks, k)  # "Nobody in Warsaw will tell Ukrainians to ..."
    return sign, neg, toks[k].start


#: subjects that deny the whole clause
_NEGATIVE_SUBJECTS = frozenset(["nobody", "none", "neither"])


def _negative_subject(toks: list[Token], upto: int) -> bool:
    """Whether the clause before token `upto` has a negative subject (`nobody`, `no one`, `none of`)
    further back than the three words a negator reaches on its own."""
    for k in range(upto - 4, -1, -1):  # back from the cue to the start of the clause
        if toks[k].text in _PUNCT or toks[k].text in ("-", "—", "–"):
            return False
        low = toks[k].low
        if low in _NEGATIVE_SUBJECTS or (low == "no" and k + 1 < len(toks) and toks[k + 1].low == "one"):
            return True
    return False


def _signed(toks: list[Token], i: int, sign: int) -> int | None:
    """A cue's sign after the negation before it and a possibility modal ("could accept" = shift)."""
    if toks[i].low == "no" and sign == 0:  # "no longer": the negator is part of the cue
        return 0
    if _negated_before(toks, i):
        if sign == 0:
            return None
        if sign < 0:
            lem = next((lem for lem in lemmas(toks[i].low) if lem in ("rule", "exclude")), None)
            return 0 if lem else 1  # "did not rule out" is an opening; "did not oppose" is support
        return -1
    if sign != 0:
        pm = governing_modal(toks, toks[i].start)
        if pm is not None and pm[0] == 0:
            return 0  # "could accept", "might drop": an opening, not a position
    return sign
