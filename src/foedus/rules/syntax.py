"""Parse condition text into a small AST that remembers where each part came from.

The language has no loops, calls or arithmetic: boolean connectives over comparisons, set
membership and place containment. Names are lexed uniformly; the type checker decides whether a
name is a field (``incident.kind``) or a word (``armed-attack``, ``POL``, ``europe``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from foedus.errors import ConditionSyntaxError

_GRAMMAR = r"""
start: expr
?expr: expr "or" term        -> or_
     | term
?term: term "and" factor     -> and_
     | factor
?factor: "not" factor        -> not_
       | "(" expr ")"
       | test
?test: value COMPOP value              -> compare
     | value "in" set                  -> in_
     | value "not" "in" set            -> not_in
     | value "within" set              -> within
     | value "not" "within" set        -> not_within
     | value                           -> bare
set: "{" value ("," value)* "}"        -> literal_set
   | "parties"                         -> parties
   | "beneficiaries"                   -> beneficiaries
   | "members" "(" NAME ")"            -> members
?value: NAME -> name
      | NUMBER -> number
      | DATE -> date
      | "true" -> true
      | "false" -> false
COMPOP: "==" | "!=" | "<=" | ">=" | "<" | ">"
DATE.3: /\d{4}-\d{2}-\d{2}/
NUMBER.2: /-?\d+(\.\d+)?/
NAME: /(?!(and|or|not|in|within|true|false|parties|beneficiaries|members)(?![\w:.\-]))[A-Za-z_][\w:.\-]*/
%import common.WS
%ignore WS
"""


@dataclass(frozen=True)
class Node:
    start: int
    end: int


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Number(Node):
    value: float


@dataclass(frozen=True)
class DateLit(Node):
    value: dt.date


@dataclass(frozen=True)
class BoolLit(Node):
    value: bool


@dataclass(frozen=True)
class SetLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class NamedSet(Node):
    which: str  # parties | beneficiaries | members
    org: str | None = None


@dataclass(frozen=True)
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Member(Node):
    value: Node
    set: Node
    negate: bool
    within: bool  # place containment rather than plain membership


@dataclass(frozen=True)
class Bare(Node):
    value: Node


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Junction(Node):
    op: str  # and | or
    operands: tuple[Node, ...]


def _span(items: list) -> tuple[int, int]:
    starts: list[int] = []
    ends: list[int] = []
    for item in items:
        if isinstance(item, Token):
            starts.append(item.start_pos or 0)
            ends.append(item.end_pos or 0)
        elif isinstance(item, Node):
            starts.append(item.start)
            ends.append(item.end)
    return min(starts), max(ends)


class _ToAst(Transformer):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def start(self, items):
        return items[0]

    @v_args(meta=True)
    def name(self, meta, items):
        tok = items[0]
        return Name(tok.start_pos, tok.end_pos, str(tok))

    def number(self, items):
        tok = items[0]
        return Number(tok.start_pos, tok.end_pos, float(tok))

    def date(self, items):
        tok = items[0]
        try:
            value = dt.date.fromisoformat(str(tok))
        except ValueError:
            raise ConditionSyntaxError(
                f"condition syntax error at column {tok.start_pos + 1}: impossible date {tok!s}"
                + caret(self.text, tok.start_pos + 1),
                hint="dates are written YYYY-MM-DD and must exist",
            ) from None
        return DateLit(tok.start_pos, tok.end_pos, value)

    @v_args(meta=True)
    def true(self, meta, items):
        return BoolLit(meta.start_pos, meta.end_pos, True)

    @v_args(meta=True)
    def false(self, meta, items):
        return BoolLit(meta.start_pos, meta.end_pos, False)

    @v_args(meta=True)
    def literal_set(self, meta, items):
        return SetLit(meta.start_pos, meta.end_pos, tuple(items))

    @v_args(meta=True)
    def parties(self, meta, items):
        return NamedSet(meta.start_pos, meta.end_pos, "parties")

    @v_args(meta=True)
    def beneficiaries(self, meta, items):
        return NamedSet(meta.start_pos, meta.end_pos, "beneficiaries")

    @v_args(meta=True)
    def members(self, meta, items):
        return NamedSet(meta.start_pos, meta.end_pos, "members", str(items[0]))

    def compare(self, items):
        left, op, right = items
        return Compare(*_span(items), str(op), left, right)

    def _member(self, items, negate, within):
        value, the_set = items
        return Member(*_span(items), value, the_set, negate, within)

    def in_(self, items):
        return self._member(items, False, False)

    def not_in(self, items):
        return self._member(items, True, False)

    def within(self, items):
        return self._member(items, False, True)

    def not_within(self, items):
        return self._member(items, True, True)

    def bare(self, items):
        return Bare(*_span(items), items[0])

    @v_args(meta=True)
    def not_(self, meta, items):
        return Not(meta.start_pos, meta.end_pos, items[0])

    def _junction(self, op, items):
        flat: list[Node] = []
        for item in items:
            if isinstance(item, Junction) and item.op == op:
                flat.extend(item.operands)
            else:
                flat.append(item)
        return Junction(*_span(items), op, tuple(flat))

    def and_(self, items):
        return self._junction("and", items)

    def or_(self, items):
        return self._junction("or", items)


@cache
def _parser() -> Lark:
    # cache=True keeps the built LALR tables in the temp folder: building them costs ~70 ms,
    # which matters for `foedus check` start-up; the cache is keyed by the grammar's hash.
    return Lark(_GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False,
                cache=True)


def caret(text: str, column: int) -> str:
    """The condition with a caret under a (1-based) column, for error messages."""
    flat = text.replace("\n", " ")
    return f"\n    {flat}\n    {' ' * (column - 1)}^"


def parse(text: str) -> Node:
    """Parse a condition; raise ConditionSyntaxError naming the column of the problem."""
    if not text or not text.strip():
        raise ConditionSyntaxError("empty condition", hint="write e.g. incident.kind == armed-attack")
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        pos = getattr(exc, "pos_in_stream", None)
        column = (pos + 1) if isinstance(pos, int) and pos >= 0 else exc.column
        at_end = isinstance(exc, UnexpectedEOF) or (
            isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
        )
        if at_end or column is None or column < 1:
            column = len(text.rstrip()) + 1
        if isinstance(exc, UnexpectedCharacters):
            what = f"unexpected character {text[column - 1]!r}"
        elif isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
            what = f"unexpected {exc.token!s}"
        else:
            what = "the condition ends too early"
        raise ConditionSyntaxError(
            f"condition syntax error at column {column}: {what}" + caret(text, column),
            hint="conditions combine tests with and/or/not, e.g. "
            "incident.kind in {armed-attack, missile-strike} and incident.target in parties",
        ) from None
    try:
        return _ToAst(text).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, ConditionSyntaxError):
            raise exc.orig_exc from None
        raise
