"""Tests for data.rules.aqi (VN_AQI, Decision 1459/QĐ-TCMT); see /work/shared/facts/vn_aqi.md §8."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from data.rules.aqi import (
    CATEGORIES,
    POLLUTANTS,
    AqiResult,
    HourlyResult,
    category,
    daily_aqi,
    daily_aqi_frame,
    hourly_aqi,
    hourly_aqi_frame,
    nowcast,
    nowcast_weight,
    round_half_up,
    running_mean_8h,
    sub_index,
)

# Decision §2.3a: PM2.5 hourly means 09:00 → 20:00 (chronological); NowCast wants c1 (20:00) first.
PM25_EXAMPLE = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]
PM25_C1_FIRST = PM25_EXAMPLE[::-1]

# Decision §2.2.2a: O3 hourly means, previous day 18:00 … 00:00, then the day 01:00 … 00:00.
O3_PREV = [15.7, 14.2, 17.7, 18.9, 19.3, 15.7, 19.7]
O3_DAY = [22.6, 27.1, 29.0, 31.9, 25.3, 34.7, 35.2, 41.6, 45.7, 49.2, 55.8, 69.6,
          78.3, 91.5, 97.7, 81.2, 71.8, 43.5, 34.3, 21.5, 20.5, 19.4, 20.4, 21.3]
O3_8H_PRINTED = [18.0, 19.4, 21.2, 23.0, 23.8, 25.8, 28.2, 30.9, 33.8, 36.6, 39.9, 44.7,
                 51.3, 58.4, 66.2, 71.1, 74.4, 73.7, 71.0, 65.0, 57.8, 48.7, 39.1, 31.6]


# --- worked examples (§8) -------------------------------------------------------------------------


def test_nowcast_worked_example():
    assert nowcast_weight(PM25_C1_FIRST) == pytest.approx(16.5 / 26.9)
    assert round(nowcast_weight(PM25_C1_FIRST), 2) == 0.61
    assert nowcast(PM25_C1_FIRST) == pytest.approx(20.27, abs=0.005)
    assert round(nowcast(PM25_C1_FIRST), 1) == 20.3


def test_hourly_o3_example():
    assert sub_index("o3", 136.1) == pytest.approx(42.53, abs=0.005)
    assert round_half_up(sub_index("o3", 136.1)) == 43


def test_hourly_no2_example_decision_typo():
    # The decision prints 60, but Formula 1 gives 59.35, which rounds to 59. Per the facts file this is a
    # typo in the decision (no single rounding rule reproduces all its examples); we use round half up.
    assert sub_index("no2", 118.7) == pytest.approx(59.35)
    assert round_half_up(sub_index("no2", 118.7)) == 59


def test_hourly_pm25_example():
    assert sub_index("pm25", 20.3) == pytest.approx(40.6)
    assert round_half_up(sub_index("pm25", 20.3)) == 41
    # Straight from the hourly means, through NowCast (20.27 → 40.5 → 41).
    assert round_half_up(sub_index("pm25", nowcast(PM25_C1_FIRST))) == 41


def test_hourly_aqi_example():
    res = hourly_aqi({"pm25": PM25_C1_FIRST, "o3": [136.1], "no2": [118.7]})
    assert isinstance(res, HourlyResult)
    assert res.sub == {"pm25": 41, "o3": 43, "no2": 59}
    # The decision prints AQI^h = 60 because of its NO2 typo (see above).
    assert res.aqi == 59
    assert res.dominant == "no2"
    assert res.category.key == "moderate"


def test_daily_sub_indices_example():
    assert sub_index("o3", 89.3, "8h") == pytest.approx(44.65)
    assert round_half_up(sub_index("o3", 89.3, "8h")) == 45
    assert sub_index("o3", 114.6, "1h") == pytest.approx(35.81, abs=0.005)
    assert round_half_up(sub_index("o3", 114.6, "1h")) == 36
    assert round_half_up(sub_index("no2", 130.8)) == 65
    assert sub_index("pm25", 55.7) == pytest.approx(109.5)
    assert round_half_up(sub_index("pm25", 55.7)) == 110


def test_daily_aqi_example():
    # Hourly data built to give the decision's daily statistics: O3 max 1-h 114.6 and max 8-h mean
    # 89.31 (7 × 85.7 + 114.6), NO2 max 1-h 130.8, PM2.5 24-h mean 55.7.
    o3 = [0.0] * 10 + [85.7] * 7 + [114.6] + [0.0] * 6
    no2 = [100.0] * 23 + [130.8]
    pm25 = [55.7] * 24
    res = daily_aqi({"o3": o3, "no2": no2, "pm25": pm25})
    assert isinstance(res, AqiResult)
    # O3: max(AQI 8-h = 45, AQI 1-h = 36) = 45.
    assert res.sub == {"pm25": 110, "o3": 45, "no2": 65}
    assert res.aqi == 110
    assert res.dominant == "pm25"
    assert res.category.key == "poor"


def test_running_mean_8h_decision_example():
    means = running_mean_8h(O3_DAY, prev=O3_PREV)
    assert len(means) == 24
    # The decision prints one decimal; its 12:00 value 44.7 is 44.64 from its own hourly data, hence 0.1.
    assert means == pytest.approx(O3_8H_PRINTED, abs=0.1)
    assert max(means) == pytest.approx(74.4, abs=0.05)
    # Daily O3 from this day: max(AQI 8-h of 74.4 = 37.2, AQI 1-h of 97.7 = 30.5) → 37.
    assert daily_aqi({"o3": O3_DAY}, prev={"o3": O3_PREV}).sub == {"o3": 37}


# --- categories, breakpoints, rounding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("aqi", "key"),
    [
        (0, "good"), (50, "good"), (51, "moderate"), (100, "moderate"), (101, "poor"), (150, "poor"),
        (151, "bad"), (200, "bad"), (201, "very_bad"), (300, "very_bad"), (301, "hazardous"),
        (500, "hazardous"),
    ],
)
def test_category_boundaries(aqi, key):
    assert category(aqi).key == key


def test_category_table_and_missing():
    assert [c.key for c in CATEGORIES] == ["good", "moderate", "poor", "bad", "very_bad", "hazardous"]
    from layouts.i18n import CATALOG, t
    from layouts.theme import AQI

    assert [AQI[c.key] for c in CATEGORIES] == ["#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#8F3F97", "#7E0023"]
    assert [t(f"aqi.{c.key}", "vi") for c in CATEGORIES] == ["Tốt", "Trung bình", "Kém", "Xấu", "Rất xấu", "Nguy hại"]
    assert [(c.lo, c.hi) for c in CATEGORIES] == [(0, 50), (51, 100), (101, 150), (151, 200), (201, 300),
                                                   (301, 500)]
    assert all(CATALOG[f"aqi.{c.key}.health"]["vi"] and CATALOG[f"aqi.{c.key}.health"]["en"] for c in CATEGORIES)
    assert category(None) is None
    assert category(-1) is None


def test_round_half_up():
    assert round_half_up(42.5) == 43
    assert round_half_up(2.5) == 3  # Python's round() would give 2
    assert round_half_up(59.35) == 59
    assert round_half_up(0.49) == 0


@pytest.mark.parametrize(
    ("pollutant", "conc", "column", "expected"),
    [
        ("pm25", 25, "1h", 50), ("pm25", 50, "1h", 100), ("pm25", 80, "1h", 150), ("pm10", 50, "1h", 50),
        ("pm10", 150, "1h", 100), ("co", 10_000, "1h", 50), ("so2", 125, "1h", 50), ("no2", 200, "1h", 100),
        ("o3", 160, "1h", 50), ("o3", 100, "8h", 50), ("o3", 400, "8h", 300), ("pm25", 0, "1h", 0),
        ("pm25", 500, "1h", 500), ("co", 150_000, "1h", 500),
    ],
)
def test_shared_breakpoints_exact(pollutant, conc, column, expected):
    assert sub_index(pollutant, conc, column) == expected


def test_breakpoint_shared_not_epa():
    # VN uses 25/50/80 for PM2.5, not the EPA 12.0/35.4/55.4 cut points.
    assert sub_index("pm25", 12.0) == pytest.approx(24.0)
    assert sub_index("pm25", 25.0 + 1e-9) == pytest.approx(50.0)


def test_cap_above_top_and_o3_8h_cutoff():
    assert sub_index("pm25", 501) == 500
    assert sub_index("pm25", 10_000) == 500
    assert sub_index("o3", 1300, "1h") == 500
    assert sub_index("o3", 400.1, "8h") is None  # table stops at 400 µg/m³ → 300
    assert sub_index("o3", 1100, "1h") == pytest.approx(450)
    # The column argument only matters for O3.
    assert sub_index("no2", 118.7, "8h") == sub_index("no2", 118.7, "1h")


def test_sub_index_invalid_input():
    assert sub_index("pm25", None) is None
    assert sub_index("pm25", float("nan")) is None
    assert sub_index("pm25", -0.1) is None
    with pytest.raises(ValueError):
        sub_index("pm2.5", 10)
    with pytest.raises(ValueError):
        sub_index("o3", 10, "24h")


# --- NowCast completeness and weights ---------------------------------------------------------------


def test_nowcast_two_of_three_rule():
    tail = [10.0] * 9
    assert nowcast([20.0, None, None] + tail) is None
    assert nowcast([None, None, 20.0] + tail) is None
    assert nowcast([None, 20.0, 20.0] + tail) is not None
    assert nowcast([20.0, None, 20.0] + tail) is not None
    assert nowcast([20.0, 20.0]) == pytest.approx(20.0)
    assert nowcast([20.0]) is None
    assert nowcast([]) is None


def test_nowcast_missing_values_get_weight_zero():
    # w* = 10/30 ≤ 1/2 → w = 1/2; weights 1, (0 for c2), 1/4: (10 + 30/4) / 1.25 = 14.
    assert nowcast([10.0, None, 30.0]) == pytest.approx(14.0)
    assert nowcast([10.0, float("nan"), 30.0]) == pytest.approx(14.0)
    # Missing trailing values are the same as a shorter window.
    assert nowcast([10.0, 30.0] + [None] * 10) == pytest.approx(nowcast([10.0, 30.0]))
    # A missing value never drags the average towards zero.
    assert nowcast([40.0, 40.0, None, 40.0]) == pytest.approx(40.0)


def test_nowcast_weight_rule():
    assert nowcast_weight([10.0, 40.0]) == 0.5  # w* = 0.25 → 1/2
    assert nowcast_weight([30.0, 40.0]) == pytest.approx(0.75)
    assert nowcast_weight([0.0, 0.0]) == 1.0
    assert nowcast([0.0, 0.0, 0.0]) == 0.0
    with pytest.raises(ValueError):
        nowcast([1.0] * 13)


# --- station AQI: required PM, dominant pollutant -----------------------------------------------------


def test_dominant_pollutant():
    res = hourly_aqi({"pm25": [30.0, 30.0], "no2": [150.0], "so2": [10.0], "co": [5000.0]})
    assert res.sub == {"pm25": 60, "co": 25, "so2": 4, "no2": 75}
    assert res.aqi == 75
    assert res.dominant == "no2"


def test_dominant_uses_unrounded_and_tie_order():
    # PM2.5 40.6 vs O3 136.1 → 42.53: both round differently, O3 wins.
    res = hourly_aqi({"pm25": [20.3, 20.3], "o3": [136.1]})
    assert res.dominant == "o3"
    # Exact tie (50 = 50): first in POLLUTANTS order, i.e. PM2.5 before PM10.
    res = hourly_aqi({"pm10": [50.0, 50.0], "pm25": [25.0, 25.0]})
    assert (res.aqi, res.dominant) == (50, "pm25")
    assert POLLUTANTS.index("pm25") < POLLUTANTS.index("pm10")


def test_pm_required():
    res = hourly_aqi({"o3": [300.0], "no2": [150.0]})
    assert res.aqi is None
    assert res.dominant is None
    assert res.category is None
    assert res.sub == {"o3": 150, "no2": 75}  # sub-indices are still reported
    # PM present but NowCast not computable (only c1) → no AQI either.
    assert hourly_aqi({"pm25": [30.0], "o3": [300.0]}).aqi is None
    # PM10 alone is enough.
    assert hourly_aqi({"pm10": [100.0, 100.0], "o3": [10.0]}).aqi == 75


def test_hourly_ignores_unknown_keys():
    assert hourly_aqi({"pm25": [25.0, 25.0], "temperature": [30.0]}).sub == {"pm25": 50}


def test_daily_o3_8h_skipped_above_400():
    # Every 8-h mean is 450 > 400: only the 1-h max counts (1h column: 200 + (450 − 400)/4 = 212.5 → 213).
    res = daily_aqi({"o3": [450.0] * 24, "pm25": [10.0] * 24})
    assert res.sub["o3"] == 213
    # Below 400 the 8-h column dominates (8h: 200 + 140·100/190 = 273.7; 1h: 175).
    assert daily_aqi({"o3": [350.0] * 24, "pm25": [10.0] * 24}).sub["o3"] == 274


def test_daily_pm_mean_of_available_hours():
    pm25 = [None] * 23 + [60.0]
    assert daily_aqi({"pm25": pm25}).sub == {"pm25": round_half_up(sub_index("pm25", 60.0))}
    assert daily_aqi({"pm25": [None] * 24}).aqi is None
    assert daily_aqi({"pm25": [40.0, 50.0, float("nan")]}).sub["pm25"] == round_half_up(sub_index("pm25", 45.0))


# --- DataFrame helpers ---------------------------------------------------------------------------------


def _long(station, start, columns, hours):
    """Long-format frame from {parameter: values}, skipping the given missing hour offsets."""
    rows = []
    for param, values in columns.items():
        for h, v in enumerate(values):
            if h in hours:
                rows.append((station, pd.Timestamp(start, tz="UTC") + pd.Timedelta(hours=h), param, v))
    return pd.DataFrame(rows, columns=["station", "ts", "parameter", "value"])


def test_hourly_aqi_frame_matches_scalar_with_gap():
    rng = np.random.default_rng(1)
    n = 30
    data = {
        "pm25": rng.uniform(5, 120, n).round(1),
        "pm10": rng.uniform(10, 200, n).round(1),
        "o3": rng.uniform(0, 300, n).round(1),
        "no2": rng.uniform(0, 250, n).round(1),
        "temperature": rng.uniform(20, 35, n).round(1),
    }
    gap = {12, 13, 14}
    present = [h for h in range(n) if h not in gap]
    obs = pd.concat(
        [_long("A", "2024-03-01 00:00", data, set(present)),
         _long("B", "2024-03-01 05:00", {"pm25": data["pm25"][:6]}, set(range(6)))],
        ignore_index=True,
    ).sample(frac=1.0, random_state=0)  # input order must not matter

    out = hourly_aqi_frame(obs)
    assert list(out.columns[:5]) == ["station", "ts", "aqi", "dominant", "category"]
    assert [c for c in out.columns[5:]] == [f"aqi_{p}" for p in POLLUTANTS]
    assert out["aqi"].dtype == "Int64"
    a = out[out["station"] == "A"].reset_index(drop=True)
    assert len(a) == len(present)  # one row per hour present, none for the gap
    assert len(out[out["station"] == "B"]) == 6

    for row, h in zip(a.itertuples(index=False), present, strict=True):
        # Windows, c1 first; the gap hours are missing values.
        last12 = {
            p: [None if (h - i) in gap or h - i < 0 else float(data[p][h - i]) for i in range(12)]
            for p in ("pm25", "pm10", "o3", "no2")
        }
        last12 = {p: v if p in ("pm25", "pm10") else v[:1] for p, v in last12.items()}
        expected = hourly_aqi(last12)
        assert row.ts == pd.Timestamp("2024-03-01", tz="UTC") + pd.Timedelta(hours=h)
        got_aqi = None if pd.isna(row.aqi) else int(row.aqi)
        assert got_aqi == expected.aqi, h
        assert row.dominant == expected.dominant
        assert row.category == (expected.category.key if expected.category else None)
        for p in POLLUTANTS:
            value = getattr(row, f"aqi_{p}")
            assert (None if pd.isna(value) else int(value)) == expected.sub.get(p), (h, p)

    # First hour: NowCast needs 2 of c1..c3 → no PM → no AQI; hour 15 (after 3 missing hours) likewise.
    assert pd.isna(a.loc[0, "aqi"]) and a.loc[0, "dominant"] is None and a.loc[0, "category"] is None
    assert pd.isna(a.loc[a["ts"] == pd.Timestamp("2024-03-01 15:00", tz="UTC"), "aqi"].iloc[0])
    assert a["aqi"].notna().sum() > 20


def test_hourly_aqi_frame_only_non_aqi_parameter():
    obs = pd.DataFrame({"station": ["A"], "ts": [pd.Timestamp("2024-01-01", tz="UTC")],
                        "parameter": ["humidity"], "value": [80.0]})
    out = hourly_aqi_frame(obs)
    assert len(out) == 1 and pd.isna(out.loc[0, "aqi"]) and out.loc[0, "category"] is None


def test_daily_aqi_frame_local_day_boundary():
    # Hour starting 16:00 UTC (16:00–16:59) is 23:00 local (+07) on Jan 1; 17:00 UTC is 00:00 Jan 2.
    obs = pd.DataFrame({
        "station": ["A", "A"],
        "ts": pd.to_datetime(["2024-01-01 16:00", "2024-01-01 17:00"], utc=True),
        "parameter": ["pm25", "pm25"],
        "value": [25.0, 80.0],
    })
    out = daily_aqi_frame(obs)
    assert list(out["day"]) == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]
    assert list(out["aqi"]) == [50, 150]
    assert list(out["category"]) == ["good", "poor"]
    assert list(out["category"]) == ["good", "poor"]
    # With UTC days both hours fall on Jan 1 and are averaged: (25 + 80) / 2 = 52.5 → AQI 104.2 → 104.
    utc = daily_aqi_frame(obs, tz_offset_hours=0)
    assert list(utc["day"]) == [dt.date(2024, 1, 1)]
    assert list(utc["aqi"]) == [104]


def test_daily_aqi_frame_matches_scalar():
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2024-05-31 17:00", tz="UTC")  # 2024-06-01 00:00 local
    n = 48
    data = {p: rng.uniform(1, 1.5, n) * scale for p, scale in
            {"pm25": 40, "pm10": 90, "o3": 150, "co": 8000, "so2": 60, "no2": 90}.items()}
    hours = set(range(n)) - {3, 30, 31}
    obs = _long("S", start.tz_localize(None), data, hours)
    out = daily_aqi_frame(obs)
    assert list(out["day"]) == [dt.date(2024, 6, 1), dt.date(2024, 6, 2)]

    def hours_of(p, lo, hi):
        return [float(data[p][h]) if h in hours else None for h in range(lo, hi)]

    day1 = daily_aqi({p: hours_of(p, 0, 24) for p in POLLUTANTS})
    day2 = daily_aqi({p: hours_of(p, 24, 48) for p in POLLUTANTS},
                     prev={p: hours_of(p, 0, 24) for p in POLLUTANTS})
    for (_, row), expected in zip(out.iterrows(), [day1, day2], strict=True):
        assert row["aqi"] == expected.aqi
        assert row["dominant"] == expected.dominant
        assert {p: int(row[f"aqi_{p}"]) for p in POLLUTANTS} == expected.sub


def test_daily_aqi_frame_matches_scalar_for_many_stations_with_gaps_and_duplicates():
    """The all-stations-at-once frame equals the scalar daily AQI of each station-day (mean of repeated hours,
    the day before's last hours for O3), with stations missing whole days, hours read twice, rows shuffled, a
    non-AQI parameter alone on a day, and a station whose only reading is not a pollutant."""
    rng = np.random.default_rng(11)
    start = pd.Timestamp("2024-03-01 10:00", tz="UTC")
    scale = {"pm25": 60, "pm10": 120, "o3": 200, "co": 9000, "so2": 80, "no2": 120}
    rows = []
    for s in range(5):
        for h in range(24 * 5):
            if (h // 24 == s % 4 and s != 4) or rng.random() < 0.15:  # a day missing per station, random gaps
                continue
            for p in POLLUTANTS:
                if rng.random() < 0.8:
                    for _ in range(1 + (rng.random() < 0.1)):  # sometimes the same hour twice
                        rows.append((f"S{s}", start + pd.Timedelta(hours=h), p, rng.uniform(0.2, 1.6) * scale[p]))
    rows.append(("S1", start + pd.Timedelta(days=9), "humidity", 80.0))  # a day with no pollutant
    rows.append(("S9", start, "temperature", 25.0))
    obs = pd.DataFrame(rows, columns=["station", "ts", "parameter", "value"]).sample(frac=1, random_state=3)
    out = daily_aqi_frame(obs)

    local = obs.assign(local=obs["ts"] + pd.Timedelta(hours=7))
    expected = []
    for (station, day), _ in local.groupby(["station", local["local"].dt.date]):
        def hours_of(p, d, station=station):
            means = local[(local["station"] == station) & (local["parameter"] == p) & (local["local"].dt.date == d)]
            by_hour = means.groupby(means["local"].dt.hour)["value"].mean()
            return [float(by_hour[h]) if h in by_hour.index else None for h in range(24)]

        before = day - dt.timedelta(days=1)
        expected.append((station, day, daily_aqi({p: hours_of(p, day) for p in POLLUTANTS},
                                                 prev={p: hours_of(p, before) for p in POLLUTANTS})))
    assert [(r.station, r.day) for r in out.itertuples()] == [(s, d) for s, d, _ in expected]
    for row, (_, _, want) in zip(out.itertuples(), expected, strict=True):
        assert (None if pd.isna(row.aqi) else int(row.aqi)) == want.aqi
        assert row.dominant == want.dominant
        assert {p: getattr(row, f"aqi_{p}") for p in POLLUTANTS if not pd.isna(getattr(row, f"aqi_{p}"))} == want.sub
    assert out["aqi"].notna().sum() >= 20 and out["aqi"].isna().sum() == 2


def test_frames_cover_a_month_of_eight_stations():
    rng = np.random.default_rng(0)
    ts = pd.date_range("2024-01-01", periods=30 * 24, freq="h", tz="UTC")
    parts = []
    for s in range(8):
        for p in POLLUTANTS:
            parts.append(pd.DataFrame({"station": f"S{s}", "ts": ts, "parameter": p,
                                       "value": rng.uniform(0, 200, len(ts))}))
    obs = pd.concat(parts, ignore_index=True)
    obs = obs.drop(obs.sample(frac=0.05, random_state=1).index)  # random gaps

    hourly = hourly_aqi_frame(obs)
    daily = daily_aqi_frame(obs)

    assert len(hourly) == len(obs[["station", "ts"]].drop_duplicates())
    assert len(daily) == 8 * 31  # 30 UTC days span 31 local days at +07
    assert hourly["aqi"].notna().mean() > 0.99
    assert not math.isnan(float(hourly["aqi"].astype(float).mean()))
