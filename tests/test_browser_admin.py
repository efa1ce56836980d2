"""The admin page in headless Chromium against the real app: an admin signed in through the login form sees
every panel, adds a response unit through the form and deactivates it (stored and audited), a unit outside
the city is refused with a clear message, and nothing leaves the host."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import screenshot, wait_for
from live_server import LiveServer
from selenium.webdriver.common.keys import Keys

from layouts.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.process]
PASSWORD = "admin-password-1"
ADMIN = "admin1"
UNIT_CODE = "TEST-01"
UNIT_NAME = "Đội phản ứng nhanh Quảng Hưng – kiểm thử"
UNIT_PHONE = "0237 385 1234"
PANELS = ("users", "tokens", "thresholds", "kpi_targets", "units", "feeds", "dead_letters", "audit")
GRIDS_WITH_ROWS = ("admin-users", "admin-tokens", "admin-thresholds", "admin-kpi-targets", "admin-units", "admin-feeds",
                   "admin-audit")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("admin")).start()
    live.add_user(ADMIN, "admin", PASSWORD)
    live.display_token("wall-admin")
    yield live
    assert live.stop() in (0, -15)


def services_of(server: LiveServer):
    from data.store.settings import Settings
    from data.wiring.services import Services

    return Services.create(Settings(data_dir=server.data_dir, demo=False, _env_file=None))


def stored_units_and_audit(server: LiveServer):
    """The server's response units and its audit entries on units, read from its database."""
    from data.commands.units import ResponseUnits
    from data.ingest.audit import AuditProvider

    services = services_of(server)
    try:
        units = ResponseUnits.from_services(services).list()
        entries = AuditProvider(services.engines.main).entries(action="unit.")
    finally:
        services.engines.dispose()
    return units, entries


def login(dash_duo, server: LiveServer, next_path: str = "/admin") -> None:
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/login?next={quote(next_path, safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys(ADMIN)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_contains_text("#user-name", ADMIN, timeout=30)


def grid_rows(dash_duo, grid_id: str) -> int:
    return len(dash_duo.find_elements(f"#{grid_id} .ag-center-cols-container .ag-row"))


def wait_for_units(dash_duo) -> None:
    wait_for(lambda: grid_rows(dash_duo, "admin-units") > 0, 30, "the units grid stayed empty")


def unit_row(dash_duo, code: str):
    """The units grid's row of `code`, scrolled into the grid's view (the grid only draws the rows it shows)."""
    def scrolled_into_view():
        dash_duo.driver.execute_script("""
            const api = dash_ag_grid.getApi('admin-units'), node = api.getRowNode(arguments[0]);
            if (node) { api.ensureNodeVisible(node, 'middle'); }""", code)
        return dash_duo.find_elements(f"#admin-units .ag-center-cols-container .ag-row[row-id='{code}']")

    return wait_for(scrolled_into_view, 20, f"unit {code} never showed in the grid")[0]


def cell_text(row, column: str) -> str:
    return row.find_element("css selector", f".ag-cell[col-id='{column}']").get_attribute("textContent").strip()


def message(dash_duo) -> str:
    return dash_duo.find_element("#admin-message").get_attribute("textContent")


def fill_unit_form(dash_duo, code: str, name: str, kind: str, lat: float, lon: float, phone: str) -> None:
    for field, value in (("code", code), ("name", name), ("lat", f"{lat:.6f}"), ("lon", f"{lon:.6f}"),
                         ("phone", phone)):
        box = dash_duo.find_element(f"#admin-unit-{field}")
        box.clear()
        box.send_keys(value)
    dash_duo.find_element("#admin-unit-kind").click()
    option = dash_duo.wait_for_element(f".dash-dropdown-option input[value='{kind}']", timeout=10)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", option)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)


def no_traffic_off_host(dash_duo) -> None:
    resources = dash_duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and [r for r in resources if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1",
                                                                    "data:", "blob:"))] == []


def test_admin001_page_shows_every_panel(dash_duo, server):
    login(dash_duo, server)
    assert "Quản trị" in dash_duo.wait_for_element("#shell-nav", timeout=20).text
    for grid in GRIDS_WITH_ROWS:
        wait_for(lambda grid=grid: grid_rows(dash_duo, grid) > 0, 40, f"{grid} stayed empty")
    dash_duo.wait_for_element("#admin-dead-letters", timeout=10)
    headings = [h.get_attribute("textContent") for h in dash_duo.find_elements(".admin h2")]  # CSS capitalises
    assert headings == [t(f"admin.{panel}", "vi") for panel in PANELS], headings
    users = dash_duo.find_element("#admin-users").text
    assert ADMIN in users and t("role.admin", "vi") in users
    assert "wall-admin" in dash_duo.find_element("#admin-tokens").text
    rules = dash_duo.find_element("#admin-thresholds").text
    assert t("admin.rule.aqi", "vi") in rules and "water_level" not in rules  # rules in words, not codes
    assert dash_duo.find_element("#audit-days").text == "7 ngày gần nhất"
    assert "No Rows" not in dash_duo.find_element(".admin").get_attribute("textContent")  # empty tables in Vietnamese
    assert screenshot(dash_duo.driver, "admin").exists()
    no_traffic_off_host(dash_duo)
    assert dash_duo.get_logs() == []


