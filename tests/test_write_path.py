"""The shared write path on SQLite and PostgreSQL: validation, idempotence, rollups, versions, feed health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from data.domains.traffic.models import TrafficHourly, TrafficObs

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def count(services, model, domain="traffic") -> int:
    with services.engines[domain].connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def writer(services):
    from data.ingest.write_path import WritePath

    return WritePath(services.engines, services.registry, clock=lambda: NOW)


def test_traffic_batch_accepts_valid_rejects_invalid_and_is_idempotent(db_services, pack):
    seg = pack.roads["code"].iloc[0]
    records = [
        {"segment": seg, "ts": "2026-11-20T09:00:00+07:00", "speed_kmh": 31.5, "volume_vph": 800},
        {"segment": seg, "ts": "2026-11-20T02:05:00Z", "speed_kmh": 28.0},
        {"segment": seg, "ts": "2026-11-20T02:05:00Z", "speed_kmh": 28.0},  # repeated within the batch
        {"segment": "NO-SUCH", "ts": "2026-11-20T02:05:00Z", "speed_kmh": 10},
        {"segment": seg, "ts": "2026-11-20T02:10:00", "speed_kmh": 10},  # no offset
        {"segment": seg, "ts": "2027-01-01T00:00:00Z", "speed_kmh": 10},  # future
        {"segment": seg, "ts": "2026-11-20T02:15:00Z", "speed_kmh": float("nan")},
        {"segment": seg, "ts": "2026-11-20T02:20:00Z", "speed_kmh": -3},
        "not an object",
    ]
    w = writer(db_services)
    result = w.write("traffic", records, feed="test/traffic")
    assert (result.accepted, result.duplicates) == (2, 1)
    assert sorted(r.index for r in result.rejected) == [3, 4, 5, 6, 7, 8]
    assert "unknown code" in next(r.error for r in result.rejected if r.index == 3)
    assert "future" in next(r.error for r in result.rejected if r.index == 5)
    assert count(db_services, TrafficObs) == 2

    again = w.write("traffic", records[:3], feed="test/traffic")
    assert (again.accepted, again.duplicates, again.rejected) == (0, 3, [])
    assert count(db_services, TrafficObs) == 2
    with db_services.engines["traffic"].connect() as conn:
        n, speed_sum = conn.execute(select(func.sum(TrafficHourly.n), func.sum(TrafficHourly.speed_sum))).one()
    assert (n, speed_sum) == (2, pytest.approx(59.5))


def test_environment_normalises_units_and_checks_ranges(db_services, pack):
    air = pack.stations.query("kind == 'air'")["code"].iloc[0]
    w = writer(db_services)
    result = w.write("environment", [
        {"station": air, "ts": "2026-11-20T02:00:00Z", "parameter": "co", "value": 1.2, "unit": "mg/m3"},
        {"station": air, "ts": "2026-11-20T02:00:00Z", "parameter": "pm25", "value": 35.0, "unit": "µg/m³"},
        {"station": air, "ts": "2026-11-20T02:00:00Z", "parameter": "pm25", "value": 99999},
        {"station": air, "ts": "2026-11-20T02:00:00Z", "parameter": "radon", "value": 1},
        {"station": air, "ts": "2026-11-20T02:00:00Z", "parameter": "pm10", "value": 1, "unit": "ppm"},
    ], feed="test/env")
    assert result.accepted == 2
    assert [r.index for r in result.rejected] == [2, 3, 4]
    latest = db_services.environment.latest(at=NOW, parameter="co")
    assert latest["value"].iloc[0] == pytest.approx(1200.0)


def test_camera_heartbeats_are_not_changes(db_services, pack):
    cam = pack.cameras["code"].iloc[0]
    w = writer(db_services)
    base = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    beats = [{"camera": cam, "ts": (base + timedelta(minutes=i)).isoformat(), "online": i not in (3, 4)}
             for i in range(8)]
    result = w.write("cameras", beats, feed="test/cameras")
    assert result.accepted == 3  # online at 0, offline at 3, online again at 5
    status = db_services.cameras.status(at=base + timedelta(minutes=4)).set_index("code").loc[cam]
    assert status["online"] is False and status["down_s"] == pytest.approx(60)
    assert db_services.cameras.status(at=base + timedelta(minutes=6)).set_index("code").loc[cam, "online"] is True
    uptime = db_services.cameras.uptime(base, base + timedelta(minutes=10)).set_index("code").loc[cam, "uptime"]
    assert uptime == pytest.approx(0.8)


def incident(pack, external_id="T-1", **overrides):
    ward = pack.wards.iloc[0]
    point = ward.geometry.representative_point()
    record = {"external_id": external_id, "source": "hotline", "category": pack.categories["code"].iloc[0],
              "severity": 2, "title": "Ngập úng cục bộ", "lat": point.y, "lon": point.x,
              "reported_at": "2026-11-20T01:00:00Z", "reporter_name": "Nguyễn Văn A"}
    record.update(overrides)
    return record, ward["code"]


def test_incidents_lifecycle_replays_as_of_any_moment(db_services, pack):
    w = writer(db_services)
    record, ward = incident(pack)
    result = w.write("incidents", [record, incident(pack, "T-2", lat=10.0, lon=106.0)[0]], feed="test/incidents")
    assert result.accepted == 1 and result.rejected[0].index == 1 and "outside" in result.rejected[0].error
    assert w.write("incidents", [record], feed="test/incidents").duplicates == 1

    events = [{"source": "hotline", "external_id": "T-1", "ts": f"2026-11-20T01:{mm}:00Z", "to_status": s,
               "actor": "op1"} for mm, s in (("05", "acknowledged"), ("10", "dispatched"), ("40", "resolved"))]
    assert w.incident_events(events, feed="test/incidents").accepted == 3
    illegal = w.incident_events([{"source": "hotline", "external_id": "T-1", "ts": "2026-11-20T01:50:00Z",
                                  "to_status": "dispatched", "actor": "op1"}], feed="test/incidents")
    assert illegal.accepted == 0 and "not allowed" in illegal.rejected[0].error
    assert w.incident_events(events, feed="test/incidents").duplicates == 3

    provider = db_services.incidents
    at = lambda hh, mm: datetime(2026, 11, 20, hh, mm, tzinfo=UTC)  # noqa: E731
    assert provider.incidents(at=at(0, 59)).empty
    assert provider.incidents(at=at(1, 7))["status"].tolist() == ["acknowledged"]
    assert provider.incidents(at=at(1, 20), open_only=True)["status"].tolist() == ["dispatched"]
    now = provider.incidents(at=at(2, 0))
    assert now["status"].tolist() == ["resolved"] and now["ward_code"].tolist() == [ward]
    assert "reporter_name" not in now.columns
    assert provider.timeline(int(now["id"].iloc[0]))["to_status"].tolist() == [
        "new", "acknowledged", "dispatched", "resolved"]
    miles = provider.milestones(at(0, 0), at(3, 0))
    assert (miles["acknowledged_at"].iloc[0] - miles["reported_at"].iloc[0]) == timedelta(minutes=5)


def test_versions_bump_only_on_change_and_feed_health_counts(db_services, pack):
    from data.store.versions import read_versions

    w = writer(db_services)
    seg = pack.roads["code"].iloc[1]
    rec = {"segment": seg, "ts": "2026-11-20T02:00:00Z", "speed_kmh": 40}
    w.write("traffic", [rec], feed="test/traffic", expected_every_s=60)
    first = read_versions(db_services.engines)["traffic"]
    w.write("traffic", [rec, {"segment": "bad"}], feed="test/traffic")
    assert read_versions(db_services.engines)["traffic"] == first  # a duplicate changes nothing
    feeds = db_services.feeds.status(at=NOW + timedelta(seconds=30)).set_index("feed")
    assert feeds.loc["test/traffic", "received_24h"] == 2 and feeds.loc["test/traffic", "rejected_24h"] == 1
    assert feeds.loc["test/traffic", "state"] == "ok"
    assert db_services.feeds.status(at=NOW + timedelta(minutes=4)).set_index("feed").loc["test/traffic", "state"] == "late"
    assert db_services.feeds.status(at=NOW + timedelta(hours=1)).set_index("feed").loc["test/traffic", "state"] == "stale"


def test_text_with_quotes_backslashes_and_braces_is_stored_as_sent(db_services, pack):
    """The batched inserts send values as array literals (PostgreSQL) or bound rows (SQLite): characters that
    mean something in those literals, and Vietnamese, come back unchanged; "NULL" as text stays text."""
    from data.domains.environment.models import EnvObs

    station = pack.stations.query("kind == 'air'")["code"].iloc[0]
    flags = ['a"b', "c\\d", "{x,y}", " ", "", "NULL", "ô nhiễm", None, "'; --"]
    records = [{"station": station, "ts": (NOW - timedelta(minutes=i + 1)).isoformat(), "parameter": "pm25",
                "value": 10.0 + i, "flag": flag} for i, flag in enumerate(flags)]
    assert writer(db_services).write("environment", records, feed="test/flags").accepted == len(flags)
    with db_services.engines["environment"].connect() as conn:
        stored = dict(conn.execute(select(EnvObs.value, EnvObs.flag).where(EnvObs.station_code == station)).all())
    assert {10.0 + i: flag for i, flag in enumerate(flags)} == stored
