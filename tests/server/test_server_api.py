"""The REST API end to end, on SQLite and on PostgreSQL: report, verify, evaluate, obligations."""

from __future__ import annotations

from sqlalchemy import select

from foedus.server import audit
from foedus.server import models as m


def test_health_and_auth_required(env):
    assert env.client.get("/api/health").json() == {"status": "ok"}
    r = env.client.get("/api/incidents")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert env.client.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_report_confirm_evaluate_and_obligations(env):
    admin = env.user("ada", "admin")
    analyst = env.user("ana", "analyst")
    sid = env.scenario(admin)
    iid = env.incident(analyst, sid, title="Drones over Rzeszow")

    inc = env.client.get(f"/api/incidents/{iid}", headers=analyst).json()
    assert inc["status"] == "reported" and inc["attribution"] == 0.9
    assert inc["incident"]["sources"][0]["title"] == "MoD statement"
    findings = env.client.get(f"/api/incidents/{iid}/findings", headers=analyst).json()
    assert findings == {"incident_id": iid, "evaluated": False, "evaluation": None}

    r = env.client.post(f"/api/incidents/{iid}/verification", headers=analyst,
                        json={"status": "corroborated", "note": "radar tracks"})
    assert r.status_code == 200 and r.json()["status"] == "corroborated"
    r = env.client.post(f"/api/incidents/{iid}/verification", headers=analyst,
                        json={"status": "confirmed", "attribution": 1.0})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "confirmed" and r.json()["attribution"] == 1.0

    ev = env.client.get(f"/api/incidents/{iid}/findings", headers=analyst).json()
    assert ev["evaluated"]
    applies = {(f["instrument"], f["clause"]) for f in ev["evaluation"]["findings"]
               if f["status"] == "applies"}
    assert ("nato", "art4") in applies  # a drone incursion: consultations are owed

    obs = env.client.get("/api/obligations", headers=analyst,
                         params={"incident_id": iid, "limit": 500}).json()["items"]
    assert obs, "confirming must create obligations"
    assert all(o["beneficiary"] == "POL" or o["response"] == "consultation" for o in obs)
    consult = [o for o in obs if o["response"] == "consultation"]
    assert consult and {o["obligor"] for o in consult} >= {"DEU", "FRA"}

    ob = obs[0]
    r = env.client.post(f"/api/obligations/{ob['id']}/status", headers=analyst,
                        json={"status": "met", "note": "consulted on 11 Sept"})
    assert r.status_code == 200 and r.json()["status"] == "met"
    open_after = env.client.get("/api/obligations", headers=analyst,
                                params={"status": "open", "incident_id": iid,
                                        "limit": 500}).json()["items"]
    assert len(open_after) == len(obs) - 1

    # final states cannot move again
    r = env.client.post(f"/api/incidents/{iid}/verification", headers=analyst,
                        json={"status": "rejected"})
    assert r.status_code == 409

    with env.db.read() as s:
        report = audit.verify(s)
        assert report.ok, report.problems
        actions = [e.action for e in s.execute(select(m.AuditEntry)).scalars()]
    assert actions.count("obligation.create") == len(obs)
    for action in ("incident.create", "incident.corroborated", "incident.confirmed",
                   "evaluation.create", "obligation.met", "scenario.create"):
        assert action in actions


def test_deadlines_are_from_confirmation(env):
    admin = env.user("ada", "admin")
    sid = env.scenario(admin)
    iid = env.incident(admin, sid, kind="armed-attack", severity=5, where="territory",
                       casualties=40, title="Missile strike on Rzeszow", attribution=1.0)
    env.client.post(f"/api/incidents/{iid}/verification", headers=admin,
                    json={"status": "confirmed"})
    obs = env.client.get("/api/obligations", headers=admin,
                         params={"incident_id": iid, "limit": 500}).json()["items"]
    assert any(o["response"] != "consultation" for o in obs)
    for o in obs:
        if o["deadline_hours"] is None:
            assert o["due_at"] is None
        else:
            assert o["due_at"] is not None
    due_soon = env.client.get("/api/obligations", headers=admin,
                              params={"due_within_hours": 8000}).json()["items"]
    assert all(o["due_at"] is not None for o in due_soon)


