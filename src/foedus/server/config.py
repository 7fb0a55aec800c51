"""Server settings: where the database lives and the limits requests must respect."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: largest request body accepted, in bytes (an incident report with sources is a few KiB)
MAX_BODY_BYTES = 256 * 1024


def default_data_dir() -> Path:
    env = os.environ.get("FOEDUS_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "foedus"


def database_url(data_dir: Path | None = None) -> str:
    """``FOEDUS_DATABASE_URL`` if set, else an SQLite file in the data directory."""
    env = os.environ.get("FOEDUS_DATABASE_URL")
    if env:
        return env
    directory = data_dir or default_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'foedus.db'}"


@dataclass
class Settings:
    database_url: str
    max_body_bytes: int = MAX_BODY_BYTES
    #: lifetime of a browser session, hours
    session_hours: float = 12.0
    #: set the Secure flag on the session cookie (enable behind HTTPS)
    secure_cookies: bool = False
    #: failed sign-ins allowed per username and per client address within the window below
    login_max_failures: int = 5
    #: the window over which failed sign-ins are counted, seconds
    login_window_seconds: float = 900.0

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        return cls(
            database_url=database_url(data_dir),
            secure_cookies=os.environ.get("FOEDUS_SECURE_COOKIES", "") == "1",
            login_max_failures=int(_positive_env("FOEDUS_LOGIN_MAX_FAILURES", 5, whole=True)),
            login_window_seconds=_positive_env("FOEDUS_LOGIN_WINDOW_SECONDS", 900.0),
        )


def _positive_env(name: str, default: float, whole: bool = False) -> float:
    """A positive number from the environment, or a clear error naming the variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = -1
    if not value > 0:
        from foedus.errors import InputError, Location

        kind = "a positive whole number" if whole else "a positive number"
        raise InputError(f"{raw!r} is not {kind}", Location(field=name), hint=f"e.g. {name}={default:g}")
    return value
