"""What the server does, independent of HTTP: visibility, users, tokens, scenarios, incidents,
verification, evaluation and obligations. The API, the dashboard and the CLI all call these.

Visibility (docs/server.md): ``public`` objects are seen by every signed-in user; ``restricted``
by analysts and admins and the users on the object's access list; ``confidential`` only by its
owner (creator or reporter) and the users on its access list — admins included only if listed.
An incident is visible only if its scenario is too; evaluations and obligations follow their
incident. Anything a user may not see is "not found", exactly as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, exists, or_, select
from sqlalchemy.orm import Session

from foedus.errors import FoedusError
from foedus.server import audit, security
from foedus.server import models as m


class Unauthorized(Exception):
    """No valid credentials."""


class NotFound(Exception):
    """The object does not exist, or the caller may not know that it does."""


class Forbidden(Exception):
    """The caller can see the object (or the collection) but their role may not do this."""


class Conflict(Exception):
    """The request is valid but clashes with the object's state (e.g. an illegal transition)."""


class Invalid(Exception):
    def __init__(self, message: str, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field, self.hint = message, field, hint

    @classmethod
    def from_foedus(cls, err: FoedusError, prefix: str = "") -> Invalid:
        field = err.location.field
        if prefix:
            field = prefix + ("." + field if field else "")
        return cls(err.message, field, err.hint)


RANK = {"viewer": 0, "analyst": 1, "admin": 2}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("corroborated", "confirmed", "rejected"),
    "corroborated": ("confirmed", "rejected"),
    "confirmed": (),
    "rejected": (),
}


def require(user: m.User, role: str) -> None:
    if RANK[user.role] < RANK[role]:
        raise Forbidden(f"this needs the {role} role")


def actor_name(user: m.User | None) -> str:
    return f"user:{user.username}" if user is not None else "system"


# ----------------------------------------------------------------------------------- visibility


T = TypeVar("T", m.Scenario, m.Incident, m.Obligation)


def _visible(model: Any, access: Any, access_fk: Any, owner_col: Any, user: m.User) -> Any:
    listed = exists().where(access_fk == model.id, access.user_id == user.id)
    conds = [model.classification == "public", owner_col == user.id, listed]
    if RANK[user.role] >= RANK["analyst"]:
        conds.append(model.classification == "restricted")
    return or_(*conds)


def scenario_filter(user: m.User) -> Any:
    return _visible(m.Scenario, m.ScenarioAccess, m.ScenarioAccess.scenario_id,
                    m.Scenario.owner_id, user)


def incident_filter(user: m.User) -> Any:
    own = _visible(m.Incident, m.IncidentAccess, m.IncidentAccess.incident_id,
                   m.Incident.reporter_id, user)
    scenarios = select(m.Scenario.id).where(scenario_filter(user))
    return own & m.Incident.scenario_id.in_(scenarios)


def _uuid_like(ident: str) -> bool:
    return isinstance(ident, str) and 0 < len(ident) <= 36 and "\x00" not in ident


