"""One exception hierarchy for everything a user can get wrong.

Every error carries where it happened (file, line, column, field) and a hint, so the CLI can print
``file:line:col: field: message (hint)`` without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Location:
    """Where in an input a problem sits; every part is optional."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        if self.file is None and self.line is None:  # e.g. a command-line option
            return self.field or ""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.field:
            text += f": {self.field}"
        return text


@dataclass
class FoedusError(Exception):
    """Base class: a message, where it happened, and a hint on what was expected."""

    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "error": type(self).__name__,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "field": loc.field,
            "hint": self.hint,
        }

    def at(self, **changes: object) -> FoedusError:
        """Fill in location parts that are still unknown (inner code knows less than outer)."""
        for key, value in changes.items():
            if getattr(self.location, key) is None and value is not None:
                if key == "file" and isinstance(value, Path):
                    value = str(value)
                setattr(self.location, key, value)
        return self


class InputError(FoedusError):
    """A file is malformed, has an unknown or missing field, a wrong type or impossible value."""


class UnknownCodeError(InputError):
    """A string is no ISO 3166-1 alpha-3 code, organisation, non-state name or region."""


class ConditionSyntaxError(InputError):
    """A condition does not parse; the column points at the offending token."""


class ConditionTypeError(InputError):
    """A condition parses but compares things of the wrong kind, or names an unknown field."""


class ScenarioError(InputError):
    """A scenario cannot be assembled: circular extension, unknown instrument or clause."""


class RuleConflictError(FoedusError):
    """Two rules at one level of the default/exception tree apply with different outcomes."""


class ModelError(FoedusError):
    """A model was asked something it cannot answer (e.g. impossible probabilities)."""
