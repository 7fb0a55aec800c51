"""Read an article from plain text, Markdown or saved HTML, offline, with clear errors.

HTML main text is extracted with the standard library's parser: scripts, styles, navigation,
headers, footers, asides and forms are dropped; the text of headings, paragraphs, list items and
block quotes inside `<article>` (or `<main>`, or the body) is kept, one block per line.
"""

# ruff: noqa: E501  (word lists and patterns read better unbroken)

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from foedus.errors import InputError, Location

#: larger files are refused: a news article is rarely over 100 kB of text
MAX_BYTES = 1_000_000

_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "svg",
    "button",
    "iframe",
    "template",
}
_BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "br",
    "article",
    "main",
    "tr",
    "figcaption",
    "pre",
    "dd",
    "dt",
}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.scope: list[str] = []  # "article"/"main" nesting
        self.chunks: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            a = dict(attrs)
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta[key] = a["content"] or ""
        if tag in ("article", "main"):
            self.scope.append(tag)
        if tag in _BLOCK:
            self._newline()
        if tag == "li":
            self._emit("- ")
        elif tag in ("h1", "h2", "h3"):
            self._emit("## ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in ("article", "main") and self.scope and self.scope[-1] == tag:
            self.scope.pop()
        if tag in _BLOCK:
            self._newline()

    def _newline(self) -> None:
        for key in self.chunks:
            if self.chunks[key] and self.chunks[key][-1] != "\n":
                self.chunks[key].append("\n")

    def _emit(self, text: str) -> None:
        if self.skip:
            return
        self.chunks["body"].append(text)
        for s in set(self.scope):
            self.chunks[s].append(text)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        self._emit(data)

    def text(self) -> str:
        for key in ("article", "main", "body"):
            text = _tidy("".join(self.chunks[key]))
            if len(text.split()) >= 20:
                return text
        return _tidy("".join(self.chunks["body"]))


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    lines = [ln for ln in lines if ln and ln not in ("-", "##", "- ")]
    return "\n\n".join(lines)


@dataclass
class Article:
    name: str
    text: str
    meta_date: str | None = None
    warnings: list[str] | None = None


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return parser.text(), parser.meta


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return (
        "<html" in head
        or "<!doctype html" in head
        or ("<body" in head)
        or (head.count("<p>") + head.count("<div") >= 2)
    )


_LATIN = re.compile(r"[A-Za-z]")
_OTHER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")  # letters outside the Latin scripts
_EN = set(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "said",
        "by",
        "it",
        "at",
        "from",
        "his",
        "her",
        "be",
        "are",
        "has",
        "have",
        "not",
        "this",
        "an",
        "will",
        "which",
        "were",
        "its",
        "their",
        "would",
    ]
)
_FOREIGN = set(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "den",
        "von",
        "zu",
        "le",
        "la",
        "les",
        "et",
        "est",
        "des",
        "une",
        "pour",
        "que",
        "qui",
        "dans",
        "el",
        "los",
        "las",
        "del",
        "por",
        "para",
        "con",
        "una",
        "como",
        "y",
        "es",
        "w",
        "na",
        "nie",
        "się",
        "jest",
        "do",
    ]
)


def check_language(text: str, label: str) -> list[str]:
    """Refuse text that is mostly not English; warn when parts are in another language."""
    latin = len(_LATIN.findall(text))
    other = len(_OTHER.findall(text))
    words = re.findall(r"[a-zA-Z]+", text.lower())
    english = sum(w in _EN for w in words)
    foreign = sum(w in _FOREIGN for w in words)
    letters = latin + other
    if letters and other / letters > 0.5 or (words and foreign > 2 * english and foreign > 20):
        raise InputError(
            "the article is mostly not in English",
            Location(label),
            "foedus reads English articles; translate it first (offline tools only)",
        )
    warnings = []
    if letters and other / letters > 0.05:
        warnings.append(
            f"{label}: {100 * other / letters:.0f}% of the letters are in a non-Latin "
            "script; those passages are read as they are (names may be missed)"
        )
    elif foreign > 0.25 * max(english, 1) and foreign > 10:
        warnings.append(
            f"{label}: parts of the article seem to be in another language; only English passages are understood"
        )
    return warnings


def decode(data: bytes, label: str) -> str:
    if not data.strip():
        raise InputError("the article is empty", Location(label), "give a text, Markdown or HTML file")
    if b"\x00" in data[:8192]:
        raise InputError(
            "this is a binary file, not an article",
            Location(label),
            "give plain text, Markdown or saved HTML (PDF and Word files are not read)",
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 fails only on a few bytes
        text = data.decode("latin-1")
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.01 * min(len(text), 8192):
        raise InputError(
            "this looks like a binary file, not an article", Location(label), "give plain text, Markdown or saved HTML"
        )
    return text


def load_article(path: str | Path, max_bytes: int = MAX_BYTES) -> Article:
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError("is a directory, not an article", Location(label))
        if size > max_bytes:
            raise InputError(
                f"the article is {size / 1e6:.1f} MB; foedus reads articles up to {max_bytes / 1e6:.1f} MB",
                Location(label),
                "a news article is rarely over 100 kB: split the file, or raise the limit with --max-bytes",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", Location(label), "check the path") from None
    except PermissionError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(label)) from None
    return article_from_text(decode(data, label), path.name, label)


def article_from_text(text: str, name: str, label: str | None = None) -> Article:
    label = label or name
    meta_date = None
    if name.lower().endswith((".html", ".htm")) or looks_like_html(text):
        body, meta = html_to_text(text)
        if not body.strip() or len(body.split()) < 5:
            raise InputError(
                "the HTML page has no body text",
                Location(label),
                "save the article page itself, not an index or a script-only page",
            )
        text = body
        for key in ("article:published_time", "datepublished", "date", "dc.date", "pubdate"):
            if key in meta:
                meta_date = meta[key][:10]
                break
    if not text.strip():
        raise InputError("the article is empty", Location(label), "give a text, Markdown or HTML file")
    warnings = check_language(text, label)
    return Article(name, text, meta_date, warnings)
