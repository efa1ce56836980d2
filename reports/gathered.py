"""One day's report as gathered once (board, wards, notable events, names): what the PDF and the XLSX are
written from."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from data.store.db import utcnow
from layouts.i18n import t
from layouts.kpi import kpi_text


def nfc(text: str) -> str:
    """Vietnamese text in composed form (NFC), so each vowel and its marks are one glyph in the PDF."""
    return unicodedata.normalize("NFC", str(text))


@dataclass
class DailyReport:
    day: date
    lang: str
    board: dict
    words: list[dict]  # kpi_text() of each KPI, in the board's order
    wards: pd.DataFrame
    notable: dict
    refs: dict
    zone: object
    city: str
    generated_at: datetime
    wards_geometry: object  # GeoDataFrame of the wards (code, geometry)


def names(services, lang: str) -> dict:
    """Names of what the board's details name (stations, cameras, incident categories, wards): the page's too."""
    pack = services.pack
    return {"stations": dict(zip(pack.stations["code"], pack.stations["name"], strict=True)),
            "cameras": dict(zip(pack.cameras["code"], pack.cameras["name"], strict=True)),
            "categories": pack.categories.set_index("code")["name_vi" if lang == "vi" else "name_en"].to_dict(),
            "segments": dict(zip(pack.roads["code"], pack.roads["name"], strict=True)),
            "wards": pack.unit_names()}


def gather(services, day: date, lang: str = "vi") -> DailyReport:
    kpi = services.kpi
    board = kpi.board(day, prefetch=False)
    refs = names(services, lang)
    words = [kpi_text(k, refs, services.zone, lang) for k in board["kpis"]]
    return DailyReport(day=day, lang=lang, board=board, words=words, wards=kpi.wards(day), notable=kpi.notable(day),
                       refs=refs, zone=services.zone, city=services.pack.meta.get(f"name_{lang}") or t("app.city", lang),
                       generated_at=utcnow(), wards_geometry=services.pack.wards[["code", "geometry"]])


def summary_lines(report: DailyReport) -> list[str]:
    """The generated summary of the day: largest incidents, worst air hour, longest outages, KPIs off target."""
    lang, zone, refs = report.lang, report.zone, report.refs
    lines = []
    incidents = report.notable["incidents"]
    if incidents.empty:
        lines.append(t("report.notable.no_incidents", lang))
    else:
        items = [t("report.notable.incident", lang, title=refs["categories"].get(r.category, r.category),
                   severity=int(r.severity), ward=refs["wards"].get(r.ward_code, "–"),
                   time=pd.Timestamp(r.reported_at).tz_convert(zone).strftime("%H:%M"))
                 for r in incidents.head(3).itertuples()]
        lines.append(t("report.notable.incidents", lang, items="; ".join(items)))
    air = report.notable["air"]
    if not air.empty:
        top = air.iloc[0]
        lines.append(t("report.notable.air", lang, aqi=int(top["aqi"]),
                       station=refs["stations"].get(top["station"], top["station"]),
                       time=pd.Timestamp(top["ts"]).tz_convert(zone).strftime("%H:%M"),
                       category=t(f"aqi.{top['category']}", lang)))
    outages = report.notable["outages"]
    if not outages.empty:
        from layouts.wall import duration

        items = [f"{refs['cameras'].get(r.code, r.code)} ({duration(r.longest_down_s, lang)})"
                 for r in outages.head(3).itertuples()]
        lines.append(t("report.notable.outages", lang, items="; ".join(items)))
    off = [f"{w['name']} ({w['value']})" for k, w in zip(report.board["kpis"], report.words, strict=True)
           if k["state"] == "red"]
    lines.append(t("report.notable.off_target", lang, items="; ".join(off)) if off
                 else t("report.notable.all_on_target", lang))
    return [nfc(line) for line in lines]
