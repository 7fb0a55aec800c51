"""A trained event ranker: which (kind, agent) candidates of an article to report.

The rules report one event per trigger sentence and credit it to the first actor named before the
trigger; they merge every incident of an article into one. What they miss most is not the event but
its agent (the kind found, credited to another actor), and much of what they report wrongly is the
same events with the wrong agent. The ranker looks at every actor named in the article's own
reporting in a sentence with an event trigger, vetoed triggers included ("if the United States
offered", "wants any guarantee"), or with one of the kind's weaker words ("frigates", "the draft"),
and at every actor of the events the parse added. It scores each (kind, actor) from where the actor
stands against the trigger (before it, next to it, after a preposition, in a "by X" phrase, the
clause's subject), what the rules chose in that sentence and in the article, the vetoes, negation
and modal verbs before the trigger, and the actor's prominence in the article, and keeps it when
its probability reaches the threshold chosen by cross-validation over dev articles. Built with the
stance ranker by `python -m foedus.evidence.rank build DIR` (model: `event_model.json`), from dev
gold only; the trees are those of foedus.evidence.forest.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

import numpy as np

from foedus.errors import InputError, Location
from foedus.evidence.forest import Forest, choose_threshold, cross_validated, fit, verified_export

if TYPE_CHECKING:
    from pathlib import Path

    from foedus.evidence.extract import Reader

KINDS = ("deployment", "incident", "proposal", "agreement", "legislation", "statement", "sanction")
ORGS = frozenset({"NATO", "EU", "UN", "OSCE", "G7", "CSTO", "AU", "OAS"})

_PREP = re.compile(r"\b(?:for|on|over|about|against|to|with|in|into|from|at|of|toward|towards)\s+(?:the\s+)?$", re.I)
_POSS = re.compile(r"^(?:'s|’s|')")
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_NEG = re.compile(r"\b(?:not|no|never|denied|denies|deny|without|nor|n't)\b", re.I)
_MODAL = re.compile(
    r"\b(?:will|would|could|may|might|should|must|plans? to|intends? to|threaten\w*|prepared to|ready to|"
    r"expected to|set to|due to|likely)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:has|have|had|was|were|last|yesterday|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
)

_SAYS = re.compile(
    r"(?:'s|’s)?\s*(?:[\w-]+\s+){0,3}?(?:said|says|told|added|stressed|warned|argued|insisted|noted|announced)\b"
)

#: per-sentence counts, summed over the candidate's sentences and log-scaled
_COUNTS = (
    ["co", "veto_hypothetical", "veto_conditional", "veto_wished", "rule_agent", "rule_other_agent"]
    + ["before", "adjacent", "near", "prep", "poss", "by", "subj", "first", "person", "many", "neg", "modal", "past"]
    + ["lead", "question", "parse", "loose", "hints", "other_trigger", "says", "quoted"]
)
FEATURES = (
    list(_COUNTS)
    + ["rule_key", "rule_member", "rule_kind_other", "rule_kind_none", "mentions", "top", "share", "org", "RUS"]
    + [f"kind={k}" for k in KINDS]
)
_AT = {name: k for k, name in enumerate(_COUNTS)}

Key = tuple[str, str]

#: words of each kind that are not triggers on their own ("the draft", "frigates", "the package")
_HINTS = {
    kind: re.compile(rf"\b(?:{words})", re.I)
    for kind, words in {
        "deployment": r"troops|soldiers|battalion|brigade|contingent|jets|fighters?\b|F-16|F-35|Eurofighter|Gripen|"
        r"Patriot|air.defen[cs]e|frigate|warship|destroyer|corvette|minesweeper|patrol|scrambl|deploy|station|"
        r"sent|dispatch|arriv|reinforc|rotat|Eastern Sentry|Baltic Sentry",
        "incident": r"drones?\b|missile|strike|struck|attack|sabotag|cyber|hack|incursion|violat|airspace|jamm|"
        r"shell|explosi|blast|arson|balloon|damag|cut\b|severed",
        "proposal": r"plan\b|plans\b|proposal|propos|draft|blueprint|framework|roadmap|counter-?proposal|"
        r"points?\b|text\b|initiative|offer",
        "agreement": r"deal\b|agreement|accord|memorandum|signed|sign\b|agreed|treaty|pact|ceasefire",
        "legislation": r"\blaw\b|bill\b|motion|resolution|vote|voted|passed|adopted|ratif|parliament|Bundestag|"
        r"Sejm|Rada|Seimas|Riigikogu|Saeima|Congress|Senate|House of|lawmakers|MPs",
        "statement": r"statement|communiqu|declaration|joint letter",
        "sanction": r"sanction|package|designat|blacklist|asset freeze|price cap|embargo|tariff|penalt",
    }.items()
}


def candidates(reader: Reader, result: dict[str, Any]) -> tuple[list[Key], np.ndarray, dict[Key, tuple[int, int]]]:
    """Every (kind, actor) the article could report, its feature vector, and the sentence to cite for
    it (the rules' event when they found it, else the first sentence it rests on)."""
    text = reader.text
    blank = reader.blanked()
    rule_events: dict[Key, dict[str, Any]] = {}
    rule_members: set[Key] = set()
    kinds_none: set[str] = set()
    for ev in result["events"]:
        if not ev["actors"]:
            kinds_none.add(ev["kind"])
            continue
        rule_events.setdefault((ev["kind"], ev["actors"][0]), ev)
        rule_members.update((ev["kind"], a) for a in ev["actors"][1:])
    counts: dict[Key, np.ndarray] = {}
    cite: dict[Key, tuple[int, int]] = {k: (ev["span"][0], ev["span"][1]) for k, ev in rule_events.items()}
    # sentences to look at: each trigger found, and each event the parse or the rules cite elsewhere
    sites: list[tuple[int, int, str, int | None, str]] = [
        (s, e, k, ts, veto) for s, e, k, ts, _, veto in reader.triggers
    ]
    seen = {(s, k) for s, _, k, _, _ in sites}
    for ev in result["events"]:
        s, e = ev["span"]
        if (s, ev["kind"]) not in seen:
            sites.append((s, e, ev["kind"], None, "parse"))
            seen.add((s, ev["kind"]))
    starts = reader.sent_starts
    n_hints: dict[tuple[int, str], int] = {}
    for kind, rx in _HINTS.items():  # the kind's words without a trigger: "the Coalition's draft", "frigates"
        for m in rx.finditer(blank):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or m.start() >= reader.sents[i][1]:
                continue
            s, e = reader.sents[i]
            n_hints[(s, kind)] = n_hints.get((s, kind), 0) + 1
            if (s, kind) not in seen:
                sites.append((s, e, kind, m.start(), "loose"))
                seen.add((s, kind))
    trigger_kinds: dict[int, set[str]] = {}
    for s, _, k, _, _, _ in reader.triggers:
        trigger_kinds.setdefault(s, set()).add(k)
    # every actor named in the article's own reporting: (start, end, actor, named by a person)
    named = [(st, en, a, False) for st, en, a in reader.actor_hits if blank[st] != " "]
    named += [(m.start, m.end, m.actor, True) for m in reader.mentions if m.actor and blank[m.start] != " "]
    named.sort()
    named_at = [n[0] for n in named]
    subjects: dict[int, str | None] = {}
    index = {s: i for i, (s, _) in enumerate(reader.sents)}
    for s, e, kind, trig, veto in sites:
        sent = text[s:e]
        hits = named[bisect_left(named_at, s) : bisect_left(named_at, e)]
        if not hits:
            continue
        if s not in subjects:
            subjects[s] = reader._subject(s, e, s, e)
        at = trig if trig is not None else s
        before_trig = text[max(s, at - 40) : at]
        shared = np.zeros(len(_COUNTS))
        shared[_AT["co"]] = 1
        if veto:
            shared[_AT[veto if veto in ("parse", "loose") else "veto_" + veto]] = 1
        shared[_AT["many"]] = len({h[2] for h in hits}) > 2
        shared[_AT["neg"]] = bool(_NEG.search(before_trig))
        shared[_AT["modal"]] = bool(_MODAL.search(before_trig))
        shared[_AT["past"]] = bool(_PAST.search(sent))
        shared[_AT["lead"]] = index.get(s, 99) < 3
        shared[_AT["question"]] = "?" in sent
        shared[_AT["hints"]] = n_hints.get((s, kind), 0)
        shared[_AT["other_trigger"]] = any(k != kind for k in trigger_kinds.get(s, ()))
        shared[_AT["quoted"]] = blank[s:e] != sent
        rule_agent = reader.trigger_agent.get((s, kind)) if trig is not None else None
        done: set[str] = set()
        for st, en, actor, by_person in hits:
            if actor in done:
                continue
            done.add(actor)
            key = (kind, actor)
            row = shared.copy()
            row[_AT["rule_agent"]] = rule_agent == actor
            row[_AT["rule_other_agent"]] = rule_agent is not None and rule_agent != actor
            row[_AT["before"]] = st < at
            row[_AT["adjacent"]] = 0 <= at - en <= 3
            row[_AT["near"]] = abs(at - st) < 40
            row[_AT["prep"]] = bool(_PREP.search(text[max(s, st - 14) : st]))
            row[_AT["by"]] = bool(_BY.search(text[max(s, st - 10) : st]))
            row[_AT["poss"]] = bool(_POSS.match(text[en : en + 2]))
            row[_AT["subj"]] = subjects[s] == actor
            row[_AT["first"]] = st == hits[0][0]
            row[_AT["person"]] = by_person
            row[_AT["says"]] = bool(_SAYS.match(text, en))
            if key in counts:
                counts[key] += row
            else:
                counts[key] = row
            cite.setdefault(key, (s, e))
    keys = list(counts)
    rows = np.zeros((len(keys), len(FEATURES)))
    if not keys:
        return keys, rows, cite
    n = len(_COUNTS)
    rows[:, :n] = np.log1p(np.stack([counts[k] for k in keys]))
    mentions: dict[str, int] = {}
    for _, _, a in reader.actor_hits:
        mentions[a] = mentions.get(a, 0) + 1
    for mention in reader.mentions:
        if mention.actor:
            mentions[mention.actor] = mentions.get(mention.actor, 0) + 1
    total = sum(mentions.values()) or 1
    top = max(mentions.values(), default=0)
    rule_kinds: dict[str, set[str]] = {}
    for kind, actor in rule_events:
        rule_kinds.setdefault(kind, set()).add(actor)
    for r, (kind, actor) in enumerate(keys):
        rows[r, n] = (kind, actor) in rule_events
        rows[r, n + 1] = (kind, actor) in rule_members
        rows[r, n + 2] = bool(rule_kinds.get(kind, set()) - {actor})
        rows[r, n + 3] = kind in kinds_none
        rows[r, n + 4] = np.log1p(mentions.get(actor, 0))
        rows[r, n + 5] = mentions.get(actor, 0) == top
        rows[r, n + 6] = mentions.get(actor, 0) / total
        rows[r, n + 7] = actor in ORGS
        rows[r, n + 8] = actor == "RUS"
        rows[r, n + 9 + KINDS.index(kind)] = 1
    return keys, rows, cite


def apply(reader: Reader, result: dict[str, Any], forest: Forest) -> None:
    """Replace the article's events with the candidates the ranker keeps (in place); the rules'
    events of fallback_kinds stay, without an agent, when the ranker keeps nothing of their kind."""
    keys, x, cite = candidates(reader, result)
    if not keys:
        return
    p = forest.proba(x)
    ruled = {(ev["kind"], ev["actors"][0]): ev for ev in result["events"] if ev["actors"]}
    out: list[dict[str, Any]] = []
    for key, prob in zip(keys, p, strict=True):
        if prob < forest.threshold:
            continue
        ev = ruled.get(key) or event_item(reader, key, cite[key])
        ev["confidence"] = round(float(prob), 2)
        out.append(ev)
    judged = set(keys)  # an author the rules found outside the sentence ("its plan", "the 28-point plan") stays
    out += [ev for ev in result["events"] if ev["actors"] and (ev["kind"], ev["actors"][0]) not in judged]
    kept_kinds = {ev["kind"] for ev in out}
    for ev in result["events"]:
        if ev["kind"] in kept_kinds or ev["kind"] not in fallback_kinds(result):
            continue
        kept_kinds.add(ev["kind"])
        # the rules' event stays, its agent unknown: "a grain terminal was struck" names the victim
        out.append({**ev, "actors": [], "incident": None} if ev["actors"] else ev)
    result["events"] = sorted(out, key=lambda ev: (ev["span"][0], ev["kind"]))


def fallback_kinds(result: dict[str, Any]) -> set[str]:
    """The kinds of event the rules found that stay, without an agent, when the ranker keeps none of
    that kind: those the rules found no actor for, and incidents (an attack is news without an
    attacker; a proposal or deployment without its author is not)."""
    return {ev["kind"] for ev in result["events"] if not ev["actors"] or ev["kind"] == "incident"}


def event_item(reader: Reader, key: Key, span: tuple[int, int]) -> dict[str, Any]:
    """An event record for a candidate the rules did not report: its agent first, then the other
    actors of the sentence it rests on."""
    kind, agent = key
    s, e = span
    blank = reader.blanked()
    acts = [a for st, _, a in reader.actor_hits if s <= st < e and blank[st] != " "]
    acts += [m.actor for m in reader.mentions if s <= m.start < e and m.actor and blank[m.start] != " "]
    acts = [agent] + [a for a in dict.fromkeys(acts) if a != agent]
    return {
        "kind": kind,
        "actors": acts,
        "summary": " ".join(reader.text[s:e].split())[:240],
        "incident": reader._incident(blank[s:e], acts) if kind == "incident" else None,
        "span": [s, e],
        "confidence": None,
    }


def _truth(gold: dict[str, Any]) -> tuple[set[Key], set[str]]:
    """The gold (kind, agent) pairs, and the kinds whose gold agent is unknown (any agent matches)."""
    keys = {(g["kind"], g["agent"]) for g in gold.get("events") or [] if g.get("agent")}
    return keys, {g["kind"] for g in gold.get("events") or [] if not g.get("agent")}


def _score(pred: set[Key], none_kinds: set[str], truth: set[Key], any_kinds: set[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) as the evaluator counts them: a gold event without agent matches one leftover
    prediction of its kind."""
    tp = len(pred & truth)
    left = [k for k, _ in pred - truth] + list(none_kinds)
    for kind in any_kinds:
        if kind in left:
            left.remove(kind)
            tp += 1
    return tp, len(left), len(truth) + len(any_kinds) - tp


def build(directory: Path, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Train on the dev articles' gold events; choose the threshold by leave-articles-out
    cross-validation (articles: the labelled articles' candidates, as rank.dev_readings gives them)."""
    from foedus.evidence.rank import dev_readings

    arts = []
    for gold, reader, result in dev_readings(directory):
        keys, x, _ = candidates(reader, result)
        truth, any_kinds = _truth(gold)
        rules = {(ev["kind"], ev["actors"][0]) for ev in result["events"] if ev["actors"]}
        none_kinds = fallback_kinds(result)
        agentless = {ev["kind"] for ev in result["events"] if not ev["actors"]}
        # a kind with an unknown gold agent teaches nothing about agents: left out of training
        mask = np.array([k[0] not in any_kinds for k in keys], dtype=bool)
        y = np.array([k in truth for k in keys], dtype=int)
        arts.append((keys, x, y, mask, truth, any_kinds, rules, none_kinds, agentless))

    def score_at(probs: list[np.ndarray], t: float) -> tuple[int, int, int]:
        tp = fp = fn = 0
        for (keys, _, _, _, truth, any_kinds, rules, none_kinds, _), p in zip(arts, probs, strict=True):
            pred = {k for k, q in zip(keys, p, strict=True) if q >= t} | (rules - set(keys))
            left_none = none_kinds - {k for k, _ in pred}
            a, b, c = _score(pred, left_none, truth, any_kinds)
            tp, fp, fn = tp + a, fp + b, fn + c
        return tp, fp, fn

    if sum(int(a[3].sum()) for a in arts) == 0:
        raise InputError(
            "no event candidates to train on",
            Location(str(directory)),
            "a directory of labelled articles (NAME.txt with NAME.gold.yaml, `split: dev`) reporting events",
        )
    train_rows = [(a[1][a[3]], a[2][a[3]]) for a in arts]
    probs = cross_validated(train_rows, [a[1] for a in arts], folds, seed)
    best, curve = choose_threshold(lambda t: score_at(probs, t))
    rules_cv = [0, 0, 0]
    for _, _, _, _, truth, any_kinds, rules, _, agentless in arts:
        for j, v in enumerate(_score(rules, agentless, truth, any_kinds)):
            rules_cv[j] += v
    x_all = np.vstack([r[0] for r in train_rows if len(r[0])])
    y_all = np.concatenate([r[1] for r in train_rows if len(r[0])])
    clf = fit(x_all, y_all, seed)
    baseline, trees = verified_export(clf, x_all, best[0])
    from foedus.evidence.evaluate import prf

    rp = prf(*rules_cv)
    n_gold = sum(len(a[4]) + len(a[5]) for a in arts)
    covered = sum(len(a[4] & set(a[0])) for a in arts)
    return {
        "about": "event ranker: see foedus/evidence/event_rank.py; built by `python -m foedus.evidence.rank build`",
        "trained_on": f"{len(arts)} dev articles, {sum(len(a[0]) for a in arts)} candidates, {n_gold} gold events "
        f"({sum(len(a[5]) for a in arts)} without an agent); {covered} of those with an agent among the candidates",
        "cross_validation": {
            "folds": folds,
            "seed": seed,
            "rules": {"P": round(rp[0], 3), "R": round(rp[1], 3), "F1": round(rp[2], 3)},
            "ranker": {"threshold": best[0], "P": round(best[1], 3), "R": round(best[2], 3), "F1": round(best[3], 3)},
        },
        "features": FEATURES,
        "threshold": best[0],
        "baseline": baseline,
        "trees": trees,
    }


def load(path: Path) -> Forest:
    return Forest.load(path, FEATURES, "event-ranker")
