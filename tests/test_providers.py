"""Provider answers on SQLite and PostgreSQL: current state as of a moment, buckets, VN_AQI, water levels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from data.ingest.write_path import WritePath

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def writer(services) -> WritePath:
    return WritePath(services.engines, services.registry, clock=lambda: NOW)


def test_traffic_current_as_of_and_local_day_buckets(db_services, pack):
    segs = pack.roads["code"].iloc[:2].tolist()
    w = writer(db_services)
    free = float(pack.roads["free_flow_kmh"].iloc[0])
    w.write("traffic", [
        # 16:59 UTC is 23:59 on 19 Nov in Vietnam; 17:00 UTC is 00:00 on 20 Nov.
        {"segment": segs[0], "ts": "2026-11-19T16:59:00Z", "speed_kmh": free},
        {"segment": segs[0], "ts": "2026-11-19T17:00:00Z", "speed_kmh": free * 0.2},
        {"segment": segs[1], "ts": "2026-11-19T17:10:00Z", "speed_kmh": 30, "volume_vph": 600},
    ], feed="t")
    traffic = db_services.traffic
    before = traffic.current(at=datetime(2026, 11, 19, 16, 59, 30, tzinfo=UTC)).set_index("segment_code")
    assert before.loc[segs[0], "level"] == "free"
    assert before.loc[segs[1], "level"] == "unknown"
    after = traffic.current(at=datetime(2026, 11, 19, 17, 20, tzinfo=UTC)).set_index("segment_code")
    assert after.loc[segs[0], "level"] == "standstill"
    assert after.loc[segs[1], "speed_kmh"] == 30

    days = traffic.series(datetime(2026, 11, 19, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC), bucket="day",
                          segment=segs[0])
    assert days["bucket"].tolist() == [date(2026, 11, 19), date(2026, 11, 20)]
    assert days["n"].tolist() == [1, 2 - 1]
    hours = traffic.series(datetime(2026, 11, 19, 16, tzinfo=UTC), datetime(2026, 11, 19, 18, tzinfo=UTC))
    assert hours["n"].tolist() == [1, 2]
    assert hours["volume_vph"].iloc[1] == pytest.approx(600)
    counts = traffic.level_counts(at=datetime(2026, 11, 19, 17, 20, tzinfo=UTC)).set_index("level")["segments"]
    assert counts["standstill"] == 1 and counts.sum() == len(pack.roads)


def test_aqi_current_uses_nowcast_and_names_the_dominant_pollutant(db_services, pack):
    air = pack.stations.query("kind == 'air'")["code"].iloc[0]
    w = writer(db_services)
    hours = [NOW - timedelta(hours=h) for h in range(1, 13)]
    records = [{"station": air, "ts": t.isoformat(), "parameter": "pm25", "value": 60.0} for t in hours]
    records += [{"station": air, "ts": hours[0].isoformat(), "parameter": "no2", "value": 50.0}]
    assert w.write("environment", records, feed="t").accepted == 13
    current = db_services.environment.aqi_current(at=NOW).set_index("station").loc[air]
    # PM2.5 NowCast of a flat 60 µg/m³ is 60 → (150-100)/(80-50)·(60-50)+100 = 116.7 → 117, "Kém".
    assert current["aqi"] == 117 and current["dominant"] == "pm25" and current["category"] == "poor"
    assert db_services.environment.summary(at=NOW)["aqi"] == 117
    stale = db_services.environment.aqi_current(at=NOW + timedelta(hours=5)).set_index("station").loc[air]
    assert stale["aqi"] is None or str(stale["aqi"]) in ("<NA>", "nan")
    daily = db_services.environment.aqi_daily(date(2026, 11, 20), date(2026, 11, 20), station=air)
    assert daily["aqi"].tolist() == [117]


def test_water_level_alarm_stages(db_services, pack):
    gauges = pack.stations.query("kind == 'water_level'")
    gauge = gauges.iloc[0]
    w = writer(db_services)
    w.write("environment", [{"station": gauge["code"], "ts": (NOW - timedelta(minutes=10)).isoformat(),
                             "parameter": "water_level_m", "value": float(gauge["alarm2"]) + 0.01}], feed="t")
    levels = db_services.environment.water_levels(at=NOW).set_index("station_code")
    assert levels.loc[gauge["code"], "alarm"] == 2
    assert (levels.drop(index=gauge["code"])["alarm"] == -1).all()  # no reading: no stage


def test_incident_counts_and_series(db_services, pack):
    w = writer(db_services)
    ward = pack.wards.iloc[0]
    p = ward.geometry.representative_point()
    cats = pack.categories["code"].tolist()
    w.write("incidents", [
        {"external_id": f"X{i}", "source": "citizen_app", "category": cats[i % 2], "severity": 1 + i % 4,
         "title": "Phản ánh", "lat": p.y, "lon": p.x, "reported_at": f"2026-11-19T1{6 + i}:30:00Z"}
        for i in range(3)], feed="t")
    start, end = datetime(2026, 11, 19, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC)
    by_cat = db_services.incidents.counts(start, end, by="category").set_index("category")["incidents"]
    assert by_cat[cats[0]] == 2 and by_cat[cats[1]] == 1
    by_status = db_services.incidents.counts(start, end, by="status")
    assert by_status.set_index("status")["incidents"]["new"] == 3
    series = db_services.incidents.series(start, end, bucket="day")
    assert series["incidents"].tolist() == [1, 2]  # 16:30 UTC is the 19th locally, 17:30 and 18:30 the 20th
    assert db_services.incidents.counts(start, end, by="ward", ward=ward["code"])["incidents"].sum() == 3
    assert db_services.incidents.summary(at=end)["open"] == 3
