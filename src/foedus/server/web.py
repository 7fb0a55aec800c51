"""The dashboard: server-rendered pages (Jinja2) with HTMX partial updates, cookie sessions.

Sessions are tokens of kind ``session`` (stored hashed, like API tokens) in an HttpOnly,
SameSite=Strict cookie; every state-changing form carries a CSRF value derived from the session
secret. Pages use landmarks, labelled controls, visible focus and a skip link, and every colour on
the map is repeated in a table, so the dashboard works from the keyboard and with a screen reader.
"""

from __future__ import annotations

import datetime as dt
import hmac
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from foedus.server import models as m
from foedus.server import results, security
from foedus.server import services as svc
from foedus.server.db import Database

COOKIE = "foedus_session"
templates = Jinja2Templates(directory=str(resources.files("foedus.server") / "templates"))
router = APIRouter(include_in_schema=False)

KINDS = ("armed-attack", "missile-strike", "air-strike", "shelling", "ground-incursion",
         "air-incursion", "drone-incursion", "naval-incident", "cyberattack", "sabotage",
         "terrorist-attack", "chemical-attack", "nuclear-use", "hybrid-attack", "space-attack",
         "threat")
WHERES = ("territory", "airspace", "territorial-waters", "eez", "forces-abroad",
          "vessels-or-aircraft", "international-waters")


class WebUser:
    def __init__(self, user: m.User, raw: str) -> None:
        self.user, self.csrf = user, security.csrf_token(raw)


def web_user(request: Request) -> WebUser:
    raw = request.cookies.get(COOKIE, "")
    db: Database = request.app.state.db
    if raw:
        with db.read() as s:
            user = security.user_for_token(s, raw, kind="session")
        if user is not None:
            return WebUser(user, raw)
    raise svc.Unauthorized


Who = Annotated[WebUser, Depends(web_user)]


def check_csrf(request: Request, who: WebUser, form_value: str | None) -> None:
    given = form_value or request.headers.get("x-csrf-token", "")
    if not hmac.compare_digest(given.encode(), who.csrf.encode()):
        raise svc.Forbidden("the form has expired: reload the page and try again")


def render(request: Request, name: str, who: WebUser | None, status: int = 200,
           **ctx: Any) -> HTMLResponse:
    ctx.update(user=who.user if who else None, csrf=who.csrf if who else "",
               path=request.url.path)
    return templates.TemplateResponse(request, name, ctx, status_code=status)


# ----------------------------------------------------------------------------------- sessions


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", None)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=200)]) -> Response:
    db: Database = request.app.state.db
    throttle: security.LoginThrottle = request.app.state.login_throttle
    keys = ["user:" + username.casefold(), "addr:" + (request.client.host if request.client else "?")]
    wait = throttle.retry_after(keys)
    if wait is not None:  # too many failed sign-ins: refuse before checking the password
        refused = render(request, "login.html", None, status=429, username=username,
                         error=f"Too many failed sign-ins. Try again in {int(wait // 60) + 1} minutes.")
        refused.headers["Retry-After"] = str(int(wait) + 1)
        return refused
    user = None
    if not svc.has_nul(username) and not svc.has_nul(password):
        with db.read() as s:
            user = security.authenticate(s, username, password)
    if user is None:
        throttle.failed(keys)
        return render(request, "login.html", None, status=401,
                      error="Unknown username or wrong password.", username=username)
    throttle.succeeded(keys[0])
    with db.write() as s:
        _, raw = svc.create_token(s, user, user, "browser session", "session",
                                  request.app.state.settings.session_hours)
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(COOKIE, raw, httponly=True, samesite="strict", path="/",
                    secure=request.app.state.settings.secure_cookies,
                    max_age=int(request.app.state.settings.session_hours * 3600))
    return resp


