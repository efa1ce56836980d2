"""The leaders' board in headless Chromium against the real app: a leader signs in and lands on /kpi, sees the
cards of yesterday by the four pillars, turns to today so far (the cards change), downloads the PDF and the XLSX,
and both say what the page says (the PDF's text through pdftotext, the XLSX's cells through openpyxl)."""

from __future__ import annotations

import io
import shutil
import subprocess
from urllib.parse import quote

import httpx
import pytest
from conftest import SCREENSHOTS, dash_prop, screenshot, wait_for
from live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.process]
PASSWORD = "kpi-password-1"
SHEETS = {"Tổng hợp", "Quản trị", "Đời sống", "Môi trường", "Kinh tế", "Phường", "Chuỗi 30 ngày", "Sự cố nổi bật"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("kpi"), CITYOPS_SEED_DAYS="2").start(timeout=300)
    live.add_user("leader1", "leader", PASSWORD)
    yield live
    live.stop()


def cards(dash_duo) -> dict[str, str]:
    """KPI code → the value its card shows."""
    return dash_duo.driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('.kpi-card')).map("
        "c => [c.dataset.code, c.querySelector('.kpi-value').textContent]))")


def session(dash_duo, server: LiveServer) -> httpx.Client:
    """An HTTP client with the browser's session cookie (downloads as the signed-in leader)."""
    jar = {c["name"]: c["value"] for c in dash_duo.driver.get_cookies()}
    return httpx.Client(base_url=server.url, cookies=jar, timeout=120)


def test_kpi001_leader_lands_changes_day_downloads(dash_duo, server, tmp_path):
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{server.url}/login?next={quote('/', safe='')}")
    dash_duo.wait_for_element("#username", timeout=20).send_keys("leader1")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#login-submit").click()
    wait_for(lambda: dash_duo.driver.current_url.endswith("/kpi"), 20,
             lambda: f"a leader landed on {dash_duo.driver.current_url}")
    dash_duo.wait_for_contains_text("#kpi-heading", "trọn ngày", timeout=60)
    titles = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.kpi-pillar h2')).map(h => h.textContent)")
    assert titles == ["Quản trị", "Đời sống", "Môi trường", "Kinh tế"]
    yesterday = wait_for(lambda: (c := cards(dash_duo)) and c.get("gov.incidents_on_time") not in (None, "–") and c,
                         60, "the on-time card never showed a figure")
    assert len(yesterday) >= 15 and "liv.camera_uptime" in yesterday and "ho_so_dung_han" in yesterday
    assert screenshot(dash_duo.driver, "kpi").exists()

    pdf_href = dash_duo.find_element("#kpi-pdf").get_attribute("href")
    xlsx_href = dash_duo.find_element("#kpi-xlsx").get_attribute("href")
    with session(dash_duo, server) as client:
        pdf = client.get(pdf_href)
        xlsx = client.get(xlsx_href)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:200]
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    # The PDF's text has the Vietnamese words and the page's figures.
    if shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        for words in ("Báo cáo tình hình ngày", "Quản trị", "Đời sống", "Môi trường", "Kinh tế",
                      "Sự cố xử lý đúng hạn", "Chỉ số theo trụ cột"):
            assert words in text, words
        for code in ("gov.incidents_on_time", "gov.backlog", "env.aqi_worst", "liv.camera_uptime", "ho_so_dung_han"):
            assert yesterday[code] in text, (code, yesterday[code])
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # the report's pages as pictures, to look at
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(SCREENSHOTS / "report-page")], check=True)

    # The XLSX: a sheet per pillar and more; the figures are the page's.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert set(book.sheetnames) >= SHEETS
    governance = {row[0]: row for row in book["Quản trị"].iter_rows(min_row=2, values_only=True)}
    shown = yesterday["gov.incidents_on_time"]
    assert f"{governance['gov.incidents_on_time'][2]:.1f}".replace(".", ",") + " %" == shown
    assert str(int(governance["gov.backlog"][2])) == yesterday["gov.backlog"]
    wards = list(book["Phường"].iter_rows(min_row=2, values_only=True))
    assert len(wards) == 7 and sum(r[2] for r in wards) >= 0

    # Today so far: another day, other figures; the picker follows.
    dash_duo.find_element("#kpi-today").click()
    dash_duo.wait_for_contains_text("#kpi-heading", "đến", timeout=30)
    wait_for(lambda: cards(dash_duo) != yesterday, 30, "the cards did not change with the day")
    picked = dash_prop(dash_duo.driver, "kpi-date", "date")
    assert picked and picked not in pdf_href
    assert screenshot(dash_duo.driver, "kpi-today").exists()
