"""Names the extractor recognises: actors (with demonyms and capitals), people with dated offices,
elections, and the library's dated memberships (e.g. how many members NATO had on a day).

Everything is read once from the bundled library (`library/actors.csv`, `library/memberships.csv`,
`library/gazetteer/*.csv`) and compiled into a few regular expressions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

#: other names of actors: demonyms, capitals used as metonyms, institutions. Names in
#: actors.csv are added automatically. Ambiguous words ("European", "Brussels") are left out.
ALIASES: dict[str, list[str]] = {
    "UKR": ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Verkhovna Rada"],
    "RUS": ["Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"],
    "USA": [
        "United States",
        "US",
        "U.S.",
        "USA",
        "America",
        "American",
        "Americans",
        "Washington",
        "White House",
        "Pentagon",
        "State Department",
        "Congress",
    ],
    "DEU": ["Germany", "German", "Germans", "Berlin", "Bundestag", "Bundeswehr"],
    "FRA": ["France", "French", "Paris", "Elysee", "Élysée"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "British", "London", "Downing Street"],
    "POL": ["Poland", "Polish", "Poles", "Warsaw", "Sejm"],
    "HUN": ["Hungary", "Hungarian", "Budapest"],
    "TUR": ["Turkey", "Türkiye", "Turkish", "Ankara"],
    "ITA": ["Italy", "Italian", "Rome"],
    "ESP": ["Spain", "Spanish", "Madrid"],
    "NLD": ["Netherlands", "Dutch", "The Hague"],
    "BEL": ["Belgium", "Belgian"],
    "DNK": ["Denmark", "Danish", "Copenhagen"],
    "SWE": ["Sweden", "Swedish", "Stockholm"],
    "FIN": ["Finland", "Finnish", "Helsinki"],
    "NOR": ["Norway", "Norwegian", "Oslo"],
    "EST": ["Estonia", "Estonian", "Tallinn"],
    "LVA": ["Latvia", "Latvian", "Riga"],
    "LTU": ["Lithuania", "Lithuanian", "Vilnius"],
    "ROU": ["Romania", "Romanian", "Bucharest"],
    "BGR": ["Bulgaria", "Bulgarian", "Sofia"],
    "CZE": ["Czechia", "Czech Republic", "Czech", "Prague"],
    "SVK": ["Slovakia", "Slovak", "Bratislava"],
    "MDA": ["Moldova", "Moldovan", "Chisinau"],
    "BLR": ["Belarus", "Belarusian", "Minsk"],
    "GEO": ["Georgian", "Tbilisi"],
    "CHN": ["China", "Chinese", "Beijing"],
    "PRK": ["North Korea", "North Korean", "Pyongyang", "DPRK"],
    "KOR": ["South Korea", "South Korean", "Seoul"],
    "JPN": ["Japan", "Japanese", "Tokyo"],
    "IND": ["India", "Indian", "New Delhi"],
    "IRN": ["Iran", "Iranian", "Tehran"],
    "ISR": ["Israel", "Israeli"],
    "CAN": ["Canada", "Canadian", "Ottawa"],
    "AUS": ["Australia", "Australian", "Canberra"],
    "GRC": ["Greece", "Greek", "Athens"],
    "PRT": ["Portugal", "Portuguese", "Lisbon"],
    "AUT": ["Austria", "Austrian", "Vienna"],
    "IRL": ["Ireland", "Irish", "Dublin"],
    "CHE": ["Switzerland", "Swiss", "Geneva"],
    "HRV": ["Croatia", "Croatian"],
    "SRB": ["Serbia", "Serbian", "Belgrade"],
    "NATO": ["NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Alliance", "Atlantic alliance"],
    "EU": ["EU", "E.U.", "European Union", "European Commission", "European Council", "EU's", "European Parliament"],
    "UN": ["UN", "U.N.", "United Nations", "UN Security Council"],
}
#: words that look like aliases but are not, in the contexts articles use them
NOT_ACTOR = {"Georgia"}  # the US state as often as the country; only "Georgian"/"Tbilisi"

TITLES: dict[str, list[str]] = {
    "president": ["president"],
    "vice president": ["vice president", "vice-president"],
    "prime minister": ["prime minister", "premier", "pm"],
    "deputy prime minister": ["deputy prime minister", "deputy pm"],
    "chancellor": ["chancellor"],
    "foreign minister": [
        "foreign minister",
        "foreign secretary",
        "secretary of state",
        "minister of foreign affairs",
        "top diplomat",
    ],
    "defence minister": [
        "defence minister",
        "defense minister",
        "defence secretary",
        "defense secretary",
        "secretary of defense",
        "secretary of war",
        "minister of defence",
        "minister of defense",
        "armed forces minister",
    ],
    "finance minister": ["finance minister"],
    "secretary general": ["secretary general", "secretary-general", "nato chief", "un chief"],
    "high representative": ["high representative", "foreign policy chief", "eu foreign policy chief"],
    "commission president": ["commission president", "president of the european commission"],
    "council president": ["european council president", "president of the european council"],
    "chief of staff": [
        "chief of staff",
        "head of the presidential office",
        "head of the office of the president",
        "head of the president's office",
        "head of zelensky's office",
        "zelensky's chief of staff",
        "presidential chief of staff",
    ],
    "security council secretary": ["security council secretary"],
    "spokesperson": ["spokesman", "spokeswoman", "spokesperson", "press secretary"],
    "envoy": ["envoy", "special envoy"],
    "aide": ["aide", "foreign-policy aide", "foreign policy aide", "adviser", "advisor"],
}
TITLE_OF: dict[str, str] = {alias: title for title, aliases in TITLES.items() for alias in aliases}


@dataclass(frozen=True)
class Office:
    title: str
    office: str
    actor: str
    start: dt.date
    end: dt.date | None
    source_url: str | None
    confidence: str

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Person:
    name: str
    names: list[str]
    offices: list[Office] = field(default_factory=list)

    @property
    def surname(self) -> str:
        parts = self.name.split()
        if len(parts) >= 3 and parts[-3].lower() == "von":  # von der Leyen
            return " ".join(parts[-3:])
        return parts[-1]

    def office_on(self, day: dt.date | None) -> Office | None:
        """The office held on `day` (the most recent one if no day is known)."""
        if day is None:
            current = [o for o in self.offices if o.end is None]
            return max(current or self.offices, key=lambda o: o.start)
        held = [o for o in self.offices if o.held_on(day)]
        return max(held, key=lambda o: o.start) if held else None

    def actor_on(self, day: dt.date | None) -> str:
        office = self.office_on(day) or max(self.offices, key=lambda o: o.start)
        return office.actor


@dataclass(frozen=True)
class Election:
    actor: str
    label: str
    date: dt.date


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass
class Gazetteer:
    actor_names: dict[str, str]
    alias_to_actor: dict[str, str]
    actor_regex: re.Pattern[str]
    people: list[Person]
    name_to_person: dict[str, Person]
    person_regex: re.Pattern[str]
    elections: list[Election]
    membership_spans: dict[str, dict[str, list[tuple[dt.date, dt.date | None]]]]

    def holders(self, actor: str, titles: tuple[str, ...], day: dt.date | None) -> list[Person]:
        """The people holding one of `titles` for `actor` on `day` (in the order of `titles`)."""
        found: list[Person] = []
        for title in titles:
            for p in self.people:
                if any(
                    o.actor == actor and o.title == title and (o.held_on(day) if day else o.end is None)
                    for o in p.offices
                ) and all(p is not q for q in found):
                    found.append(p)
        return found

    def members(self, org: str, day: dt.date) -> list[str]:
        return sorted(
            a
            for a, spans in self.membership_spans.get(org, {}).items()
            if any(s <= day and (e is None or day < e) for s, e in spans)
        )

    def is_member(self, org: str, actor: str, day: dt.date) -> bool:
        return actor in self.members(org, day)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    lib = resources.files("foedus.library")
    actor_names: dict[str, str] = {}
    alias_to_actor: dict[str, str] = {}
    for row in _csv_rows((lib / "actors.csv").read_text(encoding="utf-8")):
        actor_names[row["id"]] = row["name"]
        if row["name"] not in NOT_ACTOR:
            alias_to_actor[row["name"]] = row["id"]
    actor_names.setdefault("UN", "United Nations")
    actor_names.setdefault("EU", "European Union")
    actor_names.setdefault("NATO", "NATO")
    for ident, aliases in ALIASES.items():
        for alias in aliases:
            alias_to_actor[alias] = ident
    for bad in NOT_ACTOR:
        alias_to_actor.pop(bad, None)
    # case-sensitive: "US" the country, not "us" the pronoun; allow a possessive
    actor_regex = re.compile(r"(?<![\w.-])(?<!Gulf of )(" + _alternation(list(alias_to_actor)) + r")(?![\w-])")

    people: dict[str, Person] = {}
    for row in _csv_rows((lib / "gazetteer" / "people.csv").read_text(encoding="utf-8")):
        person = people.get(row["name"])
        if person is None:
            names = [row["name"]] + [a for a in row["aliases"].split("|") if a]
            person = people[row["name"]] = Person(row["name"], names)
        start = _date(row["start"])
        assert start is not None, row
        person.offices.append(
            Office(
                row["title"],
                row["office"],
                row["actor"],
                start,
                _date(row["end"]),
                row["source_url"] or None,
                row["confidence"],
            )
        )
    name_to_person: dict[str, Person] = {}
    for person in people.values():
        for name in person.names:
            name_to_person[name] = person
            last = name.split()[-1]
            name_to_person.setdefault(last, person)
        name_to_person.setdefault(person.surname, person)
    person_regex = re.compile(r"(?<![\w-])(" + _alternation(list(name_to_person)) + r")(?![\w-])")

    elections = [
        Election(r["actor"], r["label"], dt.date.fromisoformat(r["date"]))
        for r in _csv_rows((lib / "gazetteer" / "elections.csv").read_text(encoding="utf-8"))
    ]
    spans: dict[str, dict[str, list[tuple[dt.date, dt.date | None]]]] = {}
    for r in _csv_rows((lib / "memberships.csv").read_text(encoding="utf-8")):
        joined = dt.date.fromisoformat(r["joined"])
        spans.setdefault(r["organisation"], {}).setdefault(r["actor"], []).append((joined, _date(r["left"])))
    return Gazetteer(
        actor_names, alias_to_actor, actor_regex, list(people.values()), name_to_person, person_regex, elections, spans
    )