def has_nul(value: Any) -> bool:
    """NUL characters anywhere in a value (PostgreSQL cannot store them in text or JSON)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


def _refuse_nul(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        for column in table.columns:
            if has_nul(getattr(obj, column.key, None)):
                raise Invalid("text may not contain NUL characters", column.key)


event.listen(Session, "before_flush", _refuse_nul)


def _get_if_visible(session: Session, model: type[T], ident: str, visible: Any) -> T:
    """The object with this id if the caller may see it; otherwise NotFound, exactly as if absent."""
    if not _uuid_like(ident):
        raise NotFound
    row = session.execute(select(model).where(model.id == ident, visible)).scalar_one_or_none()
    if row is None:
        raise NotFound
    return row


def get_scenario(session: Session, user: m.User, ident: str) -> m.Scenario:
    return _get_if_visible(session, m.Scenario, ident, scenario_filter(user))


def get_incident(session: Session, user: m.User, ident: str) -> m.Incident:
    return _get_if_visible(session, m.Incident, ident, incident_filter(user))


def get_obligation(session: Session, user: m.User, ident: str) -> m.Obligation:
    visible_incidents = select(m.Incident.id).where(incident_filter(user))
    return _get_if_visible(session, m.Obligation, ident,
                           m.Obligation.incident_id.in_(visible_incidents))


def can_manage(user: m.User, owner_id: str) -> bool:
    """Owners and admins (who can see the object) may change its access list."""
    return user.id == owner_id or user.role == "admin"


# ------------------------------------------------------------------------------ users and tokens


def create_user(session: Session, actor: m.User | None, username: str, password: str,
                role: str) -> m.User:
    if role not in m.ROLES:
        raise Invalid(f"unknown role {role!r}", "role", f"one of {', '.join(m.ROLES)}")
    if session.execute(select(m.User.id).where(m.User.username == username)).first():
        raise Conflict("that username is taken")
    user = m.User(username=username, password_hash=security.hash_password(password), role=role)
    session.add(user)
    audit.record(session, actor_name(actor), "user.create", user, None)
    return user


def create_token(session: Session, actor: m.User | None, owner: m.User, name: str,
                 kind: str = "api", hours: float | None = None) -> tuple[m.ApiToken, str]:
    raw = security.new_token()
    row = m.ApiToken(user_id=owner.id, name=name, kind=kind,
                     token_hash=security.token_digest(raw), expires_at=security.expiry(hours))
    session.add(row)
    audit.record(session, actor_name(actor), f"{kind}.create", row, None)
    return row, raw


def revoke_token(session: Session, actor: m.User | None, row: m.ApiToken) -> m.ApiToken:
    if row.revoked_at is None:
        before = audit.snapshot(row)
        row.revoked_at = m.utcnow()
        audit.record(session, actor_name(actor), f"{row.kind}.revoke", row, before)
    return row


def users_by_name(session: Session, names: Sequence[str]) -> list[m.User]:
    names = list(dict.fromkeys(names))
    if not names:
        return []
    if any(not isinstance(n, str) or has_nul(n) or len(n) > 64 for n in names):
        raise Invalid("invalid username in the access list", "access")
    found = session.execute(select(m.User).where(m.User.username.in_(names))).scalars().all()
    missing = sorted(set(names) - {u.username for u in found})
    if missing:
        raise Invalid(f"unknown user {missing[0]!r}", "access", "give existing usernames")
    return list(found)


def _set_access(session: Session, actor: m.User, model: Any, key: str, obj_id: str,
                users: list[m.User], new: bool = False) -> None:
    if new and not users:
        return
    current = {} if new else {r.user_id: r for r in session.execute(
        select(model).where(getattr(model, key) == obj_id)).scalars()}
    wanted = {u.id for u in users}
    for uid, row in current.items():
        if uid not in wanted:
            before = audit.snapshot(row)
            session.delete(row)
            audit.record(session, actor_name(actor), "access.remove", row, before, deleted=True)
    for uid in wanted - set(current):
        row = model(**{key: obj_id, "user_id": uid})
        session.add(row)
        audit.record(session, actor_name(actor), "access.add", row, None)


def access_names(session: Session, model: Any, key: str, obj_id: str) -> list[str]:
    rows = session.execute(
        select(m.User.username).join(model, model.user_id == m.User.id)
        .where(getattr(model, key) == obj_id).order_by(m.User.username)
    ).scalars()
    return list(rows)


# ------------------------------------------------------------------------------------ scenarios

_worlds: dict[tuple[str, int], Any] = {}
_coverage: dict[tuple[str, int], list[dict[str, Any]]] = {}
_world_lock = threading.Lock()
_SCENARIO_DIR = Path(tempfile.gettempdir()) / "foedus-server-scenarios"


def _assemble(library_ref: str | None, definition: str | None) -> Any:
    from foedus.engine.world import assemble

    if library_ref:
        return assemble(library_ref)
    assert definition is not None
    _SCENARIO_DIR.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(definition.encode()).hexdigest()[:24]
    path = _SCENARIO_DIR / f"scenario-{digest}.yaml"
    if not path.exists():
        tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(definition, encoding="utf-8")
        tmp.replace(path)
    return assemble(path)


_REFERENCE_KEYS = {"extends", "instruments", "amendments", "history", "instrument"}


def _file_references(node: Any, key: str | None = None) -> str | None:
    """The first reference in an uploaded scenario that names a file instead of a library id."""
    if isinstance(node, dict):
        for k, v in node.items():
            found = _file_references(v, str(k))
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _file_references(item, key)
            if found:
                return found
    elif isinstance(node, str) and key in _REFERENCE_KEYS and _path_like(node):
        return node
    return None


def _path_like(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml")) or ".." in ref


def check_scenario(library_ref: str | None, definition: str | None) -> Any:
    """Assemble a scenario to validate it; errors become Invalid with field and hint.

    Uploaded definitions may name instruments, amendments and scenarios only by library id: a
    reference that looks like a file path is refused, so no upload can make the server read files.
    """
    import yaml

    if bool(library_ref) == bool(definition):
        raise Invalid("give exactly one of library_ref and definition", "library_ref",
                      "library_ref names a bundled scenario; definition is a scenario YAML")
    if library_ref and library_ref not in library_scenarios():
        raise Invalid(f"no bundled scenario {library_ref!r}", "library_ref",
                      f"one of {', '.join(library_scenarios())}")
    if definition:
        try:
            doc = yaml.safe_load(definition)
        except yaml.YAMLError:
            raise Invalid("the definition is not valid YAML", "definition") from None
        if not isinstance(doc, dict):
            raise Invalid("the definition must be a YAML mapping", "definition",
                          "see docs/formats.md, Scenario")
        bad = _file_references(doc)
        if bad:
            raise Invalid("uploaded scenarios may not reference files", "definition",
                          "name instruments, amendments and scenarios by library id")
    try:
        return _assemble(library_ref, definition)
    except FoedusError as err:
        raise Invalid.from_foedus(err, "library_ref" if library_ref else "definition") from None
    except (OSError, ValueError, RecursionError) as err:
        raise Invalid(f"cannot assemble the scenario: {err}", "definition") from None


def world_for(scenario: m.Scenario) -> Any:
    key = (scenario.id, scenario.version)
    with _world_lock:
        world = _worlds.get(key)
    if world is None:
        world = _assemble(scenario.library_ref, scenario.definition)
        with _world_lock:
            _worlds[key] = world
    return world


def coverage_for(scenario: m.Scenario) -> list[dict[str, Any]]:
    from foedus.engine.coverage import coverage

    key = (scenario.id, scenario.version)
    with _world_lock:
        cached = _coverage.get(key)
    if cached is None:
        cached = [c.to_json() for c in coverage(world_for(scenario))]
        with _world_lock:
            _coverage[key] = cached
    return cached


def create_scenario(session: Session, user: m.User, *, name: str, classification: str,
                    library_ref: str | None, definition: str | None,
                    access: Sequence[str] = ()) -> m.Scenario:
    require(user, "analyst")
    world = check_scenario(library_ref, definition)
    listed = users_by_name(session, access)
    row = m.Scenario(name=name, classification=classification, owner_id=user.id,
                     library_ref=library_ref or None, definition=definition or None,
                     as_of=world.as_of, title=world.scenario.title or world.id)
    session.add(row)
    audit.record(session, actor_name(user), "scenario.create", row, None)
    _set_access(session, user, m.ScenarioAccess, "scenario_id", row.id, listed, new=True)
    with _world_lock:
        _worlds[(row.id, row.version)] = world
    return row


def set_scenario_access(session: Session, user: m.User, scenario: m.Scenario,
                        names: Sequence[str]) -> None:
    if not can_manage(user, scenario.owner_id):
        raise Forbidden("only the scenario's owner or an admin may change its access list")
    _set_access(session, user, m.ScenarioAccess, "scenario_id", scenario.id,
                users_by_name(session, names))


# ------------------------------------------------------------------------------------ incidents


def validate_incident(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a report with the engine's Incident model; returns its JSON form."""
    from foedus.model.incident import Incident
    from foedus.model.validation import validate
    from foedus.model.yamlio import Positions

    try:
        incident = validate(Incident, data, Positions("<report>", {}))
    except FoedusError as err:
        raise Invalid.from_foedus(err, "incident") from None
    return incident.model_dump(mode="json")


