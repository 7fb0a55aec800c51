"""Throughput of `foedus read` on one core: articles per second for a 1,000-word article.

The article is built from the labelled wire reports (tests/evidence/articles/d*-wire-*.txt),
concatenated to 1,000 words, so it has realistic density of names, quotes and numbers. Start-up
(loading the gazetteer and compiling the patterns, once per process) is timed separately.
Run: .venv/bin/python benchmarks/bench_evidence.py [--words 1000] [--seconds 5] [--embeddings] [--nlp]
(default: rules only; `--embeddings` uses the optional sentence embeddings, one torch thread, with the
encoder's sentence cache cleared before every article so that each article is encoded afresh).
With the stance and event rankers on (the default; `--no-rank` turns them off) it also reads `--pairs` articles
alternately with and without the rankers and prints both medians: the side-by-side comparison, in
one process, so that the machine's drifting speed falls on both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "evidence" / "articles"


def article(words: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("d*-wire-*.txt"))]
    date_line, body = parts[0].split("\n", 1)[0], []
    count = 0
    while count < words:
        for p in parts:
            for para in p.split("\n\n")[1:]:
                body.append(para)
                count += len(para.split())
                if count >= words:
                    break
            if count >= words:
                break
    return date_line + "\n\n" + "\n\n".join(body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--embeddings", action=argparse.BooleanOptionalAction, default=False)
    ap.add_argument("--nlp", action=argparse.BooleanOptionalAction, default=False, help="the optional spaCy parse")
    ap.add_argument(
        "--rank", action=argparse.BooleanOptionalAction, default=True, help="the trained stance and event rankers"
    )
    ap.add_argument("--pairs", type=int, default=60, help="alternating articles with and without the rankers")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core
    t0 = time.perf_counter()
    from foedus.evidence import read_string
    from foedus.evidence.gazetteer import load

    load()
    from foedus.evidence import embed, nlp

    nlp.configure(args.nlp)
    nlp.active()  # load the pipeline as part of start-up

    from foedus.evidence import rank

    rank.configure(args.rank)
    embed.configure(args.embeddings)
    heads = embed.active()
    if heads is not None:
        import torch

        torch.set_num_threads(1)
    startup = time.perf_counter() - t0

    def clear() -> None:
        cache = getattr(heads.encoder, "_cache", None) if heads is not None else None
        if cache is not None:
            cache.clear()

    text = article(args.words)
    read_string(text, "bench.txt")  # warm-up
    n = 0
    c0, w0 = time.process_time(), time.perf_counter()
    while time.perf_counter() - w0 < args.seconds:
        clear()
        ev = read_string(text, "bench.txt")
        n += 1
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(
        f"article: {len(text.split())} words, {len(text)} chars; per article: {len(ev['quotes'])} quotes, "
        f"{len(ev['events'])} events, {len(ev['stances'])} stances, {len(ev['flags'])} flags"
    )
    what = "gazetteer, patterns" + (", embeddings model and training" if heads is not None else "")
    print(f"start-up ({what}): {startup * 1000:.0f} ms")
    mode = "with embeddings" if heads is not None else "no embeddings"
    mode += ", with the spaCy parse" if nlp.active() is not None else ", no parse"
    print(
        f"throughput: {n / wall:.1f} articles/s wall, {n / cpu:.1f} articles/s CPU "
        f"({1000 * cpu / n:.1f} ms CPU per article, one core, {mode}); target >= 20/s without embeddings"
    )
    if rank.active() is not None:
        # side by side in this process: articles alternate with and without the ranker, so that a
        # drift in the machine's speed falls on both alike
        with_rank: list[float] = []
        without: list[float] = []
        for _ in range(args.pairs):
            clear()
            c = time.process_time()
            read_string(text, "bench.txt")
            with_rank.append(time.process_time() - c)
            clear()
            with rank.using(None):
                c = time.process_time()
                read_string(text, "bench.txt")
                without.append(time.process_time() - c)
        a, b = statistics.median(with_rank), statistics.median(without)
        print(
            f"side by side ({args.pairs} alternating pairs, median CPU per article): with the rankers "
            f"{1000 * a:.1f} ms ({1 / a:.1f} articles/s), the rules alone {1000 * b:.1f} ms "
            f"({1 / b:.1f} articles/s)"
        )


if __name__ == "__main__":
    main()
