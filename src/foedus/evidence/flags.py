"""Reliability flags a careful editor would raise, each pointing at its span."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from foedus.evidence import lexicon as lx

if TYPE_CHECKING:
    from foedus.evidence.extract import Reader

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM = r"(\d{1,3}|" + lx.NUMBER_WORD_RE + r")"


def _num(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else lx.NUMBER_WORDS.get(w)


def _flag(kind: str, detail: str, span: tuple[int, int]) -> dict[str, Any]:
    return {"kind": kind, "detail": detail, "span": [span[0], span[1]]}


def _outside_quotes(reader: Reader, pos: int) -> bool:
    return reader.in_quote(pos) is None


def anachronisms(reader: Reader) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    day = reader.day
    text = reader.text
    if day is None:
        return out
    gaz = reader.gaz
    # 1. office-holders described with an office they do not hold on the article's date
    seen: set[tuple[str, str]] = set()
    for m in list(reader.mentions):
        if m.person is None or not _outside_quotes(reader, m.start):
            continue
        title, past, span = reader.descriptor(m)
        if title is None or (m.name, title) in seen:
            continue
        seen.add((m.name, title))
        offices = [o for o in m.person.offices if o.title == title]
        now = [o for o in offices if o.held_on(day)]
        if past:
            if now and not any(o.end for o in offices):
                out.append(
                    _flag(
                        "anachronism",
                        f"{m.name} is described as a former {title}, but holds that office on {day} ({now[0].office})",
                        span,
                    )
                )
            continue
        if now:
            continue
        ended = [o for o in offices if o.end and o.end <= day]
        future = [o for o in offices if o.start > day]
        held = m.person.office_on(day)
        if ended:
            o = max(ended, key=lambda o: o.start)
            detail = f"{m.name} is described as {title}, but left that office ({o.office}) on {o.end}" + (
                f"; on {day} {m.name} is {held.office}" if held else ""
            )
        elif future:
            detail = f"{m.name} is described as {title}, an office taken only on {future[0].start}"
        elif held:
            detail = f"{m.name} is described as {title}, but on {day} holds {held.office}"
        else:
            continue
        out.append(_flag("anachronism", detail, span))
    # 2. member counts that contradict the library's dated memberships
    for org, words in (
        ("NATO", r"NATO|the alliance|the Alliance|allies|Allies|alliance"),
        ("EU", r"EU|European Union|the bloc|member states"),
    ):
        n_true = len(gaz.members(org, day))
        rx = re.compile(
            r"\b(" + _NUM + r")[- ](member|nation|country|strong)s?\b[^.]{0,25}?\b(" + words + r")|"
            r"\b(" + words + r")('s)? (" + _NUM + r") (members|allies|member states|nations|countries)\b|"
            r"\b(all |the )?("
            + _NUM
            + r") (allies|NATO members|NATO allies|EU members|EU member states|member states)\b",
            re.I,
        )
        for mm in rx.finditer(text):
            if not _outside_quotes(reader, mm.start()):
                continue
            groups = [g for g in mm.groups() if g]
            num = next((_num(g) for g in groups if _num(g) is not None), None)
            span_text = mm.group().lower()
            is_org = (
                ("nato" in span_text or "alliance" in span_text or "allies" in span_text)
                if org == "NATO"
                else ("eu" in span_text or "bloc" in span_text or "member states" in span_text or "union" in span_text)
            )
            if org == "EU" and ("nato" in span_text or "allies" in span_text):
                continue
            if org == "NATO" and ("eu " in span_text + " " or "bloc" in span_text or "member states" in span_text):
                continue
            if num is None or not is_org or num < 10 or num == n_true:
                continue
            out.append(
                _flag(
                    "anachronism",
                    f"{org} had {n_true} members on {day} (library memberships), the article says {num}",
                    mm.span(),
                )
            )
    # 3. an election called upcoming after it took place: a future-pointing word before the election
    # noun ("the approaching election", "ahead of next month's run-off") or after it ("the run-off
    # scheduled for next month", "the vote, due in June")
    _ELECTION = r"(?:elections?|run-?offs?|second round|first round|ballot|vote|polls|presidential race)"
    for mm in re.finditer(
        r"\b(upcoming|approaching|forthcoming|coming|next month's|next week's|this month's|looming|impending|"
        r"pending|scheduled|planned|expected|ahead of (the|next|this)|run-up to the|before the|in the lead-up to the)\b"
        r"[^.]{0,60}?\b" + _ELECTION + r"\b|"
        r"\b" + _ELECTION + r"\b,? (?:which is |that is |now |still )?(?:scheduled|set|due|slated|planned|expected|"
        r"to be held|called) (?:for|on|in|to take place|next)\b|"
        r"\b" + _ELECTION + r"\b (?:will be held|is to be held|takes place next|"
        r"is (?:only )?(?:weeks|days|months) away)",
        text,
        re.I,
    ):
        if not _outside_quotes(reader, mm.start()):
            continue
        s, e = reader.sentence_of(mm.start())
        actors = reader.actors_in(s, e) + [m.actor for m in reader.mentions if s <= m.start < e and m.actor]
        if not actors:  # "the parties ... ahead of the federal election": the country of the sentences before
            ps = max(0, s - 600)
            actors = reader.actors_in(ps, s)[-2:] + reader.actors_in(0, min(len(text), 200))[:1]
        around = mm.group().lower() + " " + text[s:e].lower()
        for el in gaz.elections:
            label_words = el.label.lower().replace("(", "").replace(")", "").split()
            # the kind of election ("presidential") must be named, and a round when the label has one
            kind_ok = label_words[0] in around
            round_word = next((w for w in label_words[2:] if w in ("run-off", "first")), None)
            if round_word == "run-off" and not re.search(r"run-?off|second round", around):
                kind_ok = False
            if round_word == "first" and re.search(r"run-?off|second round", around):
                kind_ok = False
            if el.actor in actors and kind_ok and el.date < day and (day - el.date).days < 400:
                out.append(
                    _flag(
                        "anachronism",
                        f"the {el.label} in {gaz.actor_names.get(el.actor, el.actor)} "
                        f"took place on {el.date}, before the article's date {day}",
                        mm.span(),
                    )
                )
                break
    # 4. a state said to be joining NATO/EU (hoping, waiting, yet to, bidding, applying ...) when it
    # is already a member on the article's date; the state is the nearest one named before the phrase
    # in the same sentence
    for mm in re.finditer(
        r"\b(?:(?:will|would|is set to|hopes? to|hoping to|bid to|bids to|application to|applying to|is joining|"
        r"(?:is |are )?(?:still |yet )?(?:expected|waiting|hoping|seeking|trying|aspiring|aspires|aims?|aiming|"
        r"preparing|poised|due|set|keen|eager|desperate|pushing|lobbying|campaigning|struggling) to|"
        r"(?:has |have )?(?:not yet|yet to|never)|still (?:hopes|wants|seeks) to|is a candidate to|"
        r"(?:bid|application|candidacy|quest|path|road|drive|ambition) "
        r"(?:to join|to become a member of|for membership (?:of|in)))"
        r"\s+(?:join(?:ed)?|become an? (?:full )?members? of|enter(?:ed)?|accede to|be admitted to|gain membership of)"
        r"|(?:is|remains|was) (?:still )?(?:not yet|not|never|a candidate for membership of|outside)"
        r"(?: a member of| in)?)"
        r"\s+(?P<org>NATO|the EU|the European Union|the (?:Atlantic )?alliance)\b",
        text,
    ):
        if not _outside_quotes(reader, mm.start()):
            continue
        s, _e = reader.sentence_of(mm.start())
        prior = [(st, a) for st, en, a in reader.actor_hits if s <= st and en <= mm.start() and a not in ("NATO", "EU")]
        if not prior:
            continue
        actor = prior[-1][1]
        org = "EU" if mm.group("org") in ("the EU", "the European Union") else "NATO"
        if gaz.is_member(org, actor, day):
            name = gaz.actor_names.get(actor, actor)
            out.append(_flag("anachronism", f"{name} is already a member of {org} on {day}", (prior[-1][0], mm.end())))
    # 4b. the same, said in other words: a member state in a sentence that places it outside or on
    # the way into NATO ("still knocking on the door of NATO", "a NATO hopeful", "the alliance's
    # waiting room"), unless the sentence marks the accession as past ("joined in 2023", "since")
    flagged_states = {f["detail"].split(" is already")[0] for f in out}
    for mm in _OUTSIDE_NATO.finditer(text):
        if not _outside_quotes(reader, mm.start()):
            continue
        s, e = reader.sentence_of(mm.start())
        sent = text[s:e]
        names_nato = re.search(r"\bNATO\b|\bthe (?:Atlantic )?alliance\b|\bthe Alliance\b", sent)
        if not names_nato or (_PAST_ACCESSION.search(sent) and not mm.group("future")):
            continue  # "which joined NATO in 2023"; but "expects to become NATO's newest member"
        prior = [(st, a) for st, en, a in reader.actor_hits if s <= st and en <= mm.start() and a not in ("NATO", "EU")]
        if not prior:
            continue
        st0, actor = prior[-1]
        name = gaz.actor_names.get(actor, actor)
        if gaz.is_member("NATO", actor, day) and name not in flagged_states:
            flagged_states.add(name)
            out.append(_flag("anachronism", f"{name} is already a member of NATO on {day}", (st0, mm.end())))
    # 5. weekday does not match the date
    for mm in re.finditer(
        r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (\d{1,2}) "
        r"(January|February|March|April|May|June|July|August|September|October|November|December)"
        r"(,? (\d{4}))?",
        text,
    ):
        year = int(mm.group(5)) if mm.group(5) else day.year
        try:
            d = dt.date(
                year,
                lx.MONTHS[mm.group(3).lower()],
                int(mm.group(2)),
            )
        except ValueError:
            continue
        if _WEEKDAYS[d.weekday()] != mm.group(1).lower():
            out.append(
                _flag(
                    "internal-contradiction",
                    f"{d} was a {_WEEKDAYS[d.weekday()].title()}, not a {mm.group(1)}",
                    mm.span(),
                )
            )
    return out


#: words that place a state outside NATO or on its way in
_OUTSIDE_NATO = re.compile(
    r"\b(?:knock\w* (?:on|at) (?:the |NATO's |the alliance's )?door|"
    r"(?:waiting room|antechamber|threshold|doorstep|gates?) of|aspirant|would-be member|hopeful|applicant|"
    r"candidate (?:country|state|for membership)|non-member|"
    r"not (?:yet )?(?:a|an allied) member|outside (?:of )?(?:NATO|the alliance)|still (?:waiting|hoping|seeking|trying|"
    r"pushing|lobbying|bidding) (?:to join|for (?:membership|accession|admission))|membership bid|bid for membership|"
    r"accession talks|(?:long|eventual|future|hoped-for) (?:accession|membership)|stayed outside|"
    r"(?P<future>(?:expects?|expected|hopes?|hoping|aims?|is set|is due|plans?|wants?) to become (?:[\w'’]+ ){0,3}?"
    r"(?:member|ally)))\b",
    re.I,
)
_PAST_ACCESSION = re.compile(
    r"\b(?:joined|since (?:19|20)\d\d|became|newest|youngest|most recent|already|completed|was admitted|ratified|"
    r"(?:19|20)\d\d accession|accession in (?:19|20)\d\d|(?:years?|months?) ago|last year|"
    r"before (?:it|they|joining))\b",
    re.I,
)

_COUNTED = (
    r"(drones|missiles|jets|aircraft|troops|soldiers|people|civilians|points|warships|tanks|ships|men|women|leaders|"
    r"envoys|ministers|officials|diplomats|negotiators|delegations|brigades|battalions|vessels|tankers|rockets|"
    r"balloons|fighters|bombers|helicopters|sailors|crew members|crew|victims|casualties|suspects|incursions|"
    r"violations|attacks|strikes|governments|hold-outs|holdouts)"
)


def contradictions(reader: Reader, result: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    text = reader.text
    # 1. the same counted thing given different numbers ("19 drones" ... "the 12 drones")
    # a qualifier between number and noun ("500 British soldiers") keeps the noun; a later definite
    # mention without a qualifier ("the 800 soldiers") refers back to it, one with another qualifier
    # ("the 12 Ukrainian drones") may be a different set and is not compared
    seen: dict[str, tuple[int, tuple[int, int], str]] = {}
    for mm in re.finditer(
        r"\b(the|all|those|these|of|at least|some|about|around)?\s*(\d[\d,]*|" + lx.NUMBER_WORD_RE + r") "
        r"((?:[A-Za-z][a-z-]+ ){0,2}?)" + _COUNTED + r"\b",
        text,
        re.I,
    ):
        if not _outside_quotes(reader, mm.start()):
            continue
        noun = mm.group(4).lower()
        num = _num(mm.group(2).replace(",", ""))
        if num is None:
            continue
        qual = mm.group(3).strip().lower()
        if noun == "points" or re.search(r"\b(more|other|extra|additional|new|further|fewer|of|and|or)\b", qual):
            continue
        if (
            noun in seen
            and seen[noun][0] != num
            and mm.group(1)
            and mm.group(1).lower() in ("the", "all", "those", "these")
            and (not qual or qual == seen[noun][2])
        ):
            out.append(
                _flag(
                    "internal-contradiction",
                    f"{seen[noun][0]} {noun} earlier, {num} here",
                    (seen[noun][1][0], mm.end()),
                )
            )
        seen.setdefault(noun, (num, mm.span(), qual))
    # 2. an "N-point plan" whose number changes between mentions of "the plan"
    plans = [
        (int(m.group(1)), m.span())
        for m in re.finditer(r"\b(\d{1,2})-point (peace )?plan", text)
        if _outside_quotes(reader, m.start())
    ]
    known = {28, 20, 12, 19}
    for n, span in plans:
        if n not in known and any(k in known for k, _ in plans):
            out.append(
                _flag(
                    "internal-contradiction",
                    f"a {n}-point plan, where the article elsewhere "
                    f"names the {', '.join(str(k) for k, _ in plans if k in known)}-point plan",
                    span,
                )
            )
    # 3. one person given two different offices in the same article
    titles: dict[str, tuple[str, tuple[int, int]]] = {}
    for m in reader.mentions:
        if m.name.startswith("(unnamed)") or not _outside_quotes(reader, m.start):
            continue
        title, past, span = reader.descriptor(m)
        if title is None or past:
            continue
        if m.name in titles and titles[m.name][0] != title:
            out.append(
                _flag(
                    "internal-contradiction",
                    f"{m.name} is called {titles[m.name][0]} and also {title}",
                    (titles[m.name][1][0], span[1]),
                )
            )
        titles.setdefault(m.name, (title, span))
    return out


def _in_headline(text: str, pos: int) -> bool:
    """Whether pos sits in a headline: a short first-block line without closing punctuation."""
    block_end = text.find("\n\n")
    if block_end != -1 and pos >= block_end:
        return False
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    if line_end == -1:
        return False
    line = text[line_start:line_end].strip()
    return bool(line) and line[-1] not in '.!?"”:' and len(line.split()) <= 15


def sourcing(reader: Reader, result: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    text = reader.text
    anon = [m for m in lx.ANON.finditer(text) if _outside_quotes(reader, m.start())]
    named = [q for q in result["quotes"] if q["speaker"] and not q["speaker"].startswith("(unnamed)")]
    unnamed_quotes = [q for q in result["quotes"] if q["speaker"] and q["speaker"].startswith("(unnamed)")]
    n_anon = len({reader.sentence_of(m.start()) for m in anon}) + 0 * len(unnamed_quotes)
    lead_end = reader.sents[1][1] if len(reader.sents) > 1 else len(text)
    lead_anon = [m for m in anon if m.start() < lead_end + 200]
    if n_anon >= 3 and n_anon >= len(named) or (lead_anon and n_anon >= 2 and len(named) <= 1):
        # the flag points at the first unnamed attribution of the body; a headline only repeats it
        body_anon = [m for m in (lead_anon or anon) if not _in_headline(text, m.start())]
        first = (body_anon or lead_anon or anon)[0]
        out.append(
            _flag(
                "anonymous-sourcing",
                f"{n_anon} attributions to unnamed sources against "
                f"{len(named)} named speakers; the central claim rests on unnamed sources",
                first.span(),
            )
        )
    # unsupported claims: weasel words or a secret deal asserted with no source in the sentence;
    # one flag per sentence
    flagged: set[tuple[int, int]] = set()
    for rx, what in ((lx.SECRET, "a secret or leaked arrangement"), (lx.WEASEL, "a claim")):
        for mm in rx.finditer(text):
            if not _outside_quotes(reader, mm.start()):
                continue
            s, e = reader.sentence_of(mm.start())
            if (s, e) in flagged:
                continue
            sent = text[s:e]
            sourced = re.search(
                r"\b(according to|said|told|says|reported by|documents? seen by|"
                r"published|cited)\b",
                sent,
                re.I,
            ) and not lx.ANON.search(sent)
            if rx is lx.WEASEL and re.search(r"\b(reportedly|allegedly)\b", mm.group(), re.I) and sourced:
                continue
            if sourced and rx is lx.SECRET:
                continue
            flagged.add((s, e))
            out.append(
                _flag("unsupported-claim", f"{what} asserted without a source: {' '.join(sent.split())[:120]}", (s, e))
            )
    return out


def structure(reader: Reader) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    text = reader.text
    # self-described structure ("in five points") versus what the text has
    announced = [mm for mm in lx.SELF_DESCRIPTION.finditer(text[:1500]) if _num(mm.group("n")) is not None]
    if announced:
        mm = announced[0]
        n = _num(mm.group("n"))
        numbered = len(re.findall(r"(?m)^[ \t]*(?:#{1,4}[ \t]*)?\d{1,2}[.)][ \t]+\S", text))
        items = numbered if numbered >= 2 else len(re.findall(r"(?m)^\s*(\d{1,2}[.)]|[-*•]|#{2,4})\s+\S", text))
        if items == 0:
            items = len(re.findall(r"\b(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Finally|Lastly),", text))
        if items and items != n:
            # the span covers every place the article announces the same number (title and lead)
            same = [m for m in announced if _num(m.group("n")) == n]
            out.append(
                _flag(
                    "self-description-mismatch",
                    f"announces {n} {mm.group('what').lower()} but has {items}",
                    (same[0].start(), same[-1].end()),
                )
            )
    # aggregator structure: "keep reading" links between several stories
    markers = [m for m in lx.AGGREGATOR.finditer(text)]
    if len(markers) >= 2 or (markers and len(re.findall(r"(?m)^#{1,3} ", text)) >= 3):
        out.append(
            _flag(
                "aggregator",
                f"{len(markers)} 'keep reading'-style links: a round-up mixing several stories, each cut short",
                markers[0].span(),
            )
        )
    # opinion presented as report
    head = text[:300]
    if not lx.OPINION_LABEL.search(head):
        fp = [m for m in lx.FIRST_PERSON.finditer(text) if _outside_quotes(reader, m.start())]
        ev = [
            m
            for m in list(lx.EVALUATIVE.finditer(text)) + list(lx.AUTHORIAL.finditer(text))
            if _outside_quotes(reader, m.start())
        ]
        ev.sort(key=lambda m: m.start())
        should = [m for m in re.finditer(r"\b(should|must|ought to)\b", text) if _outside_quotes(reader, m.start())]
        words = max(len(text.split()), 1)
        score = len(fp) / words * 100 + len(ev) + 0.5 * len(should)
        if reader.voices:  # an interview: first-person words are the interviewer's framing
            fp = []
            score = len(ev) + 0.5 * len(should)
        distinct = {m.group().lower() for m in ev}  # two different loaded phrases, not one repeated
        if (len(fp) >= 4 and len(fp) / words * 100 >= 1.5 and len(ev) >= 1) or len(distinct) >= 2 or score >= 6:
            cues = ev or fp or should
            # the span runs from the first loaded phrase to the last, which the detail lists
            span = (cues[0].start(), cues[-1].end()) if ev else cues[0].span()
            phrases = ", ".join(f"'{m.group()}'" for m in ev[:6])
            out.append(
                _flag(
                    "opinion",
                    f"reads as opinion ({len(fp)} first-person words, {len(ev)} "
                    f"loaded words, {len(should)} 'should/must' outside quotes) but is not "
                    "labelled as opinion" + (f": {phrases}" if phrases else ""),
                    span,
                )
            )
    return out


def find_flags(reader: Reader, result: dict[str, Any]) -> list[dict[str, Any]]:
    flags = anachronisms(reader) + contradictions(reader, result) + sourcing(reader, result) + structure(reader)
    flags.sort(key=lambda f: f["span"][0])
    return flags
