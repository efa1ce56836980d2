"""The live simulator on a fake clock: it resumes after the newest reading (a restart leaves no gap and
resends nothing), writes only what is new on each tick, and knows when the simulated city began."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from data.demo.live import MAX_CATCH_UP, LiveSimulator
from data.demo.seed import write_window
from data.demo.simulation import CitySimulation

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def simulator(services, clock: Clock) -> LiveSimulator:
    return LiveSimulator(services.write_path, CitySimulation(services.pack), services.traffic, interval_s=5.0,
                         clock=clock)


def traffic_rows(services) -> int:
    with services.engines["traffic"].connect() as conn:
        return conn.execute(text("SELECT count(*) FROM traffic_obs")).scalar_one()


@pytest.fixture
def history(app_services):
    """Services with half an hour of simulated history ending ten minutes before NOW."""
    start, end = NOW - timedelta(minutes=40), NOW - timedelta(minutes=10)
    write_window(app_services.write_path, CitySimulation(app_services.pack), start, end)
    oldest, newest = app_services.traffic.reading_span()
    assert oldest >= start and newest < end
    return app_services


def test_a_restart_resumes_after_the_newest_reading(history):
    oldest, newest = history.traffic.reading_span()
    before = traffic_rows(history)
    live = simulator(history, Clock(NOW))
    counts = live.tick()
    resumed = newest + timedelta(seconds=1)
    expected = CitySimulation(history.pack).records("traffic", resumed, NOW)
    assert expected and counts["traffic"] == len(expected)  # every new reading, none of the old ones again
    assert traffic_rows(history) == before + len(expected)
    assert history.traffic.reading_span() == (oldest, max(r["ts"] for r in expected))
    assert live.begins == oldest  # the simulated city began with the oldest reading
    assert live.last == NOW


def test_each_tick_writes_only_what_is_new(history):
    clock = Clock(NOW)
    live = simulator(history, clock)
    first = live.tick()
    rows = traffic_rows(history)
    assert live.tick() == {}  # the clock has not moved: nothing to write
    assert traffic_rows(history) == rows

    clock.now = NOW + timedelta(minutes=5)
    counts = live.tick()
    expected = CitySimulation(history.pack).records("traffic", NOW, clock.now)
    assert counts["traffic"] == len(expected) > 0
    assert traffic_rows(history) == rows + len(expected)
    assert live.totals["traffic"] == first["traffic"] + len(expected)


def test_an_empty_database_starts_one_interval_ago(app_services):
    live = simulator(app_services, Clock(NOW))
    assert live.resume_point() == NOW - timedelta(seconds=5)
    assert live.begins == NOW
    counts = live.tick()
    assert traffic_rows(app_services) == counts["traffic"]
    assert live.last == NOW


def test_a_long_pause_catches_up_at_most_two_days(app_services):
    long_ago = NOW - timedelta(days=5)
    write_window(app_services.write_path, CitySimulation(app_services.pack), long_ago, long_ago + timedelta(minutes=5))
    live = simulator(app_services, Clock(NOW))
    assert live.resume_point() == NOW - MAX_CATCH_UP
    assert live.begins == app_services.traffic.reading_span()[0]
