"""The daily report as an XLSX workbook (openpyxl): the summary, a sheet per pillar (figures as numbers with the
words of the page beside them), the wards, the 30-day series and the notable incidents."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from layouts.i18n import t
from layouts.kpi import PILLARS, RAG
from reports.gathered import DailyReport, nfc, summary_lines

HEAD = Font(bold=True)
FILL = {state: PatternFill("solid", fgColor=colour.lstrip("#")) for state, colour in RAG.items()}


def _sheet(book: Workbook, title: str):
    return book.create_sheet(nfc(title)[:31])


def _header(sheet, names: list[str]) -> None:
    sheet.append([nfc(n) for n in names])
    for cell in sheet[sheet.max_row]:
        cell.font = HEAD


def _widths(sheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _plain(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def xlsx_bytes(report: DailyReport) -> bytes:
    lang = report.lang
    book = Workbook()
    summary = book.active
    summary.title = nfc(t("report.sheet.summary", lang))[:31]
    summary.append([nfc(t("report.title", lang))])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([nfc(t("report.subtitle", lang, city=report.city, day=report.day.strftime("%d/%m/%Y")))])
    summary.append([nfc(t("kpi.simulated.note", lang))])
    summary.append([])
    for line in summary_lines(report):
        summary.append([line])
    _widths(summary, [140])

    columns = ["code", *(t(f"report.col.{c}", lang) for c in ("kpi", "value")), "unit",
               *(t(f"report.col.{c}", lang) for c in ("target", "state", "delta_day", "delta_7d", "coverage")),
               "as_of", "detail"]
    for pillar in PILLARS:
        sheet = _sheet(book, t(f"kpi.pillar.{pillar}", lang))
        _header(sheet, columns)
        for kpi, words in zip(report.board["kpis"], report.words, strict=True):
            if kpi["pillar"] != pillar:
                continue
            unit = kpi["unit_vi" if lang == "vi" else "unit_en"] if kpi.get("indicator") else kpi["unit"]
            sheet.append([kpi["code"], nfc(words["name"]), _plain(kpi["value"]), nfc(unit), _plain(kpi["target"]),
                          nfc(words["state"]), _plain(kpi["delta_day"]), _plain(kpi["delta_7d"]),
                          nfc(words["coverage"]), nfc(words["as_of"]), nfc(words["detail"])])
            sheet.cell(sheet.max_row, 6).fill = FILL[kpi["state"]]
        _widths(sheet, [22, 44, 12, 10, 12, 16, 12, 12, 26, 24, 60])

    wards = _sheet(book, t("report.sheet.wards", lang))
    ward_columns = ("incidents", "per_10k", "on_time", "aqi_mean", "congestion", "uptime")
    _header(wards, ["ward_code", t("kpi.ward.name", lang), *(t(f"kpi.ward.{c}", lang) for c in ward_columns)])
    for r in report.wards.to_dict("records"):
        wards.append([r["ward_code"], nfc(report.refs["wards"].get(r["ward_code"], r["ward_code"])),
                      *(_plain(r[c]) for c in ward_columns)])
    _widths(wards, [12, 28, 16, 18, 14, 12, 14, 20])

    series = _sheet(book, t("report.sheet.series", lang))
    kpis = report.board["kpis"]
    _header(series, [t("report.col.day", lang), *(k["code"] for k in kpis)])
    days = [d for d, _ in kpis[0]["series"]] if kpis else []
    by_code = {k["code"]: dict(k["series"]) for k in kpis}
    for day in days:
        series.append([day, *(_plain(by_code[k["code"]].get(day)) for k in kpis)])
    _widths(series, [12] + [14] * len(kpis))

    notable = _sheet(book, t("report.sheet.incidents", lang))
    _header(notable, ["id", "category", "severity", "ward_code", "reported_at"])
    for r in report.notable["incidents"].itertuples():
        notable.append([int(r.id), nfc(report.refs["categories"].get(r.category, r.category)), int(r.severity),
                        r.ward_code, pd.Timestamp(r.reported_at).tz_convert(report.zone).strftime("%Y-%m-%d %H:%M")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
