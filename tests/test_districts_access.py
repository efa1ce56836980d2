"""Who may use the drill-down by area and what its answers hold: the callbacks as plain functions for each role,
the export route through the real middleware (CSV with BOM, XLSX, GeoJSON, each naming what it is; bad questions
refused in the user's language), and the URL's state read back by the page."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, timedelta

import pytest
from fastapi import HTTPException
from test_kpi import seeded_board
from test_kpi_access import app_client, signed_in

DRILL_ROLES = ("analyst", "leader", "admin")


def choose(services, metric="incidents_per_10k", level="ward", days=30):
    from callbacks.districts import choose as run

    today = services.districts.today()
    first = (today - timedelta(days=days - 1)).isoformat()
    return run(metric, "custom", first, today.isoformat(), level, 0, None, None, "vi")


@pytest.mark.parametrize("role", DRILL_ROLES)
def test_the_drill_down_callbacks_for_each_role(app_services, callback_request, role):
    from callbacks.districts import compare, detail, step

    seeded_board(app_services)
    callback_request.sign_in(role)
    callback_request.trigger("districts-metric.value")
    query, figure, days, marks, index, csv_href, *_rest = choose(app_services)
    assert figure["data"][0]["type"] == "choroplethmap" and figure["data"][0]["geojson"].endswith("/ward.geojson")
    assert days == 30 and marks[0] == "Cả kỳ" and index == 0 and "metric=incidents_per_10k" in csv_href
    # Every unit on the values' trace with a value, or on the trace of those without one.
    values, _outline, missing = figure["data"]
    valued = {code for code, z in zip(values["locations"], values["z"], strict=True) if not math.isnan(z)}
    assert valued.isdisjoint(missing["locations"]) and valued | set(missing["locations"]) == set(values["locations"])
    patch, rows, showing, city, *_markers = step(3, query, "vi")
    changed = [op["location"][:2] for op in patch.to_plotly_json()["operations"]]
    assert ["data", 0] in changed and ["data", 2] in changed  # the values and the units left without one
    assert len(rows) == len(app_services.pack.wards) and "ngày" in showing and "/10.000 dân" in city
    ward = str(app_services.pack.wards["code"].iloc[0])
    heading, crumbs, series, incidents, sites = detail(ward, query, 0, "vi")
    assert len(series["data"]) == 4 and {r["title"] for r in incidents} == {"Sự cố A", "Sự cố B"}
    assert all(r["status"] in ("Đã tiếp nhận", "Đã đóng") for r in incidents)
    chart, kept, note = compare(list(app_services.pack.wards["code"].astype(str))[:5], query, 0, "vi")
    assert len(chart["data"]) == 5 and len(kept) == 4 and "tối đa 4" in note  # 4 units and the city


@pytest.mark.parametrize("role", ["operator", "display", None])
def test_the_drill_down_callbacks_refuse_others(app_services, callback_request, role):
    if role:
        callback_request.sign_in(role)
    callback_request.trigger("districts-metric.value")
    with pytest.raises(HTTPException) as refused:
        choose(app_services)
    assert refused.value.status_code == (403 if role else 401)


def test_exports_name_what_they_are_and_only_for_the_drill_down_roles(app_services):
    seeded_board(app_services)
    today = app_services.districts.today()
    query = f"metric=on_time&level=ward&from={(today - timedelta(days=29)).isoformat()}&to={today.isoformat()}"
    with app_client(app_services) as client:
        assert client.get(f"/api/v1/districts/export.csv?{query}").status_code == 401
        signed_in(client, app_services, "operator")
        assert client.get(f"/api/v1/districts/export.csv?{query}").status_code == 403
    with app_client(app_services) as client:
        signed_in(client, app_services, "analyst")
        exported = client.get(f"/api/v1/districts/export.csv?{query}")
        assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
        assert exported.headers["content-disposition"].endswith(f'_ward_{today - timedelta(days=29)}_{today}.csv"')
        text = exported.content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[:4] == ["# Chỉ số: Tỷ lệ xử lý đúng hạn", "# Cấp ranh giới: Phường (từ 01/07/2025)",
                             f"# Từ ngày: {(today - timedelta(days=29)).strftime('%d/%m/%Y')}",
                             f"# Đến ngày: {today.strftime('%d/%m/%Y')}"]
        assert lines[4].startswith("# Thời điểm xuất: ") and lines[5].startswith("# Nguồn: ")
        rows = list(csv.DictReader(io.StringIO("\n".join(lines[6:]))))
        assert [r["Địa bàn"] for r in rows][-1] == "Toàn thành phố" and len(rows) == len(app_services.pack.wards) + 1
        ward = str(app_services.pack.wards["code"].iloc[0])
        assert {r["Mã địa bàn"]: r["Giá trị"] for r in rows}[ward] == "50.0"  # A on time, B late

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(client.get(f"/api/v1/districts/export.xlsx?{query}").content))
        assert book.sheetnames == ["Xuất dữ liệu", "Xếp hạng", "Diễn biến theo ngày"]
        assert book["Xuất dữ liệu"]["B1"].value == "Tỷ lệ xử lý đúng hạn"
        assert book["Diễn biến theo ngày"].max_row == 31  # a header and 30 days

        geojson = json.loads(client.get(f"/api/v1/districts/export.geojson?{query}&lang=en").content)
        assert geojson["metadata"]["metric"] == "on_time" and geojson["metadata"]["level"] == "ward"
        assert geojson["metadata"]["about"]["Metric"] == "Handled on time"
        assert {f["properties"]["code"]: f["properties"]["value"] for f in geojson["features"]}[ward] == 50.0

        for bad, words in (("metric=nope&level=ward", "Không có chỉ số này"),
                           ("metric=on_time&level=district", "Không có cấp ranh giới"),
                           (f"metric=on_time&from={today}&to={today - timedelta(days=3)}", "Khoảng thời gian"),
                           (f"metric=on_time&from={today - timedelta(days=400)}&to={today}", "Khoảng thời gian")):
            refused = client.get(f"/api/v1/districts/export.csv?{bad}")
            assert refused.status_code == 400 and words in refused.json()["detail"], (bad, refused.text)
        english = client.get("/api/v1/districts/export.csv?metric=nope&lang=en")
        assert english.status_code == 400 and english.json()["detail"] == "No such metric."
        assert client.get("/api/v1/geo/units/former.geojson").status_code == 200
        assert client.get("/api/v1/geo/units/district.geojson").status_code == 404


def test_units_without_a_value_hover_and_click_on_a_trace_of_their_own():
    from layouts.districts import missing_values, no_data

    values = {"locations": ["A", "B", "C"], "z": [1.0, float("nan"), 2.0],
              "hovertext": ["A: 1", "B: Không có số liệu", "C: 2"]}
    assert missing_values(values) == {"locations": ["B"], "z": [0], "hovertext": ["B: Không có số liệu"]}
    trace = no_data("/api/v1/geo/ward.geojson", values)
    assert trace["hoverinfo"] == "text" and trace["locations"] == ["B"] and not trace["showscale"]


def test_the_url_gives_the_view_back():
    from layouts.districts import state_of

    today = date(2026, 12, 1)
    metrics, levels, units = {"on_time", "incidents_per_10k"}, ["ward", "former"], {"14797", "16522", "16525"}
    state = state_of({"metric": "on_time", "range": "7", "level": "former", "ward": "14797",
                      "compare": "14797,nope,16522", "day": "2026-11-28"}, today, metrics, levels, units)
    assert state == {"metric": "on_time", "range": "7", "from": "2026-11-25", "to": "2026-12-01", "level": "former",
                     "ward": "14797", "day": 4, "compare": ["14797", "16522"]}
    # A day link from the leaders' ward table: the 30 days ending that day, played at it.
    linked = state_of({"ward": "16522", "day": "2026-11-20"}, today, metrics, levels, units)
    assert (linked["range"], linked["from"], linked["to"], linked["day"]) == ("custom", "2026-10-22", "2026-11-20", 30)
    # Anything unknown falls back; a custom range longer than the drill-down allows is the default range.
    odd = state_of({"metric": "x", "range": "custom", "from": "2025-06-01", "to": "2026-12-01", "level": "y",
                    "ward": "z", "day": "nonsense"}, today, metrics, levels, units)
    assert odd == {"metric": "incidents_per_10k", "range": "30", "from": "2026-11-02", "to": "2026-12-01",
                   "level": "ward", "ward": None, "day": 0, "compare": []}