@router.post("/logout")
def logout(request: Request, who: Who, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, who, csrf)
    db: Database = request.app.state.db
    raw = request.cookies.get(COOKIE, "")
    with db.write() as s:
        row = s.execute(select(m.ApiToken).where(
            m.ApiToken.token_hash == security.token_digest(raw))).scalar_one_or_none()
        if row is not None:
            svc.revoke_token(s, who.user, row)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp


# ---------------------------------------------------------------------------------- dashboard


def _scenarios(s: Any, user: m.User) -> list[m.Scenario]:
    return list(s.execute(select(m.Scenario).where(svc.scenario_filter(user))
                          .order_by(m.Scenario.created_at).limit(200)).scalars())


def _pick_scenario(s: Any, user: m.User, wanted: str | None) -> m.Scenario | None:
    if wanted:
        try:
            return svc.get_scenario(s, user, wanted)
        except svc.NotFound:
            return None
    found = _scenarios(s, user)
    return found[0] if found else None


def map_context(s: Any, user: m.User, scenario: m.Scenario | None,
                incident_id: str | None) -> dict[str, Any]:
    """Coverage map of the scenario, with the selected incident's target and triggered clauses."""
    from foedus.report.maps import PROTECTION_SCALE, europe_map_svg

    ctx: dict[str, Any] = {"scenario": scenario, "incident": None, "triggered": [],
                           "svg": None, "coverage": []}
    if scenario is None:
        return ctx
    cov = svc.coverage_for(scenario)
    values = {c["country"]: c["strength"] for c in cov}
    highlight: list[str] = []
    labels: dict[str, str] = {}
    for c in cov:
        top = c["protections"][0]["instrument"] if c["protections"] else "none"
        labels[c["country"]] = f"strength {c['strength']} ({top})"
    title = f"Protection strength, {scenario.as_of}"
    if incident_id:
        try:
            incident = svc.get_incident(s, user, incident_id)
        except svc.NotFound:
            incident = None
        if incident is not None and incident.scenario_id == scenario.id:
            ctx["incident"] = incident
            ev = s.execute(select(m.Evaluation).where(
                m.Evaluation.incident_id == incident.id)).scalar_one_or_none()
            highlight = [incident.target]
            if ev is not None:
                for f in ev.result["findings"]:
                    if f["status"] == "applies":
                        obligors = sorted({o["obligor"] for o in f["obligations"]})
                        ctx["triggered"].append({
                            "instrument": f["instrument"], "clause": f["clause"],
                            "title": f["title"], "probability": f["probability"],
                            "obligations": len(f["obligations"]), "obligors": obligors,
                            "responses": sorted({o["response"] for o in f["obligations"]}),
                        })
            names = ", ".join(f"{t['instrument']} {t['clause']}" for t in ctx["triggered"])
            labels[incident.target] = (labels.get(incident.target, "")
                                       + f"; target of the incident; triggered: {names or 'none'}")
            title += f"; outlined: {incident.target}, target of the selected incident"
    ctx["svg"] = europe_map_svg(values, title=title, scale=PROTECTION_SCALE,
                                highlight=highlight, labels=labels)
    ctx["coverage"] = sorted((c for c in cov if c["strength"] > 0),
                             key=lambda c: (-c["strength"], c["name"]))
    return ctx


def _timeline(s: Any, user: m.User, scenario: m.Scenario | None, limit: int = 50) -> list:
    if scenario is None:
        return []
    return list(s.execute(
        select(m.Incident).where(svc.incident_filter(user),
                                 m.Incident.scenario_id == scenario.id)
        .order_by(m.Incident.date.desc(), m.Incident.created_at.desc()).limit(limit)
    ).scalars())


