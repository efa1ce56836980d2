"""Wall data on SQLite and PostgreSQL: alarms with stable ids per event, and the providers' wall questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.ingest.write_path import WritePath
from data.providers.alarms import AlarmsProvider

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def writer(services, clock=NOW) -> WritePath:
    return WritePath(services.engines, services.registry, clock=lambda: clock)


def incident(pack, external_id: str, severity: int, reported_at: datetime, category: str | None = None) -> dict:
    point = pack.wards.iloc[0].geometry.representative_point()
    return {"external_id": external_id, "source": "hotline", "category": category or pack.categories["code"].iloc[0],
            "severity": severity, "title": f"Sự cố {external_id}", "lat": point.y, "lon": point.x,
            "reported_at": reported_at.isoformat()}


def test_new_severity1_incident_is_an_alarm_until_acknowledged(db_services, pack):
    w = writer(db_services)
    w.write("incidents", [incident(pack, "A1", 1, NOW - timedelta(minutes=5)),
                          incident(pack, "A2", 2, NOW - timedelta(minutes=5)),
                          incident(pack, "OLD", 1, NOW - timedelta(hours=3))], feed="t")
    alarms = AlarmsProvider.from_services(db_services)
    active = alarms.active(at=NOW)
    assert active["kind"].tolist() == ["incident"]
    first = active.iloc[0]
    assert first["subject"] == "Sự cố A1" and first["severity"] == 1
    assert first["lat"] == pytest.approx(pack.wards.iloc[0].geometry.representative_point().y, abs=1e-5)
    # The same event keeps its id on every refresh.
    assert alarms.active(at=NOW + timedelta(seconds=30))["alarm_id"].tolist() == [first["alarm_id"]]
    w.incident_events([{"source": "hotline", "external_id": "A1", "ts": (NOW + timedelta(minutes=1)).isoformat(),
                        "to_status": "acknowledged", "actor": "op"}], feed="t")
    assert alarms.active(at=NOW + timedelta(minutes=2)).empty


def test_air_alarm_from_vn_aqi_201_with_episode_id(db_services, pack):
    air = pack.stations.query("kind == 'air'").iloc[0]
    w = writer(db_services, NOW + timedelta(hours=1))
    # PM2.5 200 µg/m³ → VN_AQI 276 ("Rất xấu"); three clean hours before the episode.
    values = [(h, 10.0) for h in range(6, 3, -1)] + [(h, 200.0) for h in range(3, 0, -1)]
    w.write("environment", [{"station": air["code"], "ts": (NOW - timedelta(hours=h)).isoformat(),
                             "parameter": "pm25", "value": v} for h, v in values], feed="t")
    alarms = AlarmsProvider.from_services(db_services)
    active = alarms.active(at=NOW)
    assert active["kind"].tolist() == ["air"]
    row = active.iloc[0]
    assert row["value"] >= 201 and row["threshold"] == 201 and row["detail"] == "pm25"
    # The NowCast of the episode's first hour still weighs the clean hours (< 201); the second hour is over.
    assert row["since"] == NOW - timedelta(hours=2)
    assert row["alarm_id"] == f"air:{air['code']}:very_bad:{(NOW - timedelta(hours=2)).strftime('%Y%m%dT%H%M%SZ')}"
    # A new reading in the same episode does not make a new alarm.
    w.write("environment", [{"station": air["code"], "ts": NOW.isoformat(), "parameter": "pm25", "value": 210.0}],
            feed="t")
    assert alarms.active(at=NOW + timedelta(minutes=30))["alarm_id"].tolist() == [row["alarm_id"]]


def test_river_gauge_at_alarm_level_and_escalation(db_services, pack):
    gauge = pack.stations.query("kind == 'water_level'").iloc[0]
    w = writer(db_services)
    w.write("environment", [
        {"station": gauge["code"], "ts": (NOW - timedelta(hours=2)).isoformat(), "parameter": "water_level_m",
         "value": float(gauge["alarm1"]) - 0.5},
        {"station": gauge["code"], "ts": (NOW - timedelta(minutes=50)).isoformat(), "parameter": "water_level_m",
         "value": float(gauge["alarm1"])}], feed="t")
    alarms = AlarmsProvider.from_services(db_services)
    stage1 = alarms.active(at=NOW)
    assert stage1["kind"].tolist() == ["river"] and stage1.iloc[0]["detail"] == "1"
    assert stage1.iloc[0]["threshold"] == pytest.approx(float(gauge["alarm1"]))
    w.write("environment", [{"station": gauge["code"], "ts": (NOW - timedelta(minutes=5)).isoformat(),
                             "parameter": "water_level_m", "value": float(gauge["alarm2"]) + 0.1}], feed="t")
    stage2 = alarms.active(at=NOW)
    assert stage2.iloc[0]["detail"] == "2" and stage2.iloc[0]["severity"] == 2
    assert stage2.iloc[0]["alarm_id"] != stage1.iloc[0]["alarm_id"]  # escalation is a new event


def test_stale_feed_is_an_alarm_without_a_place(db_services, pack):
    road = pack.roads["code"].iloc[0]
    writer(db_services).write("traffic", [{"segment": road, "ts": NOW.isoformat(), "speed_kmh": 30}],
                              feed="vendor/traffic", expected_every_s=60)
    alarms = AlarmsProvider.from_services(db_services)
    assert alarms.active(at=NOW + timedelta(minutes=2)).empty  # late, not stale
    stale = alarms.active(at=NOW + timedelta(minutes=10))
    assert stale["kind"].tolist() == ["feed"] and stale.iloc[0]["subject"] == "vendor/traffic"
    assert stale["lon"].isna().all() and stale.iloc[0]["since"] == NOW + timedelta(minutes=5)


def test_open_counts(db_services, pack):
    cats = pack.categories["code"].tolist()
    w = writer(db_services)
    w.write("incidents", [incident(pack, "C1", 2, NOW - timedelta(minutes=5), cats[0]),
                          incident(pack, "C2", 3, NOW - timedelta(minutes=5), cats[0]),
                          incident(pack, "C3", 3, NOW - timedelta(minutes=5), cats[1])], feed="t")
    closed = w.incident_events([{"source": "hotline", "external_id": "C3", "to_status": status, "actor": "op",
                                 "note": "kiểm thử", "ts": (NOW - timedelta(minutes=m)).isoformat()}
                                for status, m in (("acknowledged", 3), ("resolved", 1))], feed="t")
    assert closed.accepted == 2, closed
    by_category = db_services.incidents.open_counts("category", at=NOW)
    assert by_category.to_dict("records") == [{"category": cats[0], "incidents": 2}]
    by_severity = db_services.incidents.open_counts("severity", at=NOW)
    assert by_severity.to_dict("records") == [{"severity": 2, "incidents": 1}, {"severity": 3, "incidents": 1}]
    with pytest.raises(ValueError):
        db_services.incidents.open_counts("title", at=NOW)


def test_wall_provider_questions(db_services, pack):
    road = pack.roads.iloc[0]
    w = writer(db_services)
    w.write("traffic", [{"segment": road["code"], "ts": (NOW - timedelta(days=7, minutes=30)).isoformat(),
                         "speed_kmh": 40.0},
                        {"segment": road["code"], "ts": (NOW - timedelta(minutes=30)).isoformat(), "speed_kmh": 20.0}],
            feed="t")
    week = db_services.traffic.week_comparison(at=NOW, hours=3)
    assert len(week) == 3
    last = week.iloc[-2]  # 11:00-12:00 UTC
    assert last["speed_kmh"] == pytest.approx(20.0) and last["speed_kmh_last_week"] == pytest.approx(40.0)

    cams = pack.cameras["code"].tolist()[:3]
    w.write("cameras", [{"camera": cams[0], "ts": (NOW - timedelta(hours=2)).isoformat(), "online": False},
                        {"camera": cams[1], "ts": (NOW - timedelta(hours=1)).isoformat(), "online": False},
                        {"camera": cams[2], "ts": (NOW - timedelta(hours=1)).isoformat(), "online": True}], feed="t")
    order = db_services.cameras.wall_order(at=NOW)
    assert order["code"].tolist()[:2] == [cams[0], cams[1]]  # offline first, longest down first
    assert order.iloc[0]["down_s"] == pytest.approx(7200)
    assert order["online"].tolist()[-1] is True
    assert db_services.cameras.snapshot_source(cams[0])["code"] == cams[0]
    assert db_services.cameras.snapshot_source("NOPE") is None

    wq = pack.stations.query("kind == 'water_quality'")["code"].iloc[0]
    w.write("environment", [{"station": wq, "ts": (NOW - timedelta(hours=1)).isoformat(), "parameter": p,
                             "value": v} for p, v in (("ph", 7.1), ("do", 5.5))], feed="t")
    quality = db_services.environment.water_quality_latest(at=NOW).set_index("station_code")
    assert quality.loc[wq, "ph"] == pytest.approx(7.1) and quality.loc[wq, "do"] == pytest.approx(5.5)

    air = pack.stations.query("kind == 'air'")["code"].tolist()[:2]
    # Two hours each: the PM NowCast needs 2 of the last 3 hours.
    w.write("environment", [{"station": s, "ts": (NOW - timedelta(hours=h)).isoformat(), "parameter": "pm25",
                             "value": v} for s, v in zip(air, (20.0, 60.0), strict=True) for h in (1, 2)], feed="t")
    trend = db_services.environment.aqi_trend(at=NOW, hours=3)
    assert trend["station_max"].tolist()[-1] == air[1] and trend["aqi_max"].iloc[-1] > trend["aqi_mean"].iloc[-1]
