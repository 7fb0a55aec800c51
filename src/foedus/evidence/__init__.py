"""Evidence from the news: read articles into sourced, reviewable evidence with reliability flags.

>>> from foedus.evidence import read_article
>>> ev = read_article("article.txt")          # doctest: +SKIP
>>> ev["quotes"][0]["speaker"]                # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from foedus.evidence.extract import read_text
from foedus.evidence.loader import MAX_BYTES, article_from_text, load_article

__all__ = ["read_article", "read_string", "read_text"]


def read_article(path: str | Path, date: dt.date | str | None = None, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Read an article file (text, Markdown or saved HTML) into the JSON contract."""
    art = load_article(path, max_bytes)
    return read_text(art.text, art.name, date, art.meta_date)


def read_string(text: str, name: str = "<text>", date: dt.date | str | None = None) -> dict[str, Any]:
    """Like :func:`read_article` for text in memory (HTML is detected and reduced to its body)."""
    art = article_from_text(text, name)
    return read_text(art.text, art.name, date, art.meta_date)
