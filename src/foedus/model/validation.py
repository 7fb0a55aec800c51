"""Turn pydantic validation errors into FoedusErrors that name file, line, field and expectation."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from foedus.errors import InputError, UnknownCodeError
from foedus.model.yamlio import Positions

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of every file-backed model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_HINTS = {
    "extra_forbidden": "remove it or check its spelling against `foedus schema`",
    "missing": "this field is required",
    "literal_error": None,
    "date_from_datetime_parsing": "dates are written YYYY-MM-DD",
    "date_parsing": "dates are written YYYY-MM-DD",
    "date_type": "dates are written YYYY-MM-DD",
}


def _message(err: dict[str, Any]) -> tuple[str, str | None]:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field", _HINTS[kind]
    if kind == "missing":
        return "missing required field", _HINTS[kind]
    ctx = err.get("ctx") or {}
    if kind == "value_error" and isinstance(ctx.get("error"), UnknownCodeError):
        inner: UnknownCodeError = ctx["error"]
        return inner.message, inner.hint
    if kind == "literal_error":
        return f"got {err.get('input')!r}", f"expected {ctx.get('expected')}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{msg} (got {err.get('input')!r})", _HINTS.get(kind)


_BRANCHES = {"bool", "int", "float", "str", "date", "list", "dict", "none", "constrained-float"}


def _is_branch_name(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part in _BRANCHES)


def validate(model: type[M], data: Any, positions: Positions, prefix: tuple = ()) -> M:
    """Validate `data` as `model`; on failure raise InputError pointing at the first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        # pydantic puts union branch names ('bool', 'function-after[...]') into loc: drop them
        loc = tuple(p for p in first["loc"] if not _is_branch_name(p))
        message, hint = _message(first)
        path = (*prefix, *loc)
        dotted = ".".join(str(p) for p in loc) or None
        location = positions.locate(path, dotted)
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise InputError(message, location, hint) from None
