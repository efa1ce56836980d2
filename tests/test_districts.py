"""The analysts' drill-down on small hand-made data with known answers: two wards, three former units (one ward
split in two), incidents, stations, segments and cameras placed by hand; both levels give the same city totals;
a range crossing the 2025-07-01 change; then the provider on both databases from records of the write path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from data.providers.districts import DistrictsProvider

OFFSET = 7
D1, D2, D3 = date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 2)  # the range crosses the 2025-07-01 change
NOW = datetime(2025, 7, 10, tzinfo=UTC)

# W1 = [0,2]×[0,1] split into F1 = [0,1]×[0,1] and F2 = [1,2]×[0,1]; W2 = F3 = [2,3]×[0,1].
UNITS = gpd.GeoDataFrame({
    "level": ["ward", "ward", "former", "former", "former"],
    "code": ["W1", "W2", "F1", "F2", "F3"],
    "name": ["Phường Một", "Phường Hai", "Phường Cũ Một", "Xã Cũ Hai", "Xã Cũ Ba"],
    "short_name": ["Một", "Hai", "Cũ Một", "Cũ Hai", "Cũ Ba"],
    "population": [20_000, 10_000, 5_000, 15_000, 10_000],
    "valid_from": ["2025-07-01", "2025-07-01", None, None, None],
    "valid_to": [None, None, "2025-06-30", "2025-06-30", "2025-06-30"],
}, geometry=[box(0, 0, 2, 1), box(2, 0, 3, 1), box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs="EPSG:4326")
CROSSWALK = pd.DataFrame({"former_code": ["F1", "F2", "F3"], "ward_code": ["W1", "W1", "W2"]})
SLA = pd.DataFrame({"category": ["a"], "severity": [1], "ack_minutes": [10], "resolve_minutes": [60]})


def local(day: date, hour: float) -> pd.Timestamp:
    """A local (UTC+7) time of a day, as UTC."""
    return pd.Timestamp(datetime(day.year, day.month, day.day, tzinfo=UTC)) + pd.Timedelta(hours=hour - OFFSET)


def incident(i, ward, lon, day, hour, resolve_after_min=None):
    reported = local(day, hour)
    resolved = reported + pd.Timedelta(minutes=resolve_after_min) if resolve_after_min is not None else pd.NaT
    return {"id": i, "category": "a", "severity": 1, "channel": "hotline", "ward_code": ward, "lon": lon, "lat": 0.5,
            "reported_at": reported, "acknowledged_at": reported, "resolved_at": resolved, "ended_at": resolved}


INCIDENTS = pd.DataFrame([
    incident(1, "W1", 0.5, D1, 9, 30),    # F1, on time, 30 min
    incident(2, "W1", 1.5, D1, 10, 120),  # F2, late, 120 min
    incident(3, "W1", 1.5, D2, 9, 50),    # F2, on time, 50 min
    incident(4, "W2", 2.5, D2, 9, 90),    # F3, late, 90 min
    incident(5, "W2", 2.5, D3, 9),        # F3, open: overdue from 10:00 of D3 on
    incident(6, "W1", 1.0, D3, 9, 10),    # on the F1|F2 border: exactly one of them (F1, the smaller code)
])


class Incidents:
    def active_milestones(self, start, end):
        f = INCIDENTS
        return f[(f["reported_at"] < end) & (f["ended_at"].isna() | (f["ended_at"] >= start))].copy()


class Environment:
    def stations(self, kind=None):
        return gpd.GeoDataFrame({"code": ["S1", "S2", "S3"], "ward_code": ["W1", "W1", "W2"]},
                                geometry=[Point(0.5, 0.5), Point(1.5, 0.5), Point(2.5, 0.5)], crs="EPSG:4326")

    def aqi_daily(self, first, last):
        rows = [("S1", D1, 40), ("S2", D1, 60), ("S3", D1, 30), ("S1", D2, 20), ("S2", D2, 45), ("S3", D2, None)]
        frame = pd.DataFrame(rows, columns=["station", "day", "aqi"])
        frame["aqi"] = frame["aqi"].astype("Int64")
        return frame[(frame["day"] >= first) & (frame["day"] <= last)]


class Traffic:
    def segments(self):
        return gpd.GeoDataFrame({"code": ["R1", "R2"], "ward_code": ["W1", "W2"]},
                                geometry=[LineString([(1.2, 0.5), (1.8, 0.5)]), LineString([(2.2, 0.5), (2.8, 0.5)])],
                                crs="EPSG:4326")

    def daily_congestion(self, first, last, below_ratio):
        return pd.DataFrame({"day": [D1, D1, D2], "segment_code": ["R1", "R2", "R1"],
                             "segment_hours": [24, 20, 10], "slow_hours": [6, 0, 5]})


class Cameras:
    def cameras(self):
        return gpd.GeoDataFrame({"code": ["C1", "C2"], "ward_code": ["W1", "W2"]},
                                geometry=[Point(0.2, 0.5), Point(2.2, 0.5)], crs="EPSG:4326")

    def daily_uptime(self, first, last, until=None):
        return pd.DataFrame({"day": [D1, D1], "code": ["C1", "C2"], "online_s": [43_200, 86_400],
                             "known_s": [86_400, 86_400], "longest_down_s": [43_200, 0]})

    def daily_events(self, first, last):
        return pd.DataFrame({"day": [D1, D2, D2], "camera_code": ["C1", "C1", "C2"], "events": [3, 4, 5]})


class Indicators:
    def catalogue(self):
        return pd.DataFrame({"code": ["hs"], "unit_vi": ["%"], "better": ["higher"]})

    def reported_by_ward(self):
        return {"hs"}

    def values(self, first, last, indicator=None, scope="city"):
        frame = pd.DataFrame({"indicator_code": ["hs"] * 4, "period_start": [D1, D2, D2, D2],
                              "scope": ["W1", "W1", "W2", "city"], "value": [90.0, 96.0, 80.0, 88.0]})
        frame = frame[(frame["period_start"] >= first) & (frame["period_start"] <= last)]
        return frame if scope is None else frame[frame["scope"] == scope]


@pytest.fixture
def districts():
    return DistrictsProvider(Incidents(), Environment(), Traffic(), Cameras(), Indicators(), UNITS, SLA, CROSSWALK,
                             OFFSET, clock_fn=lambda: NOW)


def totals(view) -> dict:
    return {c: (None if np.isnan(v) else round(float(v), 3)) for c, v in zip(view.totals["code"], view.totals["value"],
                                                                          strict=True)}


def test_incidents_per_10k_residents_per_unit_and_for_the_city(districts):
    wards = districts.view("incidents_per_10k", "ward", D1, D3)
    assert totals(wards) == {"W1": 2.0, "W2": 2.0}  # 4 of 20,000 and 2 of 10,000
    former = districts.view("incidents_per_10k", "former", D1, D3)
    assert totals(former) == {"F1": 4.0, "F2": 1.333, "F3": 2.0}  # 2/5,000, 2/15,000, 2/10,000
    # Same events, other grouping: one city figure (6 incidents ÷ the 30,000 residents of the wards in force).
    assert wards.city == former.city == pytest.approx(2.0)
    assert wards.daily.loc[D1].tolist() == [1.0, 0.0] and former.daily.loc[D3].tolist() == [2.0, 0.0, 1.0]
    assert wards.city_daily.tolist() == pytest.approx([2 / 3, 2 / 3, 2 / 3])


def test_both_levels_count_the_same_events(districts):
    for metric, how in (("ai_events", "sum"), ("good_air_days", None)):
        wards, former = districts.view(metric, "ward", D1, D3), districts.view(metric, "former", D1, D3)
        assert wards.city == former.city
        if how:
            assert wards.totals["value"].sum() == former.totals["value"].sum() == wards.city == 12


def test_median_time_to_resolve_by_the_day_of_resolution(districts):
    view = districts.view("median_resolve", "former", D1, D3)
    assert totals(view) == {"F1": 20.0, "F2": 85.0, "F3": 90.0}  # F1: 30, 10; F2: 120, 50
    assert view.city == 50.0  # 10, 30, 50, 90, 120
    assert view.daily.loc[D2, "F3"] == 90.0 and np.isnan(view.daily.loc[D1, "F3"])


def test_on_time_over_the_range_and_day_by_day(districts):
    view = districts.view("on_time", "ward", D1, D3)
    # W1: 1 on time, 2 late, 3 on time, 6 on time → 75 %; W2: 4 late, 5 open past its due time → 0 %.
    assert totals(view) == {"W1": 75.0, "W2": 0.0}
    assert view.city == pytest.approx(100 * 3 / 6)
    assert view.daily.loc[D1, "W1"] == 50.0 and np.isnan(view.daily.loc[D1, "W2"])
    assert view.daily.loc[D3, "W2"] == 0.0  # due that day and still open
    assert view.totals.set_index("code")["rank"].to_dict() == {"W1": 1.0, "W2": 2.0}  # higher is better


def test_air_quality_mean_worst_and_good_days(districts):
    mean, worst = districts.view("aqi_mean", "ward", D1, D2), districts.view("aqi_worst", "former", D1, D2)
    assert totals(mean) == {"W1": 41.25, "W2": 30.0} and mean.city == pytest.approx(39.0)
    assert totals(worst) == {"F1": 40.0, "F2": 60.0, "F3": 30.0} and worst.city == 60.0
    good = districts.view("good_air_days", "ward", D1, D2)
    # W1: D1 has S2 at 60 (not good), D2 both ≤ 50 → 1 day; W2: D1 good, D2 no reading → 1 day.
    assert totals(good) == {"W1": 1.0, "W2": 1.0} and good.city == 1.0
    assert np.isnan(good.daily.loc[D2, "W2"])
    assert totals(districts.view("aqi_worst", "ward", D1, D2))["W1"] == 60.0
    assert totals(mean)["W1"] == pytest.approx(np.mean([40, 60, 20, 45]))


def test_congestion_and_uptime_are_ratios_of_sums(districts):
    jams = districts.view("congestion", "former", D1, D2)
    assert totals(jams) == {"F1": None, "F2": round(100 * 11 / 34, 3), "F3": 0.0}
    assert jams.city == pytest.approx(100 * 11 / 54)
    up = districts.view("camera_uptime", "ward", D1, D1)
    assert totals(up) == {"W1": 50.0, "W2": 100.0} and up.city == 75.0
    assert up.totals.set_index("code")["rank"].to_dict() == {"W1": 2.0, "W2": 1.0}


def test_department_indicators_reported_per_ward_are_wards_only(districts):
    assert "ind.hs" in [m.code for m in districts.metrics()]
    view = districts.view("ind.hs", "ward", D1, D2)
    assert totals(view) == {"W1": 93.0, "W2": 80.0} and view.city == 88.0
    former = districts.view("ind.hs", "former", D1, D2)
    assert former.totals["value"].isna().all() and former.city is None


def test_units_know_their_validity_and_the_wards_they_went_to(districts):
    former = districts.units("former").set_index("code")
    assert former.loc["F2", "wards"] == ["W1"] and former.loc["F2", "valid_to"] == "2025-06-30"
    assert districts.units("ward").set_index("code").loc["W1", "valid_from"] == "2025-07-01"


def test_bad_questions_are_refused(districts):
    with pytest.raises(ValueError, match="metric"):
        districts.view("nope", "ward", D1, D2)
    with pytest.raises(ValueError, match="level"):
        districts.view("on_time", "district", D1, D2)
    with pytest.raises(ValueError, match="range"):
        districts.view("on_time", "ward", D2, D1)
    with pytest.raises(ValueError, match="range"):
        districts.view("on_time", "ward", D1, D1 + timedelta(days=400))


def test_a_view_is_kept(districts):
    first = districts.view("ai_events", "ward", D1, D2)
    assert districts.view("ai_events", "ward", D1, D2) is first


# --- on both databases, from records written through the write path ----------------------------------------------

def test_the_drill_down_on_both_databases(db_services):
    from test_kpi import DAY, NOW, START, seeded_board

    seeded_board(db_services)  # incidents A (on time) and B (open past due) in the first ward; AQ-01 at VN_AQI 40
    pack = db_services.pack
    roads = pack.roads.set_index("code")
    slow = roads.index[0]
    records = [{"segment": slow, "ts": (START + timedelta(hours=h)).isoformat(),
                "speed_kmh": roads.loc[slow, "free_flow_kmh"] * (0.2 if h < 6 else 0.9)} for h in range(24)]
    assert db_services.write_path.write("traffic", records, "test/districts").accepted == 24
    camera = pack.cameras["code"].iloc[0]
    events = [{"camera": camera, "ts": (START + timedelta(hours=h)).isoformat(),
               "event": {"kind": "crowd", "confidence": 0.9}} for h in range(5)]
    assert db_services.write_path.write("cameras", events, "test/districts").accepted == 5

    districts = DistrictsProvider.from_services(db_services)
    districts.clock = lambda: NOW
    ward = str(pack.wards["code"].iloc[0])
    population = float(pack.wards["population"].iloc[0])
    wards = districts.view("incidents_per_10k", "ward", DAY, DAY)
    assert totals(wards)[ward] == round(2 * 10_000 / population, 3)
    former = districts.view("incidents_per_10k", "former", DAY, DAY)
    assert wards.city == former.city == pytest.approx(2 * 10_000 / pack.wards["population"].sum())
    point = pack.wards.iloc[0].geometry.representative_point()
    holder = str(pack.former_units[pack.former_units.intersects(point)]["code"].min())
    count = former.totals.set_index("code")["value"] * former.units.set_index("code")["population"] / 10_000
    assert count.round(6).to_dict() == {c: (2.0 if c == holder else 0.0) for c in former.units["code"]}

    assert totals(districts.view("on_time", "ward", DAY, DAY))[ward] == 50.0
    station_ward = str(db_services.environment.stations().set_index("code").loc["AQ-01", "ward_code"])
    assert totals(districts.view("aqi_mean", "ward", DAY, DAY))[station_ward] == 40.0
    jams = districts.view("congestion", "ward", DAY, DAY)
    slow_ward = str(db_services.traffic.segments().set_index("code").loc[slow, "ward_code"])
    assert totals(jams)[slow_ward] == 25.0  # 6 of its 24 hours slow
    assert jams.city == 25.0
    ai = districts.view("ai_events", "former", DAY, DAY)
    assert ai.city == 5 and ai.totals["value"].sum() == 5

    listed = districts.incidents_in("ward", ward, DAY, DAY)
    assert sorted(listed["title"]) == ["Sự cố A", "Sự cố B"]
    assert sorted(districts.incidents_in("former", holder, DAY, DAY)["title"]) == ["Sự cố A", "Sự cố B"]
    cameras, stations = districts.sites_in("ward", station_ward)
    assert "AQ-01" in set(stations["code"]) and set(stations["ward_code"]) == {station_ward}
    assert set(cameras["ward_code"]) <= {station_ward}


def test_settled_days_are_read_once():
    from data.providers.districts import DayFrames

    asked = []

    def fetch(first, last):
        asked.append((first, last))
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return pd.DataFrame({"day": days, "code": "S1", "value": [d.day for d in days]})

    frames = DayFrames(fetch, settled=lambda day: day <= D2)
    assert frames.get(D1, D2)["value"].tolist() == [30, 1]
    assert frames.get(D1, D3)["value"].tolist() == [30, 1, 2]
    assert frames.get(D1, D3)["value"].tolist() == [30, 1, 2]
    assert asked == [(D1, D2), (D3, D3), (D3, D3)]  # D3 is not settled: asked again
