"""Access control, token revocation, injection and oversized payloads, on SQLite and PostgreSQL.

The rule under test: an object a caller may not see is indistinguishable from one that does not
exist (404 with the same body), on every endpoint, in every list, count and page.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import func, select

from foedus.server import models as m

UNKNOWN = "00000000-0000-4000-8000-000000000000"
VALID_BODIES = {
    ("PUT", "/api/scenarios/{scenario_id}/access"): {"usernames": []},
    ("PUT", "/api/incidents/{incident_id}/access"): {"usernames": []},
    ("POST", "/api/incidents/{incident_id}/verification"): {"status": "corroborated"},
    ("POST", "/api/obligations/{obligation_id}/status"): {"status": "met"},
    ("DELETE", "/api/tokens/{token_id}"): None,
}


@pytest.fixture
def world(env):
    """`own` (analyst) owns confidential objects; `ada` (admin), `out` (analyst) and `vic`
    (viewer) are not on their access lists. `ally` (viewer) is."""
    h = {name: env.user(name, role) for name, role in
         [("own", "analyst"), ("ada", "admin"), ("out", "analyst"), ("vic", "viewer"),
          ("ally", "viewer")]}
    secret_sid = env.scenario(h["own"], "confidential", access=["ally"], name="secret side deal")
    secret_iid = env.incident(h["own"], secret_sid, title="Secret incident")
    r = env.client.post(f"/api/incidents/{secret_iid}/verification", headers=h["own"],
                        json={"status": "confirmed"})
    assert r.status_code == 200
    public_sid = env.scenario(h["ada"], "public", name="public desk")
    hidden_in_public = env.incident(h["own"], public_sid, "confidential",
                                    title="Confidential report in a public scenario",
                                    kind="armed-attack", severity=5, where="territory")
    env.client.post(f"/api/incidents/{hidden_in_public}/verification", headers=h["own"],
                    json={"status": "confirmed"})
    restricted_sid = env.scenario(h["own"], "restricted", name="restricted desk")
    obligation = env.client.get("/api/obligations", headers=h["own"],
                                params={"incident_id": secret_iid}).json()["items"][0]["id"]
    own_token = env.client.post("/api/tokens", headers=h["own"], json={"name": "t"}).json()
    return {"h": h, "secret_sid": secret_sid, "secret_iid": secret_iid,
            "public_sid": public_sid, "hidden_in_public": hidden_in_public,
            "restricted_sid": restricted_sid, "obligation": obligation,
            "token_id": own_token["id"]}


def _path_routes(env):
    """Every operation of the OpenAPI spec that names an object in its path."""
    spec = env.client.get("/api/openapi.json").json()
    return sorted((method.upper(), path) for path, ops in spec["paths"].items() if "{" in path
                  for method in ops)


def _fill(path: str, w: dict, incident: str) -> str:
    return (path.replace("{scenario_id}", w["secret_sid"])
            .replace("{incident_id}", incident)
            .replace("{obligation_id}", w["obligation"])
            .replace("{token_id}", w["token_id"]))


def _call(env, method, path, headers, body):
    return env.client.request(method, path, headers=headers,
                              json=body if body is not None else None)


def test_every_endpoint_hides_what_the_caller_may_not_see(env, world):
    routes = _path_routes(env)
    assert len(routes) >= 10
    for method, template in routes:
        body = VALID_BODIES.get((method, template))
        unknown_path = re.sub(r"\{[a-z_]+\}", UNKNOWN, template)
        for who in ("ada", "out", "vic"):
            h = world["h"][who]
            for incident in (world["secret_iid"], world["hidden_in_public"]):
                path = _fill(template, world, incident)
                hidden = _call(env, method, path, h, body)
                missing = _call(env, method, unknown_path, h, body)
                assert hidden.status_code == 404, (who, method, path, hidden.text)
                assert missing.status_code == 404, (who, method, unknown_path, missing.text)
                assert hidden.json() == missing.json(), (method, template)
    # the entitled still get through (the test above is not vacuous)
    h = world["h"]
    assert env.client.get(f"/api/scenarios/{world['secret_sid']}", headers=h["ally"]
                          ).status_code == 200
    assert env.client.get(f"/api/incidents/{world['secret_iid']}", headers=h["own"]
                          ).status_code == 200
    # and someone who can see but may not write gets 403, not 404
    r = env.client.post(f"/api/incidents/{world['secret_iid']}/verification", headers=h["ally"],
                        json={"status": "rejected"})
    assert r.status_code == 403


def test_lists_counts_and_pages_reveal_nothing(env, world):
    secrets = {world["secret_sid"], world["secret_iid"], world["hidden_in_public"],
               world["obligation"], "Secret incident", "secret side deal",
               "Confidential report in a public scenario"}
    for who in ("ada", "out", "vic"):
        h = world["h"][who]
        pages = [
            env.client.get("/api/scenarios", headers=h),
            env.client.get("/api/incidents", headers=h),
            env.client.get("/api/incidents", headers=h,
                           params={"scenario_id": world["secret_sid"]}),
            env.client.get("/api/obligations", headers=h, params={"limit": 500}),
            env.client.get("/api/obligations", headers=h,
                           params={"incident_id": world["secret_iid"]}),
            env.client.get("/api/results", headers=h, params={"scenario_id": world["secret_sid"]}),
        ]
        if who == "ada":
            pages.append(env.client.get("/api/audit", headers=h, params={"limit": 500}))
            pages.append(env.client.get("/api/audit", headers=h,
                                        params={"object_id": world["secret_iid"]}))
            pages.append(env.client.get("/api/users", headers=h))
        for page in pages:
            assert page.status_code in (200, 404), page.text
            text = page.text
            for secret in secrets:
                assert secret not in text, (who, page.url, secret)
            data = page.json()
            if isinstance(data, dict) and "items" in data:
                assert set(data) == {"items", "next_offset"}  # no totals
    # submitting into a scenario one cannot see is "not found"
    r = env.client.post("/api/incidents", headers=world["h"]["out"], json={
        "scenario_id": world["secret_sid"], "incident": {
            "date": "2025-10-01", "kind": "cyberattack", "by": "RUS", "target": "POL",
            "where": "territory", "region": "POL", "severity": 1}})
    assert r.status_code == 404
    # restricted: analysts see it, viewers do not
    assert env.client.get(f"/api/scenarios/{world['restricted_sid']}",
                          headers=world["h"]["out"]).status_code == 200
    assert env.client.get(f"/api/scenarios/{world['restricted_sid']}",
                          headers=world["h"]["vic"]).status_code == 404


def test_dashboard_pages_hide_the_same_objects(env, world):
    from foedus.server import security
    from foedus.server import services as svc

    with env.db.write() as s:
        out = s.execute(select(m.User).where(m.User.username == "out")).scalar_one()
        _, raw = svc.create_token(s, out, out, "browser", "session", 1)
    env.client.cookies.set("foedus_session", raw)
    try:
        r = env.client.get(f"/incidents/{world['secret_iid']}")
        assert r.status_code == 404
        for url in (f"/?scenario={world['secret_sid']}&incident={world['secret_iid']}",
                    f"/?scenario={world['public_sid']}&incident={world['hidden_in_public']}",
                    f"/ui/map?scenario={world['public_sid']}&incident={world['hidden_in_public']}",
                    f"/obligations?incident={world['secret_iid']}&status=all",
                    "/scenarios", "/analysis"):
            r = env.client.get(url)
            assert r.status_code == 200, url
            for secret in ("Secret incident", "secret side deal",
                           "Confidential report in a public scenario", world["secret_sid"]):
                assert secret not in r.text, (url, secret)
        # forms need the CSRF value of the session
        r = env.client.post(f"/obligations/{world['obligation']}/status", data={"status": "met"})
        assert r.status_code == 403
        r = env.client.post(f"/obligations/{world['obligation']}/status",
                            data={"status": "met", "csrf": security.csrf_token(raw)})
        assert r.status_code == 404
    finally:
        env.client.cookies.clear()


def test_revoked_token_cannot_be_reused(env):
    h = env.user("own", "analyst")
    other = env.user("out", "analyst")
    tok = env.client.post("/api/tokens", headers=h, json={"name": "laptop"}).json()
    mine = {"Authorization": f"Bearer {tok['token']}"}
    assert env.client.get("/api/me", headers=mine).status_code == 200
    # someone else cannot revoke it, nor learn that it exists
    assert env.client.delete(f"/api/tokens/{tok['id']}", headers=other).status_code == 404
    r = env.client.delete(f"/api/tokens/{tok['id']}", headers=mine)
    assert r.status_code == 200 and r.json()["revoked_at"]
    for _ in range(3):
        assert env.client.get("/api/me", headers=mine).status_code == 401
        assert env.client.get("/api/incidents", headers=mine).status_code == 401
    # expired tokens fail too
    short = env.client.post("/api/tokens", headers=h, json={"name": "s", "expires_hours": 1}
                            ).json()
    with env.db.write() as s:
        row = s.get(m.ApiToken, short["id"])
        row.expires_at = m.utcnow()
    assert env.client.get("/api/me", headers={"Authorization": f"Bearer {short['token']}"}
                          ).status_code == 401
    # a browser session is not an API token
    from foedus.server import services as svc

    with env.db.write() as s:
        user = s.execute(select(m.User).where(m.User.username == "own")).scalar_one()
        _, session_raw = svc.create_token(s, user, user, "browser", "session", 1)
    assert env.client.get("/api/me", headers={"Authorization": f"Bearer {session_raw}"}
                          ).status_code == 401


def test_login_and_logout_revoke_the_session(env):
    env.user("ana", "analyst")
    r = env.client.post("/login", data={"username": "ana", "password": "wrong"},
                        follow_redirects=False)
    assert r.status_code == 401
    r = env.client.post("/login", data={"username": "nobody", "password": "wrong"},
                        follow_redirects=False)
    assert r.status_code == 401  # same answer for unknown users
    r = env.client.post("/login", data={"username": "ana", "password": "correct horse battery"},
                        follow_redirects=False)
    assert r.status_code == 303
    raw = r.cookies.get("foedus_session") or env.client.cookies.get("foedus_session")
    assert raw and "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    from foedus.server import security

    assert env.client.get("/obligations").status_code == 200
    r = env.client.post("/logout", data={"csrf": security.csrf_token(raw)},
                        follow_redirects=False)
    assert r.status_code == 303
    env.client.cookies.set("foedus_session", raw)  # replay the old cookie
    r = env.client.get("/obligations", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    env.client.cookies.clear()


INJECTIONS = ["' OR '1'='1", "1; DROP TABLE incidents; --", "\" OR 1=1 --",
              "x' UNION SELECT token_hash FROM api_tokens --", "%' OR 1=1 --",
              "'); DELETE FROM audit_log; --"]


def _counts(env) -> dict:
    with env.db.read() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t))
                for t in (m.User, m.ApiToken, m.Scenario, m.Incident, m.Obligation,
                          m.AuditEntry)}


def test_sql_injection_is_inert(env):
    from foedus.server.security import LoginThrottle

    # every payload must reach the password check (not the sign-in throttle, tested on its own)
    env.client.app.state.login_throttle = LoginThrottle(10**6, 900)
    h = env.user("ana", "analyst")
    admin = env.user("ada", "admin")
    sid = env.scenario(h)
    env.incident(h, sid)
    before = _counts(env)
    for payload in INJECTIONS:
        for path in (f"/api/incidents/{payload}", f"/api/scenarios/{payload}",
                     f"/api/obligations/{payload}", f"/api/incidents/{payload}/findings"):
            r = env.client.get(path, headers=h)
            assert r.status_code == 404, (path, r.text)
        for url, params in (("/api/incidents", {"scenario_id": payload}),
                            ("/api/incidents", {"status": payload}),
                            ("/api/incidents", {"limit": payload}),
                            ("/api/obligations", {"incident_id": payload})):
            r = env.client.get(url, headers=h, params=params)
            assert r.status_code in (200, 422), r.text
            if r.status_code == 200:
                assert r.json()["items"] == []
        r = env.client.get("/api/audit", headers=admin, params={"object_id": payload})
        assert r.status_code == 200 and r.json()["items"] == []
        r = env.client.post("/login", data={"username": payload, "password": payload},
                            follow_redirects=False)
        assert r.status_code == 401
        r = env.client.post("/api/incidents", headers=h, json={
            "scenario_id": sid, "incident": {
                "date": "2025-10-01", "kind": "cyberattack", "by": "RUS", "target": payload,
                "where": "territory", "region": "POL", "severity": 1}})
        assert r.status_code == 422 and r.json()["field"] == "incident.target"
        r = env.client.get("/api/me", headers={"Authorization": f"Bearer {payload}"})
        assert r.status_code == 401
    # stored verbatim, never executed
    iid = env.incident(h, sid, title=INJECTIONS[1], notes=INJECTIONS[5])
    got = env.client.get(f"/api/incidents/{iid}", headers=h).json()
    assert got["title"] == INJECTIONS[1] and got["incident"]["notes"] == INJECTIONS[5]
    after = _counts(env)
    assert after["incidents"] == before["incidents"] + 1
    assert after["users"] == before["users"] and after["api_tokens"] == before["api_tokens"]
    assert env.client.get("/api/audit/verify", headers=admin).json() == {"ok": True}


def test_oversized_and_malformed_payloads_are_rejected_cleanly(env):
    h = env.user("ana", "analyst")
    sid = env.scenario(h)
    huge = {"scenario_id": sid, "incident": {"date": "2025-10-01", "kind": "cyberattack",
                                             "by": "RUS", "target": "POL", "where": "territory",
                                             "region": "POL", "severity": 1,
                                             "notes": "x" * 400_000}}
    before = _counts(env)
    r = env.client.post("/api/incidents", headers=h, json=huge)
    assert r.status_code == 413
    # streamed without a Content-Length
    body = json.dumps(huge).encode()

    def chunks():
        for i in range(0, len(body), 65536):
            yield body[i:i + 65536]

    r = env.client.post("/api/incidents", headers={**h, "Content-Type": "application/json"},
                        content=chunks())
    assert r.status_code == 413
    # deep nesting, broken JSON, wrong types, long fields, NUL characters
    deep = "[" * 50_000 + "]" * 50_000
    for raw in (deep, "{not json", '{"scenario_id": 5, "incident": []}', "null"):
        r = env.client.post("/api/incidents", headers={**h, "Content-Type": "application/json"},
                            content=raw)
        assert 400 <= r.status_code < 500, (raw[:20], r.status_code)
    r = env.client.post("/api/incidents", headers=h, json={
        "scenario_id": sid, "incident": {**huge["incident"], "notes": "ok",
                                         "title": "t" * 5000}})
    assert r.status_code == 422 and r.json()["field"] == "incident.title"
    r = env.client.post("/api/incidents", headers=h, json={
        "scenario_id": sid, "incident": {**huge["incident"], "notes": "a\x00b"}})
    assert r.status_code == 422
    r = env.client.get("/api/incidents", headers=h, params={"scenario_id": "a\x00b"})
    assert r.status_code == 400
    r = env.client.post("/api/scenarios", headers=h,
                        json={"name": "n" * 201, "library_ref": "europe-2025"})
    assert r.status_code == 422
    r = env.client.get(f"/api/incidents/{'9' * 5000}", headers=h)
    assert r.status_code == 404
    assert _counts(env) == before


def test_identifiers_are_unguessable(env):
    h = env.user("ana", "analyst")
    sid = env.scenario(h)
    ids = [env.incident(h, sid) for _ in range(3)]
    for ident in [sid, *ids]:
        assert uuid.UUID(ident).version == 4


def test_reported_text_is_escaped_on_every_page(env):
    from foedus.server import security
    from foedus.server import services as svc

    h = env.user("ana", "analyst")
    sid = env.scenario(h)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    iid = env.incident(h, sid, title=evil, sources=[{"title": evil, "url": "javascript:alert(1)"}])
    env.client.post(f"/api/incidents/{iid}/verification", headers=h, json={"status": "confirmed"})
    with env.db.write() as s:
        user = s.execute(select(m.User).where(m.User.username == "ana")).scalar_one()
        _, raw = svc.create_token(s, user, user, "browser", "session", 1)
    env.client.cookies.set("foedus_session", raw)
    try:
        for url in (f"/incidents/{iid}", f"/?scenario={sid}&incident={iid}",
                    f"/ui/map?scenario={sid}&incident={iid}", f"/obligations?incident={iid}"):
            r = env.client.get(url)
            assert r.status_code == 200, url
            assert "<script>alert" not in r.text and "<img src=x" not in r.text, url
            assert 'href="javascript:' not in r.text, url
            assert "default-src 'self'" in r.headers["content-security-policy"]
        assert security.csrf_token(raw) in env.client.get("/").text
    finally:
        env.client.cookies.clear()


def test_out_of_range_numbers_are_rejected_not_server_errors(env):
    """Found by schemathesis on PostgreSQL: an audit cursor beyond a 32-bit INTEGER gave a 500."""
    h = env.user("ana", "admin")
    for query in ("before_seq=7901170127", "before_seq=0", "limit=100000", "limit=0"):
        r = env.client.get(f"/api/audit?{query}", headers=h)
        assert r.status_code == 422, (query, r.status_code, r.text)
    assert env.client.get("/api/audit?before_seq=2147483647", headers=h).status_code == 200


def test_repeated_failed_sign_ins_are_refused_for_a_while(sqlite_env):
    """Password guessing is slowed: after five failures for a username (or from one address)
    within the window, sign-ins are refused with 429 and Retry-After, even with the right
    password, until the oldest failure leaves the window."""
    from foedus.server import security

    env = sqlite_env
    env.user("ana", "analyst")
    now = [1000.0]
    env.client.app.state.login_throttle = security.LoginThrottle(5, 900, clock=lambda: now[0])
    for _ in range(5):
        r = env.client.post("/login", data={"username": "ana", "password": "wrong"}, follow_redirects=False)
        assert r.status_code == 401
    r = env.client.post("/login", data={"username": "ana", "password": "correct horse battery"},
                        follow_redirects=False)
    assert r.status_code == 429 and int(r.headers["retry-after"]) == 901
    assert "Too many failed sign-ins" in r.text
    now[0] += 901  # the failures leave the window
    r = env.client.post("/login", data={"username": "ana", "password": "correct horse battery"},
                        follow_redirects=False)
    assert r.status_code == 303


def test_login_throttle_counts_per_key_over_a_sliding_window():
    from foedus.server.security import LoginThrottle

    now = [0.0]
    t = LoginThrottle(3, 60, clock=lambda: now[0])
    keys = ["user:ana", "addr:10.0.0.1"]
    for _ in range(3):
        assert t.retry_after(keys) is None
        t.failed(keys)
        now[0] += 10
    assert t.retry_after(keys) == 30  # the first failure (t=0) leaves the window at t=60
    assert t.retry_after(["user:bob"]) is None  # another user from another address is not held
    assert t.retry_after(["user:bob", "addr:10.0.0.1"]) == 30  # the address is
    t.succeeded("user:ana")  # a success clears the username, not the address
    assert t.retry_after(["user:ana"]) is None and t.retry_after(["addr:10.0.0.1"]) == 30
    now[0] = 60.0
    assert t.retry_after(["addr:10.0.0.1"]) is None


def test_login_throttle_forgets_keys_whose_failures_left_the_window():
    from foedus.server.security import LoginThrottle

    now = [0.0]
    t = LoginThrottle(5, 60, clock=lambda: now[0])
    for i in range(1000):  # guesses at many usernames
        t.failed([f"user:u{i}"])
    assert len(t) == 1000
    now[0] = 61.0
    assert len(t) == 0


@pytest.mark.parametrize("name,value", [("FOEDUS_LOGIN_MAX_FAILURES", "five"),
                                        ("FOEDUS_LOGIN_MAX_FAILURES", "0"),
                                        ("FOEDUS_LOGIN_MAX_FAILURES", "2.5"),
                                        ("FOEDUS_LOGIN_WINDOW_SECONDS", "-1")])
def test_bad_throttle_settings_name_the_variable(monkeypatch, tmp_path, name, value):
    from foedus.errors import InputError
    from foedus.server.config import Settings

    monkeypatch.setenv(name, value)
    with pytest.raises(InputError) as err:
        Settings.from_env(tmp_path)
    assert name in str(err.value) and "positive" in str(err.value)


def test_serve_with_a_bad_throttle_setting_is_a_clear_error(tmp_path):
    env = {**os.environ, "FOEDUS_LOGIN_WINDOW_SECONDS": "soon", "FOEDUS_DATA_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", "from foedus.cli import main; main()", "serve", "--port", "1"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "FOEDUS_LOGIN_WINDOW_SECONDS: 'soon' is not a positive number" in r.stderr
    assert "Traceback" not in r.stderr
