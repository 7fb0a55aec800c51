"""Type-check a parsed condition against the incident and scenario schema.

Every name is resolved to a field or to a word of a known type (an incident kind, a zone, an actor
code, a place); comparing values of different kinds, ordering non-numbers or naming an unknown field
is an error with the column where it happens.
"""

from __future__ import annotations

from foedus.errors import ConditionTypeError, UnknownCodeError
from foedus.model import codes
from foedus.model.vocabulary import DETERMINATIONS, INCIDENT_KINDS, WHERES
from foedus.rules.syntax import (
    Bare,
    BoolLit,
    Compare,
    DateLit,
    Junction,
    Member,
    Name,
    NamedSet,
    Node,
    Not,
    Number,
    SetLit,
    caret,
)

#: fields of the incident and the evaluation context, with their types
FIELDS: dict[str, str] = {
    "incident.kind": "kind",
    "incident.by": "actor",
    "incident.target": "actor",
    "incident.where": "where",
    "incident.region": "place",
    "incident.attribution": "number",
    "incident.attributed": "bool",
    "incident.by_state": "bool",
    "incident.casualties": "number",
    "incident.severity": "number",
    "incident.date": "date",
    "incident.intentional": "bool",
    "incident.sustained": "bool",
    "incident.provoked": "bool",
    "incident.determination": "determination",
    "as_of": "date",
}
#: extra fields visible only in obligation-level exceptions
OBLIGOR_FIELDS: dict[str, str] = {"obligor": "actor"}
#: fields visible in termination conditions (no incident: they are checked on a date)
DATE_ONLY_FIELDS: dict[str, str] = {"as_of": "date"}

CATEGORICAL = frozenset({"kind", "actor", "where", "place", "determination"})
ORDERED = frozenset({"number", "date"})


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} == {"actor", "place"}


def _looks_like_field(name: str) -> bool:
    return name.startswith(("incident.", "as_of")) or name == "obligor"


class TypeChecker:
    """Resolves names and records the type of every value node (`types[id(node)]`)."""

    def __init__(self, text: str, fields: dict[str, str]) -> None:
        self.text = text
        self.fields = fields
        self.types: dict[int, str] = {}
        self.words: dict[int, str] = {}  # id(Name) -> validated word for word nodes

    def fail(self, node: Node, message: str, hint: str | None = None) -> ConditionTypeError:
        column = node.start + 1
        return ConditionTypeError(
            f"condition type error at column {column}: {message}" + caret(self.text, column),
            hint=hint,
        )

    # values -------------------------------------------------------------------------------
    def value_type(self, node: Node, expected: str | None = None) -> str:
        if isinstance(node, Number):
            kind = "number"
        elif isinstance(node, DateLit):
            kind = "date"
        elif isinstance(node, BoolLit):
            kind = "bool"
        elif isinstance(node, Name) and node.name in self.fields:
            kind = self.fields[node.name]
        elif isinstance(node, Name):
            if _looks_like_field(node.name):
                known = ", ".join(sorted(self.fields))
                raise self.fail(node, f"unknown field {node.name!r}", f"fields here: {known}")
            if expected is None:
                raise self.fail(
                    node,
                    f"cannot tell what {node.name!r} is",
                    "compare a word with a field, e.g. incident.by == RUS",
                )
            self.words[id(node)] = self.word(node, expected)
            kind = expected
        else:  # pragma: no cover - the grammar produces nothing else here
            raise self.fail(node, "unexpected value")
        self.types[id(node)] = kind
        return kind

    def word(self, node: Name, kind: str) -> str:
        word = node.name
        allowed: tuple[str, ...] | None = {
            "kind": INCIDENT_KINDS,
            "where": WHERES,
            "determination": DETERMINATIONS,
        }.get(kind)
        if allowed is not None:
            if word not in allowed:
                raise self.fail(node, f"{word!r} is not a valid {kind}", "one of: " + ", ".join(allowed))
            return word
        try:
            if kind == "actor":
                return codes.check_actor(word, allow_unknown=True)
            if kind == "place":
                return codes.check_place(word)
        except UnknownCodeError as exc:
            raise self.fail(node, exc.message, exc.hint) from None
        raise self.fail(node, f"a {kind} cannot be written as a word ({word!r})")

    # tests --------------------------------------------------------------------------------
    def check(self, node: Node) -> None:
        """Check that `node` is a boolean expression."""
        if isinstance(node, Junction):
            for operand in node.operands:
                self.check(operand)
        elif isinstance(node, Not):
            self.check(node.operand)
        elif isinstance(node, Bare):
            kind = self.value_type(node.value, None if not isinstance(node.value, Name) else "bool")
            if kind != "bool":
                raise self.fail(node.value, f"a {kind} is not a condition",
                                "compare it, e.g. incident.severity >= 3")
        elif isinstance(node, Compare):
            self._compare(node)
        elif isinstance(node, Member):
            self._member(node)
        else:  # pragma: no cover
            raise self.fail(node, "unexpected expression")

    def _compare(self, node: Compare) -> None:
        left_is_word = (
            isinstance(node.left, Name)
            and node.left.name not in self.fields
            and not _looks_like_field(node.left.name)
        )
        if left_is_word:
            right = self.value_type(node.right)
            left = self.value_type(node.left, right)
        else:
            left = self.value_type(node.left)
            right = self.value_type(node.right, left)
        if not _compatible(left, right):
            raise self.fail(node.right, f"cannot compare a {left} with a {right}")
        if node.op in ("<", "<=", ">", ">=") and left not in ORDERED:
            raise self.fail(node, f"{node.op} needs numbers or dates, not a {left}",
                            "use == or != for codes and kinds")

    def _member(self, node: Member) -> None:
        the_set = node.set
        if isinstance(the_set, NamedSet):
            if node.within:
                raise self.fail(the_set, "`within` takes a set of places in braces")
            if the_set.which == "members" and the_set.org not in ("NATO", "EU", "CSTO", "OAS", "UN"):
                raise self.fail(the_set, f"no membership list for {the_set.org!r}",
                                "members(NATO), members(EU), members(CSTO)")
            kind = self.value_type(node.value, "actor")
            if kind != "actor":
                raise self.fail(node.value, f"a {kind} cannot be a party or member")
            return
        assert isinstance(the_set, SetLit)
        kind = self.value_type(node.value, "place" if node.within else None)
        if node.within:
            if kind not in ("place", "actor"):
                raise self.fail(node.value, f"`within` needs a place, not a {kind}")
            kind = "place"
        if kind not in CATEGORICAL:
            raise self.fail(node.value, f"set membership needs a code or kind, not a {kind}")
        for item in the_set.items:
            if not isinstance(item, Name):
                raise self.fail(item, f"set items must be {kind} words")
            if item.name in self.fields:
                raise self.fail(item, "set items must be words, not fields")
            self.value_type(item, kind)
