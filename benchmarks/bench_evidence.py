"""Throughput of `foedus read` on one core: articles per second for a 1,000-word article.

The article is built from the labelled wire reports (tests/evidence/articles/d*-wire-*.txt),
concatenated to 1,000 words, so it has realistic density of names, quotes and numbers. Start-up
(loading the gazetteer and compiling the patterns, once per process) is timed separately.
Run: .venv/bin/python benchmarks/bench_evidence.py [--words 1000] [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
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
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core
    t0 = time.perf_counter()
    from foedus.evidence import read_string
    from foedus.evidence.gazetteer import load

    load()
    startup = time.perf_counter() - t0
    text = article(args.words)
    read_string(text, "bench.txt")  # warm-up
    n = 0
    c0, w0 = time.process_time(), time.perf_counter()
    while time.perf_counter() - w0 < args.seconds:
        ev = read_string(text, "bench.txt")
        n += 1
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(
        f"article: {len(text.split())} words, {len(text)} chars; per article: {len(ev['quotes'])} quotes, "
        f"{len(ev['events'])} events, {len(ev['stances'])} stances, {len(ev['flags'])} flags"
    )
    print(f"start-up (gazetteer, patterns): {startup * 1000:.0f} ms")
    print(
        f"throughput: {n / wall:.1f} articles/s wall, {n / cpu:.1f} articles/s CPU "
        f"({1000 * cpu / n:.1f} ms CPU per article, one core, no embeddings); target >= 20/s"
    )


if __name__ == "__main__":
    main()
