"""Read one article: actors, people, quotes with speakers, events, stances (rule-based).

The output is a plain dict in the JSON contract of docs/evidence.md; every item carries the
character span of the text it rests on, so a reviewer can check it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from foedus.evidence import lexicon as lx
from foedus.evidence.cues import cue_at, decide
from foedus.evidence.gazetteer import TITLE_OF, Gazetteer, Person, load
from foedus.evidence.morph import in_class, is_negator, tokens

MONTHS = lx.MONTHS
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
DATE_RES = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{1,2}) " + _MON + r",? (\d{4})\b", re.I),
    re.compile(r"\b" + _MON + r" (\d{1,2}),? (\d{4})\b", re.I),
]
DATELINE_RE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}, " + _MON + r" (\d{1,2})\b", re.I | re.M)


def _month(word: str) -> int:
    key = word.lower().rstrip(".")
    return MONTHS["sept"] if key.startswith("sept") else MONTHS[key]


def find_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The article's date: the first full date in its first 600 characters."""
    head = text[:600]
    best: tuple[int, dt.date, tuple[int, int]] | None = None
    for k, rx in enumerate(DATE_RES):
        m = rx.search(head)
        if not m:
            continue
        try:
            if k == 0:
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif k == 1:
                day = dt.date(int(m[3]), _month(m[2]), int(m[1]))
            else:
                day = dt.date(int(m[3]), _month(m[1]), int(m[2]))
        except (ValueError, KeyError):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), day, m.span())
    return (best[1], best[2]) if best else (None, None)


# ---------------------------------------------------------------- sentences
_ABBREV = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|E\.U|U\.N|vs|etc|e\.g|i\.e|approx)\.$"
)
_SENT_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S)")


def sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        ab = _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1]) if m.group().strip() else None
        if ab and not (ab.group(1) == "No" and not text[m.end() :].lstrip()[:1].isdigit()):
            continue  # "Mr. X", "No. 10"; but "No. We reject ..." ends a sentence
        if text[start:end].strip():
            s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            spans.append((s, end if m.group().strip() else m.start()))
        start = end
    if text[start:].strip():
        s = start + (len(text[start:]) - len(text[start:].lstrip()))
        spans.append((s, len(text.rstrip())))
    return spans


# ---------------------------------------------------------------- quotes
_QUOTE_RE = re.compile(r"“([^”]{2,1500})”|\"([^\"\n]{2,1500})\"")
_NAME = r"[A-Z][a-zA-Z\u00C0-\u024F'’.-]+(?: (?:von der |van |de |al-)?[A-Z][a-zA-Z\u00C0-\u024F'’-]+){1,3}"
_NAME_RE = re.compile(_NAME)
_PRONOUN = re.compile(r"^(he|she|they)$", re.I)
_SPEECH = lx.SPEECH
_AFTER_VERB_FIRST = re.compile(r"^[,.!?]?\s*(?:" + _SPEECH + r")\s+(?P<who>[^,.;:\"“”]{2,120})", re.I)
_AFTER_WHO_FIRST = re.compile(r"^[,.!?]?\s*(?P<who>[^,.;:\"“”]{1,120}?)\s+(?:" + _SPEECH + r")\b", re.I)
_BEFORE = re.compile(r"(?P<who>[^.;:\"“”]{1,140}?)\s+(?:" + _SPEECH + r")\b[^\"“”.]{0,80}?[:,]?\s*$", re.I)
#: a source named right after the quote: '"...", according to the sources', '"...", in Witkoff's words'
_AFTER_SOURCE = re.compile(
    r"^[,.!?]?\s*(?:according to (?!(?:[\w-]+ ){0,3}(?:media|agency|agencies|news|reports?|outlets?|newspapers?|"
    r"television|TV|TASS|RIA|Interfax)\b)(?P<who>[^,.;:\"“”]{2,100})|in (?P<who2>[^,.;:\"“”]{2,60}?)(?:'s|’s) words)",
    re.I,
)
_ACCORDING = re.compile(r"according to (?P<who>[^,\"“”]{2,100}),?\s*$", re.I)
_QUOTE_CHARS = re.compile(r"[\"“”]")
_SENT_SPEECH_VERB = re.compile(r"\b(?:" + _SPEECH + r"|called|calls|described|describes|dubbed|branded)\b", re.I)
_LEADING_PREPOSITION = re.compile(r"(?:In|At|On|After|Before|During|From|With|Where|When|While)\b")
_CLOSING_PUNCT = re.compile(r"[,.!?;:…—–-]\s*$")
_OPENING_PUNCT = re.compile(r"\s*[,.!?;:…—–-]|\s*$|\s*\n")
#: a participle of speech after the subject's clause: "X was more guarded, telling journalists ..."
_SPEECH_PARTICIPLE = re.compile(
    r",\s+(?:saying|telling|describing|complaining|accusing|warning|arguing|insisting|calling|adding|noting|"
    r"stressing|declaring|urging|claiming|writing|posting|repeating|branding|dismissing|labell?ing|dubbing)\b"
    r"[^\"“”]*$"
)
_PRONOUN_SUBJECT = re.compile(r"\s*(?:he|she)\b", re.I)
#: sentence-initial adverbials before a speaker ("Also, he has said that ...")
_LEAD_ADVERBIAL = re.compile(
    r"\s*(?:Also|However|Meanwhile|In addition|Separately|Earlier|Later|Previously|Elsewhere|At the same time|"
    r"On (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|In (?:an|his|her) (?:interview|statement|speech)"
    r"[^,]{0,40}|In a (?:joint )?statement[^,]{0,60}|Speaking [^,]{0,60}|Asked [^,]{0,80}),\s*"
)
#: interview lines: "Q: ...", "Question: ..."; answers "A: ...", "Answer: ..." or "Surname: ..."
_QUESTION_LINE = re.compile(
    r"(?m)^[ \t]*(?:(?P<label>Q|Question|Interviewer|Host|Moderator|Anchor|Presenter|Reporter|Journalist)\s*[:.)–—-]|"
    r"(?P<caps>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})\s*:)\s*[^\n]+"
)
_ANSWER_LINE = re.compile(
    r"(?m)^[ \t]*(?P<label>A|Answer|[A-Z][a-zA-Z\u00C0-\u024F'’-]{2,30})\s*[:–—]\s*(?P<body>[^\n]+)"
)


#: run the issue patterns only over sentences with a hint word (lexicon.ISSUE_HINTS); off: everywhere
USE_ISSUE_HINTS = True
#: words after "X and Y" that show the pair is not a clause's subject
_NOT_VERBS = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "with",
        "from",
        "by",
        "about",
        "over",
        "under",
        "into",
        "between",
        "than",
        "as",
        "or",
        "but",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
    ]
)


def stance_item(
    actor: str, issue: str, direction: str, evidence: tuple[int, int], confidence: float, position: float | None = None
) -> dict[str, Any]:
    """A stance as the JSON contract has it (docs/evidence.md)."""
    return {
        "actor": actor,
        "issue": issue,
        "position": position,
        "direction": direction,
        "evidence": [evidence[0], evidence[1]],
        "confidence": confidence,
    }


def _ranked(title: str | None, deputy: bool) -> str | None:
    """A deputy's office is another office ("deputy foreign minister"); "deputy prime minister" is
    already one."""
    if title is None or not deputy or title.startswith("deputy "):
        return title
    return "deputy " + title


def _in_headline_block(text: str, pos: int) -> bool:
    """Whether pos lies in the first line of the article, or in a first block of at most two lines."""
    first_nl = text.find("\n")
    if first_nl == -1 or pos < first_nl:
        return True
    block = text.find("\n\n")
    return block != -1 and pos < block and text.count("\n", 0, block) <= 1


_NEXT_ATTRIB = re.compile(r"^\s*(?P<who>[^,;:.\"“”]{2,80}?)\s+(?:" + _SPEECH + r")\b[^\"“”]{0,60}?\.(?:\s|$)", re.I)
_ORG_SPEAKERS = {
    "kremlin": "RUS",
    "white house": "USA",
    "pentagon": "USA",
    "state department": "USA",
    "elysee": "FRA",
    "élysée": "FRA",
    "downing street": "GBR",
    "nato": "NATO",
    "ministry": None,
    "commission": "EU",
    "foreign ministry": None,
    "defence ministry": None,
    "defense ministry": None,
    "government": None,
    "presidency": None,
    "authorities": None,
    "police": None,
    "embassy": None,
    "prosecutors": None,
}


