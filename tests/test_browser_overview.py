"""The real app in headless Chromium: the map renders offline, values change live, nothing leaves the host."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import httpx
import pytest
from conftest import screenshot, wait_for
from live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.process]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("overview")).start()
    live.add_user("leader1", "leader", PASSWORD)
    yield live
    code = live.stop()
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says what stopped it.
    assert code in (0, -15) and "Application shutdown complete" in live.log(), live.log()[-3000:]


PASSWORD = "overview-password-1"


def login(dash_duo, server: LiveServer, next_path: str) -> None:
    """Sign in through the login form; it sends the browser on to `next_path`."""
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/login?next={quote(next_path, safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys("leader1")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    if next_path == "/":  # a leader asked for no other page lands on the KPI board; this test wants the overview
        wait_for(lambda: dash_duo.driver.current_url.endswith("/kpi"), 20, "a leader did not land on /kpi")
        dash_duo.driver.get(f"{server.url}/")


def open_count(dash_duo) -> int:
    match = re.search(r"\d+", dash_duo.find_element("#card-incidents-value").text)
    return int(match.group()) if match else -1


def write_incident(server: LiveServer, external_id: str) -> None:
    """Another process writes through the shared write path into the app's database."""
    from data.ingest.write_path import WritePath
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))
    ward = services.pack.wards.iloc[0].geometry.representative_point()
    result = WritePath(services.engines, services.registry).write("incidents", [{
        "external_id": external_id, "source": "hotline", "category": services.pack.categories["code"].iloc[0],
        "severity": 1, "title": "Cháy nhà dân – kiểm thử", "lat": ward.y, "lon": ward.x,
        "reported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}], feed="test/browser")
    services.engines.dispose()
    assert result.accepted == 1, result


def test_overview001_live_map_offline(dash_duo, server):
    login(dash_duo, server, "/")
    dash_duo.wait_for_element(".maplibregl-canvas", timeout=30)
    dash_duo.wait_for_text_to_equal("#sim-badge", "Dữ liệu mô phỏng", timeout=10)
    wait_for(lambda: open_count(dash_duo) >= 0, 30, "incident card never showed a number")
    updated = wait_for(lambda: dash_duo.find_element("#overview-updated").text, 30, "no update time shown")

    # A simulator tick writes new readings: the page is pushed the change without reloading.
    wait_for(lambda: dash_duo.find_element("#overview-updated").text not in ("", updated), 60,
             f"the traffic update time stayed at {updated!r}")

    before = open_count(dash_duo)
    write_incident(server, f"BROWSER-{time.time_ns()}")
    wait_for(lambda: open_count(dash_duo) > before, 15, "a new incident did not reach the open page")

    assert screenshot(dash_duo.driver, "overview").exists()

    resources = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    off_host = [r for r in resources if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert resources and off_host == []
    assert dash_duo.get_logs() == []


# The names written on the map: text, where it stands inside the map's box, and whether it is shown.
MAP_LABELS = """
    const box = document.querySelector('#overview-map .maplibregl-map').getBoundingClientRect();
    return Array.from(document.querySelectorAll('#overview-map .map-label')).map(e => {
        const r = e.getBoundingClientRect();
        return {text: e.textContent, kind: e.className.replace('map-label map-label-', ''), shown: getComputedStyle(e).visibility !== 'hidden',
                box: [r.left, r.top, r.right, r.bottom], inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1
                        && r.bottom <= box.bottom + 1, width: r.width};
    });
"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["box"][0] < b["box"][2] and b["box"][0] < a["box"][2] and a["box"][1] < b["box"][3]
            and b["box"][1] < a["box"][3]]


def test_overview004_the_map_names_wards_waterways_and_main_roads(dash_duo, server, pack):
    login(dash_duo, server, "/")
    dash_duo.wait_for_element(".maplibregl-canvas", timeout=30)
    labels = wait_for(lambda: dash_duo.driver.execute_script(MAP_LABELS), 20, "no names on the map")
    shown = {(label["kind"], label["text"]) for label in labels if label["shown"]}
    assert {("ward", name) for name in pack.wards["short_name"]} <= shown  # Hạc Thành, Đông Tiến … with diacritics
    assert ("water", "Sông Mã") in shown and ("road", "Quốc lộ 1A") in shown
    assert all(label["inside"] and label["width"] > 10 for label in labels if label["shown"])
    assert not overlapping([label for label in labels if label["shown"]])  # no name written over another
    # Stations and incidents are badges of their own shapes over their points; the legend lies under the map.
    marks_script = """
        const gd = document.querySelector('#overview-map .js-plotly-plot');
        const badges = (kind) => Array.from(document.querySelectorAll('#overview-map .map-badge-' + kind))
            .map(e => e.textContent);
        const points = (kind) => gd.data.filter(tr => tr.meta && tr.meta.badge === kind)
            .reduce((n, tr) => n + (tr.lon || []).length, 0);
        const map = document.querySelector('#overview-map .maplibregl-canvas').getBoundingClientRect();
        const legend = document.querySelector('.map-panel .legend').getBoundingClientRect();
        return {aqi: badges('aqi'), aqi_points: points('aqi'), incidents: badges('incident'),
                incident_points: points('incident'), legend_top: legend.top, map_bottom: map.bottom};"""
    # The stations' trace may come with a later update than the names: wait for a badge on each of its points.
    marks = wait_for(lambda: (m := dash_duo.driver.execute_script(marks_script)) and m["aqi"]
                     and len(m["aqi"]) == m["aqi_points"] and m, 30, "no VN_AQI badge on each station")
    assert all(text.isdigit() or text == "–" for text in marks["aqi"])
    assert len(marks["incidents"]) == marks["incident_points"] and set(marks["incidents"]) <= {"1", "2", "3", "4"}
    assert marks["legend_top"] >= marks["map_bottom"] - 1  # the legend covers no part of the map
    assert marks["map_bottom"] >= marks["legend_top"] - 2  # and the map fills the panel down to it
    # The basemap's land and water come from the pack, over the page's own origin.
    layers = dash_duo.driver.execute_script(
        "return document.querySelector('#overview-map .js-plotly-plot').layout.map.layers.map(l => l.source)")
    assert layers[:2] == ["/api/v1/geo/basemap/land.geojson", "/api/v1/geo/basemap/water.geojson"]
    for layer in ("land", "water"):
        answer = httpx.get(f"{server.url}/api/v1/geo/basemap/{layer}.geojson")
        assert answer.status_code == 200 and answer.json()["features"], layer
    # A close-up: the labels follow the map when it is zoomed in. Read in the same script as the zoom: MapLibre
    # fires `move` at once, and a figure pushed a moment later resets a zoom that no user made.
    before = {label["text"]: label for label in labels}
    moved = dash_duo.driver.execute_script(
        "document.querySelector('#overview-map .js-plotly-plot')._fullLayout.map._subplot.map.zoomTo(14.5, "
        "{animate: false});" + MAP_LABELS)
    assert moved != labels, "the names did not follow the zoom"
    assert {label["text"] for label in moved if label["shown"]} < set(before)  # fewer fit when zoomed in
    assert not overlapping([label for label in moved if label["shown"]])
    assert screenshot(dash_duo.driver, "overview_basemap").exists()
    assert dash_duo.get_logs() == []


def test_overview002_english(dash_duo, server):
    login(dash_duo, server, "/?lang=en")
    dash_duo.wait_for_text_to_equal("#sim-badge", "Simulated data", timeout=20)
    dash_duo.wait_for_contains_text("#card-cameras", "online", timeout=30)
    dash_duo.wait_for_contains_text("#card-cameras-value", "/", timeout=30)
    assert dash_duo.get_logs() == []


def test_overview003_needs_login(server):
    response = httpx.get(server.url + "/")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2F"


def test_api_paths(server):
    assert httpx.get(server.url + "/api/v1/nope").status_code == 404
    assert httpx.post(server.url + "/api/v1/nope").status_code == 404
    health = httpx.get(server.url + "/api/v1/health").json()
    assert health["database"] is True and health["simulated"] is True
    wards = httpx.get(server.url + "/api/v1/geo/wards.geojson").json()
    assert len(wards["features"]) == 7
