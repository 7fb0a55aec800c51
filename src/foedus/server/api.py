"""The REST API under /api: bearer-token authentication, JSON in and out, OpenAPI at /api/openapi.json.

Objects the caller may not see answer 404, exactly like objects that do not exist; a caller who can
see an object but whose role may not change it gets 403. Lists never report totals.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select

from foedus.server import audit, results, security
from foedus.server import models as m
from foedus.server import services as svc
from foedus.server.db import Database

Classification = Literal["public", "restricted", "confidential"]
Username = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
ObjectId = Annotated[str, Field(max_length=36)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if svc.has_nul(data):
            raise ValueError("text may not contain NUL characters")
        return data


class ErrorOut(BaseModel):
    detail: str
    field: str | None = None
    hint: str | None = None


class UserCreate(Model):
    username: Username
    password: Annotated[str, Field(min_length=8, max_length=200)]
    role: Literal["viewer", "analyst", "admin"] = "viewer"


class UserOut(BaseModel):
    id: str
    username: str
    role: str
    active: bool


class TokenCreate(Model):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    expires_hours: Annotated[float, Field(gt=0, le=24 * 366 * 5)] | None = None


class TokenOut(BaseModel):
    id: str
    name: str
    kind: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None


class TokenCreated(TokenOut):
    token: str = Field(description="the secret, shown only this once")


class ScenarioCreate(Model):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    classification: Classification = "public"
    library_ref: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,119}$")] | None = (
        Field(default=None, description="a bundled scenario, e.g. europe-2025")
    )
    definition: Annotated[str, Field(max_length=100_000)] | None = Field(
        default=None, description="a scenario YAML (docs/formats.md); instruments by library id"
    )
    access: Annotated[list[Username], Field(max_length=100)] = []


class ScenarioOut(BaseModel):
    id: str
    name: str
    classification: str
    library_ref: str | None
    title: str
    as_of: str
    created_at: str
    has_definition: bool
    access: list[str] | None = Field(default=None, description="shown to the owner and admins")


class AccessUpdate(Model):
    usernames: Annotated[list[Username], Field(max_length=100)]


INCIDENT_EXAMPLE = {
    "date": "2025-09-10", "kind": "drone-incursion", "by": "RUS", "attribution": 0.9,
    "target": "POL", "where": "airspace", "region": "POL", "severity": 2,
    "title": "Drones over eastern Poland",
    "sources": [{"title": "Ministry statement", "url": "https://example.org/statement"}],
}


class IncidentCreate(Model):
    scenario_id: ObjectId
    classification: Classification = "public"
    incident: dict[str, Any] = Field(
        description="the incident in the engine's fields (docs/formats.md, without `id`: the "
        "server assigns one): date, kind, by, attribution, target, where, region, casualties, "
        "severity, title, sources, ...",
        examples=[INCIDENT_EXAMPLE],
    )
    access: Annotated[list[Username], Field(max_length=100)] = []


class IncidentOut(BaseModel):
    id: str
    scenario_id: str
    classification: str
    status: str
    status_note: str | None
    date: str
    kind: str
    target: str
    title: str | None
    attribution: float | None
    incident: dict[str, Any]
    created_at: str
    updated_at: str
    access: list[str] | None = None


class Verification(Model):
    status: Literal["corroborated", "confirmed", "rejected"]
    attribution: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None


class FindingsOut(BaseModel):
    incident_id: str
    evaluated: bool
    evaluation: dict[str, Any] | None = Field(
        default=None, description="Evaluation.to_json() of the engine (docs/formats.md)")


class ObligationOut(BaseModel):
    id: str
    incident_id: str
    instrument: str
    clause: str
    obligation: str
    obligor: str
    beneficiary: str
    response: str
    binding: bool
    strength: int
    timing: str
    deadline_hours: float | None
    due_at: str | None
    overdue: bool
    status: str
    status_note: str | None
    created_at: str
    updated_at: str


class ObligationUpdate(Model):
    status: Literal["open", "met", "missed"]
    note: Annotated[str, Field(max_length=2000)] | None = None


class Page(BaseModel):
    next_offset: int | None = Field(description="offset of the next page, null at the end")


class IncidentPage(Page):
    items: list[IncidentOut]


class ObligationPage(Page):
    items: list[ObligationOut]


class ScenarioPage(Page):
    items: list[ScenarioOut]


class AuditOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


class AuditPage(Page):
    items: list[AuditOut]


bearer = HTTPBearer(auto_error=False, description="an API token: `foedus admin token create`")
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no valid token"},
    404: {"model": ErrorOut, "description": "no such object, or not visible to the caller"},
    422: {"model": ErrorOut, "description": "invalid input"},
}


def get_db(request: Request) -> Database:
    return request.app.state.db


def current_user(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> m.User:
    db: Database = request.app.state.db
    if creds is not None and creds.scheme.lower() == "bearer":
        with db.read() as session:
            user = security.user_for_token(session, creds.credentials, kind="api")
        if user is not None:
            return user
    raise svc.Unauthorized


User = Annotated[m.User, Depends(current_user)]
Db = Annotated[Database, Depends(get_db)]

router = APIRouter(prefix="/api", responses=ERRORS)


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    more = len(items) > limit
    return {"items": items[:limit], "next_offset": offset + limit if more else None}


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat() + "Z"


def _token_json(t: m.ApiToken) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "kind": t.kind, "created_at": _iso(t.created_at),
            "expires_at": _iso(t.expires_at), "revoked_at": _iso(t.revoked_at)}


@router.get("/health", tags=["meta"], responses={200: {"description": "the server is up"}})
def health() -> dict[str, str]:
    """Liveness probe (no authentication)."""
    return {"status": "ok"}


@router.get("/me", response_model=UserOut, tags=["users"])
def me(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "role": user.role, "active": user.active}


@router.get("/users", response_model=list[UserOut], tags=["users"])
def list_users(user: User, db: Db) -> list[dict[str, Any]]:
    """Every user (admins only)."""
    svc.require(user, "admin")
    with db.read() as s:
        rows = s.execute(select(m.User).order_by(m.User.username).limit(10_000)).scalars()
        return [{"id": u.id, "username": u.username, "role": u.role, "active": u.active}
                for u in rows]


@router.post("/users", response_model=UserOut, status_code=201, tags=["users"])
def create_user(body: UserCreate, user: User, db: Db) -> dict[str, Any]:
    svc.require(user, "admin")
    with db.write() as s:
        new = svc.create_user(s, user, body.username, body.password, body.role)
        return {"id": new.id, "username": new.username, "role": new.role, "active": new.active}


@router.get("/tokens", response_model=list[TokenOut], tags=["tokens"])
def list_tokens(user: User, db: Db) -> list[dict[str, Any]]:
    """The caller's own API tokens (never the secrets)."""
    with db.read() as s:
        rows = s.execute(select(m.ApiToken).where(
            m.ApiToken.user_id == user.id, m.ApiToken.kind == "api",
        ).order_by(m.ApiToken.created_at).limit(1000)).scalars()
        return [_token_json(t) for t in rows]


