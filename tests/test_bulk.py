"""The seeder's bulk path writes what the per-record write path writes, rollups included, and refuses what it
refuses (with the same reasons, by the record's index), on SQLite and PostgreSQL; a repeated load adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import select

from data.demo.seed import write_window
from data.demo.simulation import CitySimulation
from data.domains.environment.models import EnvDaily, EnvDailyAqi, EnvHourly, EnvObs
from data.domains.traffic.models import TrafficDaily, TrafficHourly, TrafficObs
from data.ingest.bulk import bulk_write
from data.ingest.write_path import WritePath
from data.store.frames import read_frame

NOW = datetime(2026, 11, 20, 5, 17, tzinfo=UTC)
TABLES = {TrafficObs: ["segment_code", "ts"], TrafficHourly: ["segment_code", "hour"],
          TrafficDaily: ["segment_code", "day"], EnvObs: ["station_code", "parameter", "ts"],
          EnvHourly: ["station_code", "parameter", "hour"], EnvDaily: ["station_code", "parameter", "day"],
          EnvDailyAqi: ["station_code", "day"]}


def _tables(services) -> dict[str, pd.DataFrame]:
    return {model.__tablename__: read_frame(services.engines.main, select(model.__table__))
            .sort_values(keys).reset_index(drop=True) for model, keys in TABLES.items()}


def _write_path(services) -> WritePath:
    return WritePath(services.engines, services.registry, clock=lambda: NOW, offset_hours=7)


def test_bulk_history_equals_the_per_record_write_path(db_services, fresh_services, tmp_path, request):
    """Two days of the simulated city, once in bulk (in windows that split hours and days, the second one
    overlapping the first: its new rows are added to the rollups, the others' rollups rebuilt from the table) and
    once record by record: the same raw rows and the same hourly, daily and daily VN_AQI rollups."""
    sim = CitySimulation(db_services.pack, seed=7)
    start = NOW - timedelta(days=2)
    bulk = _write_path(db_services)
    windows = [(start, start + timedelta(hours=7, minutes=13)),
               (start + timedelta(hours=5, minutes=40), start + timedelta(hours=31)),
               (start + timedelta(hours=31), NOW)]
    for t0, t1 in windows:
        counts = write_window(bulk, sim, t0, t1, expected_every_s=0, bulk=True)
        assert counts["traffic"] > 0 and counts["environment"] > 0
    kind = request.node.callspec.params["db_services"]
    (tmp_path / "per-record").mkdir()
    with fresh_services(kind, tmp_path / "per-record") as per_record_services:
        write_window(_write_path(per_record_services), sim, start, NOW, expected_every_s=0)
        expected = _tables(per_record_services)
    got = _tables(db_services)
    for name, frame in expected.items():
        assert len(frame) > 0, name
        pd.testing.assert_frame_equal(got[name], frame, check_dtype=False, check_exact=False, rtol=1e-9, obj=name)
    again = bulk_write(bulk, "traffic", sim.frame("traffic", start, NOW), "seed/traffic")
    assert again.accepted == 0 and again.duplicates == len(got["traffic_obs"])


def test_bulk_refuses_what_the_write_path_refuses_and_writes_the_rest(db_services):
    write = _write_path(db_services)
    segment = db_services.pack.roads["code"].iloc[0]
    ts = pd.Timestamp(NOW - timedelta(hours=1))
    frame = pd.DataFrame({
        "segment": [segment, "NO-SUCH-ROAD", segment, segment, segment],
        "ts": [ts, ts, ts + pd.Timedelta(minutes=1), pd.Timestamp(NOW + timedelta(hours=1)), ts + pd.Timedelta(minutes=2)],
        "speed_kmh": [40.0, 40.0, 250.0, 40.0, 41.0], "volume_vph": [100, 100, 100, 100, 100],
        "occupancy": [0.2, 0.2, 0.2, 0.2, 0.2]})
    result = bulk_write(write, "traffic", frame, "test/traffic")
    assert {r.index: r.reason for r in result.rejected} == {1: "unknown_code", 2: "invalid_field", 3: "ts_in_future"}
    assert result.accepted == 2
    stored = read_frame(db_services.engines.main, select(TrafficObs.speed_kmh).order_by(TrafficObs.ts))
    assert stored["speed_kmh"].tolist() == [40.0, 41.0]
    hourly = read_frame(db_services.engines.main, select(TrafficHourly.n, TrafficHourly.speed_sum))
    assert hourly["n"].sum() == 2 and hourly["speed_sum"].sum() == 81.0

    station = db_services.pack.stations.query("kind == 'air'")["code"].iloc[0]
    env = pd.DataFrame({"station": [station] * 3, "parameter": ["pm25", "pm25", "radon"],
                        "ts": [ts, ts + pd.Timedelta(minutes=15), ts], "value": [30.0, 99999.0, 1.0]})
    result = bulk_write(write, "environment", env, "test/environment")
    assert {r.index: r.reason for r in result.rejected} == {1: "implausible_value", 2: "unknown_parameter"}
    assert result.accepted == 1


def test_times_read_back_as_stored_on_both_databases(db_services):
    """`read_frame(utc_columns=…)` gives the stored times back as aware UTC, to the microsecond, with or without a
    fraction, through a join, an expression and an order by (on SQLite it reads the stored text itself)."""
    from sqlalchemy import func

    write = _write_path(db_services)
    segment = db_services.pack.roads["code"].iloc[0]
    times = [datetime(2026, 11, 20, 1, 0, tzinfo=UTC), datetime(2026, 11, 20, 1, 5, 0, 123456, tzinfo=UTC)]
    frame = pd.DataFrame({"segment": [segment] * 2, "ts": pd.to_datetime(times, utc=True), "speed_kmh": [40.0, 41.0],
                          "volume_vph": [100, 100], "occupancy": [0.2, 0.2]})
    assert bulk_write(write, "traffic", frame, "test/traffic").accepted == 2
    engine = db_services.engines.main
    stored = read_frame(engine, select(TrafficObs.ts, TrafficObs.speed_kmh, TrafficHourly.hour)
                        .join(TrafficHourly, TrafficHourly.segment_code == TrafficObs.segment_code)
                        .order_by(TrafficObs.ts), utc_columns=("ts", "hour"))
    assert [t.to_pydatetime() for t in stored["ts"]] == times and stored["speed_kmh"].tolist() == [40.0, 41.0]
    assert set(stored["hour"]) == {pd.Timestamp("2026-11-20T01:00", tz="UTC")}
    newest = read_frame(engine, select(func.max(TrafficObs.ts).label("ts")), utc_columns=("ts",))
    assert newest["ts"].iloc[0] == pd.Timestamp(times[1])
