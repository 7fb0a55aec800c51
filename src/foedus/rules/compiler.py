"""Compile a checked condition once into a traced scalar evaluator and a numpy evaluator.

Both evaluators are built from the same AST by the same walk, so their meaning cannot drift apart;
property-based tests check that they agree on random incidents and random conditions.

Evaluation environments (provided by the engine) answer four questions: the value of a field,
whether an actor is in a named set (parties, beneficiaries, members(ORG)) on the date, whether a
place lies within a set of places, and (vectorised) the integer code of a word.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from foedus.errors import FoedusError
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
    parse,
)
from foedus.rules.types import FIELDS, TypeChecker

if TYPE_CHECKING:  # numpy is imported lazily: `foedus check` never needs it
    import numpy as np

EPOCH = dt.date(1970, 1, 1)
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class ScalarEnv(Protocol):
    def get(self, name: str) -> Any: ...
    def in_named(self, which: str, org: str | None, actor: str) -> bool: ...
    def within(self, place: str, places: frozenset[str]) -> bool: ...


class VectorEnv(Protocol):
    n: int

    def get(self, name: str) -> np.ndarray: ...
    def code(self, word: str) -> int: ...
    def lut(self, words: frozenset[str]) -> np.ndarray: ...
    def within_lut(self, places: frozenset[str]) -> np.ndarray: ...
    def in_named(self, which: str, org: str | None, codes: np.ndarray) -> np.ndarray: ...


Trace = list[tuple[str, object]]
ScalarFn = Callable[[ScalarEnv, "Trace | None"], Any]
VectorFn = Callable[[VectorEnv], Any]  # an array, or a scalar that numpy broadcasts


@dataclass(frozen=True)
class Condition:
    """A compiled condition: its text, the fields it reads, and its two evaluators."""

    text: str
    fields: frozenset[str]
    _scalar: ScalarFn = field(repr=False)
    _vector: VectorFn = field(repr=False)
    _schema: tuple[tuple[str, str], ...] = field(repr=False, default=())

    def evaluate(self, env: ScalarEnv, trace: Trace | None = None) -> bool:
        """Evaluate on one incident; append (sub-condition, value) pairs to `trace`."""
        return bool(self._scalar(env, trace))

    def evaluate_batch(self, env: VectorEnv) -> np.ndarray:
        import numpy as np

        out = np.asarray(self._vector(env))
        if out.shape == ():
            return np.full(env.n, bool(out))
        return out

    def __reduce__(self):  # closures do not pickle: recompile from the text on load
        return (compile_condition, (self.text, dict(self._schema)))


class _Builder:
    def __init__(self, text: str, checker: TypeChecker) -> None:
        self.text = text
        self.checker = checker
        self.fields: set[str] = set()

    def src(self, node: Node) -> str:
        return " ".join(self.text[node.start : node.end].split())

    # values ---------------------------------------------------------------------------------
    def value(self, node: Node) -> tuple[ScalarFn, VectorFn]:
        kind = self.checker.types[id(node)]
        if isinstance(node, Name) and id(node) in self.checker.words:
            word = self.checker.words[id(node)]
            return (lambda env, tr: word), (lambda env: env.code(word))
        if isinstance(node, Name):
            name = node.name
            self.fields.add(name)
            return (lambda env, tr: env.get(name)), (lambda env: env.get(name))
        if isinstance(node, Number):
            number = node.value
            return (lambda env, tr: number), (lambda env: number)
        if isinstance(node, DateLit):
            day = node.value
            days = (day - EPOCH).days
            return (lambda env, tr: day), (lambda env: days)
        if isinstance(node, BoolLit):
            flag = node.value
            return (lambda env, tr: flag), (lambda env: flag)
        raise FoedusError(f"cannot compile value of type {kind}")  # pragma: no cover

    # tests ----------------------------------------------------------------------------------
    def test(self, node: Node) -> tuple[ScalarFn, VectorFn]:
        if isinstance(node, Junction):
            parts = [self.test(op) for op in node.operands]
            scalars = [p[0] for p in parts]
            vectors = [p[1] for p in parts]
            if node.op == "and":
                # evaluate every operand so the trace shows every sub-condition
                def s_and(env, tr):
                    return all([f(env, tr) for f in scalars])

                def v_and(env):
                    out = vectors[0](env)
                    for f in vectors[1:]:
                        out = out & f(env)
                    return out

                return s_and, v_and

            def s_or(env, tr):
                return any([f(env, tr) for f in scalars])

            def v_or(env):
                out = vectors[0](env)
                for f in vectors[1:]:
                    out = out | f(env)
                return out

            return s_or, v_or
        if isinstance(node, Not):
            s, v = self.test(node.operand)
            def v_not(env):
                import numpy as np

                return ~np.asarray(v(env), dtype=bool)

            return (lambda env, tr: not s(env, tr)), v_not
        text = self.src(node)
        s, v = self._atom(node)

        def traced(env, tr):
            result = bool(s(env, tr))
            if tr is not None:
                tr.append((text, result))
            return result

        return traced, v

    def _atom(self, node: Node) -> tuple[ScalarFn, VectorFn]:
        if isinstance(node, Bare):
            return self.value(node.value)
        if isinstance(node, Compare):
            ls, lv = self.value(node.left)
            rs, rv = self.value(node.right)
            op = _OPS[node.op]
            return (lambda env, tr: op(ls(env, tr), rs(env, tr))), (lambda env: op(lv(env), rv(env)))
        assert isinstance(node, Member)
        vs, vv = self.value(node.value)
        negate = node.negate
        the_set = node.set
        if isinstance(the_set, NamedSet):
            which, org = the_set.which, the_set.org

            def s_named(env, tr):
                return env.in_named(which, org, vs(env, tr)) != negate

            def v_named(env):
                import numpy as np

                codes = np.broadcast_to(np.asarray(vv(env), dtype=np.int64), (env.n,))
                out = env.in_named(which, org, codes)
                return ~out if negate else out

            return s_named, v_named
        assert isinstance(the_set, SetLit)
        words = frozenset(self.checker.words[id(item)] for item in the_set.items)
        if node.within:

            def s_within(env, tr):
                return env.within(vs(env, tr), words) != negate

            def v_within(env):
                codes = vv(env)  # first: it may add a word to the environment's vocabulary
                out = env.within_lut(words)[codes]
                return ~out if negate else out

            return s_within, v_within

        def s_in(env, tr):
            return (vs(env, tr) in words) != negate

        def v_in(env):
            codes = vv(env)
            out = env.lut(words)[codes]
            return ~out if negate else out

        return s_in, v_in


def compile_condition(text: str, fields: dict[str, str] | None = None) -> Condition:
    """Parse, type-check and compile `text`; raise ConditionSyntax/TypeError with a column."""
    tree = parse(text)
    schema = fields if fields is not None else FIELDS
    checker = TypeChecker(text, schema)
    checker.check(tree)
    builder = _Builder(text, checker)
    scalar, vector = builder.test(tree)
    return Condition(text=" ".join(text.split()), fields=frozenset(builder.fields),
                     _scalar=scalar, _vector=vector, _schema=tuple(sorted(schema.items())))