@router.post("/tokens", response_model=TokenCreated, status_code=201, tags=["tokens"])
def create_token(body: TokenCreate, user: User, db: Db) -> dict[str, Any]:
    with db.write() as s:
        row, raw = svc.create_token(s, user, user, body.name, "api", body.expires_hours)
        return {**_token_json(row), "token": raw}


@router.delete("/tokens/{token_id}", response_model=TokenOut, tags=["tokens"])
def revoke_token(token_id: str, user: User, db: Db) -> dict[str, Any]:
    """Revoke one of the caller's own tokens (an admin revokes others' with
    `foedus admin token revoke`)."""
    with db.write() as s:
        row = s.get(m.ApiToken, token_id) if svc._uuid_like(token_id) else None
        if row is None or row.kind != "api" or row.user_id != user.id:
            raise svc.NotFound
        return _token_json(svc.revoke_token(s, user, row))


# ------------------------------------------------------------------------------------ scenarios


def _scenario_out(s: Any, row: m.Scenario, user: m.User) -> dict[str, Any]:
    out = svc.scenario_json(row)
    if svc.can_manage(user, row.owner_id):
        out["access"] = svc.access_names(s, m.ScenarioAccess, "scenario_id", row.id)
    return out


@router.get("/scenarios", response_model=ScenarioPage, tags=["scenarios"])
def list_scenarios(user: User, db: Db, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    with db.read() as s:
        rows = s.execute(select(m.Scenario).where(svc.scenario_filter(user))
                         .order_by(m.Scenario.created_at, m.Scenario.id)
                         .limit(limit + 1).offset(offset)).scalars().all()
        return _page([svc.scenario_json(r) for r in rows], limit, offset)


@router.post("/scenarios", response_model=ScenarioOut, status_code=201, tags=["scenarios"])
def create_scenario(body: ScenarioCreate, user: User, db: Db) -> dict[str, Any]:
    """Register a bundled scenario (`library_ref`) or upload one (`definition`); analysts+."""
    svc.require(user, "analyst")
    with db.write() as s:
        row = svc.create_scenario(s, user, name=body.name, classification=body.classification,
                                  library_ref=body.library_ref, definition=body.definition,
                                  access=body.access)
        return _scenario_out(s, row, user)


@router.get("/scenarios/{scenario_id}", response_model=ScenarioOut, tags=["scenarios"])
def get_scenario(scenario_id: str, user: User, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return _scenario_out(s, svc.get_scenario(s, user, scenario_id), user)


@router.put("/scenarios/{scenario_id}/access", response_model=ScenarioOut, tags=["scenarios"])
def set_scenario_access(scenario_id: str, body: AccessUpdate, user: User,
                        db: Db) -> dict[str, Any]:
    """Replace the scenario's access list (owner or admin)."""
    with db.write() as s:
        row = svc.get_scenario(s, user, scenario_id)
        svc.set_scenario_access(s, user, row, body.usernames)
        return _scenario_out(s, row, user)


@router.get("/scenarios/{scenario_id}/coverage", tags=["scenarios"],
            responses={200: {"description": "CountryCoverage.to_json() per country"}})
def scenario_coverage(scenario_id: str, user: User, db: Db) -> list[dict[str, Any]]:
    """Who protects whom, and how strongly (0..5), in this scenario on its as-of date."""
    with db.read() as s:
        row = svc.get_scenario(s, user, scenario_id)
    return svc.coverage_for(row)


# ------------------------------------------------------------------------------------ incidents


def _incident_out(s: Any, row: m.Incident, user: m.User) -> dict[str, Any]:
    out = svc.incident_json(row)
    if svc.can_manage(user, row.reporter_id):
        out["access"] = svc.access_names(s, m.IncidentAccess, "incident_id", row.id)
    return out


@router.get("/incidents", response_model=IncidentPage, tags=["incidents"])
def list_incidents(
    user: User, db: Db, limit: Limit = 100, offset: Offset = 0,
    status: Literal["reported", "corroborated", "confirmed", "rejected"] | None = None,
    scenario_id: Annotated[str | None, Query(max_length=36)] = None,
) -> dict[str, Any]:
    """Incidents the caller may see, newest first."""
    with db.read() as s:
        q = select(m.Incident).where(svc.incident_filter(user))
        if status:
            q = q.where(m.Incident.status == status)
        if scenario_id:
            q = q.where(m.Incident.scenario_id == scenario_id)
        q = q.order_by(m.Incident.date.desc(), m.Incident.created_at.desc(), m.Incident.id)
        rows = s.execute(q.limit(limit + 1).offset(offset)).scalars().all()
        return _page([svc.incident_json(r) for r in rows], limit, offset)


@router.post("/incidents", response_model=IncidentOut, status_code=201, tags=["incidents"],
             responses={200: {"model": IncidentOut,
                              "description": "a retry with a known Idempotency-Key"}})
def submit_incident(
    body: IncidentCreate, user: User, db: Db, response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> dict[str, Any]:
    """Submit an incident report (status `reported`); analysts+. Send an `Idempotency-Key` header
    to make retries safe: the same key returns the stored report instead of a duplicate."""
    svc.require(user, "analyst")
    with db.write() as s:
        row, created = svc.submit_incident(
            s, user, scenario_id=body.scenario_id, classification=body.classification,
            report=body.incident, access=body.access, idempotency_key=idempotency_key)
        if not created:
            response.status_code = 200
        return _incident_out(s, row, user)


@router.get("/incidents/{incident_id}", response_model=IncidentOut, tags=["incidents"])
def get_incident(incident_id: str, user: User, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return _incident_out(s, svc.get_incident(s, user, incident_id), user)


@router.post("/incidents/{incident_id}/verification", response_model=IncidentOut,
             tags=["incidents"])
def verify_incident(incident_id: str, body: Verification, user: User, db: Db) -> dict[str, Any]:
    """Move a report to corroborated, confirmed or rejected, optionally revising the attribution
    confidence. Confirming evaluates the incident and creates its obligations."""
    with db.read() as s:  # assemble the world outside the write lock
        row = svc.get_incident(s, user, incident_id)
        scenario = s.get(m.Scenario, row.scenario_id)
    svc.require(user, "analyst")
    if body.status == "confirmed" and scenario is not None:
        svc.world_for(scenario)
    with db.write() as s:
        row = svc.get_incident(s, user, incident_id)
        svc.verify_incident(s, user, row, status=body.status, attribution=body.attribution,
                            note=body.note)
        return _incident_out(s, row, user)


@router.put("/incidents/{incident_id}/access", response_model=IncidentOut, tags=["incidents"])
def set_incident_access(incident_id: str, body: AccessUpdate, user: User,
                        db: Db) -> dict[str, Any]:
    with db.write() as s:
        row = svc.get_incident(s, user, incident_id)
        svc.set_incident_access(s, user, row, body.usernames)
        return _incident_out(s, row, user)


@router.get("/incidents/{incident_id}/findings", response_model=FindingsOut, tags=["incidents"])
def incident_findings(incident_id: str, user: User, db: Db) -> dict[str, Any]:
    """The engine's findings for a confirmed incident (`evaluated: false` before confirmation)."""
    with db.read() as s:
        row = svc.get_incident(s, user, incident_id)
        ev = s.execute(select(m.Evaluation).where(m.Evaluation.incident_id == row.id)
                       ).scalar_one_or_none()
        return {"incident_id": row.id, "evaluated": ev is not None,
                "evaluation": ev.result if ev else None}


# ---------------------------------------------------------------------------------- obligations


@router.get("/obligations", response_model=ObligationPage, tags=["obligations"])
def list_obligations(
    user: User, db: Db, limit: Limit = 100, offset: Offset = 0,
    status: Literal["open", "met", "missed"] | None = None,
    incident_id: Annotated[str | None, Query(max_length=36)] = None,
    due_within_hours: Annotated[float | None, Query(ge=0, le=24 * 366)] = None,
) -> dict[str, Any]:
    """Obligations of incidents the caller may see, soonest deadline first."""
    with db.read() as s:
        q = select(m.Obligation).where(
            m.Obligation.incident_id.in_(select(m.Incident.id).where(svc.incident_filter(user))))
        if status:
            q = q.where(m.Obligation.status == status)
        if incident_id:
            q = q.where(m.Obligation.incident_id == incident_id)
        if due_within_hours is not None:
            q = q.where(m.Obligation.due_at.is_not(None),
                        m.Obligation.due_at <= m.utcnow() + dt.timedelta(hours=due_within_hours))
        q = q.order_by(m.Obligation.due_at.is_(None), m.Obligation.due_at,
                       m.Obligation.strength.desc(), m.Obligation.id)
        rows = s.execute(q.limit(limit + 1).offset(offset)).scalars().all()
        now = m.utcnow()
        return _page([svc.obligation_json(r, now) for r in rows], limit, offset)


@router.get("/obligations/{obligation_id}", response_model=ObligationOut, tags=["obligations"])
def get_obligation(obligation_id: str, user: User, db: Db) -> dict[str, Any]:
    with db.read() as s:
        return svc.obligation_json(svc.get_obligation(s, user, obligation_id))


@router.post("/obligations/{obligation_id}/status", response_model=ObligationOut,
             tags=["obligations"])
def set_obligation_status(obligation_id: str, body: ObligationUpdate, user: User,
                          db: Db) -> dict[str, Any]:
    """Mark an obligation met or missed (or open again); analysts+."""
    with db.write() as s:
        ob = svc.get_obligation(s, user, obligation_id)
        return svc.obligation_json(svc.set_obligation_status(s, user, ob, body.status, body.note))


# -------------------------------------------------------------------------------------- results


@router.get("/results", tags=["results"],
            responses={200: {"description": "deterrence and negotiation results, or why not"}})
def get_results(user: User, db: Db,
                scenario_id: Annotated[str | None, Query(max_length=36)] = None
                ) -> dict[str, Any]:
    """Deterrence (for a scenario) and negotiation forecasts, each with `available` and, when
    not available, the reason."""
    world = None
    if scenario_id:
        with db.read() as s:
            world = svc.world_for(svc.get_scenario(s, user, scenario_id))
    return {"negotiation": results.negotiation(), "deterrence": results.deterrence(world)}


# ---------------------------------------------------------------------------------------- audit


def _visible_object(s: Any, user: m.User, kind: str, ident: str, cache: dict) -> bool:
    key = (kind, ident)
    if key in cache:
        return cache[key]
    ok = True
    try:
        if kind in ("scenario", "scenario_access"):
            svc.get_scenario(s, user, ident.split(":")[0])
        elif kind in ("incident", "incident_access"):
            svc.get_incident(s, user, ident.split(":")[0])
        elif kind == "obligation":
            svc.get_obligation(s, user, ident)
        elif kind == "evaluation":
            ev = s.get(m.Evaluation, ident)
            ok = ev is not None and bool(svc.get_incident(s, user, ev.incident_id))
    except svc.NotFound:
        ok = False
    cache[key] = ok
    return ok


@router.get("/audit", response_model=AuditPage, tags=["audit"])
def list_audit(user: User, db: Db, limit: Limit = 100,
               before_seq: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,  # INTEGER column
               object_id: Annotated[str | None, Query(max_length=80)] = None) -> dict[str, Any]:
    """Audit entries, newest first (admins only), for objects the caller may see."""
    import json

    svc.require(user, "admin")
    items: list[dict[str, Any]] = []
    cache: dict = {}
    with db.read() as s:
        cursor = before_seq
        for _ in range(50):  # bounded scan
            q = select(m.AuditEntry).order_by(m.AuditEntry.seq.desc()).limit(500)
            if cursor is not None:
                q = q.where(m.AuditEntry.seq < cursor)
            if object_id:
                q = q.where(m.AuditEntry.object_id == object_id)
            batch = s.execute(q).scalars().all()
            for e in batch:
                if _visible_object(s, user, e.object_type, e.object_id, cache):
                    items.append({
                        "seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
                        "object_type": e.object_type, "object_id": e.object_id,
                        "before": json.loads(e.before) if e.before else None,
                        "after": json.loads(e.after) if e.after else None, "hash": e.hash})
                    if len(items) >= limit:
                        return {"items": items, "next_offset": e.seq}
            if len(batch) < 500:
                break
            cursor = batch[-1].seq
    return {"items": items, "next_offset": None}


@router.get("/audit/verify", tags=["audit"],
            responses={200: {"description": "whether the audit chain verifies"}})
def verify_audit(user: User, db: Db) -> dict[str, bool]:
    """Verify the whole chain (admins only); details are for `foedus audit verify`."""
    svc.require(user, "admin")
    with db.read() as s:
        return {"ok": audit.verify(s).ok}
