"""The real app on the province pack (`CITYOPS_CITY=thanh_hoa_province`) in headless Chromium: the overview map
draws the 166 communes and thousands of segments offline, fetches the boundaries once and keeps them while live
values arrive."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from conftest import dash_prop, screenshot, wait_for
from live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.process]

PASSWORD = "province-password-1"
WARDS_URL = "/api/v1/geo/wards.geojson"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Three hours of history: every segment has a reading and the air stations a VN_AQI (NowCast needs two of the
    # last three hours), the seeding stays short at provincial scale.
    live = LiveServer(tmp_path_factory.mktemp("province"), CITYOPS_CITY="thanh_hoa_province",
                      CITYOPS_SEED_DAYS="0.125", CITYOPS_SIM_INTERVAL_S="2").start(timeout=300)
    live.add_user("op1", "operator", PASSWORD)  # an operator lands on the overview
    yield live
    code = live.stop()
    assert code in (0, -15) and "Application shutdown complete" in live.log(), live.log()[-3000:]


def boundary_fetches(server: LiveServer) -> int:
    """Requests for the boundaries in the server's access log (MapLibre fetches them from a worker, which the
    page's resource timing does not list)."""
    return sum(f'"GET {WARDS_URL} ' in line for line in server.log().splitlines())


def drawn_segments(driver) -> int:
    figure = dash_prop(driver, "overview-map", "figure") or {}
    return sum((trace.get("lon") or []).count(None) for trace in figure.get("data", []) if trace.get("mode") == "lines")


# The pixel (in the map's container) of the first traffic label point, and the text it carries.
LABEL_POINT = """
    const gd = document.querySelector('#overview-map .js-plotly-plot') || document.getElementById('overview-map');
    const map = gd._fullLayout.map._subplot.map;
    const trace = gd.data.find(t => t.mode === 'markers' && t.hovertext && t.hovertext.length > 1000);
    const i = Math.floor(trace.lon.length / 2);
    const p = map.project([trace.lon[i], trace.lat[i]]);
    const box = map.getContainer().getBoundingClientRect();
    return {x: p.x + box.left, y: p.y + box.top, text: trace.hovertext[i].split('<br>')[0]};
"""


def hover_label(dash_duo) -> str:
    driver = dash_duo.driver
    point = driver.execute_script(LABEL_POINT)
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": point["x"], "y": point["y"]})
    # Read in the page: the hover layer is redrawn as live values arrive, and an element handle may go stale.
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('#overview-map .hoverlayer .hovertext')).map(e => e.textContent)")
    return point["text"] if any(point["text"] in label for label in labels) else ""


def test_province_browser001_the_province_map(dash_duo, server):
    boundaries = httpx.get(server.url + WARDS_URL)
    assert boundaries.status_code == 200 and len(boundaries.content) < 1_000_000
    assert len(boundaries.json()["features"]) == 166

    before = boundary_fetches(server)
    driver = dash_duo.driver
    driver.get(f"{server.url}/login?next={quote('/', safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys("op1")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element(".maplibregl-canvas", timeout=30)
    dash_duo.wait_for_text_to_equal("#sim-badge", "Dữ liệu mô phỏng", timeout=20)
    dash_duo.wait_for_text_to_equal("#brand-city", "Tỉnh Thanh Hóa", timeout=20)  # the pack's name
    wait_for(lambda: drawn_segments(driver) >= 3_000, 60, "the province's segments were not drawn")
    updated = wait_for(lambda: dash_duo.find_element("#overview-updated").text, 30, "no update time shown")
    wait_for(lambda: boundary_fetches(server) > before, 30, "the boundaries were never fetched")
    path = screenshot(driver, "overview_province")
    assert path.exists() and path.stat().st_size > 50_000
    # A segment's label shows under the pointer (the labels ride on invisible points mid-way on each segment).
    assert "đoạn" in wait_for(lambda: hover_label(dash_duo), 20, "no label under the pointer on a segment")

    # Live values arrive (a simulator tick patches the traces); the boundaries are not fetched again.
    wait_for(lambda: dash_duo.find_element("#overview-updated").text not in ("", updated), 90,
             f"the traffic update time stayed at {updated!r}")
    assert boundary_fetches(server) == before + 1

    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    off_host = [r for r in resources if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert off_host == []
    assert dash_duo.get_logs() == []