def submit_incident(session: Session, user: m.User, *, scenario_id: str, classification: str,
                    report: dict[str, Any], access: Sequence[str] = (),
                    idempotency_key: str | None = None) -> tuple[m.Incident, bool]:
    """Store a new report (status ``reported``); returns (row, created).

    With an idempotency key, a retry of a request that already succeeded returns the stored report
    instead of a duplicate.
    """
    require(user, "analyst")
    scenario = get_scenario(session, user, scenario_id)
    if idempotency_key:
        prior = session.execute(select(m.Incident).where(
            m.Incident.reporter_id == user.id, m.Incident.idempotency_key == idempotency_key,
        )).scalar_one_or_none()
        if prior is not None:
            return prior, False
    if not isinstance(report, dict):
        raise Invalid("the incident must be an object", "incident")
    if "id" in report:
        raise Invalid("unknown field", "incident.id", "the server assigns the id")
    if has_nul(report):
        raise Invalid("text may not contain NUL characters", "incident")
    if isinstance(report.get("title"), str) and len(report["title"]) > 300:
        raise Invalid("the title is longer than 300 characters", "incident.title")
    row_id = m.new_id()
    data = validate_incident({**report, "id": row_id})
    listed = users_by_name(session, access)
    row = m.Incident(
        id=row_id, scenario_id=scenario.id, classification=classification, reporter_id=user.id,
        idempotency_key=idempotency_key or None, status="reported",
        date=dt.date.fromisoformat(data["date"]), kind=data["kind"], target=data["target"],
        title=data.get("title"), data=data,
    )
    session.add(row)
    audit.record(session, actor_name(user), "incident.create", row, None)
    _set_access(session, user, m.IncidentAccess, "incident_id", row.id, listed, new=True)
    return row, True


