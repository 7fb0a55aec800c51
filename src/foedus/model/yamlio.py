"""Read YAML keeping the line and column of every value, so errors can point at them.

`load_yaml` returns plain Python data plus a `Positions` map from a path of keys/indices to
(line, column), 1-based. Duplicate keys are errors (a silent overwrite would lose a clause).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from foedus.errors import InputError, Location

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value of a loaded document sits in its file."""

    file: str
    spots: dict[PathKey, tuple[int, int]]

    def locate(self, path: Sequence[str | int], field: str | None = None) -> Location:
        """Location of the deepest known prefix of `path`."""
        key = tuple(path)
        while key and key not in self.spots:
            key = key[:-1]
        line, column = self.spots.get(key, (None, None))  # type: ignore[assignment]
        dotted = field if field is not None else ".".join(str(p) for p in path) or None
        return Location(self.file, line, column, dotted)

    def sub(self, prefix: Sequence[str | int]) -> Positions:
        """Positions of a sub-document (e.g. one incident of a list), keys relative to it."""
        n = len(prefix)
        pre = tuple(prefix)
        return Positions(
            self.file, {k[n:]: v for k, v in self.spots.items() if k[:n] == pre}
        )


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.spots: dict[PathKey, tuple[int, int]] = {}
        self.scalars = _Loader("")

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.spots[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalars.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in out:
                    raise InputError(
                        f"duplicate key {key!r}",
                        Location(self.file, key_node.start_mark.line + 1,
                                 key_node.start_mark.column + 1, key),
                        "each key may appear once in a mapping",
                    )
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node)
        except ValueError as exc:  # e.g. 2025-02-30 is read as a timestamp and fails
            raise InputError(
                f"impossible value {node.value!r}: {exc}",
                Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1,
                         ".".join(str(p) for p in path) or None),
                "dates are written YYYY-MM-DD and must exist",
            ) from None


def parse_yaml(text: str, file: str) -> tuple[Any, Positions]:
    """Parse YAML text; raise InputError with file:line:column for malformed input."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        context = ""
        if exc.context and exc.context_mark is not None:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise InputError(
            f"malformed YAML: {exc.problem or exc.context}{context}",
            Location(file, line, column),
            "check indentation, colons and quoting around this point",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", Location(file)) from None
    if node is None:
        raise InputError("the file is empty", Location(file), "expected a YAML mapping or list")
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise InputError(
            f"malformed YAML value: {exc.problem}",
            Location(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None),
        ) from None
    return data, Positions(file, builder.spots)


def load_yaml(path: str | Path) -> tuple[Any, Positions]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", Location(str(path)), "check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", Location(str(path))) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a YAML file", Location(str(path))) from None
    return parse_yaml(text, str(path))
