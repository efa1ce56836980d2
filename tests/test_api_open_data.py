"""Open data out on SQLite and PostgreSQL: GeoJSON with current state, series/KPIs as JSON and CSV, access."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from feeds_client import api_client, issue

from data.store.db import utcnow


@pytest.fixture
def filled(db_services, pack):
    """Three hours of PM2.5 at one station, a fresh traffic reading and a camera going offline."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    w = db_services.write_path
    w.write("environment", [{"station": "AQ-01", "ts": (now - timedelta(hours=h)).isoformat(), "parameter": "pm25",
                             "value": 80.0} for h in range(4)], "test/env")
    seg = pack.roads["code"].iloc[0]
    w.write("traffic", [{"segment": seg, "ts": (utcnow() - timedelta(minutes=2)).isoformat(), "speed_kmh": 5.0}],
            "test/traffic")
    cam = pack.cameras["code"].iloc[0]
    w.write("cameras", [{"camera": cam, "ts": (utcnow() - timedelta(minutes=10)).isoformat(), "online": False}],
            "test/cameras")
    with api_client(db_services) as client:
        yield client, seg, cam


def test_geojson_layers_carry_current_state(filled, pack):
    client, seg, cam = filled
    stations = client.get("/api/v1/open/stations.geojson")
    assert stations.status_code == 200 and stations.headers["content-type"].startswith("application/geo+json")
    aq = next(f for f in stations.json()["features"] if f["id"] == "AQ-01")
    assert aq["geometry"]["type"] == "Point" and aq["properties"]["aqi"] > 100  # 80 µg/m³ PM2.5 is poor air
    assert aq["properties"]["latest"]["pm25"]["value"] == 80.0
    segments = {f["id"]: f for f in client.get("/api/v1/open/segments.geojson").json()["features"]}
    assert len(segments) == len(pack.roads)
    assert segments[seg]["properties"]["level"] in ("heavy", "standstill")
    assert segments[seg]["geometry"]["type"] in ("LineString", "MultiLineString")
    cameras = {f["id"]: f["properties"] for f in client.get("/api/v1/open/cameras.geojson").json()["features"]}
    assert cameras[cam]["online"] is False and cameras[cam]["down_s"] >= 600
    assert "snapshot_url" not in cameras[cam]
    wards = client.get("/api/v1/open/wards.geojson").json()["features"]
    assert {f["id"] for f in wards} == set(pack.wards["code"])


def test_series_and_kpis_as_json_and_csv(filled):
    client, seg, _ = filled
    series = client.get("/api/v1/open/series/environment", params={"parameter": "pm25", "entity": "AQ-01"}).json()
    assert series["columns"][:2] == ["bucket", "value"] and [r["value"] for r in series["rows"]] == [80.0] * 4
    as_csv = client.get("/api/v1/open/series/environment", params={"parameter": "pm25", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == 4 and float(rows[0]["value"]) == 80.0
    kpi = client.get("/api/v1/open/kpi/daily").json()
    assert kpi["columns"] == ["day", "traffic_speed_kmh", "traffic_speed_ratio", "incidents_reported", "aqi_max",
                              "camera_events"]
    assert len(kpi["rows"]) == 7 and any(r["traffic_speed_kmh"] == 5.0 for r in kpi["rows"])


def test_bad_parameters_are_client_errors(filled):
    client, _, _ = filled
    assert client.get("/api/v1/open/series/weather").status_code == 422
    assert client.get("/api/v1/open/series/traffic", params={"start": "2026-01-02T00:00:00Z",
                                                              "end": "2026-01-01T00:00:00Z"}).status_code == 400
    assert client.get("/api/v1/open/series/traffic", params={"start": "2026-01-02T00:00:00"}).status_code == 422
    assert client.get("/api/v1/open/series/traffic", params={"start": "2020-01-01T00:00:00Z",
                                                              "end": "2026-01-01T00:00:00Z"}).status_code == 400
    assert client.get("/api/v1/open/incidents", params={"status": "nope"}).status_code == 400
    assert client.get("/api/v1/open/kpi/daily", params={"first": "2026-02-01", "last": "2026-01-01"}).status_code == 400


def test_open_data_can_be_closed_by_configuration(db_services):
    db_services.settings.open_data_public = False
    with api_client(db_services) as client:
        assert client.get("/api/v1/open/wards.geojson").status_code == 401
        assert client.get("/api/v1/open/wards.geojson", headers=issue(db_services, "reader")).status_code == 200
