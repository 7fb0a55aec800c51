"""The append-only, hash-chained audit log.

Every write appends one entry per object it changes, in the same transaction as the change: who
(``actor``), what (``action``, object type and id), when (``at``, UTC) and the object's state
before and after, as canonical JSON. Entry *n* stores the hash of entry *n-1*, and its own hash is

    hash_n = SHA-256( hash_{n-1} || "\\n" || canonical_json(seq, at, actor, action, object_type,
                                                             object_id, before, after) )

with ``hash_0`` the genesis value of 64 zeros. :func:`verify` detects

* alteration of any entry (its recomputed hash differs, or the next entry's link breaks);
* deletion of any entry, the last ones included (a gap in ``seq``; the head row, kept in the same
  transaction as each append, points past the end; and the objects' current state no longer matches
  their last audited snapshot);
* changes made to objects behind the log's back (state differs from the last ``after``) and objects
  that were never audited.

Secrets are never written to the log: password and token hashes appear as short fingerprints,
enough to detect that they were changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foedus.server import models as m

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def snapshot(obj: Any) -> dict[str, Any]:
    """The audited state of a stored object (secrets as fingerprints)."""
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        if column.key in ("password_hash", "token_hash"):
            out[column.key + "_fingerprint"] = _fingerprint(value)
            continue
        if isinstance(value, dt.datetime):
            value = value.isoformat(timespec="microseconds")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[column.key] = value
    # JSON columns round-trip through the database: normalise them the same way each time
    return json.loads(canonical(out))


#: object types and their models, with how to find the object id in a snapshot
AUDITED: dict[str, type] = {
    "user": m.User,
    "token": m.ApiToken,
    "scenario": m.Scenario,
    "scenario_access": m.ScenarioAccess,
    "incident": m.Incident,
    "incident_access": m.IncidentAccess,
    "evaluation": m.Evaluation,
    "obligation": m.Obligation,
}
TYPE_OF: dict[type, str] = {model: name for name, model in AUDITED.items()}


def object_id(obj: Any) -> str:
    if isinstance(obj, m.ScenarioAccess):
        return f"{obj.scenario_id}:{obj.user_id}"
    if isinstance(obj, m.IncidentAccess):
        return f"{obj.incident_id}:{obj.user_id}"
    return obj.id


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(fields)).encode()).hexdigest()


def _fields(e: m.AuditEntry) -> dict[str, Any]:
    return {
        "seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
        "object_type": e.object_type, "object_id": e.object_id,
        "before": e.before, "after": e.after,
    }


def record(
    session: Session, actor: str, action: str, obj: Any,
    before: dict[str, Any] | None, *, deleted: bool = False,
) -> m.AuditEntry:
    """Append one entry for `obj` (flushed first so defaults are filled); call inside db.write()."""
    session.flush()
    after = None if deleted else snapshot(obj)
    head = session.get(m.AuditHead, 1, with_for_update=True)
    if head is None:  # pragma: no cover - the migration seeds it
        raise RuntimeError("audit_head missing: run the migrations")
    entry = m.AuditEntry(
        seq=head.seq + 1,
        at=m.utcnow().isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        object_type=TYPE_OF[type(obj)],
        object_id=object_id(obj),
        before=None if before is None else canonical(before),
        after=None if after is None else canonical(after),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(head.hash, _fields(entry))
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.flush()
    return entry


@dataclass
class VerifyReport:
    entries: int = 0
    head_seq: int = 0
    problems: list[str] = field(default_factory=list)
    objects_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head_seq": self.head_seq,
                "objects_checked": self.objects_checked, "problems": self.problems}


def verify(session: Session, max_problems: int = 50) -> VerifyReport:
    """Check the chain link by link, the head, and that stored objects match their last snapshot."""
    report = VerifyReport()

    def problem(text: str) -> None:
        if len(report.problems) < max_problems:
            report.problems.append(text)

    prev_hash, expected_seq = GENESIS, 1
    last_after: dict[tuple[str, str], str | None] = {}
    result = session.execute(select(m.AuditEntry).order_by(m.AuditEntry.seq)).scalars()
    for entry in result.yield_per(2000):
        report.entries += 1
        if entry.seq != expected_seq:
            problem(f"entries {expected_seq}..{entry.seq - 1} are missing (deleted)")
        if entry.prev_hash != prev_hash:
            problem(f"entry {entry.seq}: link to the previous entry is broken")
        if entry_hash(entry.prev_hash, _fields(entry)) != entry.hash:
            problem(f"entry {entry.seq}: content does not match its hash (altered)")
        prev_hash, expected_seq = entry.hash, entry.seq + 1
        last_after[(entry.object_type, entry.object_id)] = entry.after
    head = session.get(m.AuditHead, 1)
    if head is None:
        problem("the audit head row is missing")
    else:
        report.head_seq = head.seq
        if head.seq != expected_seq - 1 or head.hash != prev_hash:
            problem(f"the head says the chain ends at entry {head.seq} but the log ends at "
                    f"{expected_seq - 1}: entries were deleted or the head was altered")
    seen: set[tuple[str, str]] = set()
    for name, model in AUDITED.items():
        obj: Any
        for obj in session.execute(select(model)).scalars().yield_per(2000):
            key = (name, object_id(obj))
            seen.add(key)
            report.objects_checked += 1
            if key not in last_after:
                problem(f"{name} {key[1]} has no audit entry (written behind the log's back)")
            elif last_after[key] != canonical(snapshot(obj)):
                problem(f"{name} {key[1]} differs from its last audited state")
    for key, after in last_after.items():
        if after is not None and key not in seen:
            problem(f"{key[0]} {key[1]} was audited but is missing from the database")
    return report
