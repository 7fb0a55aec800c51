"""The dashboard in Debian's chromium, driven by Playwright: sign in, report an incident, confirm it,
see the map highlight its target with the triggered instruments and the obligations appear.

Screenshots of the main pages are taken on every run; with FOEDUS_UPDATE_SCREENSHOTS=1 they are
written to docs/server/ (the documentation's pictures), otherwise to a temporary folder, so that a
test run leaves the working tree clean.
Skipped only if /usr/bin/chromium or the playwright package is missing
(scripts/ensure-system-deps.sh installs chromium; never `playwright install`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx
import pytest
from serverlib import DESK, PASSWORD, REPO, LiveServer, free_port

CHROMIUM = "/usr/bin/chromium"
SHOTS = (REPO / "docs" / "server" if os.environ.get("FOEDUS_UPDATE_SCREENSHOTS")
         else Path(tempfile.mkdtemp(prefix="foedus-screenshots-")))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found (scripts/ensure-system-deps.sh installs chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def server(tmp_path: Path):
    srv = LiveServer(tmp_path, free_port())
    admin_token = srv.seed_user("desk.admin", "admin", PASSWORD)
    srv.seed_user("ana", "analyst", PASSWORD)
    srv.seed_user("vic", "viewer", PASSWORD)
    srv.start()
    try:
        h = {"Authorization": f"Bearer {admin_token}"}
        r = httpx.post(srv.url + "/api/scenarios", headers=h, timeout=30, json={
            "name": "NATO and TEU 42(7), Nov 2025", "classification": "public",
            "definition": DESK})
        assert r.status_code == 201, r.text
        srv.scenario_id = r.json()["id"]  # type: ignore[attr-defined]
        # an earlier, already confirmed incident so the timeline is not empty
        r = httpx.post(srv.url + "/api/incidents", headers=h, timeout=30, json={
            "scenario_id": srv.scenario_id, "incident": {
                "date": "2025-09-19", "kind": "air-incursion", "by": "RUS", "target": "EST",
                "where": "airspace", "region": "EST", "severity": 2,
                "title": "MiG-31s over Vaindloo island"}})
        assert r.status_code == 201, r.text
        httpx.post(srv.url + f"/api/incidents/{r.json()['id']}/verification", headers=h,
                   timeout=30, json={"status": "confirmed"})
        # a strike on Ukraine: the 2024 agreements owe consultations within 24 hours
        r = httpx.post(srv.url + "/api/incidents", headers=h, timeout=30, json={
            "scenario_id": srv.scenario_id, "incident": {
                "date": "2025-11-20", "kind": "missile-strike", "by": "RUS", "target": "UKR",
                "where": "territory", "region": "UKR", "severity": 4, "casualties": 26,
                "title": "Missile strike on Ternopil"}})
        assert r.status_code == 201, r.text
        httpx.post(srv.url + f"/api/incidents/{r.json()['id']}/verification", headers=h,
                   timeout=30, json={"status": "confirmed"})
        yield srv
    finally:
        srv.stop()


def _login(page, base: str, user: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password", exact=True).press("Enter")  # keyboard submit
    page.wait_for_url(base + "/")


def test_report_confirm_map_and_obligations(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    base = server.url
    try:
        page.goto(base + "/")
        assert page.url.endswith("/login")
        page.screenshot(path=str(SHOTS / "login.png"))
        page.get_by_label("Username", exact=True).fill("ana")
        page.get_by_label("Password", exact=True).fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        assert "wrong password" in page.get_by_role("alert").inner_text()
        _login(page, base, "ana")
        assert page.get_by_role("heading", name="Dashboard").is_visible()
        assert page.locator("svg path[data-iso3='POL']").count() == 1

        # report an incident through the form
        page.get_by_role("link", name="Report an incident").first.click()
        page.get_by_label("Title", exact=True).fill("Drones over Rzeszow airport")
        page.get_by_label("Date", exact=True).fill("2025-10-02")
        page.get_by_label("Kind", exact=True).select_option("drone-incursion")
        page.get_by_label("Target state (alpha-3)", exact=True).fill("POL")
        page.get_by_label("Where", exact=True).select_option("airspace")
        page.get_by_label("Severity (0 to 5)", exact=True).fill("2")
        page.get_by_label("Source (title)", exact=True).fill("Polish Operational Command statement")
        page.screenshot(path=str(SHOTS / "report-incident.png"), full_page=True)
        page.get_by_role("button", name="Submit report").click()
        page.wait_for_url("**/incidents/*")
        assert page.get_by_text("reported", exact=True).first.is_visible()
        incident_url = page.url

        # invalid input is refused with the field named
        page.goto(base + "/incidents/new")
        page.get_by_label("Target state (alpha-3)", exact=True).fill("QQQ")
        page.get_by_role("button", name="Submit report").click()
        assert "target" in page.get_by_role("alert").first.inner_text()

        # confirm it: evaluation and obligations
        page.goto(incident_url)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(incident_url)
        assert page.get_by_role("heading", name="Findings", exact=False).is_visible()
        assert page.locator("table.board tbody tr").count() > 1
        page.screenshot(path=str(SHOTS / "incident.png"), full_page=True)

        # the map: select the incident in the timeline (HTMX swap), target highlighted
        page.goto(base + "/")
        before = page.locator("#triggered").inner_text()
        assert "Select an incident" in before
        page.locator("ol.timeline").get_by_role("link", name="Drones over Rzeszow airport").click()
        page.wait_for_selector("#triggered:has-text('Triggered by')")
        trig = page.locator("#triggered").inner_text()
        assert "Drones over Rzeszow airport" in trig and "art4" in trig
        svg = page.locator("#map-panel svg").inner_html()
        assert "POL" in svg and "highlight" in svg.lower()
        # the obligations board on the dashboard shows the new consultations
        board = page.locator("table.board").first.inner_text()
        assert "consultation" in board and "POL" in board and "Rzeszow" in board
        assert "due in 2" in board  # the 24-hour consultations with Ukraine come first
        page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

        # obligations board: mark one met with the keyboard
        page.goto(base + "/obligations")
        first_met = page.get_by_role("button", name="Met").first
        first_met.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("table.board .status-met")
        page.screenshot(path=str(SHOTS / "obligations.png"), full_page=False)

        page.goto(base + "/analysis")
        assert page.get_by_role("heading", name="Negotiation forecasts").is_visible()
        page.screenshot(path=str(SHOTS / "analysis.png"), full_page=True)

        # sign out: the session is revoked
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(base + "/login")
        page.goto(base + "/obligations")
        assert page.url.endswith("/login")
    finally:
        context.close()


def test_keyboard_navigation_and_viewer_rights(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        _login(page, server.url, "vic")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert "Skip to content" in focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        # a viewer sees no write controls
        assert page.get_by_role("link", name="Report an incident").count() == 1  # nav only
        page.goto(server.url + "/obligations")
        assert page.get_by_role("button", name="Met").count() == 0
        # unknown objects are "not found", not "forbidden"
        r = page.goto(server.url + "/incidents/00000000-0000-4000-8000-000000000000")
        assert r is not None and r.status == 404
    finally:
        context.close()
