"""The demo data's shape is part of the product: a short seeded window (fixed seed and dates) through the real
write path, then the live simulator, on SQLite and PostgreSQL. The bounds would have caught a write path that
rejects the simulator's lifecycle events (a thousand overdue incidents on every screen) and river gauges that
never report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from conftest import DATABASES
from sqlalchemy import func, select

from data.demo.live import LiveSimulator
from data.demo.seed import history_shape, seed_history
from data.demo.simulation import CitySimulation
from data.domains.incidents.models import Incident, IncidentEvent, IncidentMerge
from data.providers.alerts import AlertsProvider
from data.rules import aqi
from data.store.models_feeds import DeadLetter

# A window of the fixed seed's history with a storm that floods the river and a pollution episode.
END = datetime(2026, 11, 15, 17, 0, tzinfo=UTC)  # local midnight
DAYS = 5
START = END - timedelta(days=DAYS)
LIVE_FOR = timedelta(hours=2)


@pytest.fixture(scope="module", params=DATABASES)
def seeded(request, tmp_path_factory, fresh_services):
    with fresh_services(request.param, tmp_path_factory.mktemp("shape")) as services:
        seed_history(services.write_path, CitySimulation(services.pack), DAYS, end=END, progress=False,
                     evaluate_rules=AlertsProvider.from_services(services).evaluate)
        yield services, history_shape(services, START, END)


def test_shape001_every_simulated_record_passes_the_write_path(seeded):
    services, shape = seeded
    assert set(shape["rejected_by_feed"]) == {"seed/traffic", "seed/environment", "seed/cameras", "seed/incidents",
                                              "seed/indicators"}
    assert set(shape["rejected_by_feed"].values()) == {0}
    with services.engines.main.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DeadLetter)).scalar_one() == 0


def test_shape002_incidents_live_whole_lifecycles(seeded):
    services, shape = seeded
    statuses = shape["by_status"]
    assert 150 <= shape["incidents"] <= 300  # ~46 a day
    assert shape["ended_share_older_than_day"] >= 0.70
    assert 0.10 <= shape["late_share"] <= 0.20
    assert 10 <= shape["open_backlog"] <= 100  # tens, not a thousand
    assert statuses["closed"] >= 0.5 * shape["incidents"]
    assert statuses.get("rejected", 0) >= 3 and statuses.get("duplicate", 0) >= 3
    with services.engines.main.connect() as conn:
        notes = conn.execute(select(IncidentEvent.note).where(IncidentEvent.to_status.in_(
            ("rejected", "duplicate")))).scalars().all()
        merges = conn.execute(select(func.count()).select_from(IncidentMerge)).scalar_one()
        units_named = conn.execute(select(IncidentEvent.to_status).where(IncidentEvent.unit_code.is_not(None))
                                   .distinct()).scalars().all()
    assert notes and all(note and note.strip() for note in notes), "a rejection or merge always says why"
    assert merges == statuses["duplicate"]
    assert units_named == ["dispatched"], "only a dispatch names response units"


def test_shape003_durations_vary_by_category_and_severity(seeded):
    _, shape = seeded
    by_severity = shape["median_resolve_minutes_by_severity"]
    by_category = shape["median_resolve_minutes_by_category"]
    assert by_severity[1] < by_severity[2] < by_severity[3]
    assert by_category["giao_thong"] * 5 < by_category["trat_tu_do_thi"]
    assert len(set(by_category.values())) == len(by_category)


def test_shape004_every_station_kind_reports_at_its_cadence(seeded):
    _, shape = seeded
    per_day = shape["readings_per_station_day"]
    # air: 8 parameters every 15 min; water quality: 8 every hour; river and rain gauges every 15 min.
    assert per_day == pytest.approx({"air": 768, "water_quality": 192, "water_level": 96, "rain": 96}, rel=0.02)


def test_shape005_alerts_open_and_clear_in_the_history(seeded):
    services, shape = seeded
    alerts = shape["alerts"]
    assert set(alerts) >= {"aqi", "water_level", "camera_offline", "congestion"}
    for rule, counts in alerts.items():
        assert counts["opened"] >= 1 and counts["cleared"] >= 1, rule
    assert not AlertsProvider.from_services(services).alerts(include_cleared=True).empty


def test_shape006_the_live_simulator_continues_without_rejections(seeded):
    services, _ = seeded
    now = {"t": END}
    live = LiveSimulator(services.write_path, CitySimulation(services.pack), services.traffic,
                         clock=lambda: now["t"])
    while now["t"] < END + LIVE_FOR:
        now["t"] += timedelta(minutes=5)
        live.tick()
    feeds = services.feeds.status(now["t"]).set_index("feed")
    simulator_feeds = feeds[feeds.index.str.startswith("simulator/")]
    assert len(simulator_feeds) == 5 and (simulator_feeds["rejected_total"] == 0).all()
    assert live.totals["incident_events"] > 0 and live.totals["environment"] > 0
    assert live.begins == START.replace(second=0) or abs((live.begins - START).total_seconds()) < 600


def month_of_environment(pack, start: datetime) -> pd.DataFrame:
    sim = CitySimulation(pack)
    sim.stations = sim.stations[sim.stations["kind"].isin(["air", "water_level"])].reset_index(drop=True)
    return pd.DataFrame(sim.environment(start, start + timedelta(days=30)))


@pytest.mark.parametrize("months_back", [0, 1, 2])
def test_shape007_rivers_flood_and_air_degrades_on_a_few_days_a_month(pack, months_back):
    env = month_of_environment(pack, END - timedelta(days=30 * (months_back + 1)))
    levels = env[env["parameter"] == "water_level_m"].merge(pack.stations[["code", "alarm1"]], left_on="station",
                                                            right_on="code")
    local_day = (levels["ts"] + timedelta(hours=7)).dt.date
    flood_days = local_day[levels["value"] >= levels["alarm1"]].nunique()
    assert 1 <= flood_days <= 6

    air = env[env["parameter"].isin(aqi.POLLUTANTS)].assign(ts=lambda f: pd.to_datetime(f["ts"]).dt.floor("h"))
    hourly = aqi.hourly_aqi_frame(air.groupby(["station", "ts", "parameter"])["value"].mean().reset_index())
    alert_hours = hourly["aqi"] >= 151
    assert 0.003 <= alert_hours.mean() <= 0.10
    assert hourly.loc[alert_hours, "ts"].dt.date.nunique() >= 2


def test_shape008_a_history_starting_between_a_report_and_its_second_report_refuses_nothing(
        tmp_path, fresh_services):
    """A history asked to begin a second after an incident was first reported, and before its second report
    (a duplicate that merges into the first), still writes the first: no lifecycle event is refused."""
    with fresh_services("sqlite", tmp_path) as services:
        sim = CitySimulation(services.pack)
        hours = range(int(START.timestamp() // 3600), int(START.timestamp() // 3600) + 48)
        first = next(a.record["external_id"] for h in hours for a in sim._arrivals_of_hour(h) if a.duplicate_of)
        reported = next(a.record["reported_at"] for h in hours for a in sim._arrivals_of_hour(h)
                        if a.record["external_id"] == first.removesuffix("-D"))
        begin = reported + timedelta(seconds=1)
        seed_history(services.write_path, sim, 1, end=begin + timedelta(days=1), progress=False)
        shape = history_shape(services, begin, begin + timedelta(days=1))
        assert shape["rejected_by_feed"]["seed/incidents"] == 0
        with services.engines.main.connect() as conn:
            status = conn.execute(select(Incident.status).where(Incident.external_id == first)).scalar_one()
        assert status == "duplicate"  # the second report was merged into the first


def test_seeding_a_database_that_has_a_history_is_refused_and_changes_nothing(app_services, capsys):
    from data.domains.traffic.models import TrafficObs
    from data.store.models_alerts import Alert
    from data.wiring.commands import seed

    assert seed.main(["--days", "0.1"]) == 0

    def counts() -> tuple[int, int]:
        with app_services.engines["traffic"].connect() as conn:
            readings = conn.execute(select(func.count()).select_from(TrafficObs)).scalar()
        with app_services.engines["incidents"].connect() as conn:
            return readings, conn.execute(select(func.count()).select_from(Alert)).scalar()

    before = counts()
    assert before[0] > 0
    capsys.readouterr()
    assert seed.main(["--days", "0.1"]) == 2  # before: an IntegrityError from the alerts replayed at past moments
    assert "already holds a history" in capsys.readouterr().err
    assert counts() == before
