"""Turn pydantic validation errors into FoedusErrors that name file, line, field and expectation."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from foedus.errors import InputError
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


def _message(err: Any) -> tuple[str, str | None]:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field", _HINTS[kind]
    if kind == "missing":
        return "missing required field", _HINTS[kind]
    ctx = err.get("ctx") or {}
    if kind == "unknown_code":
        return err["msg"], ctx.get("hint") or None
    if kind == "literal_error":
        return f"got {_show(err.get('input'))}", f"expected {ctx.get('expected')}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{msg} (got {_show(err.get('input'))})", _HINTS.get(kind)


_BRANCHES = {"bool", "int", "float", "str", "date", "list", "dict", "none", "constrained-float"}


def _is_branch_name(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part in _BRANCHES)


def _real_path(data: Any, loc: tuple, missing: bool) -> tuple:
    """The keys of `loc` that exist in `data`; pydantic also puts union branch names there."""
    path: list = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]
        elif last and missing and isinstance(current, dict):
            path.append(part)
        elif not _is_branch_name(part):
            path.append(part)
            current = None
    return tuple(path)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def validate(model: type[M], data: Any, positions: Positions, prefix: tuple = ()) -> M:
    """Validate `data` as `model`; on failure raise InputError pointing at the first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = _real_path(data, first["loc"], first["type"] == "missing")
        message, hint = _message(first)
        path = (*prefix, *loc)
        dotted = ".".join(str(p) for p in loc) or None
        location = positions.locate(path, dotted)
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise InputError(message, location, hint) from None
