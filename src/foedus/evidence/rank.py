"""A trained stance ranker: which (actor, issue, direction) candidates of an article to report.

The rules find a stance where a cue governs an issue phrase and the actor is the clause's subject or
the quote's speaker. What they miss most is not the issue but the actor (the other states of "Britain
and France are assembling the force", "led by London and Paris") and what they get wrong most is
the direction. The ranker looks at every actor that shares a sentence with an issue hint, with every
direction, and scores the candidate from what the rules found in that sentence and around it (the
same stance, the same issue for another actor or in another direction), where the actor stands
(speaker, subject, after a preposition, in a list), the cue words between the actor and the issue
phrase and their polarity. It keeps a candidate when its probability reaches the threshold chosen
by cross-validation over dev articles; the rules' own stances are candidates too, so it can also drop
them.

The model is a gradient-boosted tree ensemble (foedus.evidence.forest: scikit-learn at build time,
plain JSON `rank_model.json` and numpy at run time). This module also holds what the reader runs:
`Rankers` (this one and the event ranker of foedus.evidence.event_rank), their on/off switch and
`python -m foedus.evidence.rank build DIR`, which trains both from the dev articles' gold (article
level: a candidate is positive when the gold lists its key); never from held-out text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from foedus.errors import InputError, Location
from foedus.evidence import cues
from foedus.evidence import lexicon as lx
from foedus.evidence.forest import Forest, choose_threshold, cross_validated, fit, verified_export
from foedus.evidence.morph import is_negator, tokens
from foedus.evidence.switch import Switch

if TYPE_CHECKING:
    from foedus.evidence.extract import Reader

MODEL = Path(__file__).with_name("rank_model.json")
EVENT_MODEL = Path(__file__).with_name("event_model.json")
DIRECTIONS = ("support", "oppose", "shift")
ISSUES = tuple(lx.ISSUE_HINT_RE)

_NEG = re.compile(
    r"\b(not|no|never|n't|cannot|won't|refus\w*|reject\w*|oppos\w*|against|unacceptable|red line|rul\w+ out)\b", re.I
)
_SUP = re.compile(
    r"\b(back\w*|support\w*|endors\w*|welcom\w*|ready to|prepared to|willing|lead\w*|led|assembl\w*|commit\w*|"
    r"contribut\w*|push\w*|favou?r\w*|call\w* for|demand\w*|insist\w*)\b",
    re.I,
)
_SHIFT = re.compile(
    r"\b(soften\w*|signal\w*|flexib\w*|reconsider\w*|open to|could accept|may accept|compromise|shift\w*|no longer)\b",
    re.I,
)
_PREP = re.compile(r"\b(by|with|from|to|against|on|for)\s*(the\s*)?$", re.I)
_LISTED = re.compile(r"(\band|,)\s*$")

#: per-sentence counts, summed over the candidate's sentences and log-scaled
_COUNTS = (
    ["co", "rule_here", "rule_otherdir_here", "other_same", "other_diff", "spk", "subj", "inq", "prep", "listed"]
    + ["before", "neg_between", "neg", "sup_between", "shift", "many", "w_p", "w_m", "w_z", "w_neg", "s_p", "s_m"]
    + ["s_z", "s_neg", "pol_1", "pol_-1", "pol_2", "pol_0", "agree_sup", "agree_opp"]
)
FEATURES = (
    list(_COUNTS)
    + ["rule_anywhere", "rule_otherdir_anywhere", "rule_other_actor_anywhere"]
    + [f"issue={i}" for i in ISSUES]
    + [f"dir={d}" for d in DIRECTIONS]
    + [f"{i}|{d}" for i in ISSUES for d in DIRECTIONS]
)


def _cues(text: str, offset: int) -> list[tuple[int, str]]:
    """(position, kind) of each cue verb by signed polarity (p: support, m: oppose, z: shift) and of
    each negator in a sentence."""
    toks = tokens(text, offset)
    out: list[tuple[int, str]] = []
    may_cue = cues._may_cue
    for i, tok in enumerate(toks):
        if is_negator(tok):
            out.append((tok.start, "neg"))
        if not may_cue(tok.low):  # most words (the check cue_at starts with, without the call)
            continue
        cue = cues.cue_at(toks, i)
        if cue is None:
            continue
        sign = -cue[0] if cues._negated_before(toks, i) else cue[0]
        out.append((tok.start, "p" if sign > 0 else "m" if sign < 0 else "z"))
    return out


Key = tuple[str, str, str]


_AT = {name: k for k, name in enumerate(_COUNTS)}


def candidates(reader: Reader, result: dict[str, Any]) -> tuple[list[Key], np.ndarray, dict[Key, tuple[int, int]]]:
    """Every (actor, issue, direction) the article could state, its feature vector, and the sentence
    to cite for it (the rules' evidence when they found it, else the first sentence it rests on)."""
    text = reader.text
    rule: dict[Key, list[tuple[int, int]]] = {}
    for st in result["stances"]:
        rule.setdefault((st["actor"], st["issue"], st["direction"]), []).append(tuple(st["evidence"]))  # type: ignore[arg-type]
    shared_by_pair: dict[tuple[str, str], np.ndarray] = {}  # counts that do not depend on the direction
    by_direction: dict[Key, list[int]] = {k: [0, 0, 0, 0] for k in rule}  # the rules' findings in the sentences
    cite: dict[Key, tuple[int, int]] = {k: v[0] for k, v in rule.items()}
    hinted: dict[int, dict[str, int]] = {}  # sentence -> issue -> where its first hint word is
    for issue in ISSUES:
        for i, at in reader.hinted_sentences(issue).items():
            hinted.setdefault(i, {})[issue] = at
    every_hit = sorted(
        [(a, x) for a, _, x in reader.actor_hits] + [(m.start, m.actor) for m in reader.mentions if m.actor]
    )
    hit_starts = [a for a, _ in every_hit]
    for i in sorted(hinted):
        s, e = reader.sents[i]
        sent = text[s:e]
        acts = reader.sentence_actors(s, e)
        first = s + (len(sent) - len(sent.lstrip()))
        qspan = reader.in_quote(first)
        speaker = reader.quote_actor(qspan) if qspan is not None else None
        if speaker and speaker not in acts:
            acts.append(speaker)
        if not acts:
            continue
        subject = reader._subject(s, e, s, e)
        here = {k for k, spans in rule.items() for a, _ in spans if s <= a < e}
        hits = every_hit[bisect_left(hit_starts, s) : bisect_left(hit_starts, e)]
        found = _cues(sent, s)
        shared = np.zeros(len(_COUNTS))
        shared[_AT["co"]] = 1
        shared[_AT["inq"]] = qspan is not None
        negs = [m.start() for m in _NEG.finditer(sent)]
        sups = [m.start() for m in _SUP.finditer(sent)]
        shared[_AT["neg"]] = bool(negs)
        shared[_AT["shift"]] = bool(_SHIFT.search(sent))
        shared[_AT["many"]] = len(acts) > 2
        for _, kind in found:
            shared[_AT["s_" + kind]] += 1
        phrases = reader.issue_phrases.get(i, {})
        for issue, hint_at in hinted[i].items():
            at = hint_at - s
            polarity = phrases[issue][0][2] if issue in phrases else 0
            for actor in acts:
                where = [a - s for a, x in hits if x == actor] or [0]
                pos = min(where, key=lambda p: abs(p - at))
                lo, hi = min(pos, at), max(pos, at)
                pre = sent[max(0, pos - 12) : pos]
                base = shared.copy()
                lean = 0
                for where_cue, kind in found:
                    if s + lo <= where_cue < s + hi:
                        base[_AT["w_" + kind]] += 1
                        lean += 1 if kind == "p" else -1 if kind == "m" else 0
                lean *= 1 if polarity == 1 else -1 if polarity == -1 else 0
                base[_AT["spk"]] = speaker == actor
                base[_AT["subj"]] = subject == actor
                base[_AT["prep"]] = bool(_PREP.search(pre))
                base[_AT["listed"]] = bool(_LISTED.search(pre))
                base[_AT["before"]] = pos < at
                base[_AT["neg_between"]] = any(lo <= p < hi for p in negs)
                base[_AT["sup_between"]] = any(lo <= p < hi for p in sups)
                base[_AT[f"pol_{polarity}"]] = 1
                base[_AT["agree_sup"]] = lean > 0
                base[_AT["agree_opp"]] = lean < 0
                pair = (actor, issue)
                if pair in shared_by_pair:
                    shared_by_pair[pair] += base
                else:
                    shared_by_pair[pair] = base
                mine = {k[2] for k in here if k[0] == actor and k[1] == issue}
                others = {k[2] for k in here if k[0] != actor and k[1] == issue}
                for direction in DIRECTIONS:
                    key = (actor, issue, direction)
                    own = by_direction.setdefault(key, [0, 0, 0, 0])
                    cite.setdefault(key, (s, e))
                    own[0] += direction in mine
                    own[1] += bool(mine - {direction})
                    own[2] += direction in others
                    own[3] += bool(others - {direction})
    keys = list(by_direction)
    rows = np.zeros((len(keys), len(FEATURES)))
    if not keys:
        return keys, rows, cite
    n = len(_COUNTS)
    none = np.zeros(n)
    rows[:, :n] = np.stack([shared_by_pair.get(k[:2], none) for k in keys])
    rows[:, [_AT["rule_here"], _AT["rule_otherdir_here"], _AT["other_same"], _AT["other_diff"]]] = [
        by_direction[k] for k in keys
    ]
    rows[:, :n] = np.log1p(rows[:, :n])
    issue_at = {x: k for k, x in enumerate(ISSUES)}
    directions_of: dict[tuple[str, str], set[str]] = {}  # the rules' directions per actor and issue
    actors_of: dict[tuple[str, str], set[str]] = {}  # the rules' actors per issue and direction
    for who, what, way in rule:
        directions_of.setdefault((who, what), set()).add(way)
        actors_of.setdefault((what, way), set()).add(who)
    for r, (actor, issue, direction) in enumerate(keys):
        rows[r, n] = (actor, issue, direction) in rule
        rows[r, n + 1] = bool(directions_of.get((actor, issue), set()) - {direction})
        rows[r, n + 2] = bool(actors_of.get((issue, direction), set()) - {actor})
        d = DIRECTIONS.index(direction)
        rows[r, n + 3 + issue_at[issue]] = 1
        rows[r, n + 3 + len(ISSUES) + d] = 1
        rows[r, n + 3 + len(ISSUES) + len(DIRECTIONS) + issue_at[issue] * len(DIRECTIONS) + d] = 1
    return keys, rows, cite


@dataclass(frozen=True)
class Rankers:
    """The trained rankers the reader runs after its rules: stances, and events when built."""

    stances: Forest
    events: Forest | None


def load(stances: Path = MODEL, events: Path = EVENT_MODEL) -> Rankers:
    from foedus.evidence import event_rank

    return Rankers(
        Forest.load(stances, FEATURES, "stance-ranker"), event_rank.load(events) if events.exists() else None
    )


switch: Switch[Rankers] = Switch(lambda: load() if MODEL.exists() else None, setting=True)
#: False: report the rules' stances and events as they are (for comparison); True: rank them (default)
configure = switch.configure
#: run the reader with these rankers (or none: the rules' stances and events as they are)
using = switch.using
active = switch.active


def apply(reader: Reader, result: dict[str, Any], rankers: Rankers) -> None:
    """Replace the article's stances and events with the candidates the rankers keep (in place)."""
    if rankers.events is not None:
        from foedus.evidence import event_rank

        event_rank.apply(reader, result, rankers.events)
    apply_stances(reader, result, rankers.stances)


def apply_stances(reader: Reader, result: dict[str, Any], forest: Forest) -> None:
    """Replace the article's stances with the candidates the stance ranker keeps (in place)."""
    keys, x, cite = candidates(reader, result)
    if not keys:
        return
    p = forest.proba(x)
    from foedus.evidence.extract import stance_item

    kept = {(st["actor"], st["issue"], st["direction"]): st for st in result["stances"]}
    out = []
    for key, prob in zip(keys, p, strict=True):
        if prob < forest.threshold:
            continue
        st = kept.get(key) or stance_item(key[0], key[1], key[2], cite[key], 0.5)
        st["confidence"] = round(float(prob), 2)
        out.append(st)
    result["stances"] = out


# ---------------------------------------------------------------- training (needs scikit-learn)
def dev_readings(directory: Path) -> Iterator[tuple[dict[str, Any], Reader, dict[str, Any]]]:
    """(gold, reader, result) of each dev article of `directory`, read by the rules (and the parse
    when it is on) without the rankers or the embeddings: what the rankers see at run time."""
    from foedus.evidence import embed, extract
    from foedus.evidence.evaluate import labelled_articles
    from foedus.evidence.loader import load_article

    with using(None), embed.using(None):
        for path, gold in labelled_articles(directory, "dev"):
            art = load_article(path)
            captured: dict[str, Any] = {}
            result = extract.read_text(art.text, art.name, str(gold["date"]), art.meta_date, keep_reader=captured)
            yield gold, captured["reader"], result


def build(directory: Path, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Train on the dev articles; choose the threshold by leave-articles-out cross-validation."""
    from foedus.evidence import nlp
    from foedus.evidence.evaluate import prf

    arts = []
    for gold, reader, result in dev_readings(directory):
        keys, x, _ = candidates(reader, result)
        truth = {(s["actor"], s["issue"], s["direction"]) for s in gold.get("stances") or []}
        rules = {(s["actor"], s["issue"], s["direction"]) for s in result["stances"]}
        arts.append((keys, x, np.array([k in truth for k in keys], dtype=int), truth, rules))
    if sum(len(a[0]) for a in arts) == 0:
        raise InputError(
            "no stance candidates to train on",
            Location(str(directory)),
            "a directory of labelled articles (NAME.txt with NAME.gold.yaml, `split: dev`) naming actors and issues",
        )
    probs = cross_validated([(a[1], a[2]) for a in arts], [a[1] for a in arts], folds, seed)

    def counts_at(t: float) -> tuple[int, int, int]:
        tp = fp = fn = 0
        for (keys, _, _, truth, _), p in zip(arts, probs, strict=True):
            pred = {k for k, q in zip(keys, p, strict=True) if q >= t}
            tp, fp, fn = tp + len(pred & truth), fp + len(pred - truth), fn + len(truth - pred)
        return tp, fp, fn

    best, _ = choose_threshold(counts_at)
    rtp = sum(len(a[3] & a[4]) for a in arts)
    baseline_cv = prf(rtp, sum(len(a[4] - a[3]) for a in arts), sum(len(a[3] - a[4]) for a in arts))
    x_all = np.vstack([a[1] for a in arts if len(a[0])])
    clf = fit(x_all, np.concatenate([a[2] for a in arts if len(a[0])]), seed)
    baseline, trees = verified_export(clf, x_all, best[0])
    return {
        "about": "stance ranker: see foedus/evidence/rank.py; built by `python -m foedus.evidence.rank build`",
        "trained_on": f"{len(arts)} dev articles, {sum(len(a[0]) for a in arts)} candidates, "
        f"{sum(len(a[3]) for a in arts)} gold stances, {sum(len(a[3] & set(a[0])) for a in arts)} of them among "
        f"the candidates; nlp parse {'on' if nlp.active() else 'off'}",
        "cross_validation": {
            "folds": folds,
            "seed": seed,
            "rules": {"P": round(baseline_cv[0], 3), "R": round(baseline_cv[1], 3), "F1": round(baseline_cv[2], 3)},
            "ranker": {"threshold": best[0], "P": round(best[1], 3), "R": round(best[2], 3), "F1": round(best[3], 3)},
        },
        "features": FEATURES,
        "threshold": best[0],
        "baseline": baseline,
        "trees": trees,
    }


def main(argv: list[str] | None = None) -> int:
    from foedus.evidence import event_rank

    ap = argparse.ArgumentParser(prog="python -m foedus.evidence.rank", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="train both rankers on the dev articles of DIR and write their models")
    b.add_argument("directory", type=Path)
    b.add_argument("--stances", type=Path, default=MODEL, help="where to write the stance ranker")
    b.add_argument("--events", type=Path, default=EVENT_MODEL, help="where to write the event ranker")
    b.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    for what, builder, out in (("stances", build, args.stances), ("events", event_rank.build, args.events)):
        model = builder(args.directory, seed=args.seed)
        out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(what, json.dumps({k: model[k] for k in ("trained_on", "cross_validation", "threshold")}, indent=1))
    return 0


if __name__ == "__main__":  # run the imported module, whose state the reader consults
    from foedus.evidence import rank as _rank

    sys.exit(_rank.main())