_TITLE_WORDS = (
    r"President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Chancellor|Minister|"
    r"Secretary|Spokesman|Spokeswoman|General|Admiral|Ambassador|Envoy|Senator|Commissioner|Sen\.|Rep\.|Gov\."
)
_PERSON_NAME = r"[A-Z][a-zA-Z\u00C0-\u024F'’-]+(?: (?:de |van |von der )?[A-Z][a-zA-Z\u00C0-\u024F'’-]+){1,2}"
_TITLED = re.compile(
    r"(?:(?P<dem>[A-Z][a-z]+)(?:'s)? )?(?P<title>" + _TITLE_WORDS + r") (?P<name>" + _PERSON_NAME + r")"
)
#: "foreign-policy aide Yuri Ushakov", "the official representative of the ministry Maria Zakharova"
_TITLED_LOWER = re.compile(
    r"\b(?:aide|adviser|advisor|spokesman|spokeswoman|spokesperson|representative|envoy|minister|president|"
    r"chancellor|secretary|ambassador|commissioner|negotiator|lawmaker|chief|head|leader|commander|mayor|governor|"
    r"speaker|senator|premier),? (?P<name>" + _PERSON_NAME + r")\b"
)
#: "Maria Zakharova, the Russian foreign ministry spokeswoman, ..."
_APPOS_TITLED = re.compile(
    r"\b(?P<name>" + _PERSON_NAME + r"), (?:the|a|an) [^,;.\"“”]{0,60}?\b(?:spokes(?:wo)?man|spokesperson|minister|"
    r"president|chancellor|secretary|envoy|aide|adviser|advisor|ambassador|commissioner|representative|head|chief|"
    r"leader|negotiator|commander|general|mayor|governor|speaker|lawmaker|official)\b"
)
#: an institution opening a sentence: "The Russian embassy in London dismissed ..."
_ORG_SUBJECT = re.compile(
    r"\s*(?:[A-Z]{2,}[^-—–\n]{0,40}[-—–]\s+)?"
    r"(?P<org>(?:The|the) (?:[A-Z][\w'’-]* ){0,4}(?:embassy|ministry|government|office|council|commission|"
    r"presidency|mission|delegation|Kremlin|White House|Pentagon|State Department|Foreign Office|alliance)"
    r"(?: (?:in|of) (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})?)"
)
_PARTICLES = frozenset(["de", "van", "von", "der", "den", "da", "di", "le", "la", "du", "al", "ter"])
_LATE_ATTRIB = re.compile(r",\s+(?P<who>[^,;:\"“”]{2,80}?)\s+(?:" + _SPEECH + r")\b", re.I)
#: an office with the state it belongs to, written without a name
_OFFICE_REFERENCE = re.compile(
    r"\b(?:[Tt]he (?:[A-Z][a-z]+|NATO|EU) |(?:[A-Z][a-z]+|NATO|EU)(?:'s|’s) )(?:prime minister|president|chancellor|"
    r"foreign minister|defen[cs]e minister|leader|secretary general)\b(?! of\b)(?!\s+(?-i:[A-Z][a-z]))"
)
#: an office written at the end of a speaker phrase, with its state or organisation before or after it
_OFFICE_AT_END = re.compile(
    r"(?:(?:the|a)\s+)?(?:[A-Z][\w'’.-]*(?:'s|’s)?\s+){0,3}(?:[a-z-]+\s+)?(?P<office>leader|president|prime minister|"
    r"premier|chancellor|foreign minister|foreign secretary|top diplomat|defen[cs]e minister|defen[cs]e secretary|"
    r"secretary general|secretary-general|chief|head|spokesman|spokeswoman|spokesperson|high representative)"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*)+|\s+of\s+the\s+[A-Z]?[\w'’-]+\s+(?:government|state))?\s*$",
)
#: words for a head of state or government, tried in this order for the actor named with them
_OFFICE_CLASSES: dict[str, tuple[str, ...]] = {
    "leader": ("president", "prime minister", "chancellor"),
    "head": ("prime minister", "chancellor", "president"),
    "chief": ("president", "prime minister", "chancellor"),
}
#: what joins the actors of one group: "Britain and France", "Britain, France, and Italy"
_JOINER = re.compile(r"\s*(?:,|and|, and|as well as|together with)\s*(?:the\s+)?")
#: a plural subject that points back to a group named in the sentence before
_PLURAL_SUBJECT = re.compile(
    r"\W*(?:(?:Both|The two|All three|The three)\s+(?:governments|capitals|countries|leaders|allies|sides|nations|"
    r"ministers|men|women|states|partners)\b|Both\s+(?:have|had|are|were|say|said|will|would)\b|They\b)"
)
#: a word that makes a comma part a clause rather than a noun phrase
_CLAUSE_WORD = re.compile(r"\b(?:has|have|had|is|was|were|are|will|would|could|did|does|[a-z]{3,}ed)\b")
#: a relative or participial clause between a name and its verb ("X, who leads the delegation, said")
_RELATIVE = re.compile(
    r"(?:who|whom|whose|which|that|where|speaking|writing|asked|adding|arriving|leaving|\d|"
    r"(?:[Ii]n|[Oo]n|[Aa]t|[Ff]or|[Aa]fter|[Bb]efore|[Dd]uring|[Ff]rom|[Ww]ith|[Ww]ithout|[Uu]nder|[Oo]ver)\s+"
    r"(?![A-Z][a-z]+ [A-Z]))\b"
)
_NOT_A_NAME = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "Your",
        "Some",
        "Any",
        "Every",
    ]
)
#: capitalised words of institutions, not of people's names ("Foreign Affairs", "National Defence")
_INSTITUTION_WORDS = frozenset(
    ["Ministry", "Foreign", "Affairs", "Defence", "Defense", "Office", "Council", "Department", "Service", "Agency"]
    + ["Committee", "Commission", "Parliament", "Bank", "Forces", "Force", "Staff", "Guard", "Union", "Assembly"]
    + ["Court", "Embassy", "Security", "Intelligence", "Government", "Presidency", "Administration", "Cabinet"]
    + ["Treasury", "National", "Federal", "State", "Republic"]
)
_TITLE_WORD_RE = re.compile(_TITLE_WORDS)
#: what an institution opening a sentence does when a quote follows: it speaks, judges or asks
_ORG_VERB = re.compile(
    r"\s+(?:(?:has|have|had|also|again|later|swiftly|flatly)\s+)*(?:" + _SPEECH + r"|called|dismissed|rejected|"
    r"denied|condemned|denounced|described|labell?ed|termed|demanded|protested|insisted|urged)\b"
)
#: who issued a statement: "Britain and France (later) issued a joint statement", "In a joint
#: statement released on Sunday, the two delegations said"
_STATEMENT_ISSUED = re.compile(
    r"(?:(?P<who>[A-Z][^.;:\"“”]{1,80}?)\s+(?:(?:later|also|then|jointly|have|has|had)\s+)*"
    r"(?:issued|released|adopted|published|put out|signed)\s+(?:a|an|the)\s+(?P<joint>joint\s+)?"
    r"(?:chair's\s+)?(?:statement|communiqué|communique|declaration)"
    r"|[Ii]n (?:a|an|their|the) (?P<joint2>joint\s+)?(?:statement|communiqué|communique|declaration)[^,.;:\"“”]{0,60},"
    r"\s+(?P<who2>[^,.;:\"“”]{2,60}?)\s+(?:said|say|says|stressed|wrote|added|warned|pledged|declared))"
)
#: words for a group of issuers that names no state ("the two delegations", "European leaders")
_GROUP_WORDS = re.compile(r"\b(?:delegations|leaders|governments|ministers|allies|sides|partners|capitals)\b", re.I)
#: a dateline opening the sentence a speaker phrase is taken from: "BRUSSELS, 4 December 2025 - "
_DATELINE = re.compile(r"^[A-Z][\w .'’-]{1,40},\s+\d{1,2} [A-Z][a-z]+ \d{4}(?:\s*\([^)]{1,40}\))?\s*[-—–]\s*")
_FIRST_PERSON_SPEECH = re.compile(r"\b(?:I|we)\b[^.\"“”]{0,30}\b(?:" + _SPEECH + r"|call(?:ed)?|say)\b[^.\"“”]{0,60}$")
#: "A police spokeswoman told reporters ...": an unnamed source as the subject of a speech verb
_UNNAMED_SPEAKING = re.compile(
    r"\s*(?P<who>(?:A|An|One) (?:[\w-]+ ){0,3}(?:spokes(?:wo)?man|spokesperson|official|diplomat|officer|aide|"
    r"adviser|source|negotiator|insider|lawmaker|prosecutor|investigator))\b[^\"“”.;]{0,60}?\s(?:" + _SPEECH + r")\b"
)
_STRIP_TITLE = re.compile(r"^((?:[A-Z][a-z]+ )?(?:" + _TITLE_WORDS + r"|Mr|Mrs|Ms|Dr) )+")


@dataclass
class Mention:
    start: int
    end: int
    name: str
    actor: str | None
    title: str | None
    person: Person | None = None


