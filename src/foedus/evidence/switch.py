"""An optional part of the reader (the parse, the embeddings, the stance ranker) that can be on, off
or automatic, is loaded once on first use, and can be replaced for a block (tests, training)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class Switch(Generic[T]):
    """`setting`: True (required), False (off) or None (on if available; an environment variable
    set to 0/no/false/off turns it off)."""

    def __init__(
        self,
        load: Callable[[], T | None],
        available: Callable[[], bool] = lambda: True,
        *,
        env: str | None = None,
        missing: str = "",
        hint: str = "",
        setting: bool | None = None,
    ) -> None:
        self._load, self._available = load, available
        self.env, self.missing, self.hint = env, missing, hint
        self.setting = setting
        self._override: tuple[T | None] | None = None
        self._loaded: T | None = None
        self._tried = False

    def configure(self, use: bool | None) -> None:
        """True: use it (an error naming the extra to install if it is not there); False: do without;
        None: use it if installed."""
        if use and not self._available():
            from foedus.errors import InputError

            raise InputError(self.missing, hint=self.hint)
        self.setting = use

    @contextmanager
    def using(self, part: T | None) -> Iterator[None]:
        """Run the reader with this part (or none) whatever the configuration."""
        old = self._override
        self._override = (part,)
        try:
            yield
        finally:
            self._override = old

    def reset(self) -> None:
        """Forget what was loaded, so that the next use loads it again (tests)."""
        self._loaded, self._tried = None, False

    def active(self) -> T | None:
        if self._override is not None:
            return self._override[0]
        setting = self.setting
        if setting is None:
            off = self.env is not None and os.environ.get(self.env, "auto").lower() in ("0", "no", "false", "off")
            setting = not off and self._available()
        if not setting:
            return None
        if not self._tried:
            self._tried = True
            self._loaded = self._load()
        return self._loaded
