"""The daily report: the PDF's text (pdftotext) and the XLSX's cells say what the board says, in composed
Vietnamese, with the project's font embedded; `cityops report` writes both; the morning job writes yesterday's once."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_kpi import DAY, NOW, seeded_board

from data.wiring.jobs import DailyReportJob, report_due

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def report(app_services):
    from reports.gathered import gather

    app_services.kpi = seeded_board(app_services)  # the board at NOW over the hand-made day
    return gather(app_services, DAY, "vi")


def test_nfc_composes_decomposed_vietnamese():
    from reports.gathered import nfc

    decomposed = unicodedata.normalize("NFD", "Báo cáo tình hình ngày")
    assert decomposed != "Báo cáo tình hình ngày" and nfc(decomposed) == "Báo cáo tình hình ngày"


def test_summary_names_the_day_s_notable_things(report):
    from reports.gathered import summary_lines

    lines = summary_lines(report)
    assert lines[0].startswith("Sự cố nghiêm trọng nhất: Giao thông (mức 1")
    assert any(line.startswith("Chỉ số không đạt mục tiêu:") and "Sự cố xử lý đúng hạn (mọi nguồn) (50,0 %)" in line
               for line in lines)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_pdf_text_has_the_words_and_the_board_s_figures(report, tmp_path):
    from reports.pdf import pdf_bytes

    path = tmp_path / "day.pdf"
    path.write_bytes(pdf_bytes(report))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Báo cáo tình hình ngày" in text and "ngày 20/11/2026" in text
    for pillar in ("Quản trị", "Đời sống", "Môi trường", "Kinh tế"):
        assert pillar in text
    words = {k["code"]: w for k, w in zip(report.board["kpis"], report.words, strict=True)}
    assert words["gov.incidents_on_time"]["value"] == "50,0 %" and "50,0 %" in text
    assert words["env.aqi_worst"]["value"] == "40" and words["ho_so_dung_han"]["value"] == "97,0 %"
    assert "97,0 %" in text and "Cần chú ý" in text
    assert text.count("\f") >= 3  # the summary and table, the trends, the ward map: explicit page breaks
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "BeVietnamPro-Regular" in fonts and "BeVietnamPro-Bold" in fonts
    embedded = [line.split()[-5] for line in fonts.splitlines() if "BeVietnamPro" in line]
    assert embedded == ["yes", "yes"]


def test_xlsx_sheets_and_figures(report):
    from openpyxl import load_workbook

    from reports.xlsx import xlsx_bytes

    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    assert book.sheetnames == ["Tổng hợp", "Quản trị", "Đời sống", "Môi trường", "Kinh tế", "Phường", "Chuỗi 30 ngày",
                               "Sự cố nổi bật"]
    governance = {row[0]: row for row in book["Quản trị"].iter_rows(min_row=2, values_only=True)}
    assert governance["gov.incidents_on_time"][2] == 50.0 and governance["gov.incidents_on_time"][5] == "Không đạt"
    assert governance["ho_so_dung_han"][2] == 97.0 and governance["ho_so_dung_han"][4] == 98.0
    environment = {row[0]: row for row in book["Môi trường"].iter_rows(min_row=2, values_only=True)}
    assert environment["env.aqi_worst"][2] == 40.0
    series = list(book["Chuỗi 30 ngày"].iter_rows(values_only=True))
    assert len(series) == 31 and series[-1][0].date() == DAY
    codes = series[0][1:]
    assert series[-1][1 + codes.index("gov.incidents_on_time")] == 50.0
    wards = list(book["Phường"].iter_rows(min_row=2, values_only=True))
    assert sum(r[2] for r in wards) == 2  # the two incidents of the day, both in the first ward
    assert [r[2] for r in book["Sự cố nổi bật"].iter_rows(min_row=2, values_only=True)] == [1, 2]


def test_report_command_writes_both_files(app_services, tmp_path, monkeypatch, capsys):
    from data.wiring.commands import report as command

    app_services.kpi = seeded_board(app_services)
    monkeypatch.setattr(command, "command_services", lambda: app_services)
    assert command.main(["--date", DAY.isoformat(), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    pdf, xlsx = tmp_path / "out" / f"bao-cao-ngay-{DAY}.pdf", tmp_path / "out" / f"bao-cao-ngay-{DAY}.xlsx"
    assert str(pdf) in out and pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes()[:2] == b"PK"
    assert not list((tmp_path / "out").glob("*.part"))
    with pytest.raises(SystemExit):
        command.main(["--day", (NOW.date() + timedelta(days=2)).isoformat()])


@pytest.mark.parametrize(("local", "written", "due"), [
    (datetime(2026, 11, 21, 6, 29, tzinfo=ZONE), set(), None),
    (datetime(2026, 11, 21, 6, 30, tzinfo=ZONE), set(), DAY),
    (datetime(2026, 11, 21, 23, 0, tzinfo=ZONE), {DAY}, None),
    (datetime(2026, 11, 21, 0, 10, tzinfo=ZONE), set(), None),
])
def test_report_due_after_the_morning_time(local, written, due):
    assert report_due(local, time(6, 30), written) == due


def test_the_morning_job_writes_yesterday_once():
    written: list[date] = []
    clock = [datetime(2026, 11, 20, 23, 0, tzinfo=UTC)]  # 06:00 local on the 21st
    job = DailyReportJob(time(6, 30), ZONE, written.append, lambda: set(written), clock=lambda: clock[0])
    assert job.tick() is None
    clock[0] += timedelta(minutes=31)
    assert job.tick() == DAY and written == [DAY]
    assert job.tick() is None and written == [DAY]


def test_report_job_is_configured_from_the_settings(app_services):
    from data.wiring.jobs import report_job

    assert isinstance(report_job(app_services), DailyReportJob)
    app_services.settings.report_at = ""
    assert report_job(app_services) is None
