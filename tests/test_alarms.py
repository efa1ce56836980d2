"""Wall data on SQLite and PostgreSQL: the alarms that take over the wall (a view over the alert rules' alerts,
stable ids per event and tier) and the providers' wall questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.ingest.write_path import WritePath
from data.providers.alerts import AlertsProvider

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def writer(services, clock=NOW) -> WritePath:
    return WritePath(services.engines, services.registry, clock=lambda: clock)


def incident(pack, external_id: str, severity: int, reported_at: datetime, category: str | None = None) -> dict:
    point = pack.wards.iloc[0].geometry.representative_point()
    return {"external_id": external_id, "source": "hotline", "category": category or pack.categories["code"].iloc[0],
            "severity": severity, "title": f"Sự cố {external_id}", "lat": point.y, "lon": point.x,
            "reported_at": reported_at.isoformat()}


def rules(services, at: datetime = NOW) -> AlertsProvider:
    return AlertsProvider.from_services(services, clock=lambda: at)


def test_new_severity1_incident_takes_over_until_acknowledged(db_services, pack):
    w = writer(db_services)
    w.write("incidents", [incident(pack, "A1", 1, NOW - timedelta(minutes=5)),
                          incident(pack, "A2", 2, NOW - timedelta(minutes=5)),
                          incident(pack, "OLD", 1, NOW - timedelta(hours=3))], feed="t")
    engine = rules(db_services)
    assert engine.evaluate(NOW) == {"opened": 1, "cleared": 0}
    active = engine.takeovers()
    assert active["rule"].tolist() == ["incident_critical"]
    first = active.iloc[0]
    assert first["subject"] == "Sự cố A1" and first["severity"] == 1 and first["since"] == NOW
    assert first["lat"] == pytest.approx(pack.wards.iloc[0].geometry.representative_point().y, abs=1e-5)
    # The same event keeps its id on every evaluation.
    engine.evaluate(NOW + timedelta(seconds=30))
    assert engine.takeovers()["alarm_id"].tolist() == [first["alarm_id"]]
    w.incident_events([{"source": "hotline", "external_id": "A1", "ts": (NOW + timedelta(minutes=1)).isoformat(),
                        "to_status": "acknowledged", "actor": "op"}], feed="t")
    assert engine.evaluate(NOW + timedelta(minutes=2))["cleared"] == 1
    assert engine.takeovers().empty


def air_readings(pack, writer_, values: list[tuple[int, float]]) -> str:
    air = pack.stations.query("kind == 'air'").iloc[0]["code"]
    writer_.write("environment", [{"station": air, "ts": (NOW - timedelta(hours=h)).isoformat(),
                                   "parameter": "pm25", "value": v} for h, v in values], feed="t")
    return air


def test_air_alert_takes_over_from_its_takeover_level_and_again_at_a_worse_tier(db_services, pack):
    w = writer(db_services, NOW + timedelta(hours=2))
    # PM2.5 90 µg/m³ → VN_AQI 158: an alert (≥ 151) that stays below the takeover level (201).
    air = air_readings(pack, w, [(h, 90.0) for h in (3, 2, 1)])
    engine = rules(db_services)
    engine.evaluate(NOW)
    alert = engine.alerts()
    assert alert["rule"].tolist() == ["aqi"] and engine.takeovers().empty
    # 200 µg/m³ for two hours: "Rất xấu" (≥ 201) takes over; the alert is the same episode.
    w.write("environment", [{"station": air, "ts": (NOW + timedelta(minutes=m)).isoformat(), "parameter": "pm25",
                             "value": 200.0} for m in (10, 70)], feed="t")
    engine.evaluate(NOW + timedelta(minutes=75))
    row = engine.takeovers().iloc[0]
    assert row["rule"] == "aqi" and row["value"] >= 201 and row["threshold"] == 201 and row["severity"] == 2
    assert row["alarm_id"] == f"alert:{int(alert['id'].iloc[0])}:very_bad"
    assert row["since"] == NOW + timedelta(minutes=75) and row["values"]["dominant"] == "pm25"
    # "Nguy hại" (≥ 301) is a new alarm of the same alert, at severity 1.
    w.write("environment", [{"station": air, "ts": (NOW + timedelta(minutes=m)).isoformat(), "parameter": "pm25",
                             "value": 600.0} for m in (90, 100)], feed="t")
    engine.evaluate(NOW + timedelta(minutes=105))
    worse = engine.takeovers().iloc[0]
    assert worse["alarm_id"].endswith(":hazardous") and worse["severity"] == 1 and len(engine.alerts()) == 1


def test_takeover_level_is_admin_editable(db_services, pack):
    w = writer(db_services, NOW + timedelta(hours=1))
    air_readings(pack, w, [(h, 200.0) for h in (3, 2, 1)])
    engine = rules(db_services)
    engine.set_threshold("aqi", 151, 0, True, actor="admin1", takeover=None)
    engine.evaluate(NOW)
    assert engine.takeovers().empty and len(engine.alerts()) == 1
    engine.set_threshold("aqi", 151, 0, True, actor="admin1", takeover=151)
    engine.evaluate(NOW + timedelta(minutes=1))
    assert engine.takeovers()["threshold"].tolist() == [151]
    assert engine.thresholds().set_index("rule").loc["aqi", "takeover"] == 151


def test_river_gauge_at_alarm_level_and_escalation(db_services, pack):
    gauge = pack.stations.query("kind == 'water_level'").iloc[0]
    w = writer(db_services)
    w.write("environment", [
        {"station": gauge["code"], "ts": (NOW - timedelta(hours=2)).isoformat(), "parameter": "water_level_m",
         "value": float(gauge["alarm1"]) - 0.5},
        {"station": gauge["code"], "ts": (NOW - timedelta(minutes=50)).isoformat(), "parameter": "water_level_m",
         "value": float(gauge["alarm1"])}], feed="t")
    engine = rules(db_services)
    engine.evaluate(NOW)
    stage1 = engine.takeovers()
    assert stage1["rule"].tolist() == ["water_level"] and stage1.iloc[0]["values"]["stage"] == 1
    assert stage1.iloc[0]["values"]["threshold"] == pytest.approx(float(gauge["alarm1"]))
    w.write("environment", [{"station": gauge["code"], "ts": (NOW - timedelta(minutes=5)).isoformat(),
                             "parameter": "water_level_m", "value": float(gauge["alarm2"]) + 0.1}], feed="t")
    engine.evaluate(NOW + timedelta(minutes=1))
    stage2 = engine.takeovers()
    assert stage2.iloc[0]["values"]["stage"] == 2 and stage2.iloc[0]["severity"] == 2
    assert stage2.iloc[0]["alarm_id"] != stage1.iloc[0]["alarm_id"]  # escalation is a new event


def test_stale_feed_takes_over_without_a_place(db_services, pack):
    road = pack.roads["code"].iloc[0]
    writer(db_services).write("traffic", [{"segment": road, "ts": NOW.isoformat(), "speed_kmh": 30}],
                              feed="vendor/traffic", expected_every_s=60)
    engine = rules(db_services)
    engine.evaluate(NOW + timedelta(minutes=2))
    assert engine.takeovers().empty  # late, not stale
    engine.evaluate(NOW + timedelta(minutes=10))
    stale = engine.takeovers()
    assert stale["rule"].tolist() == ["feed_stale"] and stale.iloc[0]["subject"] == "vendor/traffic"
    assert stale["lon"].isna().all() and stale.iloc[0]["since"] == NOW + timedelta(minutes=10)


def test_alerts_that_never_take_over_stay_off_the_wall(db_services, pack):
    cam = pack.cameras["code"].iloc[0]
    writer(db_services).write("cameras", [{"camera": cam, "ts": (NOW - timedelta(hours=1)).isoformat(),
                                           "online": False}], feed="t")
    engine = rules(db_services)
    engine.evaluate(NOW)
    assert engine.alerts()["rule"].tolist() == ["camera_offline"] and engine.takeovers().empty


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
