"""Passwords (Argon2id) and tokens (256 random bits, stored as SHA-256 only).

A token is shown once, when it is created; the database keeps its SHA-256, which is enough for a
secret of 256 random bits (no dictionary to try). Passwords, chosen by people, use Argon2id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from foedus.server import models as m

TOKEN_PREFIX = "fds_"
_hasher = PasswordHasher()
#: verified against when the user does not exist, so that timing does not reveal usernames
_DUMMY_HASH = _hasher.hash("foedus-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(session_token: str) -> str:
    """The CSRF value of a browser session: derived from its secret, never stored."""
    return hmac.new(session_token.encode(), b"foedus-csrf", hashlib.sha256).hexdigest()[:32]


def authenticate(session: Session, username: str, password: str) -> m.User | None:
    user = session.execute(select(m.User).where(m.User.username == username)).scalar_one_or_none()
    if user is None:
        check_password(_DUMMY_HASH, password)
        return None
    if not check_password(user.password_hash, password) or not user.active:
        return None
    return user


def user_for_token(session: Session, token: str, kind: str | None = None) -> m.User | None:
    """The active user a live (unrevoked, unexpired) token belongs to, else None."""
    if not token or len(token) > 200:
        return None
    row = session.execute(select(m.ApiToken).where(m.ApiToken.token_hash == token_digest(token))).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    if kind is not None and row.kind != kind:
        return None
    if row.expires_at is not None and row.expires_at <= m.utcnow():
        return None
    user = session.get(m.User, row.user_id)
    if user is None or not user.active:
        return None
    return user


def expiry(hours: float | None) -> dt.datetime | None:
    return None if hours is None else m.utcnow() + dt.timedelta(hours=hours)


class LoginThrottle:
    """Failed sign-ins counted per key (username, client address) over a sliding window; once a
    key has `max_failures` in the window, sign-ins for it are refused until the oldest failure
    leaves the window. A successful sign-in clears its username. In memory, per server process:
    it slows password guessing, it does not survive a restart."""

    def __init__(self, max_failures: int, window_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's failures still in the window; a key with none left is forgotten, so that
        guesses at many usernames do not pile up in memory."""
        q = self._failures.get(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            self._failures.pop(key, None)
        return q

    def retry_after(self, keys: list[str]) -> float | None:
        """Seconds until a sign-in for these keys is accepted again, or None if it is now."""
        now = self.clock()
        with self._lock:
            waits = [q[0] + self.window - now for k in keys if len(q := self._recent(k, now)) >= self.max_failures]
        return max(waits) if waits else None

    def failed(self, keys: list[str]) -> None:
        now = self.clock()
        with self._lock:
            for k in keys:
                q = self._recent(k, now)
                q.append(now)
                self._failures[k] = q

    def __len__(self) -> int:
        """How many keys have failures in the window."""
        now = self.clock()
        with self._lock:
            for k in list(self._failures):
                self._recent(k, now)
            return len(self._failures)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