def _obligations(s: Any, user: m.User, status: str | None = "open",
                 incident_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    q = select(m.Obligation).where(
        m.Obligation.incident_id.in_(select(m.Incident.id).where(svc.incident_filter(user))))
    if status:
        q = q.where(m.Obligation.status == status)
    if incident_id:
        q = q.where(m.Obligation.incident_id == incident_id)
    q = q.order_by(m.Obligation.due_at.is_(None), m.Obligation.due_at,
                   m.Obligation.strength.desc(), m.Obligation.obligor).limit(limit)
    now = m.utcnow()
    out = []
    obligations = list(s.execute(q).scalars())
    ids = {ob.incident_id for ob in obligations}
    titles = {i.id: (i.title or i.kind) for i in s.execute(
        select(m.Incident).where(m.Incident.id.in_(ids))).scalars()} if ids else {}
    for ob in obligations:
        row = svc.obligation_json(ob, now)
        row["due_in"] = _due_in(ob.due_at, now)
        row["incident_title"] = titles.get(ob.incident_id, "")
        out.append(row)
    return out


def _grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Obligations owed together (same incident, clause, response, beneficiary, deadline) as one
    line with the list of obligors: 32 allies owing consultations read as one entry."""
    groups: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (r["incident_id"], r["instrument"], r["clause"], r["response"], r["beneficiary"],
               r["due_at"], r["binding"])
        g = groups.setdefault(key, {**r, "obligors": []})
        g["obligors"].append(r["obligor"])
    return list(groups.values())


def _due_in(due: dt.datetime | None, now: dt.datetime) -> str:
    if due is None:
        return "no deadline"
    delta = due - now
    hours = delta.total_seconds() / 3600
    if hours < 0:
        return f"overdue by {-hours:.0f} h"
    return f"due in {hours:.0f} h" if hours >= 1 else f"due in {hours * 60:.0f} min"


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, who: Who, scenario: str | None = None,
              incident: str | None = None) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        chosen = _pick_scenario(s, who.user, scenario)
        ctx = map_context(s, who.user, chosen, incident)
        timeline = _timeline(s, who.user, chosen)
        rows = _obligations(s, who.user, "open", limit=2000)
        return render(request, "dashboard.html", who, scenarios=_scenarios(s, who.user),
                      timeline=timeline, groups=_grouped(rows)[:30], **ctx)


@router.get("/ui/map", response_class=HTMLResponse)
def map_partial(request: Request, who: Who, scenario: str | None = None,
                incident: str | None = None) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        chosen = _pick_scenario(s, who.user, scenario)
        return render(request, "_map.html", who, **map_context(s, who.user, chosen, incident))


# ---------------------------------------------------------------------------------- incidents


@router.get("/incidents/new", response_class=HTMLResponse)
def new_incident(request: Request, who: Who, scenario: str | None = None) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        return render(request, "incident_new.html", who, scenarios=_scenarios(s, who.user),
                      selected=scenario, kinds=KINDS, wheres=WHERES, form={},
                      today=dt.date.today().isoformat())


@router.post("/incidents/new", response_class=HTMLResponse)
async def create_incident(request: Request, who: Who) -> Response:
    form = dict((await request.form()).items())
    check_csrf(request, who, str(form.get("csrf", "")))
    return _create_incident(request, who, {k: str(v) for k, v in form.items()})


def _create_incident(request: Request, who: WebUser, form: dict[str, str]) -> Response:
    db: Database = request.app.state.db
    report: dict[str, Any] = {}
    for key in ("date", "kind", "by", "target", "where", "region", "title", "location",
                "notes"):
        if form.get(key, "").strip():
            report[key] = form[key].strip()
    try:
        report["severity"] = int(form.get("severity", "0") or 0)
        report["casualties"] = int(form.get("casualties", "0") or 0)
        report["attribution"] = float(form.get("attribution", "1") or 1)
    except ValueError:
        return _incident_form_error(request, who, form, "Severity, casualties and attribution "
                                    "must be numbers.")
    if "region" not in report and "target" in report:
        report["region"] = report["target"]
    if form.get("source_title", "").strip():
        source = {"title": form["source_title"].strip()}
        if form.get("source_url", "").strip():
            source["url"] = form["source_url"].strip()
        report["sources"] = [source]
    try:
        with db.write() as s:
            row, _ = svc.submit_incident(
                s, who.user, scenario_id=form.get("scenario_id", ""),
                classification=form.get("classification", "public")
                if form.get("classification") in m.CLASSIFICATIONS else "public",
                report=report)
            new_id = row.id
    except svc.Invalid as err:
        where = f" (field {err.field})" if err.field else ""
        hint = f" Hint: {err.hint}." if err.hint else ""
        return _incident_form_error(request, who, form, f"{err.message}{where}.{hint}")
    except svc.NotFound:
        return _incident_form_error(request, who, form, "Choose a scenario.")
    return RedirectResponse(f"/incidents/{new_id}", status_code=303)


def _incident_form_error(request: Request, who: WebUser, form: dict[str, str],
                         error: str) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        return render(request, "incident_new.html", who, status=422,
                      scenarios=_scenarios(s, who.user), selected=form.get("scenario_id"),
                      kinds=KINDS, wheres=WHERES, form=form, error=error,
                      today=dt.date.today().isoformat())


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, who: Who, incident_id: str) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        row = svc.get_incident(s, who.user, incident_id)
        ev = s.execute(select(m.Evaluation).where(
            m.Evaluation.incident_id == row.id)).scalar_one_or_none()
        scenario = s.get(m.Scenario, row.scenario_id)
        return render(request, "incident.html", who, incident=row, scenario=scenario,
                      evaluation=ev.result if ev else None,
                      transitions=svc.TRANSITIONS[row.status],
                      obligations=_obligations(s, who.user, None, row.id, limit=500))


@router.post("/incidents/{incident_id}/verify")
def verify(request: Request, who: Who, incident_id: str,
           status: Annotated[str, Form(max_length=20)],
           attribution: Annotated[str, Form(max_length=20)] = "",
           note: Annotated[str, Form(max_length=2000)] = "",
           csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, who, csrf)
    db: Database = request.app.state.db
    if status not in ("corroborated", "confirmed", "rejected"):
        raise svc.Invalid("unknown status", "status")
    try:
        value = float(attribution) if attribution.strip() else None
    except ValueError:
        raise svc.Invalid("attribution must be a number between 0 and 1", "attribution") from None
    with db.read() as s:
        row = svc.get_incident(s, who.user, incident_id)
        scenario = s.get(m.Scenario, row.scenario_id)
    if scenario is not None:
        svc.world_for(scenario)
    with db.write() as s:
        row = svc.get_incident(s, who.user, incident_id)
        svc.verify_incident(s, who.user, row, status=status, attribution=value,
                            note=note or None)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


# -------------------------------------------------------------------------------- obligations


@router.get("/obligations", response_class=HTMLResponse)
def obligations_page(request: Request, who: Who, status: str = "open",
                     incident: str | None = None) -> HTMLResponse:
    db: Database = request.app.state.db
    wanted = status if status in m.OBLIGATION_STATUSES else None
    with db.read() as s:
        chosen = None
        if incident:
            try:
                chosen = svc.get_incident(s, who.user, incident)
            except svc.NotFound:
                chosen = None
        return render(request, "obligations.html", who, filter_status=wanted or "all",
                      incident=chosen,
                      obligations=_obligations(s, who.user, wanted,
                                               chosen.id if chosen else None, limit=500))


@router.post("/obligations/{obligation_id}/status", response_class=HTMLResponse)
def obligation_status(request: Request, who: Who, obligation_id: str,
                      status: Annotated[str, Form(max_length=10)],
                      csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, who, csrf)
    db: Database = request.app.state.db
    with db.write() as s:
        ob = svc.get_obligation(s, who.user, obligation_id)
        svc.set_obligation_status(s, who.user, ob, status)
        row = svc.obligation_json(ob)
        row["due_in"] = _due_in(ob.due_at, m.utcnow())
        incident = s.get(m.Incident, ob.incident_id)
        row["incident_title"] = (incident.title or incident.kind) if incident else ""
    if request.headers.get("hx-request"):
        return render(request, "_obligation_row.html", who, ob=row)
    return RedirectResponse(request.headers.get("referer") or "/obligations", status_code=303)


# ----------------------------------------------------------------------------------- analysis


def bar_chart(rows: list[tuple[str, float | None]], lower: float, upper: float,
              status_quo: float | None, title: str) -> str:
    """A small accessible horizontal bar chart (inline SVG) of model forecasts on one issue."""
    from html import escape

    width, left, bar_h, gap = 460, 150, 16, 6
    height = 28 + len(rows) * (bar_h + gap) + 18
    span = (upper - lower) or 1.0

    def x(v: float) -> float:
        return left + (v - lower) / span * (width - left - 50)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title)}" class="chart">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="14" class="chart-title">{escape(title)}</text>']
    for i, (label, value) in enumerate(rows):
        y = 26 + i * (bar_h + gap)
        parts.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{left}" y="{y + 12}">no forecast</text>')
            continue
        parts.append(f'<rect x="{left}" y="{y}" width="{max(x(value) - left, 1):.1f}" '
                     f'height="{bar_h}" fill="#2c7fb8"><title>{escape(label)}: {value:g}</title>'
                     '</rect>')
        parts.append(f'<text x="{x(value) + 4:.1f}" y="{y + 12}">{value:g}</text>')
    if status_quo is not None:
        sx = x(status_quo)
        parts.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="22" y2="{height - 16}" '
                     'stroke="#d95f02" stroke-width="2" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{sx:.1f}" y="{height - 4}" text-anchor="middle" '
                     f'fill="#8a3a00">status quo {status_quo:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


@router.get("/analysis", response_class=HTMLResponse)
def analysis(request: Request, who: Who, scenario: str | None = None) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        chosen = _pick_scenario(s, who.user, scenario)
        scenarios = _scenarios(s, who.user)
    neg = results.negotiation()
    charts = []
    for table in neg.get("tables", []):
        for issue in table.get("issues", []):
            rows = [(f["model"], f["outcome"].get(issue["id"])) for f in table["forecasts"]]
            lo, hi = issue["scale"]
            charts.append({"table": table["table"], "issue": issue,
                           "svg": bar_chart(rows, lo, hi, issue.get("status_quo"),
                                            f"{issue['title']} ({lo:g} to {hi:g})")})
    det = results.deterrence(svc.world_for(chosen) if chosen else None)
    det_chart = None
    result = det.get("result") or {}
    if result.get("rows"):
        values = [(r["label"], r["value"]) for r in result["rows"]
                  if isinstance(r.get("value"), int | float)]
        if values and all(0.0 <= v <= 1.0 for _, v in values):
            det_chart = bar_chart(values, 0.0, 1.0, None, result.get("title", "deterrence"))
    return render(request, "analysis.html", who, negotiation=neg, charts=charts, deterrence=det,
                  det_chart=det_chart, scenario=chosen, scenarios=scenarios)


# ---------------------------------------------------------------------------------- scenarios


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, who: Who) -> HTMLResponse:
    db: Database = request.app.state.db
    with db.read() as s:
        return render(request, "scenarios.html", who, scenarios=_scenarios(s, who.user),
                      library=svc.library_scenarios())


@router.post("/scenarios", response_class=HTMLResponse)
def create_scenario(request: Request, who: Who,
                    name: Annotated[str, Form(max_length=200)],
                    library_ref: Annotated[str, Form(max_length=120)],
                    classification: Annotated[str, Form(max_length=20)] = "public",
                    csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, who, csrf)
    db: Database = request.app.state.db
    if classification not in m.CLASSIFICATIONS:
        raise svc.Invalid("unknown classification", "classification")
    with db.write() as s:
        row = svc.create_scenario(s, who.user, name=name, classification=classification,
                                  library_ref=library_ref, definition=None)
        new_id = row.id
    return RedirectResponse(f"/?scenario={new_id}", status_code=303)