def set_incident_access(session: Session, user: m.User, incident: m.Incident,
                        names: Sequence[str]) -> None:
    if not can_manage(user, incident.reporter_id):
        raise Forbidden("only the reporter or an admin may change the incident's access list")
    _set_access(session, user, m.IncidentAccess, "incident_id", incident.id,
                users_by_name(session, names))


def _prior(session: Session, incident: m.Incident, limit: int = 500) -> list[Any]:
    """Earlier confirmed incidents of the same scenario (they can void guarantees)."""
    from foedus.model.incident import Incident

    rows = session.execute(
        select(m.Incident.data).where(
            m.Incident.scenario_id == incident.scenario_id,
            m.Incident.status == "confirmed",
            m.Incident.id != incident.id,
            m.Incident.date <= incident.date,
        ).order_by(m.Incident.date.desc()).limit(limit)
    ).scalars().all()
    return [Incident.model_validate(d) for d in reversed(rows)]


def evaluate_incident(session: Session, user: m.User, incident: m.Incident,
                      now: dt.datetime) -> m.Evaluation:
    """Evaluate a confirmed incident with the engine; store findings and the obligations owed."""
    from foedus.engine.evaluator import evaluate
    from foedus.model.incident import Incident

    scenario = session.get(m.Scenario, incident.scenario_id)
    assert scenario is not None
    world = world_for(scenario)
    try:
        result = evaluate(world, Incident.model_validate(incident.data),
                          prior=_prior(session, incident))
    except FoedusError as err:
        raise Invalid.from_foedus(err, "incident") from None
    ev = m.Evaluation(incident_id=incident.id, result=result.to_json())
    session.add(ev)
    audit.record(session, actor_name(user), "evaluation.create", ev, None)
    for finding in result.findings:
        if finding.status != "applies":
            continue
        for ob in finding.obligations:
            due = (now + dt.timedelta(hours=ob.deadline_hours)
                   if ob.deadline_hours is not None else None)
            row = m.Obligation(
                incident_id=incident.id, instrument=finding.instrument, clause=finding.clause,
                obligation=ob.obligation, obligor=ob.obligor, beneficiary=ob.beneficiary,
                response=ob.response, binding=ob.binding, strength=ob.strength,
                timing=ob.timing, deadline_hours=ob.deadline_hours, due_at=due,
            )
            session.add(row)
            audit.record(session, actor_name(user), "obligation.create", row, None)
    return ev


