"""The drill-down by area in headless Chromium against the real app: an analyst chooses a metric, plays three days,
clicks a ward on the map and sees its detail, compares two wards, exports the CSV, switches to the former units,
and a reload of the copied URL shows the same view."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import httpx
import pytest
from conftest import dash_prop, screenshot, wait_for
from live_server import LiveServer
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

pytestmark = [pytest.mark.browser, pytest.mark.process]
PASSWORD = "analyst-password-1"
HAC_THANH = "14797"

# Where a unit's centroid is on the screen: the plot's MapLibre map projects it (MapLibre's own coordinates are CSS
# pixels of the map's canvas).
UNIT_PIXEL = """
    const graph = document.querySelector('#districts-map .js-plotly-plot');
    const map = graph._fullLayout.map._subplot.map;
    const box = map.getCanvas().getBoundingClientRect();
    const point = map.project([arguments[0], arguments[1]]);
    return [point.x - box.width / 2, point.y - box.height / 2];
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("districts"), CITYOPS_SEED_DAYS="4").start(timeout=300)
    live.add_user("analyst1", "analyst", PASSWORD)
    yield live
    live.stop()


def shown_values(driver) -> list:
    figure = dash_prop(driver, "districts-map", "figure") or {}
    data = figure.get("data") or []
    return data[0].get("z") if data else None


def pick(dash_duo, dropdown: str, label: str) -> None:
    """Choose `label` in a dropdown (opened unless it still is: a multiple choice stays open)."""
    def options():
        return [o for o in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                if o.is_displayed()]

    if not options():
        dash_duo.find_element(f"#{dropdown}").click()
    option = wait_for(lambda: [o for o in options() if o.text.strip() == label], 10,
                      lambda: f"no option {label!r} in {dropdown}: {[o.text for o in options()]}")
    option[0].click()


def detail_of(dash_duo, name: str, timeout: float = 30) -> str:
    """The detail panel once it shows `name` (its heading is set in capitals by the style sheet)."""
    return wait_for(lambda: name.upper() in (text := dash_duo.find_element("#districts-detail").text).upper() and text,
                    timeout, lambda: f"no {name} in the detail: {dash_duo.find_element('#districts-detail').text}")


