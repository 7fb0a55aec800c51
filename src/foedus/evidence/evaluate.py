"""Precision, recall and F1 per field on the labelled articles (tests/evidence/articles).

Each article `NAME.{txt,md,html}` has gold labels in `NAME.gold.yaml`:

    split: dev | heldout      # heldout articles were written after the extractor was frozen
                              # (h*: held out in round 1, dev since; n*: held out in round 2)
    date: 2025-11-23
    actors: [UKR, USA]
    quotes: [{speaker: Kaja Kallas, text: "a prefix of the quote"}]   # (unnamed) for anonymous
    events: [{kind: proposal, agent: USA}]                             # agent null: any
    stances: [{actor: UKR, issue: nato, direction: support}]
    flags: [{kind: anachronism, text: "text inside the flagged span"}]

Matching: actors as sets of ids; a quote matches when the texts overlap (one contains the
other's first 25 characters) and the speakers agree (same name or surname; both unnamed);
events on (kind, agent); stances on (actor, issue, direction); a flag when the kind agrees and
its span overlaps an occurrence of the gold text. Run: python -m foedus.evidence.evaluate DIR
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.optimize import linear_sum_assignment

from foedus.evidence import read_article

FIELDS = ["actors", "quotes", "quote-speakers", "events", "stances", "flags"]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", "", re.sub(r"\s+", " ", text)).strip()


def _same_speaker(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if gold.startswith("(unnamed)") or pred.startswith("(unnamed)"):
        return gold.startswith("(unnamed)") and pred.startswith("(unnamed)")
    g, p = _norm(gold), _norm(pred)
    return g == p or g.split()[-1] == p.split()[-1]


def _text_match(gold: str, pred: str) -> bool:
    g, p = _norm(gold)[:25], _norm(pred)
    return bool(g) and (g in p or p[:25] in _norm(gold))


def _assign(golds: list[Any], preds: list[Any], score: Callable[[Any, Any], float]) -> int:
    """The number of matched pairs in an optimal one-to-one assignment of gold to predicted items.

    `score(g, p)` is 0 when the pair cannot match, else a positive weight (e.g. 1 plus the span
    overlap); the assignment maximises first the number of pairs, then the total weight. A greedy
    pass in label order can take a prediction that a later label needed (two flags of different
    kinds whose spans overlap one label each); this cannot.
    """
    if not golds or not preds:
        return 0
    w = np.array([[float(score(g, p)) for p in preds] for g in golds])
    ok = w > 0
    if not ok.any():
        return 0
    # a match is worth more than any difference in weight: pairs first, weight as tie-break
    big = 1.0 + float(w.max()) * max(len(golds), len(preds))
    rows, cols = linear_sum_assignment(np.where(ok, big + w, 0.0), maximize=True)
    return int(ok[rows, cols].sum())


def score_article(
    path: Path, gold: dict[str, Any], ev: dict[str, Any] | None = None
) -> tuple[dict[str, tuple[int, int, int]], dict[str, Any]]:
    if ev is None:
        ev = read_article(path, date=str(gold["date"]) if gold.get("date") else None)
    text_len = None
    out: dict[str, tuple[int, int, int]] = {}
    ga, pa = set(gold.get("actors") or []), {a["id"] for a in ev["actors"]}
    out["actors"] = (len(ga & pa), len(pa - ga), len(ga - pa))
    gq, pq = gold.get("quotes") or [], ev["quotes"]
    tp = _assign(gq, pq, lambda g, p: _text_match(g["text"], p["text"]))
    out["quotes"] = (tp, len(pq) - tp, len(gq) - tp)
    tp = _assign(gq, pq, lambda g, p: _text_match(g["text"], p["text"]) and _same_speaker(g["speaker"], p["speaker"]))
    out["quote-speakers"] = (tp, len(pq) - tp, len(gq) - tp)
    ge, pe = gold.get("events") or [], ev["events"]
    tp = _assign(
        ge, pe, lambda g, p: g["kind"] == p["kind"] and (g.get("agent") is None or (p["actors"][:1] == [g["agent"]]))
    )
    out["events"] = (tp, len(pe) - tp, len(ge) - tp)
    gs, ps = gold.get("stances") or [], ev["stances"]
    tp = _assign(
        gs, ps, lambda g, p: (g["actor"], g["issue"], g["direction"]) == (p["actor"], p["issue"], p["direction"])
    )
    out["stances"] = (tp, len(ps) - tp, len(gs) - tp)
    from foedus.evidence.loader import load_article

    body = load_article(path).text
    text_len = len(body)

    gf, pf = gold.get("flags") or [], ev["flags"]
    tp = _assign(gf, pf, lambda g, p: flag_overlap(g, p, body))
    out["flags"] = (tp, len(pf) - tp, len(gf) - tp)
    return out, {"evidence": ev, "chars": text_len}


def flag_overlap(g: dict[str, Any], p: dict[str, Any], body: str) -> float:
    """0 unless the kinds agree and the flag's span overlaps an occurrence of the gold text; else
    1 plus the share of the flag's span that the gold text covers (a tighter span weighs more)."""
    if g["kind"] != p["kind"]:
        return 0.0
    ps, pe = p["span"]
    best = 0.0
    for m in re.finditer(re.escape(g["text"]), body):
        inter = min(pe, m.end()) - max(ps, m.start())
        if inter > 0:
            best = max(best, 1.0 + inter / max(pe - ps, 1))
    return best


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def labelled_articles(directory: Path, split: str | None = None, names: str = "*") -> list[tuple[Path, dict[str, Any]]]:
    """(article file, gold) of each labelled article in the directory, in name order; `split`: only
    that split (dev, heldout); `names`: a glob on the file name."""
    out = []
    for gold_path in sorted(directory.glob(names + ".gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        if split and gold.get("split") != split:
            continue
        stem = gold_path.name[: -len(".gold.yaml")]
        art = next((p for p in directory.glob(stem + ".*") if not p.name.endswith(".gold.yaml")), None)
        if art is not None:
            out.append((art, gold))
    return out


def evaluate(directory: Path, split: str | None = None, verbose: bool = False, names: str = "*") -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    articles = 0
    clean_false_alarms = 0
    clean_articles = 0
    for art, gold in labelled_articles(directory, split, names):
        scores, info = score_article(art, gold)
        articles += 1
        for k, v in scores.items():
            for i in range(3):
                totals[k][i] += v[i]
        if not gold.get("flags"):
            clean_articles += 1
            clean_false_alarms += scores["flags"][1]
        if verbose:
            bad = {k: v for k, v in scores.items() if v[1] or v[2]}
            if bad:
                print(f"{art.name}: " + ", ".join(f"{k} fp={v[1]} fn={v[2]}" for k, v in bad.items()), file=sys.stderr)
    report: dict[str, Any] = {"split": split or "all", "articles": articles, "fields": {}}
    for k in FIELDS:
        tp, fp, fn = totals[k]
        p, r, f = prf(tp, fp, fn)
        report["fields"][k] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    report["flag_false_alarms_per_article"] = round(totals["flags"][1] / max(articles, 1), 3)
    report["clean_articles"] = clean_articles
    report["false_alarms_on_clean_articles"] = clean_false_alarms
    return report


def markdown(reports: list[dict[str, Any]]) -> str:
    lines = [
        "| field | " + " | ".join(f"{r['split']} P | R | F1" for r in reports) + " |",
        "|---|" + "---:|---:|---:|" * len(reports),
    ]
    for k in FIELDS:
        cells = []
        for r in reports:
            f = r["fields"][k]
            cells += [f"{f['precision']:.2f}", f"{f['recall']:.2f}", f"{f['f1']:.2f}"]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path, nargs="?", default=Path("tests/evidence/articles"))
    ap.add_argument("--split", default=None, help="dev, heldout or all (default: each and all)")
    ap.add_argument("--format", default="md", choices=["md", "json"])
    ap.add_argument("--names", default="*", help="only articles whose name matches this glob (e.g. 'h*')")
    ap.add_argument("-v", "--verbose", action="store_true")
    emb = ap.add_mutually_exclusive_group()
    emb.add_argument(
        "--embeddings",
        dest="embeddings",
        action="store_true",
        default=None,
        help="use the optional sentence embeddings (error if not installed)",
    )
    emb.add_argument("--no-embeddings", dest="embeddings", action="store_false", help="rules only")
    dep = ap.add_mutually_exclusive_group()
    dep.add_argument(
        "--nlp", dest="nlp", action="store_true", default=None, help="use the optional spaCy parse (error if missing)"
    )
    dep.add_argument("--no-nlp", dest="nlp", action="store_false", help="without the spaCy parse")
    ap.add_argument(
        "--rank",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the trained stance and event rankers (--no-rank: the rules' stances and events as they are)",
    )
    args = ap.parse_args(argv)
    from foedus.evidence import embed, nlp, rank

    embed.configure(args.embeddings)
    nlp.configure(args.nlp)
    rank.configure(args.rank)
    print(f"rankers: {'on' if rank.active() is not None else 'off'}", file=sys.stderr)
    print(f"embeddings: {'on' if embed.active() is not None else 'off'}", file=sys.stderr)
    print(f"nlp: {'on' if nlp.active() is not None else 'off'}", file=sys.stderr)
    splits = [args.split] if args.split else ["dev", "heldout", None]
    reports = [evaluate(args.directory, s, args.verbose, args.names) for s in splits]
    reports = [r for r in reports if r["articles"]]
    if args.format == "json":
        print(json.dumps(reports, indent=1))
    else:
        print(markdown(reports))
        for r in reports:
            print(
                f"\n{r['split']}: {r['articles']} articles; flag false alarms per article "
                f"{r['flag_false_alarms_per_article']}; false alarms on the {r['clean_articles']} "
                f"articles without planted problems: {r['false_alarms_on_clean_articles']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
