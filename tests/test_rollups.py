"""Rollups answer as the raw rows do: random readings, sent in random batches (late ones after newer ones, some
twice), then every day-bucketed answer compared with the same answer computed from the stored raw rows, and
the rollups the write path kept compared with those rebuilt in SQL from the raw rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from data.domains.cameras.models import CameraEvent, CameraEventDaily
from data.domains.environment.models import EnvDaily, EnvDailyAqi, EnvHourly, EnvObs
from data.domains.registry import spec
from data.domains.traffic.models import (
    SLOW_RATIO,
    TrafficDaily,
    TrafficHourly,
    TrafficObs,
    TrafficWardDaily,
    TrafficWardHourly,
)
from data.ingest.write_path import WritePath
from data.store.frames import read_frame

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SPAN_S = 4 * 86400  # readings fall in the four days before NOW
OFFSET = 7
# No shrinking: each example writes through the real write path, and a shrink of a failure runs for minutes.
EXAMPLES = settings(max_examples=12, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# A record: (entity index, seconds before NOW, value, whether it is sent again later).
readings = st.lists(st.tuples(st.integers(0, 2), st.integers(1, SPAN_S), st.floats(1.0, 60.0), st.booleans()),
                    min_size=1, max_size=60)
windows = st.tuples(st.integers(0, 96), st.integers(1, 100))  # (start, length) in hours from NOW - 4 days


def _ts(seconds_before: int) -> datetime:
    return NOW - timedelta(seconds=seconds_before)


def _send(services, domain: str, records: list[dict], again: list[dict], batches: int) -> None:
    """Records in `batches` random-order chunks, then the `again` ones once more (duplicates)."""
    write = WritePath(services.engines, services.registry, clock=lambda: NOW, offset_hours=OFFSET)
    order = np.random.default_rng(len(records)).permutation(len(records))
    for chunk in np.array_split(order, batches):
        write.write(domain, [records[i] for i in chunk], feed="test")
    if again:
        assert write.write(domain, again, feed="test").accepted == 0


def _window(hours: tuple[int, int]) -> tuple[datetime, datetime]:
    start = NOW - timedelta(days=4) + timedelta(hours=hours[0])
    return start, start + timedelta(hours=hours[1])


def _raw_days(frame: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """Raw rows of the hours starting in [start, end), each with its local day as `bucket`."""
    frame = frame.assign(ts=pd.to_datetime(frame["ts"], utc=True))
    hour = frame["ts"].dt.floor("h")
    frame = frame[(hour >= pd.Timestamp(start)) & (hour < pd.Timestamp(end))]
    return frame.assign(bucket=(frame["ts"] + pd.Timedelta(hours=OFFSET)).dt.date)


def _empty(services, *models) -> None:
    with services.engines.main.begin() as conn:
        for model in models:
            conn.execute(delete(model.__table__))


def _table(services, model, keys: list[str]) -> pd.DataFrame:
    frame = read_frame(services.engines.main, select(model.__table__))
    return frame.sort_values(keys).reset_index(drop=True)


def _rebuilt_equals_kept(services, domain: str, tables: dict) -> None:
    """Rebuild the domain's rollups over the whole span from the raw rows: the same rows as the write path kept."""
    kept = {model: _table(services, model, keys) for model, keys in tables.items()}
    with services.engines.main.begin() as conn:
        spec(domain).rollups.rebuild(conn, NOW - timedelta(days=5), NOW + timedelta(hours=1), OFFSET)
    for model, keys in tables.items():
        rebuilt = _table(services, model, keys)
        pd.testing.assert_frame_equal(rebuilt, kept[model], check_dtype=False, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("batches", [1, 3])
@given(sent=readings, hours=windows)
@EXAMPLES
def test_traffic_days_from_rollups_equal_raw(db_services, pack, batches, sent, hours):
    _empty(db_services, TrafficObs, TrafficHourly, TrafficDaily, TrafficWardHourly, TrafficWardDaily)
    roads = pack.roads.iloc[:3]
    free = dict(zip(roads["code"], roads["free_flow_kmh"].astype(float), strict=True))
    codes = list(free)
    records = [{"segment": codes[i], "ts": _ts(s), "speed_kmh": round(v, 1),
                **({"volume_vph": int(v * 10)} if s % 3 else {})} for i, s, v, _ in sent]
    _send(db_services, "traffic", records, [r for r, (*_, twice) in zip(records, sent, strict=True) if twice], batches)
    start, end = _window(hours)
    ward = db_services.registry.entities("traffic")[codes[0]].ward_code
    for segment, in_ward in ((None, None), (codes[0], None), (None, ward)):  # the city, a segment, a ward
        answer = db_services.traffic.series(start, end, bucket="day", segment=segment, ward=in_ward)
        answer = answer.set_index("bucket")
        raw = _raw_days(read_frame(db_services.engines.main, select(TrafficObs.__table__)), start, end)
        if segment:
            raw = raw[raw["segment_code"] == segment]
        if in_ward:
            raw = raw[raw["ward_code"] == in_ward]
        raw = raw.assign(ratio=raw["speed_kmh"] / raw["segment_code"].map(free))
        expected = raw.groupby("bucket").agg(speed_kmh=("speed_kmh", "mean"), speed_ratio=("ratio", "mean"),
                                             volume_vph=("volume_vph", "mean"), n=("speed_kmh", "size"))
        assert answer.index.tolist() == expected.index.tolist()
        for column in ("speed_kmh", "speed_ratio", "volume_vph"):
            np.testing.assert_allclose(answer[column].astype(float), expected[column].astype(float), rtol=1e-9)
        assert answer["n"].tolist() == expected["n"].tolist()
    # Congestion's segment-hours and slow ones (counted per ward and hour as readings arrive, late ones too)
    # against the raw readings' segment-hour means.
    raw = read_frame(db_services.engines.main, select(TrafficObs.__table__)).assign(
        hour=lambda f: pd.to_datetime(f["ts"], utc=True).dt.floor("h"))
    raw = raw[(raw["hour"] >= pd.Timestamp(start)) & (raw["hour"] < pd.Timestamp(end))]
    means = raw.groupby(["segment_code", "hour"])["speed_kmh"].agg(["mean", "size", "sum"]).reset_index()
    means["slow"] = (means["mean"] < SLOW_RATIO * means["segment_code"].map(free)).astype(int)
    expected = means.groupby("hour").agg(segment_hours=("slow", "size"), slow_hours=("slow", "sum"),
                                         n=("size", "sum"), speed_sum=("sum", "sum")).reset_index()
    congestion = db_services.traffic.hourly_congestion(start, end, SLOW_RATIO)
    assert congestion["hour"].tolist() == expected["hour"].tolist()
    for column in ("segment_hours", "slow_hours", "n"):
        assert congestion[column].astype(int).tolist() == expected[column].tolist(), column
    np.testing.assert_allclose(congestion["speed_sum"].astype(float), expected["speed_sum"], rtol=1e-9)
    _rebuilt_equals_kept(db_services, "traffic", {TrafficHourly: ["segment_code", "hour"],
                                                  TrafficDaily: ["segment_code", "day"],
                                                  TrafficWardHourly: ["ward_code", "hour"],
                                                  TrafficWardDaily: ["ward_code", "day"]})


POLLUTANTS = ("pm25", "o3", "co")


@given(sent=readings, hours=windows)
@EXAMPLES
def test_environment_days_and_daily_aqi_from_rollups_equal_raw(db_services, sent, hours):
    _empty(db_services, EnvObs, EnvHourly, EnvDaily, EnvDailyAqi)
    stations = ["AQ-01", "AQ-02"]
    scale = {"pm25": 2.0, "o3": 5.0, "co": 200.0}
    records = [{"station": stations[i % 2], "parameter": POLLUTANTS[i], "ts": _ts(s), "value": round(v * scale[POLLUTANTS[i]], 2)}
               for i, s, v, _ in sent]
    _send(db_services, "environment", records, [r for r, (*_, twice) in zip(records, sent, strict=True) if twice], 3)
    env = db_services.environment
    start, end = _window(hours)
    raw = _raw_days(read_frame(db_services.engines.main, select(EnvObs.__table__)), start, end)
    for parameter in POLLUTANTS:
        answer = env.series(start, end, parameter, bucket="day").set_index("bucket")
        expected = raw[raw["parameter"] == parameter].groupby("bucket")["value"].agg(["mean", "min", "max", "size"])
        assert answer.index.tolist() == expected.index.tolist()
        np.testing.assert_allclose(answer["value"].astype(float), expected["mean"], rtol=1e-9)
        np.testing.assert_allclose(answer["value_min"].astype(float), expected["min"])
        np.testing.assert_allclose(answer["value_max"].astype(float), expected["max"])
        assert answer["n"].tolist() == expected["size"].tolist()
    first, last = (NOW - timedelta(days=5)).date(), (NOW + timedelta(days=1)).date()
    kept = env.aqi_daily(first, last)
    recomputed = env.aqi_daily_from_hours(first, last)
    pd.testing.assert_frame_equal(kept.reset_index(drop=True), recomputed.reset_index(drop=True), check_dtype=False)
    _rebuilt_equals_kept(db_services, "environment", {EnvHourly: ["station_code", "parameter", "hour"],
                                                      EnvDaily: ["station_code", "parameter", "day"],
                                                      EnvDailyAqi: ["station_code", "day"]})


@given(sent=readings, hours=windows)
@EXAMPLES
def test_camera_event_days_from_rollups_equal_raw(db_services, pack, sent, hours):
    _empty(db_services, CameraEvent, CameraEventDaily)
    cameras = pack.cameras["code"].iloc[:3].tolist()
    kinds = ("crowd", "intrusion")
    records = [{"camera": cameras[i], "ts": _ts(s), "event": {"kind": kinds[int(v) % 2], "confidence": 0.9}}
               for i, s, v, _ in sent]
    _send(db_services, "cameras", records, [r for r, (*_, twice) in zip(records, sent, strict=True) if twice], 3)
    start, end = _window(hours)
    answer = db_services.cameras.event_series(start, end, bucket="day")
    raw = _raw_days(read_frame(db_services.engines.main, select(CameraEvent.__table__)), start, end)
    expected = raw.groupby(["bucket", "kind"]).size().rename("events").reset_index()
    pd.testing.assert_frame_equal(answer.sort_values(["bucket", "kind"]).reset_index(drop=True)[["bucket", "kind", "events"]],
                                  expected, check_dtype=False)
    _rebuilt_equals_kept(db_services, "cameras", {CameraEventDaily: ["camera_code", "day", "kind"]})


def test_traffic_ward_sums_follow_a_segment_moved_to_another_ward(db_services, pack):
    """After an import of boundaries moves a segment's ward copies, the per-ward rollups are summed again: the
    new ward's days hold the segment's readings, the old ward's no longer do, the city's are unchanged."""
    from data.domains.traffic.rollups import regroup_wards

    _empty(db_services, TrafficObs, TrafficHourly, TrafficDaily, TrafficWardHourly, TrafficWardDaily)
    entities = db_services.registry.entities("traffic")
    moved = pack.roads["code"].iloc[0]
    old = entities[moved].ward_code
    new = next(e.ward_code for e in entities.values() if e.ward_code not in (old, None))
    records = [{"segment": moved, "ts": _ts(3600 * h), "speed_kmh": 30.0 + h} for h in range(1, 30)]
    _send(db_services, "traffic", records, [], 1)
    start, end = NOW - timedelta(days=3), NOW + timedelta(hours=1)
    city = db_services.traffic.series(start, end, bucket="day")
    with db_services.engines["traffic"].begin() as conn:
        for model in (TrafficObs, TrafficHourly, TrafficDaily):
            conn.execute(update(model).where(model.segment_code == moved).values(ward_code=new))
        regroup_wards(conn)
    assert db_services.traffic.series(start, end, bucket="day", ward=old)["n"].sum() == 0
    assert db_services.traffic.series(start, end, bucket="day", ward=new)["n"].sum() == len(records)
    pd.testing.assert_frame_equal(db_services.traffic.series(start, end, bucket="day"), city)