def test_admin002_add_and_deactivate_a_response_unit(dash_duo, server):
    from geo.pack import load_pack

    pack = load_pack()
    ward = pack.wards.iloc[0]
    inside = ward.geometry.representative_point()
    login(dash_duo, server)
    wait_for_units(dash_duo)
    fill_unit_form(dash_duo, UNIT_CODE, UNIT_NAME, "fire", inside.y, inside.x, UNIT_PHONE)
    dash_duo.find_element("#admin-unit-add").click()
    dash_duo.wait_for_text_to_equal("#admin-message", f"Đã thêm đơn vị {UNIT_CODE}.", timeout=20)
    row = unit_row(dash_duo, UNIT_CODE)
    assert (cell_text(row, "name"), cell_text(row, "kind"), cell_text(row, "phone"), cell_text(row, "state")) == \
        (UNIT_NAME, "Cảnh sát PCCC và CNCH", UNIT_PHONE, "✓ Đang hoạt động")
    assert cell_text(row, "ward") == pack.unit_names("ward")[ward["code"]]
    dash_duo.find_element("#admin-unit-add").click()  # the same form sent twice adds one unit, not two
    dash_duo.wait_for_contains_text("#admin-message", f"Mã: đơn vị {UNIT_CODE} đã có", timeout=20)

    unit_row(dash_duo, UNIT_CODE).find_element("css selector", ".ag-cell[col-id='code']").click()
    wait_for(lambda: "ag-row-selected" in unit_row(dash_duo, UNIT_CODE).get_attribute("class"), 10,
             "the unit row was not selected")
    dash_duo.find_element("#admin-unit-deactivate").click()
    wait_for(lambda: cell_text(unit_row(dash_duo, UNIT_CODE), "state") == "✕ Ngừng hoạt động", 20,
             "the unit never showed as inactive")
    assert message(dash_duo) == "Đã lưu."
    dash_duo.driver.execute_script("document.getElementById('admin-units').scrollIntoView({block: 'center'})")
    assert screenshot(dash_duo.driver, "admin_units").exists()

    units, entries = stored_units_and_audit(server)
    stored = units[units["code"] == UNIT_CODE]
    assert len(stored) == 1
    unit = stored.iloc[0]
    assert (unit["name"], unit["kind"], unit["phone"], bool(unit["active"])) == (UNIT_NAME, "fire", UNIT_PHONE, False)
    assert unit["ward_code"] == ward["code"]
    mine = entries[entries["target"] == f"unit:{UNIT_CODE}"]
    assert sorted(mine["action"]) == ["unit.add", "unit.deactivate"] and set(mine["actor"]) == {ADMIN}
    dash_duo.wait_for_contains_text("#admin-audit", "Ngừng đơn vị xử lý", timeout=20)  # the trail on the page too
    no_traffic_off_host(dash_duo)
    assert dash_duo.get_logs() == []


def test_admin003_a_unit_outside_the_city_is_refused(dash_duo, server):
    before, entries_before = stored_units_and_audit(server)
    login(dash_duo, server)
    wait_for_units(dash_duo)
    fill_unit_form(dash_duo, "TEST-OUT", "Đội ngoài địa bàn", "fire", 10.0, 106.0, "0912 000 111")
    dash_duo.find_element("#admin-unit-add").click()
    refusal = wait_for(lambda: message(dash_duo), 20, "no message after a refused add")
    assert refusal == ("Không thực hiện được: Vĩ độ/kinh độ: điểm (10.0, 106.0) nằm ngoài mọi phường của thành "
                       "phố"), refusal
    assert dash_duo.find_element("#admin-unit-code").get_attribute("value") == "TEST-OUT"  # the form keeps its input
    assert dash_duo.find_elements("#admin-units .ag-row[row-id='TEST-OUT']") == []
    after, entries_after = stored_units_and_audit(server)
    assert after["code"].tolist() == before["code"].tolist() and "TEST-OUT" not in after["code"].tolist()
    assert len(entries_after) == len(entries_before)
    assert dash_duo.get_logs() == []
