"""Exports of the drill-down by area: the table as CSV (UTF-8 with BOM, for Excel) and XLSX, the map's values as
GeoJSON. Each names its metric, range, level and generation time (in the file and in its name)."""

from __future__ import annotations

import io
import json

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from layouts.districts import metric_name, value_text
from layouts.i18n import t
from reports.gathered import nfc

HEAD = Font(bold=True)


def about(view, lang: str, zone, indicator_names: dict[str, str], source: str) -> list[tuple[str, str]]:
    """What the export is: (label, value) pairs in the user's language."""
    return [(t("districts.export.metric", lang), metric_name(view.metric.code, lang, indicator_names)),
            (t("districts.export.level", lang), t(f"districts.level.{view.level}", lang)),
            (t("districts.export.from", lang), view.first.strftime("%d/%m/%Y")),
            (t("districts.export.to", lang), view.last.strftime("%d/%m/%Y")),
            (t("districts.export.generated", lang), view.computed_at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S %z")),
            (t("districts.export.source", lang), source)]


def file_name(view, kind: str) -> str:
    return f"dia-ban_{view.metric.code}_{view.level}_{view.first.isoformat()}_{view.last.isoformat()}.{kind}"


def table(view, lang: str) -> pd.DataFrame:
    """One row per unit (by rank, no data last) and a last row for the whole city."""
    rows = view.units.merge(view.totals, on="code").sort_values(["rank", "code"], na_position="last")
    frame = pd.DataFrame({
        t("districts.export.code", lang): rows["code"],
        t("districts.col.unit", lang): rows["name"],
        t("districts.col.population", lang): rows["population"].astype("Int64"),
        t("districts.col.value", lang): rows["value"].round(2),
        t("districts.col.rank", lang): rows["rank"].astype("Int64"),
    })
    city = {frame.columns[1]: t("districts.export.city_row", lang),
            frame.columns[3]: None if view.city is None else round(view.city, 2)}
    return pd.concat([frame, pd.DataFrame([city])], ignore_index=True)


def csv_bytes(view, lang: str, zone, indicator_names: dict[str, str], source: str) -> bytes:
    """The table, after the lines that say what it is (each "label;value"), in UTF-8 with a BOM."""
    buffer = io.StringIO()
    for label, value in about(view, lang, zone, indicator_names, source):
        buffer.write(f"# {label}: {value}\n")
    table(view, lang).to_csv(buffer, index=False)
    return ("\ufeff" + nfc(buffer.getvalue())).encode("utf-8")


def xlsx_bytes(view, lang: str, zone, indicator_names: dict[str, str], source: str) -> bytes:
    """Sheets: what it is, the table, and the values day by day."""
    book = Workbook()
    info = book.active
    info.title = nfc(t("districts.export", lang))[:31]
    for label, value in about(view, lang, zone, indicator_names, source):
        info.append([nfc(label), nfc(value)])
        info.cell(info.max_row, 1).font = HEAD
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 22, 60
    frame = table(view, lang)
    sheet = book.create_sheet(nfc(t("districts.ranking", lang))[:31])
    sheet.append([nfc(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = HEAD
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (nfc(v) if isinstance(v, str) else v) for v in row])
    sheet.column_dimensions["B"].width = 28
    names = dict(zip(view.units["code"], view.units["short_name"], strict=True))
    days = book.create_sheet(nfc(t("districts.detail.series", lang))[:31])
    days.append([nfc(t("districts.export.day", lang)), *(nfc(names[c]) for c in view.daily.columns),
                 nfc(t("districts.city", lang))])
    for cell in days[1]:
        cell.font = HEAD
    for day, values in view.daily.iterrows():
        city = view.city_daily.get(day)
        days.append([day, *(None if pd.isna(v) else round(float(v), 2) for v in values),
                     None if city is None or pd.isna(city) else round(float(city), 2)])
        days.cell(days.max_row, 1).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def geojson_bytes(view, units_geojson: dict, lang: str, zone, indicator_names: dict[str, str], source: str) -> bytes:
    """The map's units (as the map draws them) with the value and rank of each, and what it is as `metadata`."""
    totals = view.totals.set_index("code")
    features = []
    for feature in units_geojson["features"]:
        code = feature["properties"]["code"]
        value = totals["value"].get(code)
        rank = totals["rank"].get(code)
        features.append({**feature, "properties": {
            **feature["properties"], "metric": view.metric.code,
            "value": None if value is None or pd.isna(value) else round(float(value), 2),
            "value_text": value_text(value, view.metric.unit, lang),
            "rank": None if rank is None or pd.isna(rank) else int(rank)}})
    metadata = {"metric": view.metric.code, "metric_name": metric_name(view.metric.code, lang, indicator_names),
                "level": view.level, "from": view.first.isoformat(), "to": view.last.isoformat(),
                "generated_at": view.computed_at.astimezone(zone).isoformat(), "source": source,
                "city_value": view.city, "about": dict(about(view, lang, zone, indicator_names, source))}
    return json.dumps({"type": "FeatureCollection", "metadata": metadata, "features": features},
                      ensure_ascii=False).encode("utf-8")