def verify_incident(session: Session, user: m.User, incident: m.Incident, *, status: str,
                    attribution: float | None = None, note: str | None = None) -> m.Incident:
    """Move a report through verification; confirming it evaluates it (same transaction)."""
    require(user, "analyst")
    if status not in TRANSITIONS[incident.status]:
        allowed = ", ".join(TRANSITIONS[incident.status]) or "none (final)"
        raise Conflict(f"cannot go from {incident.status} to {status}; allowed: {allowed}")
    before = audit.snapshot(incident)
    if attribution is not None:
        data = validate_incident({**incident.data, "attribution": attribution})
        incident.data = data
    now = m.utcnow()
    incident.status, incident.status_note, incident.updated_at = status, note, now
    audit.record(session, actor_name(user), f"incident.{status}", incident, before)
    if status == "confirmed":
        evaluate_incident(session, user, incident, now)
    return incident


def set_obligation_status(session: Session, user: m.User, ob: m.Obligation, status: str,
                          note: str | None = None) -> m.Obligation:
    require(user, "analyst")
    if status not in ("met", "missed", "open"):
        raise Invalid(f"unknown status {status!r}", "status", "met, missed or open")
    before = audit.snapshot(ob)
    ob.status, ob.status_note, ob.updated_at = status, note, m.utcnow()
    audit.record(session, actor_name(user), f"obligation.{status}", ob, before)
    return ob


def obligation_json(ob: m.Obligation, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or m.utcnow()
    return {
        "id": ob.id, "incident_id": ob.incident_id, "instrument": ob.instrument,
        "clause": ob.clause, "obligation": ob.obligation, "obligor": ob.obligor,
        "beneficiary": ob.beneficiary, "response": ob.response, "binding": ob.binding,
        "strength": ob.strength, "timing": ob.timing, "deadline_hours": ob.deadline_hours,
        "due_at": ob.due_at.isoformat() + "Z" if ob.due_at else None,
        "overdue": bool(ob.status == "open" and ob.due_at is not None and ob.due_at < now),
        "status": ob.status, "status_note": ob.status_note,
        "created_at": ob.created_at.isoformat() + "Z",
        "updated_at": ob.updated_at.isoformat() + "Z",
    }


def incident_json(incident: m.Incident) -> dict[str, Any]:
    return {
        "id": incident.id, "scenario_id": incident.scenario_id,
        "classification": incident.classification, "status": incident.status,
        "status_note": incident.status_note, "date": incident.date.isoformat(),
        "kind": incident.kind, "target": incident.target, "title": incident.title,
        "attribution": incident.data.get("attribution"), "incident": incident.data,
        "created_at": incident.created_at.isoformat() + "Z",
        "updated_at": incident.updated_at.isoformat() + "Z",
    }


def scenario_json(s: m.Scenario) -> dict[str, Any]:
    return {
        "id": s.id, "name": s.name, "classification": s.classification,
        "library_ref": s.library_ref, "title": s.title, "as_of": s.as_of.isoformat(),
        "created_at": s.created_at.isoformat() + "Z", "has_definition": s.definition is not None,
    }


def library_scenarios() -> list[str]:
    from foedus.model.library import Library

    try:
        return Library().scenario_ids()
    except (FoedusError, OSError):  # pragma: no cover - a broken library
        return []