def test_validation_errors_name_the_field(env):
    analyst = env.user("ana", "analyst")
    admin = env.user("ada", "admin")
    sid = env.scenario(admin)
    bad = {"date": "2025-10-01", "kind": "drone-incursion", "by": "RUS", "target": "XXQ",
           "where": "airspace", "region": "POL", "severity": 2}
    r = env.client.post("/api/incidents", headers=analyst,
                        json={"scenario_id": sid, "incident": bad})
    assert r.status_code == 422
    assert r.json()["field"] == "incident.target"
    r = env.client.post("/api/incidents", headers=analyst,
                        json={"scenario_id": sid, "incident": {**bad, "target": "POL",
                                                                "severity": 9}})
    assert r.status_code == 422 and r.json()["field"] == "incident.severity"
    r = env.client.post("/api/incidents", headers=analyst,
                        json={"scenario_id": sid, "incident": {**bad, "target": "POL",
                                                                "id": "mine"}})
    assert r.status_code == 422 and r.json()["field"] == "incident.id"
    r = env.client.post("/api/scenarios", headers=analyst,
                        json={"name": "x", "definition": "id: x\ntitle: t\nas_of: 2025-01-01\n"
                              "instruments: [/etc/passwd.yaml]\n"})
    assert r.status_code == 422 and "may not reference files" in r.json()["detail"]
    r = env.client.post("/api/scenarios", headers=analyst,
                        json={"name": "x", "library_ref": "no-such-scenario"})
    assert r.status_code == 422 and r.json()["field"] == "library_ref"


def test_idempotent_retries_do_not_duplicate(env):
    analyst = env.user("ana", "analyst")
    sid = env.scenario(analyst)
    body = {"scenario_id": sid, "incident": {
        "date": "2025-10-01", "kind": "cyberattack", "by": "unknown", "target": "EST",
        "where": "territory", "region": "EST", "severity": 1}}
    h = {**analyst, "Idempotency-Key": "report-17"}
    first = env.client.post("/api/incidents", headers=h, json=body)
    again = env.client.post("/api/incidents", headers=h, json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    items = env.client.get("/api/incidents", headers=analyst).json()["items"]
    assert len(items) == 1


def test_tokens_users_and_coverage(env):
    admin = env.user("ada", "admin")
    viewer = env.user("vic", "viewer")
    r = env.client.post("/api/users", headers=admin,
                        json={"username": "new.analyst", "password": "longenough1",
                              "role": "analyst"})
    assert r.status_code == 201
    assert env.client.post("/api/users", headers=admin,
                           json={"username": "new.analyst", "password": "longenough1"}
                           ).status_code == 409
    assert env.client.post("/api/users", headers=viewer,
                           json={"username": "x", "password": "longenough1"}).status_code == 403
    tok = env.client.post("/api/tokens", headers=viewer, json={"name": "laptop"}).json()
    assert tok["token"].startswith("fds_")
    mine = env.client.get("/api/tokens", headers=viewer).json()
    assert {t["id"] for t in mine} >= {tok["id"]} and all("token" not in t for t in mine)
    with env.db.read() as s:  # only the hash is stored
        stored = s.get(m.ApiToken, tok["id"])
        assert tok["token"] not in stored.token_hash

    sid = env.scenario(admin)
    cov = env.client.get(f"/api/scenarios/{sid}/coverage", headers=viewer).json()
    by = {c["country"]: c for c in cov}
    assert by["POL"]["strength"] >= 4 and by["POL"]["protections"][0]["instrument"] == "nato"

    res = env.client.get("/api/results", headers=viewer, params={"scenario_id": sid}).json()
    assert set(res) == {"negotiation", "deterrence"}
    assert "available" in res["negotiation"] and "available" in res["deterrence"]


def test_audit_api_for_admins(env):
    admin = env.user("ada", "admin")
    analyst = env.user("ana", "analyst")
    sid = env.scenario(admin)
    env.incident(analyst, sid)
    assert env.client.get("/api/audit", headers=analyst).status_code == 403
    page = env.client.get("/api/audit", headers=admin, params={"limit": 5}).json()
    assert len(page["items"]) == 5
    seqs = [e["seq"] for e in page["items"]]
    assert seqs == sorted(seqs, reverse=True)
    assert env.client.get("/api/audit/verify", headers=admin).json() == {"ok": True}
