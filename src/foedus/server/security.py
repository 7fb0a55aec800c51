"""Passwords (Argon2id) and tokens (256 random bits, stored as SHA-256 only).

A token is shown once, when it is created; the database keeps its SHA-256, which is enough for a
secret of 256 random bits (no dictionary to try). Passwords, chosen by people, use Argon2id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

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
    row = session.execute(
        select(m.ApiToken).where(m.ApiToken.token_hash == token_digest(token))
    ).scalar_one_or_none()
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