def test_dis001_metric_play_ward_compare_export_reload(dash_duo, server, pack):
    driver = dash_duo.driver
    driver.delete_all_cookies()
    driver.get(f"{server.url}/login?next={quote('/districts', safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys("analyst1")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    wait_for(lambda: "/districts" in driver.current_url, 20, lambda: f"landed on {driver.current_url}")
    dash_duo.wait_for_contains_text("#districts-city", "/10.000 dân", timeout=60)

    # A metric: the ranking and the map follow.
    dash_duo.find_element("#districts-range input[value='7']").click()
    pick(dash_duo, "districts-metric", "Tỷ lệ xử lý đúng hạn")
    dash_duo.wait_for_contains_text("#districts-city", "%", timeout=30)
    whole = wait_for(lambda: shown_values(driver), 30, "the map has no values")
    assert len(whole) == 7
    wait_for(lambda: "metric=on_time" in driver.current_url and "range=7" in driver.current_url, 10,
             lambda: f"the URL did not follow: {driver.current_url}")
    rows = driver.find_elements(By.CSS_SELECTOR, "#districts-ranking .ag-center-cols-container .ag-row")
    assert len(rows) == 7

    # Play three days: the map, the ranking and the heading move together; then pause.
    dash_duo.find_element("#districts-play").click()
    days, values = [], []
    for step in (1, 2, 3):
        wait_for(lambda s=step: dash_prop(driver, "districts-day", "value") == s, 20, f"the player never reached {step}")
        text = wait_for(lambda: (t := dash_duo.find_element("#districts-showing").text) and "ngày" in t and t, 10,
                        "no day shown")
        days.append(text)
        values.append(shown_values(driver))
    dash_duo.find_element("#districts-play").click()
    dash_duo.wait_for_contains_text("#districts-play", "Phát theo ngày", timeout=10)
    paused = dash_prop(driver, "districts-day", "value")
    assert len(set(days)) == 3, days
    assert any(v != whole for v in values), "the map did not change with the days"
    screenshot(driver, "districts-played")

    # Click Hạc Thành on the map: its detail, its rank, its incidents.
    ward = pack.wards.set_index("code").loc[HAC_THANH].geometry.representative_point()
    canvas = dash_duo.find_element("#districts-map .maplibregl-canvas")
    dx, dy = driver.execute_script(UNIT_PIXEL, ward.x, ward.y)
    # A click picks what the pointer hovers: move there, then a pixel more (the hover follows a move).
    ActionChains(driver).move_to_element(canvas).move_by_offset(int(dx), int(dy)).pause(0.4).move_by_offset(1, 0) \
        .pause(0.4).click().perform()
    detail_of(dash_duo, "Hạc Thành")
    assert "Hạng" in dash_duo.find_element("#districts-detail").text
    assert "Hạc Thành" in dash_duo.find_element("#districts-crumbs").text
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#districts-incidents .ag-row"), 30,
             "no incident in the ward's list")
    wait_for(lambda: f"ward={HAC_THANH}" in driver.current_url, 10, "the URL has no ward")

    # Compare two wards.
    pick(dash_duo, "districts-compare", "Hạc Thành")
    pick(dash_duo, "districts-compare", "Quảng Phú")
    wait_for(lambda: len((dash_prop(driver, "districts-compare-chart", "figure") or {}).get("data", [])) == 3, 20,
             "the comparison does not show two wards and the city")
    driver.find_element(By.TAG_NAME, "body").click()
    screenshot(driver, "districts-ward")
    driver.execute_script("document.querySelector('.districts-detail').scrollIntoView()")
    screenshot(driver, "districts-detail")

    # Export the table as CSV: Excel's BOM, what it is, a row per ward and the city.
    href = dash_duo.find_element("#districts-csv").get_attribute("href")
    jar = {c["name"]: c["value"] for c in driver.get_cookies()}
    with httpx.Client(base_url=server.url, cookies=jar, timeout=60) as client:
        exported = client.get(href)
        geojson = client.get(dash_duo.find_element("#districts-geojson").get_attribute("href"))
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf"), exported.text[:200]
    text = exported.content.decode("utf-8-sig")
    assert "# Chỉ số: Tỷ lệ xử lý đúng hạn" in text and "# Cấp ranh giới: Phường" in text
    table = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    assert len(table) == 8 and table[-1]["Địa bàn"] == "Toàn thành phố"
    assert {r["Mã địa bàn"] for r in table[:7]} == set(pack.wards["code"])
    collection = json.loads(geojson.content)
    assert collection["metadata"]["metric"] == "on_time" and len(collection["features"]) == 7

    # The copied URL opens the same view (the player where it was paused).
    copied = driver.current_url
    assert "compare=" in copied
    driver.get(copied)
    detail_of(dash_duo, "Hạc Thành", timeout=60)
    assert dash_prop(driver, "districts-metric", "value") == "on_time"
    assert dash_prop(driver, "districts-range", "value") == "7"
    assert dash_prop(driver, "districts-day", "value") == paused
    assert dash_prop(driver, "districts-compare", "value") == [HAC_THANH, "16522"]
    wait_for(lambda: len((dash_prop(driver, "districts-compare-chart", "figure") or {}).get("data", [])) == 3, 20,
             "the reloaded comparison")

    # The former units: 51 of them, the same city figure.
    city = dash_duo.find_element("#districts-city").text
    dash_duo.find_element("#districts-level input[value='former']").click()
    wait_for(lambda: (shown_values(driver) or []) and len(shown_values(driver)) == len(pack.former_units), 30,
             "the map did not change to the former units")
    dash_duo.wait_for_contains_text("#districts-note", "gần đúng", timeout=10)
    assert dash_duo.find_element("#districts-city").text == city
    # Hạc Thành's code (14797) was a former unit's too: the other level starts with nothing picked.
    wait_for(lambda: dash_prop(driver, "districts-unit", "value") is None, 10, "a unit stayed picked")
    assert dash_prop(driver, "districts-compare", "value") == []
    screenshot(driver, "districts-former")
