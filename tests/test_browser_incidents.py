"""The incident console in headless Chromium against the real app: an operator acknowledges, dispatches and
resolves an incident and sees the timeline and SLA state; a leader sees no actions; a display token opens
the overview; nothing leaves the host."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from conftest import screenshot, wait_for
from live_server import LiveServer
from selenium.webdriver.common.keys import Keys

pytestmark = [pytest.mark.browser, pytest.mark.process]
PASSWORD = "console-password-1"
TITLE = "Va chạm xe máy tại ngã tư – kiểm thử"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("incidents"), CITYOPS_ACCESS_CHECK_S="1").start()
    live.add_user("op1", "operator", PASSWORD)
    live.add_user("lead1", "leader", PASSWORD)
    live.token = live.display_token("wall-1")
    yield live
    assert live.stop() in (0, -15)


def write_incident(server: LiveServer) -> None:
    from data.ingest.write_path import WritePath
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    ward = services.pack.wards.iloc[0].geometry.representative_point()
    result = WritePath(services.engines, services.registry).write("incidents", [{
        "external_id": f"BROWSER-{time.time_ns()}", "source": "hotline", "category": "giao_thong", "severity": 1,
        "title": TITLE, "description": "Hai xe máy va chạm, một người bị thương nhẹ.", "lat": ward.y,
        "lon": ward.x, "reported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 240)),
        "reporter_name": "Lê Thị B", "reporter_phone": "0912 345 678"}], feed="test/browser")
    services.engines.dispose()
    assert result.accepted == 1, result


def login(dash_duo, server: LiveServer, username: str, next_path: str) -> None:
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/login?next={quote(next_path, safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys(username)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()


def open_incident(dash_duo) -> None:
    """Select the test incident in the queue."""
    dash_duo.wait_for_contains_text("#incidents-grid", TITLE, timeout=30)
    cell = next(c for c in dash_duo.find_elements("#incidents-grid .ag-cell") if c.text.split("\n")[0] == TITLE)
    cell.click()
    dash_duo.wait_for_text_to_equal("#inc-detail-title", TITLE, timeout=20)


def no_traffic_off_host(dash_duo) -> None:
    resources = dash_duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and [r for r in resources if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1",
                                                                    "data:", "blob:"))] == []


# Clicked from the page at the moment it is found: the detail may be drawn again (a unit chosen, a push) between
# WebDriver finding the button and clicking it, which left a stale element.
CLICK_CURRENT = "const b = document.querySelector(arguments[0]); if (!b || b.disabled) return false; b.click(); return true;"


def click_action(dash_duo, action: str, status_text: str) -> None:
    wait_for(lambda: dash_duo.driver.execute_script(CLICK_CURRENT, f".btn-{action}"), 20,
             f"the {action} button never became clickable")
    dash_duo.wait_for_text_to_equal("#inc-detail-status", status_text, timeout=20)


def test_incidents001_operator_lifecycle(dash_duo, server):
    write_incident(server)
    login(dash_duo, server, "op1", "/incidents")
    dash_duo.wait_for_element("#incidents-map .maplibregl-canvas", timeout=30)
    dash_duo.wait_for_contains_text("#user-name", "op1", timeout=20)
    nav = dash_duo.find_element("#shell-nav").text
    assert "Sự cố" in nav and "Quản trị" not in nav
    dash_duo.wait_for_contains_text("#incidents-grid", TITLE, timeout=30)
    assert screenshot(dash_duo.driver, "incidents").exists()
    assert not dash_duo.find_element("#inc-comment").is_displayed()  # no incident chosen: nothing to act on

    open_incident(dash_duo)
    assert dash_duo.find_element("#inc-comment").is_displayed()
    assert "0912 345 678" in dash_duo.find_element("#inc-detail").text  # operators see the reporter
    dash_duo.wait_for_element("#inc-sla-state", timeout=10)
    assert "chỉ tiêu tạm" in dash_duo.find_element("#inc-sla").text

    click_action(dash_duo, "acknowledge", "Đã tiếp nhận")
    dash_duo.find_element("#inc-units").click()
    for code in ("CSGT-01", "CC115-01"):
        option = dash_duo.wait_for_element(f".dash-dropdown-option input[value='{code}']", timeout=10)
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", option)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    click_action(dash_duo, "dispatch", "Đã điều phối")
    dash_duo.wait_for_contains_text("#inc-timeline", "Cảnh sát giao thông", timeout=10)
    assert "Cấp cứu 115" in dash_duo.find_element("#inc-timeline").text
    dash_duo.wait_for_contains_text("#inc-sla-countdown", ":", timeout=10)  # the clientside clock runs
    assert screenshot(dash_duo.driver, "incident_detail").exists()

    dash_duo.find_element("#inc-comment").send_keys("Đã giải tỏa hiện trường")
    click_action(dash_duo, "resolve", "Đã xử lý xong")
    steps = [li.text for li in dash_duo.find_elements("#inc-timeline li")]
    assert len(steps) == 4 and "Mới → Đã tiếp nhận" in steps[1] and "op1" in steps[3]
    assert "Đã giải tỏa hiện trường" in steps[3]
    no_traffic_off_host(dash_duo)
    assert dash_duo.get_logs() == []


def test_incidents002_leader_reads_only(dash_duo, server):
    write_incident(server)
    login(dash_duo, server, "lead1", "/incidents")
    open_incident(dash_duo)
    assert dash_duo.find_elements(".btn-action") == []
    assert dash_duo.find_elements("#inc-comment") == []
    assert "0912 345 678" not in dash_duo.find_element("#inc-detail").text  # reporter contact: operators only
    dash_duo.wait_for_element("#inc-actions .readonly", timeout=10)
    assert dash_duo.get_logs() == []


def test_incidents003_display_token_opens_overview(dash_duo, server):
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/?token={server.token}")
    dash_duo.wait_for_element(".maplibregl-canvas", timeout=30)
    dash_duo.wait_for_contains_text("#user-name", "wall-1", timeout=20)
    assert "token=" not in dash_duo.driver.current_url  # the token does not stay in the address bar
    nav = dash_duo.find_element("#shell-nav").text
    assert "Sự cố" not in nav
    no_traffic_off_host(dash_duo)
    assert dash_duo.get_logs() == []


def test_incidents004_operator_creates_an_incident_by_clicking_the_map(dash_duo, server):
    from selenium.webdriver.common.action_chains import ActionChains

    login(dash_duo, server, "op1", "/incidents")
    canvas = dash_duo.wait_for_element("#incidents-map .maplibregl-canvas", timeout=30)
    wait_for(lambda: dash_duo.find_element("#inc-map-bound").get_attribute("textContent") == "bound", 30,
             "the map click was never bound")
    dash_duo.find_element("#inc-new").click()  # creating has its own mode
    # Click where the map draws a point inside the first ward (moving from the canvas centre).
    # A click on an incident selects it: take a spot of the first ward at least 40 px from every incident.
    from shapely.geometry import Point

    from geo.pack import load_pack

    ward = load_pack().wards.iloc[0].geometry
    west, south, east, north = ward.bounds
    spots = [Point(west + (east - west) * i / 12, south + (north - south) * j / 12)
             for i in range(1, 12) for j in range(1, 12)]
    spots = [p for p in spots if ward.buffer(-0.002).contains(p)]
    x, y, width, height = dash_duo.driver.execute_script("""
        const gd = document.querySelector('#incidents-map .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map, c = map.getCanvas(), tr = gd.data[0];
        const marks = (tr.lon || []).map((lon, i) => map.project([lon, tr.lat[i]]));
        for (const [lon, lat] of arguments[0]) {
            const p = map.project([lon, lat]);
            if (marks.every(m => Math.hypot(m.x - p.x, m.y - p.y) > 40)) {
                return [p.x, p.y, c.clientWidth, c.clientHeight];
            }
        }
        return null;""", [[p.x, p.y] for p in spots])
    ActionChains(dash_duo.driver).move_to_element(canvas).move_by_offset(int(x - width / 2), int(y - height / 2)) \
        .click().perform()
    # The click fills in the form's place (coordinates and ward).
    where = wait_for(lambda: (lambda text: text if "," in text and "·" in text else None)(
        dash_duo.find_element("#inc-create-where").text), 20, "the clicked point was not taken")
    assert "ngoài địa bàn" not in where
    title = f"Cây đổ chắn đường – bấm bản đồ {time.time_ns()}"
    dash_duo.find_element("#inc-create-title").send_keys(title)
    submit = dash_duo.find_element("#inc-create-submit")
    # A double submit of the same form is the same incident, not two.
    dash_duo.driver.execute_script("arguments[0].click(); arguments[0].click();", submit)
    dash_duo.wait_for_contains_text("#inc-message", "Đã tạo sự cố #", timeout=20)
    dash_duo.wait_for_text_to_equal("#inc-detail-title", title, timeout=20)
    dash_duo.wait_for_contains_text("#inc-timeline", "op1", timeout=10)

    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    try:
        found = services.incidents.incidents(status=None)
        created = found[found["title"] == title]
        ward_names = services.pack.unit_names("ward")
    finally:
        services.engines.dispose()
    assert len(created) == 1
    row = created.iloc[0]
    assert row["source"] == "operator" and row["status"] == "new"
    assert ward_names[row["ward_code"]] in where  # the ward shown in the form is the ward stored
    assert screenshot(dash_duo.driver, "incident_created_from_map").exists()
    assert dash_duo.get_logs() == []


def test_incidents005_revoked_display_token_stops_an_open_wall(dash_duo, server):
    token = server.display_token("wall-revoked")
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/wall?token={token}")
    dash_duo.wait_for_element("#wall .wall-feed", timeout=40)
    server.users("display-token", "revoke", "wall-revoked")
    # The open page re-checks its token every second here and leaves for the login page.
    wait_for(lambda: "/login" in dash_duo.driver.current_url, 30, "the revoked wall stayed open")
    assert dash_duo.find_elements("#wall") == []