@dataclass
class Reader:
    text: str
    day: dt.date | None
    gaz: Gazetteer = field(default_factory=load)

    def __post_init__(self) -> None:
        self.sents = sentences(self.text)
        self.sent_starts = [s for s, _ in self.sents]
        self.actor_hits = [
            (m.start(), m.end(), self.gaz.alias_to_actor[m.group(1)]) for m in self.gaz.actor_regex.finditer(self.text)
        ]
        self.mentions: list[Mention] = []
        for m in self.gaz.person_regex.finditer(self.text):
            person = self.gaz.name_to_person[m.group(1)]
            office = person.office_on(self.day)
            self.mentions.append(
                Mention(
                    m.start(), m.end(), person.name, person.actor_on(self.day), office.title if office else None, person
                )
            )
        known = [(m.start, m.end) for m in self.mentions]
        titled = [(t, t.group("dem"), t.group("title")) for t in _TITLED.finditer(self.text)]
        titled += [(t, None, None) for rx in (_TITLED_LOWER, _APPOS_TITLED) for t in rx.finditer(self.text)]
        for t, dem, title in sorted(titled, key=lambda x: x[0].start("name")):
            ns, ne = t.span("name")
            name = t.group("name")
            if any(a < ne and ns < b for a, b in known) or name.split()[0] in _NOT_A_NAME:
                continue
            if self.gaz.actor_regex.search(name):
                continue  # "Russian Foreign Ministry" is not a person
            actor = self.gaz.alias_to_actor.get(dem or "", None) if dem else None
            earlier = next((m for m in self.mentions if m.person is None and m.name.endswith(" " + name)), None)
            if earlier is not None:  # "Foreign Minister De Wever" after "Prime Minister Bart De Wever"
                name, actor = earlier.name, earlier.actor
            if actor is None:  # the nearest actor named before, in this or the previous sentence
                prior = [a for st, _, a in self.actor_hits if t.start() - 300 < st < t.start()]
                actor = prior[-1] if prior else None
            self.mentions.append(Mention(ns, ne, name, actor, TITLE_OF.get(title.lower()) if title else None))
            known.append((ns, ne))
        # an office named with its state ("the Hungarian prime minister", "Ukraine's president") is a
        # mention of the person who holds it: pronouns after it refer to that person
        for t in _OFFICE_REFERENCE.finditer(self.text):
            if any(a < t.end() and t.start() < b for a, b in known):
                continue
            holder = self._title_holder(t.group(), t.start())
            if holder is not None and holder.person is not None:
                self.mentions.append(
                    Mention(t.start(), t.end(), holder.name, holder.actor, holder.title, holder.person)
                )
                known.append(t.span())
        # later mentions of an unknown person by full name or surname ("Rinkēvičs used the occasion")
        unknown = {m.name: m for m in self.mentions if m.person is None}
        for name, first in unknown.items():
            parts = name.split()  # "Bart De Wever" -> "De Wever"; "Ursula von der Leyen" -> "von der Leyen"
            k = len(parts) - 1
            while k > 1 and parts[k - 1].lower() in _PARTICLES:
                k -= 1
            surname = " ".join(parts[k:])
            for mm in re.finditer(
                r"(?<![\w-])(?:" + re.escape(name) + "|" + re.escape(surname) + r")(?![\w-])", self.text
            ):
                if mm.start() <= first.start or any(a < mm.end() and mm.start() < b for a, b in known):
                    continue
                self.mentions.append(Mention(mm.start(), mm.end(), name, first.actor, first.title))
                known.append(mm.span())
        self.mentions.sort(key=lambda m: m.start)
        self.quotes_inside: list[tuple[int, int]] = []
        self._blanked: str | None = None
        self._qs_cache: list[int] = []
        self.plan_authors: list[tuple[int, str | None]] = []  # (where, agent) of each proposal named
        self.voices: dict[tuple[int, ...], dict[str, Any]] = {}  # interview answers and questions
        self.questions: set[tuple[int, int]] = set()  # an interviewer's lines
        self.unnamed_speakers: list[Mention] = []  # "(unnamed) a ministry spokeswoman", for pronouns
        for s, e in self.sents:  # an unnamed source speaking as a sentence's subject: "she said" later
            u = _UNNAMED_SPEAKING.match(self.text, s, e)
            if u is not None:
                self.unnamed_speakers.append(self._unnamed(u.group("who"), s))
        self.event_vetoed: set[tuple[int, int]] = set()  # sentences whose trigger a rule suppressed
        #: every trigger found: (sentence start, end, kind, trigger start, end, the rule that vetoed it or "")
        self.triggers: list[tuple[int, int, str, int, int, str]] = []
        self.trigger_agent: dict[tuple[int, str], str | None] = {}  # (sentence, kind) -> the rules' agent
        self.quote_list: list[dict[str, Any]] = []
        #: sentence -> issue -> (start, end, polarity, anchor) of its issue phrases, patterns in order
        self.issue_phrases: dict[int, dict[str, list[tuple[int, int, int, float | None]]]] = {}
        self._hints: dict[str, dict[int, int]] = {}
        self._lowered: str | None = None

    # ------------------------------------------------------------ helpers
    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self.sent_starts, pos) - 1)
        return self.sents[i] if self.sents else (0, len(self.text))

    def actors_in(self, start: int, end: int) -> list[str]:
        out: list[str] = []
        for s, _, a in self.actor_hits:
            if start <= s < end and a not in out:
                out.append(a)
        return out

    def antecedent(self, pos: int) -> Mention | None:
        """The person a pronoun at pos refers to: the first person named (the subject, as a rule) in
        the clause before the pronoun, else in the nearest sentence before that names one, outside
        quotation marks; possessors are skipped; an unnamed speaker or subject counts as a person."""
        people = [
            m
            for m in self.mentions + self.unnamed_speakers
            if m.start < pos and self.in_quote(m.start) is None and self.text[m.end : m.end + 2] not in ("'s", "’s")
        ]
        if not people:
            return None
        i = max(0, bisect_right(self.sent_starts, pos) - 1)
        for k in range(i, max(-1, i - 4), -1):
            s, e = self.sents[k] if self.sents else (0, len(self.text))
            here = sorted((m for m in people if s <= m.start < min(e, pos)), key=lambda m: m.start)
            if here:
                return here[0]
        return max(people, key=lambda m: m.start)

    def _organisation_before(self, pos: int) -> Mention | None:
        """What `it said` refers to: an institution opening the sentence before ("The Russian embassy
        in London dismissed the move.")."""
        i = max(0, bisect_right(self.sent_starts, pos) - 1)
        for k in range(i, max(-1, i - 2), -1):
            s, _e = self.sents[k] if self.sents else (0, len(self.text))
            m = _ORG_SUBJECT.match(self.text, s)
            if m and m.end() <= pos:
                return Mention(pos, pos, m.group("org"), self.actor_of_phrase(m.group("org")), None)
        return None

    def last_person_before(self, pos: int, title: str | None = None) -> Mention | None:
        """The last person named before pos (with that title, if given)."""
        best = None
        for m in self.mentions:
            if m.start < pos and (title is None or (m.title == title)):
                best = m
        return best

    def actor_of_phrase(self, phrase: str) -> str | None:
        for m in self.gaz.actor_regex.finditer(phrase):
            return self.gaz.alias_to_actor[m.group(1)]
        return None

    # ------------------------------------------------------------ speakers
    def resolve(self, who: str, pos: int, quote_span: tuple[int, int], at: int | None = None) -> Mention | None:
        """The speaker a phrase names. `pos`: where the quote starts; `at`: where the phrase starts,
        when it stands before the quote (a pronoun there refers to someone named before it)."""
        who = _DATELINE.sub("", who.strip()).strip("—–-,").strip()
        who = re.sub(r"^(and|but|as|while|when|according to)\s+", "", who, flags=re.I)
        # auxiliaries and adverbs between the speaker and the speech verb ("he has said", "X had earlier said")
        who = re.sub(
            r"(\s+(has|had|have|also|later|earlier|then|previously|repeatedly|once|again|publicly|"
            r"recently|already|subsequently|himself|herself))+$",
            "",
            who,
            flags=re.I,
        )
        if not who:
            return None
        if "," in who:
            # parts of a comma list: an appositive ("Anna Nowak, a spokeswoman," / "A spokeswoman, Anna
            # Nowak,") names the person; a clause before the subject ("X has cancelled ..., and a
            # government spokesman in Berlin") does not
            parts = [re.sub(r"^(and|but|while|as)\s+", "", p.strip(), flags=re.I) for p in who.split(",")]
            parts = [p for p in parts if p]
            keep = [
                p
                for k, p in enumerate(parts)
                if not _RELATIVE.match(p) and (k == len(parts) - 1 or not _CLAUSE_WORD.search(p))
            ]
            resolved = [m for m in (self.resolve(p, pos, quote_span, at) for p in keep) if m is not None]
            named = [m for m in resolved if not m.name.startswith("(unnamed)")]
            # a person's name beats the description beside it ("Kaja Kallas, the EU's foreign policy chief")
            people = [m for m in named if m.person is not None or _NAME_RE.fullmatch(m.name)]
            choice = people or named or resolved
            pick = choice[-1] if choice else None
            if pick is not None:
                if pick.actor is None and pick.person is None:
                    pick.actor = self.actor_of_phrase(who)
                return pick
        low = who.lower()
        if _PRONOUN.match(low) or re.match(r"^(he|she) ", low):
            return self.antecedent(at if at is not None else pos)
        if re.search(r"\b(he|she)$", low):
            return self.antecedent(pos)
        if low in ("it", "its") or re.match(r"^it ", low):
            return self._organisation_before(at if at is not None else pos)
        if re.fullmatch(r"(this|that|the) (person|source|official|diplomat|insider)", low):
            prior = [m for m in self.unnamed_speakers if m.start < pos]
            return prior[-1] if prior else self._unnamed(who, pos)
        inside: list[tuple[int, Mention]] = []  # people named in the phrase: the last is the speaker
        for m in self.mentions:  # ("Putin's foreign-policy aide Yuri Ushakov")
            if quote_span[0] - 200 < m.start < quote_span[1] + 200 and m.name:
                found_at = [
                    x.start()
                    for x in re.finditer(r"(?<![\w-])" + re.escape(self.text[m.start : m.end]) + r"(?![\w'’-])", who)
                ]
                if found_at:
                    inside.append((found_at[-1], m))
        if inside:
            return max(inside, key=lambda x: x[0])[1]
        if re.fullmatch(r"[A-Z][\w\u00C0-\u024F'’-]+", who):  # a surname: someone introduced earlier
            same = [m for m in self.mentions if m.start < pos and m.name.split()[-1] == who]
            if same:
                return same[-1]
        if (
            lx.ANON.search(who)
            or re.match(r"^(officials?|diplomats?|sources?|aides?)\b", low)
            or re.search(r"\b(sources|insiders|officials)$", low)
            or re.match(r"^the (\w+ )?(official|diplomat|source|aide|person|insider|officer|negotiator)s?$", low)
            or re.match(
                r"^the (\w+ ){0,2}(reporter|journalist|correspondent|mayor|governor|prosecutor|investigator)s?"
                r"(?: of [^,]{1,60})?(?:,.*)?$",
                low,
            )
            or re.match(r"^(a|an|one) ", low)
        ):
            return self._unnamed(who, pos)
        name = self._person_name_in(who)
        if name == "":
            return None
        if name is not None:
            for m in self.mentions:
                if m.name == name:
                    return m
            # an unknown named person: actor from the phrase or an appositive after the name
            around = who + " " + self.text[quote_span[1] : quote_span[1] + 160].split(".")[0]
            actor = self.actor_of_phrase(around.replace(name, ""))
            return self._add_mention(Mention(pos, pos, name, actor, None))
        t = re.match(
            r"^(the|a) (\w+ )?(\w+ )?(minister|president|chancellor|secretary general|"
            r"secretary|premier|prime minister|spokesman|spokeswoman|spokesperson|envoy)\b",
            low,
        )
        if t:
            words = low.split()
            title = TITLE_OF.get(" ".join(words[1:])) or TITLE_OF.get(words[-1])
            found = self.last_person_before(pos, title) if title else None
            if title is None and words[-1] == "minister":  # "the minister": the last minister named
                found = next(
                    (m for m in reversed(self.mentions) if m.start < pos and (m.title or "").endswith("minister")), None
                )
            holder = self._title_holder(who, pos)  # "the Ukrainian president": that state's, on the date
            if holder is not None:
                return holder
            if re.match(r"^the (\w+ )?(\w+ )?(spokesman|spokeswoman|spokesperson)$", low) and found is None:
                return self._unnamed(who, pos)
            return found or self.last_person_before(pos)
        holder = self._title_holder(who, pos)  # "the Russian leader", "NATO chief": the office's holder
        if holder is not None:
            return holder
        for key, actor in _ORG_SPEAKERS.items():
            if re.search(r"\b" + re.escape(key) + r"\b", low):
                actor = actor or self.actor_of_phrase(who)
                name = re.sub(r"^the ", "", who.strip(), flags=re.I)
                return Mention(pos, pos, name[:80], actor, None)
        if self.gaz.actor_regex.search(who) and len(who.split()) <= 6:
            actor = self.actor_of_phrase(who)
            return Mention(pos, pos, who.strip()[:80], actor, None)
        return None

    def _add_mention(self, mention: Mention) -> Mention:
        """Record a person found after the first pass (a speaker, an interviewee), keeping the
        mentions in text order for the pronoun and title look-ups."""
        self.mentions.append(mention)
        self.mentions.sort(key=lambda m: m.start)
        return mention

    def _person_name_in(self, who: str) -> str | None:
        """The first person's name in a speaker phrase, past the words of a title or an institution
        ("the official representative of the Ministry of Foreign Affairs of Russia Maria Zakharova")."""
        for nm in _NAME_RE.finditer(who):
            words = _STRIP_TITLE.sub("", nm.group()).split()
            if self.gaz.actor_regex.fullmatch(nm.group()) or _INSTITUTION_WORDS.intersection(words):
                continue
            if nm.group().split()[0] in _NOT_A_NAME:
                return None
            if _TITLE_WORD_RE.fullmatch(words[-1]):
                continue  # "the Ukrainian Minister": an office, read below
            while len(words) > 2 and self.gaz.actor_regex.fullmatch(words[0]):
                words = words[1:]  # a state before the name: "of Russia Maria Zakharova"
            return " ".join(words) if len(words) >= 2 else ""  # "": a title and a surname only
        return None

    def _unnamed(self, who: str, pos: int) -> Mention:
        """An unnamed source ("a senior diplomat"), with the actor its description names."""
        return Mention(pos, pos, "(unnamed) " + who[:80], self.actor_of_phrase(who), None)

    def _title_holder(self, who: str, pos: int) -> Mention | None:
        """A speaker named by office only ("the Russian leader", "NATO's secretary general", "the head of
        the Hungarian government"): the person the article named with that office, else the person the
        gazetteer lists in it on the article's date."""
        m = _OFFICE_AT_END.search(who)
        if m is None:
            return None
        actor = self.actor_of_phrase(m.group())
        if actor is None:
            return None
        word = m.group("office").lower()
        if word in _OFFICE_CLASSES:
            titles = _OFFICE_CLASSES[word]
        elif word in TITLE_OF:
            titles = (TITLE_OF[word],)
        else:
            return None
        if actor in ("NATO", "UN") and word in ("chief", "head", "leader"):
            titles = ("secretary general",)
        if actor == "EU" and word in ("chief", "head", "leader"):
            titles = ("commission president", "high representative")
        named = [mm for mm in reversed(self.mentions) if mm.start < pos and mm.actor == actor and mm.title in titles]
        if named:
            return named[0]
        people = self.gaz.holders(actor, titles, self.day)
        if len(people) != 1 and not (people and word in _OFFICE_CLASSES):
            return None
        p = people[0]
        office = p.office_on(self.day)
        return Mention(pos, pos, p.name, p.actor_on(self.day), office.title if office else None, p)

    def quotes(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        prev: tuple[int, Mention | None] | None = None
        for m in _QUOTE_RE.finditer(self.text):
            qs, qe = m.span()
            body = m.group(1) or m.group(2) or ""
            s_start, s_end = self.sentence_of(qs)
            para_start = self.text.rfind("\n", 0, qs) + 1
            _, e_end = self.sentence_of(max(qs, qe - 1))  # the quote may hold several sentences
            after = self.text[qe : min(qe + 160, max(s_end, e_end, qe + 1) + 1)]
            before = self.text[max(para_start, s_start, qs - 200) : qs]
            speaker: Mention | None = None
            lead = _LEAD_ADVERBIAL.match(self.text, s_start, qs)
            head = lead.end() if lead else s_start  # where the sentence's subject starts
            first_in_sentence = not _QUOTE_CHARS.search(self.text[s_start:qs])
            # a quote running on into its sentence ('accused them of trying to "sabotage" the effort and
            # repeated ...') has no attribution right after it
            embedded = not _CLOSING_PUNCT.search(body) and not _OPENING_PUNCT.match(after)
            for rx, chunk in (
                () if embedded else ((_AFTER_VERB_FIRST, after), (_AFTER_WHO_FIRST, after), (_AFTER_SOURCE, after))
            ):
                a = rx.match(chunk)
                if a:
                    groups = a.groupdict()
                    speaker = self.resolve(groups.get("who") or groups.get("who2") or "", qs, (qs, qe))
                    if speaker:
                        break
            if speaker is None:
                b = _ACCORDING.search(before) or _BEFORE.search(before)
                if b:
                    speaker = self.resolve(b.group("who"), qs, (qs, qe), qs - len(before) + b.start("who"))
            if speaker is None and before.rstrip().endswith(":") and not _QUOTE_CHARS.search(before):
                named = [m for m in self.mentions if s_start <= m.start < qs and not m.name.startswith("(unnamed)")]
                if named:
                    speaker = named[0]
                elif _PRONOUN_SUBJECT.match(self.text, head, qs):  # 'Asked what ..., he was firm: "..."'
                    speaker = self.antecedent(head)
            if speaker is None:  # an attribution later in the sentence: '"...", ..., the prime minister said'
                rest = self.text[qe : max(e_end, s_end)]
                late = _LATE_ATTRIB.search(rest)
                if late and not _QUOTE_CHARS.search(rest[: late.start()]):
                    speaker = self.resolve(late.group("who"), qs, (qs, qe))
            if speaker is None:  # a headline or caption: "Radosław Sikorski: "...""
                c = re.search(r"(?P<who>" + _PERSON_NAME + r")\s*:\s*$", before)
                if c:
                    speaker = self.resolve(c.group("who"), qs, (qs, qe))
            if speaker is None and first_in_sentence:  # "X said the talks had been "useful"": a verb before
                speaker = self._sentence_speaker(head, qs, qe) or self._clause_subject(head, qs)
            if speaker is None and qe >= s_end - 2:  # attribution in the neighbouring sentence
                nxt = self.text[s_end : s_end + 200].split("\n\n")[0]
                b = _NEXT_ATTRIB.match(nxt)
                if b:
                    speaker = self.resolve(b.group("who"), qs, (qs, qe))
                elif self.text[max(0, s_start - 3) : s_start].strip().endswith(":"):
                    ps, _ = self.sentence_of(max(0, s_start - 2))
                    b = _BEFORE.search(self.text[ps:s_start].rstrip())
                    if b:
                        speaker = self.resolve(b.group("who"), qs, (qs, qe))
            if speaker is None and first_in_sentence:
                # 'The Russian embassy rejected the protest as a "provocation"'
                org = _ORG_SUBJECT.match(self.text, head, qs)
                if org and _ORG_VERB.match(self.text, org.end(), qs):
                    speaker = Mention(qs, qs, org.group("org"), self.actor_of_phrase(org.group("org")), None)
            if speaker is None and first_in_sentence:  # '... issued a joint statement saying "..."'
                speaker = self._statement_speaker(s_start, qs)
            if speaker is None and prev is not None and qs - prev[0] < 400 and prev[1] is not None:
                speaker = prev[1]
            if speaker is not None and speaker.name.startswith("(unnamed)"):
                self.unnamed_speakers.append(Mention(qs, qs, speaker.name, speaker.actor, None))
            if speaker is None and _in_headline_block(self.text, qs):
                speaker = self._headline_speaker(qe)
            words = len(body.split())
            if speaker is None and words < 6:
                continue  # a scare quote or a title, not speech
            self.quotes_inside.append((qs, qe))
            out.append(
                {
                    "speaker": speaker.name if speaker else None,
                    "actor": speaker.actor if speaker else None,
                    "text": body.strip(),
                    "span": [qs, qe],
                }
            )
            prev = (qe, speaker)
        self._interview(out)
        self.quote_list = out
        return out

    def _introduced(self, before: int) -> Mention | None:
        """The person an interview's introduction presents when the gazetteer does not know them
        ("Elina Valtonen has been Finland's foreign minister since 2023."): the first person's name in
        the introduction, with the actor its sentence names."""
        for s, e in self.sents:
            if s >= before:
                break
            name = self._person_name_in(self.text[s:e])
            if name:
                actor = self.actor_of_phrase(self.text[s:e].replace(name, ""))
                return self._add_mention(Mention(s, s, name, actor, None))
        return None

    def _sentence_speaker(self, head: int, qs: int, qe: int) -> Mention | None:
        """The subject of the speech verb earlier in the quote's sentence ("X said the talks had been
        "..."). A speech verb inside a clause before the subject ("In Warsaw, where candidates have
        argued ..., Donald Tusk called it "..."") gives no speaker; the next verb is tried."""
        stretch = self.text[head:qs]
        for verb in _SENT_SPEECH_VERB.finditer(stretch):
            who = stretch[: verb.start()]
            if len(who.strip()) < 2 or len(who) > 200 or re.search(r"[;:]", who):
                continue
            found = self.resolve(who, qs, (qs, qe), head)
            if found is not None and not _LEADING_PREPOSITION.match(found.name):
                return found
        return None

    def _statement_speaker(self, s_start: int, qs: int) -> Mention | None:
        """The issuers of a statement a quote comes from (the first quote of its sentence), when the
        quote's sentence or the one before says who issued it ("Britain and France issued a joint
        statement saying ...", "In a joint statement, the two delegations said ...", "... a joint
        statement. It pledges ..."): named "<issuers> (joint statement)" for a joint one, else by the
        issuers' name."""
        prev_start = self.sentence_of(max(0, s_start - 2))[0] if s_start else s_start
        window = self.text[prev_start:qs]
        found = None
        for m in _STATEMENT_ISSUED.finditer(window):
            found = m
        if found is None:
            return None
        who = _DATELINE.sub("", (found.group("who") or found.group("who2")).strip())
        who = re.sub(r"^(?:\d{1,2}:\d{2}\s+|(?:On|Later|Earlier|After [^,]{1,40}|At [^,]{1,40}),\s+)", "", who)
        who = re.sub(r"^(?:Afterwards|Later|Then|Earlier|Meanwhile|Separately|Also|Finally),?\s+", "", who)
        who = re.sub(r",\s+(?:as|which|who|whose|the|its|their)\b.*$", "", who).strip(" ,")  # "Finland, as host,"
        if not who or len(who.split()) > 8 or not (self.gaz.actor_regex.search(who) or _GROUP_WORDS.search(who)):
            return None
        name = who + (" (joint statement)" if found.group("joint") or found.group("joint2") else "")
        return Mention(qs, qs, name[:100], self.actor_of_phrase(who), None)

    def _clause_subject(self, head: int, qs: int) -> Mention | None:
        """The speaker of a quote inside a participial clause of speech ("Peskov was more guarded,
        telling journalists that it would be "..."", "Lavrov went further, describing it as a "..."):
        the subject of the sentence, i.e. the first person named before the participle, else the
        person a pronoun opening the sentence refers to."""
        part = _SPEECH_PARTICIPLE.search(self.text, head, qs)
        if part is None:
            return None
        people = [
            m
            for m in self.mentions + self.unnamed_speakers
            if head <= m.start < part.start() and self.text[m.end : m.end + 2] not in ("'s", "’s")
        ]
        if people:
            return min(people, key=lambda m: m.start)
        if _PRONOUN_SUBJECT.match(self.text, head, part.start()):
            return self.antecedent(head)
        return None

    def _headline_speaker(self, pos: int) -> Mention | None:
        """A quoted headline (`Interview: "..."`) is spoken by the first person named after it, in the
        paragraphs that follow the headline block (a named person, not an unnamed source)."""
        block = self.text.find("\n\n", pos)
        start = block if block != -1 else pos
        for m in self.mentions:
            if start <= m.start < start + 700 and not m.name.startswith("(unnamed)") and len(m.name.split()) >= 2:
                return m
        return None

    def _interview(self, quotes: list[dict[str, Any]]) -> None:
        """Q&A interviews: answers (`A:`, `Answer:`, or `Surname:` lines) are the interviewee's speech
        and are read like quotes (stances take the interviewee's actor, flags and events skip them);
        questions (`Q:`) are nobody's position. Answers are not listed as quotes (no quotation marks)."""
        # an all-capitals label is the host's unless it is the surname of a person named (`TUSK:`)
        surnames = {m.name.split()[-1].lower() for m in self.mentions if not m.name.startswith("(unnamed)")}
        qs = [q for q in _QUESTION_LINE.finditer(self.text) if (q.group("caps") or "").lower() not in surnames]
        if any(q.group("caps") for q in qs):
            # a transcript with capitalised labels (`HOST:`) needs a named person's line (`TUSK:`)
            labels = {a.group("label").lower() for a in _ANSWER_LINE.finditer(self.text)}
            if not labels & surnames:
                qs = [q for q in qs if q.group("label")]
        q_spans = [q.span() for q in qs]
        answers = [(a.start("body"), a.end(), a.group("label")) for a in _ANSWER_LINE.finditer(self.text)]
        if len(qs) < 2:
            unlabelled = _unlabelled_interview(self.text)
            if unlabelled is None:
                return
            q_spans, answers = unlabelled[0], [(a, b, None) for a, b in unlabelled[1]]
        first_q = q_spans[0][0]
        named = [
            m
            for m in self.mentions
            if m.start < first_q
            and m.person is not None
            or (m.start < first_q and m.title and not m.name.startswith("(unnamed)"))
        ]
        interviewee = named[0] if named else self._introduced(first_q)
        spans: list[tuple[int, int, Mention | None]] = []
        for q_span in q_spans:
            spans.append((q_span[0], q_span[1], None))
            self.questions.add(q_span)
        for a_start, a_end, label in answers:
            who: Mention | None = interviewee
            if label and label.lower() not in ("a", "answer"):
                low = label.lower()
                found = [
                    m for m in self.mentions if not m.name.startswith("(unnamed)") and m.name.split()[-1].lower() == low
                ]
                if not found:
                    continue
                who = found[0]
            spans.append((a_start, a_end, who))
        for quote in quotes:  # 'A: I said it looked like "a list of wishes"': the interviewee's own words
            if quote["speaker"] is not None:
                continue
            at = quote["span"][0]
            for st, en, who in spans:
                if who is not None and st <= at < en and _FIRST_PERSON_SPEECH.search(self.text, st, at):
                    quote["speaker"], quote["actor"] = who.name, who.actor
        taken = list(self.quotes_inside)
        for st, en, who in sorted(spans):
            if any(a < en and st < b for a, b in taken):
                continue  # quotation marks inside an answer keep their own speaker
            taken.append((st, en))
            self.quotes_inside.append((st, en))
            self.voices[(st, en)] = {
                "speaker": who.name if who else None,
                "actor": who.actor if who else None,
                "text": self.text[st:en],
                "span": [st, en],
            }
        self.quotes_inside.sort()

    # ------------------------------------------------------------ people
    def descriptor(self, m: Mention) -> tuple[str | None, bool, tuple[int, int]]:
        """A title written next to a name ("Foreign Minister X", "X, the foreign minister"),
        whether it is marked as past ("former", "then-"), and its span."""
        before = self.text[max(0, m.start - 60) : m.start]
        after = self.text[m.end : m.end + 80]
        past = False
        title = None
        span = (m.start, m.end)
        bm = re.search(
            r"((former|ex-|then-|outgoing|incoming|acting|deputy)\s*)?"
            r"((?:[A-Z][\w'’-]*\s+){0,3})([A-Za-z -]+?)\s*$",
            before,
        )
        if bm:
            words = ((bm.group(3) or "") + bm.group(4)).lower().split()
            for k in range(len(words)):
                cand = " ".join(words[k:])
                if cand in TITLE_OF:
                    deputy = (k > 0 and words[k - 1] in ("deputy", "vice")) or (bm.group(2) or "").strip() == "deputy"
                    title = _ranked(TITLE_OF[cand], deputy)
                    past = bool(bm.group(2)) and bm.group(2).lower().strip() in ("former", "ex-", "then-", "outgoing")
                    span = (m.start - len(before) + bm.start(), m.end)
                    break
        if title is None:
            am = re.match(
                r",\s+(the\s+|a\s+)?((former|then|ex-|outgoing)[ -])?((?:[\w'’]+\s+){0,3}?)"
                r"(foreign minister|defen[cs]e minister|prime minister|president|chancellor|"
                r"secretary general|secretary-general|foreign secretary|defen[cs]e secretary|"
                r"high representative|secretary of state|spokes(?:man|woman|person)|chief of staff|"
                r"(?:foreign[- ]policy )?aide|adviser|advisor|"
                r"head of (?:the )?(?:presidential office|president's office|office of the president|"
                r"[A-Z]\w+'s office))\b"
                r"(?!['’]s)(?!\s+(?-i:[A-Z][\w'’-]+\s+[A-Z]))"
                r"(?P<of> of (?:the )?(?:European )?(?:Council|Commission))?",
                after,
                re.I,
            )
            if am:
                word = am.group(5).lower()
                title = TITLE_OF.get(word) or ("chief of staff" if word.startswith("head of") else None)
                title = _ranked(title, bool(re.search(r"\b(deputy|vice)\b", am.group(4) or "", re.I)))
                if am.group("of") and word == "president":  # "the president of the European Council"
                    title = "council president" if "council" in am.group("of").lower() else "commission president"
                past = bool(am.group(2))
                span = (m.start, m.end + am.end())
        return title, past, span

    def people(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for m in self.mentions:
            if m.name in seen or m.name.startswith("(unnamed)"):
                continue
            if m.person is not None:
                office = m.person.office_on(self.day)
                role = office.office if office else None
            else:
                role = None
            seen[m.name] = {"name": m.name, "role": role, "actor": m.actor}
        return list(seen.values())

    # ------------------------------------------------------------ actors
    def actors(self, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        counts: dict[str, int] = {}
        for _, _, a in self.actor_hits:
            counts[a] = counts.get(a, 0) + 1
        for m in self.mentions:
            if m.person is not None and m.actor:
                counts[m.actor] = counts.get(m.actor, 0) + 1
        names = self.gaz.actor_names
        return [
            {"id": a, "name": names.get(a, a), "mentions": n}
            for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    # ------------------------------------------------------------ events
    def in_quote(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and pos < self.quotes_inside[i][1]:
            return self.quotes_inside[i]
        return None

    @property
    def _quote_starts(self) -> list[int]:
        if len(self._qs_cache) != len(self.quotes_inside):
            self._qs_cache = [q[0] for q in self.quotes_inside]
        return self._qs_cache

    def quote_actor(self, qspan: tuple[int, int]) -> str | None:
        """The actor whose words a quote or interview answer span holds."""
        voice = self.voices.get(qspan)
        if voice is not None:
            actor: str | None = voice["actor"]
            return actor
        return next((q["actor"] for q in self.quote_list if tuple(q["span"]) == qspan), None)

    def sentence_actors(self, s: int, e: int) -> list[str]:
        acts = self.actors_in(s, e)
        for m in self.mentions:
            if s <= m.start < e and m.actor and m.person is not None and m.actor not in acts:
                acts.append(m.actor)
        return acts

    def blanked(self) -> str:
        """The text with quoted speech replaced by spaces (events are what the article reports); an
        interviewer's questions stay (their premises are the outlet's reporting)."""
        if self._blanked is None:
            chars = list(self.text)
            for qs, qe in self.quotes_inside:
                if (qs, qe) in self.questions:
                    continue
                chars[qs:qe] = " " * (qe - qs)
            self._blanked = "".join(chars)
        return self._blanked

    def events(self) -> list[dict[str, Any]]:
        found: dict[tuple[str, str | None], dict[str, Any]] = {}
        blank = self.blanked()
        for s, e in self.sents:
            sent = blank[s:e]
            if not sent.strip():
                continue
            for kind, rx in lx.EVENT_TRIGGERS:
                t = rx.search(sent)
                if not t:
                    continue
                veto = ""
                if kind in ("deployment", "incident") and _HYPOTHETICAL.search(sent):
                    veto = "hypothetical"
                elif _CONDITIONAL.search(sent[max(0, t.start() - 80) : t.start()]):
                    veto = "conditional"  # "if the United States offered guarantees": a condition
                elif kind != "proposal" and _WISHED.search(sent[max(0, t.start() - 60) : t.start()]):
                    veto = "wished"  # "wants any guarantee ratified by Congress": wished for, not done
                self.triggers.append((s, e, kind, s + t.start(), s + t.end(), veto))
                if veto:
                    self.event_vetoed.add((s, e))
                    continue
                hits = [(st, en, a) for st, en, a in self.actor_hits if s <= st < e and blank[st] != " "]
                if kind == "proposal":  # "the Ukraine peace plan": the plan's subject, not its author
                    hits = [
                        h
                        for h in hits
                        if not (h[2] in lx.PEACE_SUBJECTS and lx.PEACE_OF.match(self.text[h[1] : h[1] + 30]))
                    ]
                if kind == "proposal":  # "the plan for Ukraine", "talks with Russia": not authors
                    hits = [h for h in hits if not _PREP_BEFORE.search(self.text[max(s, h[0] - 12) : h[0]])]
                acts = [a for _, _, a in hits]
                acts += [m.actor for m in self.mentions if s <= m.start < e and m.actor and blank[m.start] != " "]
                acts = list(dict.fromkeys(acts))
                acts = self._agent_first(kind, sent, s, acts, t.start())
                by = _BY_AGENT.search(sent) if kind in ("proposal", "incident", "deployment", "sanction") else None
                if by:  # passive voice: "the plan was presented by the United States"
                    agent = self.actor_of_phrase(by.group("who"))
                    if agent is not None:
                        acts = [agent] + [x for x in acts if x != agent]
                self.trigger_agent[(s, kind)] = acts[0] if acts else None
                if kind == "proposal":
                    self.plan_authors.append((s + t.start(), acts[0] if acts else None))
                passive = rx is not lx.EVENT_TRIGGERS[0][1] and kind == "incident"
                key = ("incident", None) if kind == "incident" else (kind, acts[0] if acts else None)
                ev = found.get(key)
                if ev is None:
                    ev = {
                        "kind": kind,
                        "actors": acts,
                        "summary": " ".join(self.text[s:e].split())[:240],
                        "incident": None,
                        "span": [s, e],
                        "confidence": None,
                    }
                    found[key] = ev
                else:
                    ev["actors"] += [a for a in acts if a not in ev["actors"]]
                if kind == "incident" and ev["incident"] is None and not (passive and not by):
                    # a passive report without "by X" names the victim, not the attacker: no record
                    ev["incident"] = self._incident(sent, ev["actors"])
        kinds_with_actors = {k for k, a in found if a is not None}
        return [ev for (k, a), ev in found.items() if a is not None or k not in kinds_with_actors or k == "incident"]

    def _agent_first(self, kind: str, sent: str, s: int, acts: list[str], trig: int) -> list[str]:
        if not acts and kind == "proposal":
            known = _known_plan_author(sent[trig : trig + 40])
            return [known] if known else acts
        if not acts:
            return acts
        if kind == "incident":
            attacker = re.search(r"\b(Russian|Russia's|Russia|Moscow|Belarusian|North Korean|Iranian)\b", sent)
            if attacker:
                a = self.gaz.alias_to_actor.get(attacker.group(1).replace("'s", ""), None)
                if a in acts:
                    acts = [a] + [x for x in acts if x != a]
            return acts
        if kind == "proposal":  # "its new peace plan": the possessor is the subject of the clause
            poss = re.search(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,4}$", sent[: max(trig, 0)], re.I)
            if poss is not None:
                owner = self._possessor(s, s + poss.start())
                if owner is not None:
                    return [owner] + [x for x in acts if x != owner]
        if kind == "proposal":  # "the US 28-point plan": the actor written just before the plan
            adj = [a for st, en, a in self.actor_hits if s <= st and 0 <= s + trig - en <= 3]
            if adj:
                return [adj[0]] + [x for x in acts if x != adj[0]]
            known = _known_plan_author(sent[trig : trig + 40])
            if known is not None:  # a library plan named without its author: the library's author
                return [known] + [x for x in acts if x != known]
        if kind == "statement":  # "X said in a statement": the speaker's actor
            people = [m for m in self.mentions if s <= m.start < s + len(sent) and m.actor]
            speaker_actor = people[0].actor if people else None
            if speaker_actor is not None:
                return [speaker_actor] + [x for x in acts if x != speaker_actor]
        before = [(st, a) for st, _, a in self.actor_hits if s <= st < s + trig and self.blanked()[st] != " "]
        before += [(m.start, m.actor) for m in self.mentions if s <= m.start < s + trig and m.actor]
        if before:
            # the grammatical subject is usually the first actor named before the trigger, and not
            # one governed by a preposition ("sanctions on Russia", "talks in Geneva", "help for Kyiv")
            subjects = [(st, a) for st, a in before if not _PREP_BEFORE.search(self.text[max(s, st - 14) : st])]
            first = min(subjects or before)[1]
            acts = [first] + [x for x in acts if x != first]
        return acts

    def _possessor(self, s: int, pos: int) -> str | None:
        """The antecedent of "its/their" at `pos`: the subject of its clause (the first actor named
        in the clause before it, not the object of a verb), else the subject of the sentence before."""
        sent = self.text[s:pos]
        cs, _ = _clause(sent, len(sent), len(sent))
        cands = [
            (st, a)
            for st, en, a in self.actor_hits
            if s + cs <= st < pos and not lx.OBJECT_VERB.search(self.text[max(s + cs, st - 30) : st])
        ]
        if cands:
            return min(cands)[1]
        i = max(0, bisect_right(self.sent_starts, s) - 1)
        if i > 0:
            ps, pe = self.sents[i - 1]
            prev = [(st, a) for st, _, a in self.actor_hits if ps <= st < pe]
            prev += [(m.start, m.actor) for m in self.mentions if ps <= m.start < pe and m.actor]
            if prev:
                return min(prev)[1]
        return None

    def _incident(self, sent: str, acts: list[str]) -> dict[str, Any] | None:
        kind = next((k for k, rx in lx.INCIDENT_KIND if rx.search(sent)), "armed-attack")
        states = [a for a in acts if a not in ("NATO", "EU", "UN")]
        if len(states) < 2:
            return None
        by, target = states[0], states[1]
        where = "airspace" if re.search(r"airspace", sent, re.I) else "territory"
        killed = re.search(r"(\d+) (people |civilians |soldiers )?(were )?(killed|dead)", sent)
        casualties = int(killed.group(1)) if killed else 0
        attribution = 0.7 if re.search(r"\b(suspected|believed|apparently|likely|blamed)\b", sent, re.I) else 1.0
        severity = 3 if casualties else (2 if re.search(r"damage|struck|hit|destroyed", sent, re.I) else 1)
        date = self.day.isoformat() if self.day else None
        return {
            "id": f"{by.lower()}-{target.lower()}-{kind}-{date or 'undated'}",
            "date": date,
            "kind": kind,
            "by": by,
            "attribution": attribution,
            "target": target,
            "where": where,
            "region": target,
            "casualties": casualties,
            "severity": severity,
            "title": " ".join(sent.split())[:160],
        }

    # ------------------------------------------------------------ stances
    def stances(self, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        quote_of: dict[tuple[int, ...], dict[str, Any]] = {tuple(q["span"]): q for q in quotes}
        quote_of.update(self.voices)
        # each phrase pattern runs once over the whole text; matches are grouped by sentence
        by_sentence: dict[int, dict[str, list[tuple[int, int, int, float | None]]]] = {}
        named: list[tuple[int, int, int, str]] = []  # (start, end, sentence, issue) of every issue phrase
        for issue, patterns in lx.ISSUE_RE.items():
            spans = self._hinted_spans(issue)
            for rx, polarity, anchor in patterns:
                for a, b in spans:
                    for mm in rx.finditer(self.text, a, b):
                        i = max(0, bisect_right(self.sent_starts, mm.start()) - 1)
                        by_sentence.setdefault(i, {}).setdefault(issue, []).append(
                            (mm.start(), mm.end(), polarity, anchor)
                        )
                        named.append((mm.start(), mm.end(), i, issue))
        named.sort()
        for mm in lx.ANAPHOR.finditer(self.text):
            if any(a < mm.end() and mm.start() < b for a, b, _, _ in named):
                continue  # part of an issue phrase ("the reassurance force")
            i = max(0, bisect_right(self.sent_starts, mm.start()) - 1)
            ref = self._antecedent(mm, i, named)
            if ref is not None:  # polarity 2: a reference, needs a cue before it ("has opposed the plan")
                a, b = mm.span("verb") if mm.group("verb") else mm.span()
                by_sentence.setdefault(i, {}).setdefault(ref, []).append((a, b, 2, None))
                named.append((a, b, i, ref))
                named.sort()
        for i in sorted(by_sentence):
            s, e = self.sents[i]
            sent = self.text[s:e]
            for issue, found in by_sentence[i].items():
                taken: list[tuple[int, int]] = []
                for ms, me, polarity, anchor in found:  # patterns in order: the first wins an overlap
                    if me > e or any(a < me and ms < b for a, b in taken):
                        continue
                    taken.append((ms, me))
                    st = self._stance(s, e, sent, issue, _Span(ms - s, me - s), polarity, anchor, quote_of)
                    if st is not None:
                        out.setdefault((st["actor"], issue, st["direction"]), st)
                        for other in self._coordinated(st["actor"], s, ms) + self._plural_antecedents(s, ms):
                            if other != st["actor"] and self.in_quote(ms) is None:
                                out.setdefault((other, issue, st["direction"]), {**st, "actor": other})
        self.issue_phrases = by_sentence
        self._conditional_concessions(out, named)
        return list(out.values())

    def _conditional_concessions(
        self, out: dict[tuple[str, str, str], dict[str, Any]], named: list[tuple[int, int, int, str]]
    ) -> None:
        """ "Kyiv is ready to drop its NATO bid if it receives binding guarantees": the concession is
        a shift (conditional), the condition is what the same actor supports. Rewrites, in place, the
        stances the clause-level rules gave these phrases."""
        for mm in _CONCESSION.finditer(self.text):
            i = max(0, bisect_right(self.sent_starts, mm.start()) - 1)
            s, e = self.sents[i]
            in_sentence = [st for st in out.values() if st["evidence"][0] == s]
            cs, ce = mm.span("give"), mm.span("cond")
            # the holder: the actor named nearest before "ready/prepared" ("he said Kyiv was prepared")
            before = [(st0, a0) for st0, _en, a0 in self.actor_hits if s <= st0 < mm.start()]
            before += [(m.start, m.actor) for m in self.mentions if s <= m.start < mm.start() and m.actor]
            holder = max(before)[1] if before else None
            for a, _b, _i, issue in named:
                part = "give" if cs[0] <= a < cs[1] else ("cond" if ce[0] <= a < ce[1] else None)
                if part is None:
                    continue
                holders = [st for st in in_sentence if st["issue"] == issue]
                actor = holder or (holders[0]["actor"] if holders else None)
                if actor is None:
                    continue
                direction = "shift" if part == "give" else "support"
                for st in holders:
                    out.pop((st["actor"], st["issue"], st["direction"]), None)
                out.setdefault((actor, issue, direction), stance_item(actor, issue, direction, (s, e), 0.6))

    def _plural_antecedents(self, s: int, before: int) -> list[str]:
        """The actors a plural subject at the start of the sentence points back to ("Both governments
        have said ...", "The two capitals ...", "They ..."): a coordinated pair or list of actors in the
        sentence before ("Britain and France", "London, Paris and Berlin")."""
        if not _PLURAL_SUBJECT.match(self.text, s, before):
            return []
        i = bisect_right(self.sent_starts, s) - 1
        if i <= 0:
            return []
        ps, pe = self.sents[i - 1]
        hits = [h for h in self.actor_hits if ps <= h[0] < pe]
        for k in range(len(hits) - 1):
            group, _end = self._actor_group(hits, k)
            if len(group) >= 2:
                return group
        return []

    def hinted_sentences(self, issue: str) -> dict[int, int]:
        """Sentence index -> position of the first hint word of the issue in that sentence (cached)."""
        if issue not in self._hints:
            found: dict[int, int] = {}
            if self._lowered is None:
                self._lowered = self.text.translate(lx.ASCII_LOWER)
            for m in lx.ISSUE_HINT_LOWER[issue].finditer(self._lowered):
                found.setdefault(max(0, bisect_right(self.sent_starts, m.start()) - 1), m.start())
            self._hints[issue] = found
        return self._hints[issue]

    def _hinted_spans(self, issue: str) -> list[tuple[int, int]]:
        """Runs of consecutive sentences that contain one of the issue's hint words (the whole text
        when hints are off): the only places its phrase patterns can match."""
        if not USE_ISSUE_HINTS:
            return [(0, len(self.text))]
        idx = sorted(self.hinted_sentences(issue))
        spans: list[tuple[int, int]] = []
        for i in idx:
            s, e = self.sents[i] if self.sents else (0, len(self.text))
            if spans and spans[-1][1] >= s - 2:
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
        return spans

    def _coordinated(self, actor: str, s: int, before: int) -> list[str]:
        """Actors joined to `actor` as one subject before position `before` in the sentence starting
        at s: "France and the United Kingdom have said they would lead ..." gives both."""
        hits = [h for h in self.actor_hits if s <= h[0] and h[1] <= before]
        for k, (a0, _b0, act) in enumerate(hits):
            if act != actor:
                continue
            group, end = self._actor_group(hits, k)
            # the group is a subject when a lowercase verb-like word follows and no preposition precedes
            nxt = re.match(r"\s+([a-z][\w'’-]*)", self.text[end:])
            prep = re.search(r"\b(?:between|of|with|from|to|for|on|in|by|against|and)\s+(?:the\s+)?$", self.text[s:a0])
            if nxt is None or nxt.group(1) in _NOT_VERBS or prep:
                return []
            return [a for a in group if a != actor]
        return []

    def _actor_group(self, hits: list[tuple[int, int, str]], k: int) -> tuple[list[str], int]:
        """The actors named from hits[k] on, joined by commas or `and` ("Britain, France and the
        Netherlands"), without repeats, and where the group ends."""
        group, end = [hits[k][2]], hits[k][1]
        for a1, b1, act1 in hits[k + 1 :]:
            if not _JOINER.fullmatch(self.text, end, a1):
                break
            group.append(act1)
            end = b1
        return list(dict.fromkeys(group)), end

    def _antecedent(self, mm: re.Match[str], i: int, named: list[tuple[int, int, int, str]]) -> str | None:
        """The issue a definite reference ("the plan", "the assets", "ready to deploy") points back to."""
        before = [n for n in named if n[1] <= mm.start() and n[2] < i]
        if mm.group("verb"):  # an elliptical commitment: the force named in the two sentences before
            near = [n for n in before if n[2] >= i - 2 and n[3] == "foreign_troops"]
            return near[-1][3] if near else None
        head = mm.group("head").lower().rstrip("s")
        same = [n for n in before if n[2] >= i - 5 and head in self.text[n[0] : n[1]].lower()]
        if same:
            return same[-1][3]
        if head in lx.ANAPHOR_GENERIC:  # "the plan": the last plan-like thing named ("reparations loan")
            near = [n for n in before if n[2] >= i - 2 and lx.PLAN_NOUN.search(self.text[n[0] : n[1]])]
            return near[-1][3] if near else None
        return None

    def _stance(
        self,
        s: int,
        e: int,
        sent: str,
        issue: str,
        mm: _Span,
        polarity: int,
        anchor: float | None,
        quote_of: dict[tuple[int, ...], dict[str, Any]],
    ) -> dict[str, Any] | None:
        if True:
            if True:
                # the actor: the speaker of a quote the phrase sits in, else the sentence subject
                qspan = self.in_quote(s + mm.start())
                actor = None
                conf = 0.6
                if qspan is not None:
                    q = quote_of.get(qspan)
                    actor = q["actor"] if q else None
                    conf = 0.8 if q and q["speaker"] and not q["speaker"].startswith("(unnamed)") else 0.5
                cs, ce = _clause(sent, mm.start(), mm.end())
                if qspan is None:
                    actor = self._subject(s, e, s + cs, s + mm.start())
                rel_actor = self._relative_clause_actor(s + mm.end(), s + ce)
                if rel_actor is not None:  # "the loan the Commission had proposed"
                    actor = rel_actor[0]
                if actor is None:
                    return None
                if issue == "sanctions":  # sanctions on another state ("new sanctions against Minsk")
                    tgt = re.match(r"\s+(?:against|on) (?:the )?", self.text[s + mm.end() :])
                    hit = next((h for h in self.actor_hits if tgt and h[0] == s + mm.end() + tgt.end()), None)
                    if hit is not None and hit[2] != "RUS":
                        return None
                if issue == "nato" and not re.search(r"Ukrain|Kyiv", sent) and actor != "UKR":
                    return None  # another state's membership
                toks = tokens(sent[cs:ce], s + cs)
                phrase = (s + mm.start(), s + mm.end())
                extra = [(s + cs + c.start(), 0) for c in lx.CUE_SHIFT.finditer(sent[cs:ce])]
                extra += [(s + cs + c.start(), -1) for c in lx.CUE_OPPOSE.finditer(sent[cs:ce])]
                extra += [(s + cs + c.start(), 1) for c in lx.CUE_SUPPORT.finditer(sent[cs:ce])]
                if rel_actor is not None:
                    cue_sign, negated = rel_actor[1], False
                    polarity = 1 if polarity == 2 else polarity
                else:
                    sign, negated, cue_pos = decide(toks, phrase, before_only=polarity == 2, extra=extra)
                    if qspan is None and cue_pos is not None:
                        head = self.text[s + cs : cue_pos]
                        if _PLAN_SUBJECT.match(head) and re.search(r"\b(?:not|never)\b|n[’']t\b", head):
                            return None  # "the plan does not require X": absent content, not a position
                        inner = self._embedded_subject(s + cs, cue_pos)
                        if inner is not None:  # "He said Moscow insists ...": Moscow's stance
                            actor, is_plan = inner
                            if actor is None or (is_plan and sign is not None and sign < 0):
                                return None  # "the plan does not require X": absent content, not a position
                    if polarity == 2:  # a reference back: only a cue before it counts ("X rejected the plan")
                        polarity = 1
                    if sign is None and qspan is None and polarity != 2 and _finite_issue_verb(self.text, phrase):
                        sign = 1  # "It caps the army", "Ukraine cedes the land": the subject does it
                    if (
                        sign is None
                        and qspan is None
                        and polarity != 2
                        and _SPEECH_VERB.search(self.text, s, phrase[0])
                    ):
                        modal = _PHRASE_MODAL.search(self.text, phrase[0], phrase[1])
                        if modal:  # "X has said British troops would deploy to Ukraine": X's intention
                            sign = 0 if modal.group().lower() in ("could", "might", "may") else 1
                    if sign is None:
                        if qspan is None or polarity == 2:
                            return None
                        sign = 1  # a speaker stating the phrase in the first person endorses it
                    cue_sign = sign
                if negated:
                    polarity = -polarity
                direction = "shift" if cue_sign == 0 else ("support" if cue_sign * polarity > 0 else "oppose")
                position = anchor if (anchor is not None and cue_sign > 0) else None
                return stance_item(actor, issue, direction, (s, e), conf, position)
        return None

    def _relative_clause_actor(self, pos: int, end: int) -> tuple[str, int] | None:
        """An object relative clause right after a phrase: "the loan [that] the Commission had
        proposed" -> (the actor, the verb's sign); None when there is none."""
        m = _REL_CLAUSE.match(self.text, pos, end)
        if not m:
            return None
        hit = next((h for h in self.actor_hits if h[0] == m.end()), None)
        if hit is None:
            return None
        toks = tokens(self.text[hit[1] : end], hit[1])
        k = 0
        while k < len(toks) and k < 2 and toks[k].low in _AUX:
            k += 1
        if k >= len(toks):
            return None
        neg = k < len(toks) and is_negator(toks[k])
        c = cue_at(toks, k + neg)
        if c is None or c[0] == 0:
            return None
        return hit[2], -c[0] if neg else c[0]

    def _embedded_subject(self, cs: int, cue: int) -> tuple[str | None, bool] | None:
        """The subject of a reported clause between a speech verb and the cue ("Zelensky said Russia
        rejects ..." -> RUS) and whether it is a plan (its author's); None: no reported clause with
        its own subject (or a pronoun subject: "Moscow said it rejects ..." keeps Moscow)."""
        sp = None
        for m in _SPEECH_VERB.finditer(self.text, cs, cue):
            sp = m
        if sp is None:
            return None
        a, b = sp.end(), cue
        if re.match(r"\s*(?:it|he|she|they|we|its|their)\b", self.text[a:b], re.I):
            return None
        hits = [(st, act) for st, en, act in self.actor_hits if a <= st < b and b - en >= 0]
        hits += [(m.start, m.actor) for m in self.mentions if a <= m.start < b and m.actor]
        hits = [h for h in hits if not lx.OBJECT_VERB.search(self.text[max(a, h[0] - 30) : h[0]])]
        if hits:
            return min(hits)[1], False
        rest = re.sub(r"^\s*(?:that\s+)?", "", self.text[a:b])
        if _PLAN_SUBJECT.match(rest[:1].upper() + rest[1:]):
            return self.plan_author(a), True
        return None

    def plan_author(self, pos: int) -> str | None:
        """The author of the plan most recently named before `pos` (else the first named after)."""
        before = [a for p, a in self.plan_authors if p <= pos and a]
        if before:
            return before[-1]
        after = [a for p, a in self.plan_authors if a]
        return after[0] if after else None

    def _subject(self, s: int, e: int, cs: int, pos: int) -> str | None:
        sent = self.text[s:e]
        clause = self.text[cs:pos]
        # a pronoun subject refers to the last person named
        if cs == s and re.match(r"^\W*(He|She)\b", sent):
            m = self.last_person_before(s)
            if m:
                return m.actor
        cands = [
            (st, a)
            for st, en, a in self.actor_hits
            if cs <= st < pos and pos - en > 3 and not lx.OBJECT_VERB.search(self.text[max(cs, st - 30) : st])
        ]
        cands += [(m.start, m.actor) for m in self.mentions if cs <= m.start < pos and m.actor]
        if cands:
            return min(cands)[1]
        if _PLAN_SUBJECT.match(clause):  # "It caps the army", "The draft would require ...": its author
            return self.plan_author(cs)
        group = self._plural_antecedents(s, pos)  # "Both governments have said ..."
        if group and cs == s:
            return group[0]
        if cs == s:  # reported speech: "..., President X said"
            later = [(m.start, m.actor) for m in self.mentions if pos <= m.start < e and m.actor]
            if later:
                return min(later)[1]
        return None


_CLAUSE_BREAK = re.compile(
    r",\s+(?:\w+\s+){0,2}?(?:as|while|but|whereas|although|after|before|when|even as|which)\b|;|\s[—–]\s|"
    r"\s(?:while|whereas)\s|"
    r",\s+(?:he|she|they|the \w+|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}) (?:said|says|told|added)"
)


@dataclass(frozen=True)
class _Span:
    """Where a phrase sits in its sentence (the part of re.Match the stance code uses)."""

    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


_SPEECH_VERB = re.compile(r"\b(?:" + lx.SPEECH + r"|believes?|thinks?|insisted that|warned that)\b(?:\s+that)?", re.I)


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_INTERVIEW_INTRO = re.compile(
    r"\b(?:interview|we met (?:him|her)|spoke to|talked to|sat down with|in conversation with)\b", re.I
)


def _unlabelled_interview(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
    """An interview printed without Q:/A: labels: short paragraphs ending in a question mark, each
    followed by an answer paragraph, after an introduction. It counts as one when there are at
    least three such questions and the introduction says it is an interview or most questions
    address the reader's `you`. Returns (question spans, answer spans), else None."""
    paras = [m.span() for m in _PARAGRAPH.finditer(text) if text[m.start() : m.end()].strip()]

    def is_question(span: tuple[int, int]) -> bool:
        body = text[span[0] : span[1]].strip().rstrip("*_ ")
        return body.endswith("?") and len(body) < 400 and not body.startswith(('"', "“"))

    flags = [is_question(p) for p in paras]
    if not paras or flags[0]:
        return None
    questions = [k for k, q in enumerate(flags) if q and k + 1 < len(paras) and not flags[k + 1]]
    if len(questions) < 3:
        return None
    intro = text[: paras[questions[0]][0]]
    addressed = sum(bool(re.search(r"\byou(?:r)?\b", text[slice(*paras[k])], re.I)) for k in questions)
    if not _INTERVIEW_INTRO.search(intro) and addressed * 2 < len(questions):
        return None
    answers = [paras[k] for k in range(questions[0] + 1, len(paras)) if not flags[k]]
    return [paras[k] for k in questions], answers


def _known_plan_author(text: str) -> str | None:
    """The author of a library plan named at the start of `text` ("28-point plan" -> USA): the
    actor its short name begins with (`US 28-point plan`), from the instruments of the library."""
    for issue, author in _plan_authors().items():
        if any(rx.match(text) for rx, _, _ in lx.ISSUE_RE.get(issue, [])):
            return author
    return None


@lru_cache(maxsize=1)
def _plan_authors() -> dict[str, str]:
    from importlib import resources

    import yaml

    out: dict[str, str] = {}
    aliases = load().alias_to_actor
    root = resources.files("foedus.library") / "instruments"
    for issue in lx.ISSUES:
        f = root / f"{issue}.yaml"
        if not f.is_file():
            continue
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        if "plan" not in str(doc.get("kind") or ""):
            continue
        short = str(doc.get("short_name") or "")
        first = short.split(" ")[0] if short else ""
        if first in aliases:
            out[issue] = aliases[first]
    return out


#: verbs that head issue phrases ("caps the army", "cede land", "lift sanctions", "join NATO")
_ISSUE_VERBS = frozenset(
    [
        "cap",
        "limit",
        "restrict",
        "cede",
        "surrender",
        "withdraw",
        "leave",
        "recognise",
        "lift",
        "ease",
        "end",
        "remove",
        "join",
        "send",
        "deploy",
        "station",
        "freeze",
        "use",
        "seize",
        "confiscate",
        "keep",
        "maintain",
        "tighten",
        "extend",
        "renew",
        "give",
        "hand",
        "abandon",
        "renounce",
        "drop",
        "forgo",
    ]
)


def _finite_issue_verb(text: str, phrase: tuple[int, int]) -> bool:
    """The phrase starts with a finite verb of its issue ("It caps the army"), not an infinitive
    or a noun ("how to lift sanctions", "talks on lifting sanctions")."""
    toks = tokens(text[phrase[0] : phrase[1]], phrase[0])
    if not toks or not in_class(toks[0].text, _ISSUE_VERBS) or toks[0].text.lower().endswith("ing"):
        return False
    before = text[max(0, phrase[0] - 12) : phrase[0]].lower().split()
    return not before or before[-1] not in ("to", "of", "on", "for", "about", "the", "a", "and", "or", "not")


#: a concession offered on a condition: "ready to drop its bid to join NATO if it receives guarantees"
_CONCESSION = re.compile(
    r"\b(?:ready|prepared|willing|open|offered|offering|offers) to (?P<give>(?:\w+ ){0,2}?(?:drop|set aside|give up|"
    r"abandon|forgo|renounce|shelve|freeze|suspend|accept|consider|discuss|cede|withdraw)\b[^.;]{0,100}?)"
    r"\b(?:if|provided|as long as|in exchange for|in return for|on condition)\b(?P<cond>[^.;]{0,160})",
    re.I,
)
#: a wish, demand or expectation governing an event trigger just after it
_WISHED = re.compile(
    r"\b(?:wants?|wanted|hopes?|hoped|seeks?|sought|demands?|demanded|calls? for|called for|urges?|urged|asks?|"
    r"asked|expects?|expected|expecting|against|insists?|insisted|plans? to|aims? to|ready to|prepared to|"
    r"willing to|whether|until)\b[^.;]{0,40}$",
    re.I,
)
_PHRASE_MODAL = re.compile(r"\b(?:will|would|shall|must|should|could|might|may)\b", re.I)
_CONDITIONAL = re.compile(r"\b(?:if|unless|provided that|on condition that)\b[^,;]*$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:for|on|over|about|against|to|with|in|into|from)\s+(?:the\s+)?$", re.I)
_REL_CLAUSE = re.compile(r"\s*,?\s*(?:that |which )?(?:the )?")
_AUX = {"had", "has", "have", "would", "will", "was", "were", "is", "are", "also", "already", "first", "once"}
#: a clause whose subject is a plan ("It", "The draft", "Its plan"): the plan's author holds its contents
_PLAN_SUBJECT = re.compile(
    r"^\W*(?:It|Its\b[^,]{0,40}?\b(?:plan|proposal|draft|framework|text|document|blueprint)s?|"
    r"(?:The|This|That|Their|Its|Such an?) (?:[\w-]+ ){0,3}?(?:plan|proposal|draft|framework|document|text|"
    r"blueprint|initiative|deal|agreement|memorandum)s?)\b(?! (?:is|was|has been) (?:a|an|the|very)\b)",
)
_OBJECT_OF = re.compile(
    r"\b(force|forces|forcing|require|requires|requiring|oblige|obliges|compel\w*|"
    r"conditional on|asks?|asking|press\w* [A-Z]\w+ to)\b",
    re.I,
)
_BY_AGENT = re.compile(
    r"\b(?:(?:was|were|been|being|is|are) (?:\w+ ){0,2}?)?(?:\w+ed|drawn up|drawn|written|put forward|made) by "
    r"(?:the )?(?P<who>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})"
)
_HYPOTHETICAL = re.compile(
    r"\b(reject\w*|oppos\w+|refus\w+|would|could|might|if|any|no|not|never|ready to|"
    r"plans? to|prepared to|offered to)\b",
    re.I,
)


def _clause(sent: str, start: int, end: int) -> tuple[int, int]:
    """The clause of a sentence around a phrase: cue words in other clauses do not count."""
    cs, ce = 0, len(sent)
    for b in _CLAUSE_BREAK.finditer(sent):
        if b.end() <= start:
            cs = b.end()
        elif b.start() >= end:
            ce = b.start()
            break
    return cs, ce


def read_text(
    text: str,
    name: str = "<text>",
    date: dt.date | str | None = None,
    meta_date: str | None = None,
    keep_reader: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Extract the evidence of one article (see docs/evidence.md for the JSON contract). The trained
    stance ranker (foedus.evidence.rank) decides which stance candidates to report; with the optional
    embeddings (foedus.evidence.embed) active, sentences left unlabelled get stance and event proposals
    from a sentence classifier. `keep_reader` receives the Reader (for training)."""
    from foedus.evidence import embed, nlp, rank
    from foedus.evidence.flags import find_flags

    day: dt.date | None
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    if day is None and meta_date:
        try:
            day = dt.date.fromisoformat(meta_date)
        except ValueError:
            day = None
    if day is None:
        day, _ = find_date(text)
    reader = Reader(text, day)
    quotes = reader.quotes()
    parser = nlp.active()
    toks = parser(text) if parser is not None else None
    if toks is not None:
        nlp.fix_quotes(reader, quotes, toks)
    result: dict[str, Any] = {
        "article": name,
        "date": day.isoformat() if day else None,
        "actors": reader.actors(quotes),
        "people": reader.people(),
        "quotes": quotes,
        "events": reader.events(),
        "stances": reader.stances(quotes),
    }
    if toks is not None:
        nlp.augment_events(reader, result, toks)
        nlp.augment_stances(reader, result, toks)
    rankers = rank.active()
    if rankers is not None:
        rank.apply(reader, result, rankers)
    if keep_reader is not None:
        keep_reader["reader"] = reader
    heads = embed.active()
    if heads is not None:
        embed.augment(reader, result, heads)
    result["flags"] = find_flags(reader, result)
    if heads is not None and not heads.keep_scores:
        for item in result["stances"] + result["events"]:
            item.pop("_p", None)
    return result
