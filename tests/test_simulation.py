"""The simulated city: deterministic, chunk-independent and plausible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from data.demo.simulation import CitySimulation, demand

T0 = datetime(2026, 11, 16, 17, 0, tzinfo=UTC)  # Tuesday 00:00 local


def test_records_do_not_depend_on_how_the_window_is_cut(pack):
    sim = CitySimulation(pack)
    t1, t2 = T0 + timedelta(minutes=37), T0 + timedelta(hours=2)
    for domain in ("traffic", "environment", "cameras"):
        whole = sim.records(domain, T0, t2)
        parts = sim.records(domain, T0, t1) + sim.records(domain, t1, t2)
        key = lambda r: (r.get("segment") or r.get("station") or r.get("camera"), r["ts"], r.get("parameter", ""))  # noqa: E731
        assert sorted(whole, key=key) == sorted(parts, key=key), domain
    new_a, ev_a = sim.incidents(T0, t2)
    new_b, ev_b = sim.incidents(T0, t1)
    new_c, ev_c = sim.incidents(t1, t2)
    assert new_a == new_b + new_c and sorted(map(str, ev_a)) == sorted(map(str, ev_b + ev_c))


def test_rush_hours_are_slower_than_night_and_weekends_quieter():
    hours = pd.Series(range(24), dtype=float).to_numpy()
    weekday = demand(hours, hours * 0)
    weekend = demand(hours, hours * 0 + 6)
    assert weekday[7:9].max() > 0.8 and weekday[17:19].max() > 0.8
    assert weekday[2] < 0.15 and weekend[7:9].max() < weekday[7:9].max()


def test_a_day_is_not_the_same_weekday_of_the_week_before(pack):
    """The wall compares each hour with the same hour a week earlier: the city's mean speed must differ."""
    sim = CitySimulation(pack)

    def mean_speed_by_hour(start):
        day = pd.DataFrame(sim.traffic(start, start + timedelta(days=1)))
        return day.groupby(day["ts"].map(lambda t: t.hour))["speed_kmh"].mean()

    gap = (mean_speed_by_hour(T0) - mean_speed_by_hour(T0 - timedelta(days=7))).abs()
    assert gap.mean() > 0.3  # km/h: the day-to-day scale and the moved peaks show
    assert gap.max() < 15  # a different day, not a different city


def test_a_simulated_day_is_plausible(pack):
    sim = CitySimulation(pack)
    day = pd.DataFrame(sim.traffic(T0, T0 + timedelta(days=1)))
    day["local_hour"] = (day["ts"] + timedelta(hours=7)).map(lambda t: t.hour)
    speed_ratio = day.merge(pack.roads[["code", "free_flow_kmh"]], left_on="segment", right_on="code")
    speed_ratio["ratio"] = speed_ratio["speed_kmh"] / speed_ratio["free_flow_kmh"]
    by_hour = speed_ratio.groupby("local_hour")["ratio"].mean()
    assert by_hour[[7, 8, 17, 18]].mean() < by_hour[[1, 2, 3, 4]].mean() - 0.15
    assert day["segment"].nunique() == len(pack.roads)  # every segment reports through the day

    env = pd.DataFrame(sim.environment(T0, T0 + timedelta(days=1)))
    pm = env[env["parameter"] == "pm25"]["value"]
    assert 5 < pm.median() < 120 and (env["value"] >= 0).all()
    new, events = sim.incidents(T0, T0 + timedelta(days=1))
    assert 10 < len(new) < 200 and {e["to_status"] for e in events} >= {"acknowledged", "resolved"}
