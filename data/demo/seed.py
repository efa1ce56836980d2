"""Seed the database with simulated history through the shared write path.

    cityops seed --days 30            # what the app does on first start
    cityops seed --days 365 --segments 160
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pandas as pd
from tqdm import tqdm

from data.demo.simulation import SOURCE, CitySimulation
from data.domains.incidents.provider import IncidentsProvider
from data.domains.incidents.sla import resolve_lateness
from data.domains.registry import specs
from data.domains.traffic.provider import TrafficProvider
from data.ingest.bulk import bulk_write, raw_tables
from data.ingest.write_path import WritePath
from data.providers.alerts import AlertsProvider
from data.store.db import utcnow
from data.store.partitions import keep_ahead


def seed_feed(domain: str) -> str:
    return f"seed/{domain}"


def write_window(write_path: WritePath, sim: CitySimulation, t0: datetime, t1: datetime,
                 feed_for=lambda d: f"{SOURCE}/{d}", expected_every_s: int | None = None,
                 reported_since: datetime | None = None, bulk: bool = False) -> Counter:
    """Write every simulated record of [t0, t1); returns accepted counts per table. Lifecycle events of
    incidents reported before `reported_since` (before the simulated history began) are left out. `bulk`
    writes the domains that have a bulk load as columns (the seeder's history)."""
    counts: Counter = Counter()
    for found in specs():
        if bulk and found.bulk is not None:
            result = bulk_write(write_path, found.name, sim.frame(found.name, t0, t1), feed_for(found.name),
                                expected_every_s or 0)
        elif found.simulate is not None:
            result = write_path.write(found.name, sim.records(found.name, t0, t1), feed_for(found.name),
                                      expected_every_s)
        else:
            continue
        counts[found.name] += result.accepted
    _new, events = sim.incidents(t0, t1, reported_since)
    events = with_active_units(write_path, events)
    counts["incident_events"] += write_path.incident_events(events, feed_for("incidents")).accepted
    return counts


def with_active_units(write_path: WritePath, events: list[dict]) -> list[dict]:
    """The simulated operator dispatches an active unit: a planned unit that an admin deactivated is replaced by
    an active one of the same kind (none left: the dispatch names no unit)."""
    planned = {e["unit_code"] for e in events if e.get("unit_code")}
    if not planned:
        return events
    units = IncidentsProvider(write_path.engines["incidents"]).response_units()  # ordered by code
    active = units[units["active"].astype(bool)]
    active_codes = set(active["code"])
    if planned <= active_codes:
        return events
    kind_of = dict(zip(units["code"], units["kind"], strict=True))
    stand_in = active.drop_duplicates("kind").set_index("kind")["code"].to_dict()
    return [e if not e.get("unit_code") or e["unit_code"] in active_codes
            else {**e, "unit_code": stand_in.get(kind_of.get(e["unit_code"]))} for e in events]


def seed_history(write_path: WritePath, sim: CitySimulation, days: float, end: datetime | None = None,
                 progress: bool = True, evaluate_rules: Callable[[datetime], object] | None = None,
                 rules_every: timedelta = timedelta(hours=1),
                 on_progress: Callable[[float], None] | None = None) -> Counter:
    """Simulate `days` of history up to `end` (default now) in six-hour chunks with a progress bar.

    `evaluate_rules(at)` (the alert rules) runs every `rules_every` of simulated time after the chunk holding
    `at` is written, so alerts open and clear in the history as they would have live (every rule reads only
    data up to `at`). `on_progress(share)` hears the share done after every chunk."""
    end = (end or utcnow()).replace(microsecond=0)
    # From the start of an hour: the simulator reports a second report of an incident within the hour of the
    # first, so a history starting mid-hour could hold the second without the first (its merge refused).
    start = (end - timedelta(days=days)).replace(minute=0, second=0)
    for engine, tables in raw_tables(write_path.engines):  # the history's months as partitions (PostgreSQL)
        keep_ahead(engine, tables, since=start)
    # Cameras begin online; outages in the history switch them off and on again.
    write_path.write("cameras", sim.initial_camera_status(start - timedelta(seconds=1)), seed_feed("cameras"), 0)
    counts: Counter = Counter()
    # Six-hour chunks between rule evaluations keep the history's alerts close to live; without rules, days.
    chunk_hours = 6 if evaluate_rules is not None else 24
    steps = max(1, int(round(days * 24 / chunk_hours)))
    step = (end - start) / steps
    with tqdm(total=steps, desc="Seeding history", unit="chunk", disable=not progress) as bar:
        for i in range(steps):
            t0, t1 = start + i * step, start + (i + 1) * step
            counts += write_window(write_path, sim, t0, t1, seed_feed, expected_every_s=0, reported_since=start,
                                   bulk=True)
            if evaluate_rules is not None:
                for at in moments(t0, t1, rules_every):
                    evaluate_rules(at)
            bar.set_postfix(rows=sum(counts.values()))
            bar.update()
            if on_progress is not None:
                on_progress((i + 1) / steps)
    return counts


def moments(t0: datetime, t1: datetime, every: timedelta) -> list[datetime]:
    """The multiples of `every` (from the Unix epoch) in (t0, t1]."""
    step = every.total_seconds()
    first = math.floor(t0.timestamp() / step) + 1
    last = math.floor(t1.timestamp() / step)
    return [datetime.fromtimestamp(k * step, UTC) for k in range(first, last + 1)]


def history_shape(services, start: datetime, end: datetime) -> dict:
    """What the history in [start, end) looks like (from the process's services), as a newcomer would judge the
    demo: incidents by status at `end`, the share of those older than a day that ended, the share late against
    their SLA, median minutes to resolve by category and severity, the open backlog; alerts opened and cleared
    per rule; readings per station and day by station kind; rejected records per feed (since each feed began)."""
    milestones = services.incidents.milestones(start, end)
    lateness = resolve_lateness(milestones, services.pack.sla, end)
    older = milestones[milestones["reported_at"] < pd.Timestamp(end) - pd.Timedelta(days=1)]
    resolved = milestones.dropna(subset=["resolved_at"])
    minutes = (resolved["resolved_at"] - resolved["reported_at"]).dt.total_seconds() / 60
    statuses = services.incidents.counts(start, end, by="status")
    readings = services.environment.reading_counts(start, end)
    days = (end - start) / timedelta(days=1)
    per_station = readings.groupby(["kind", "station_code"])["readings"].sum().groupby("kind").mean() / days
    feeds = services.feeds.status(end)
    episodes = AlertsProvider.from_services(services).episodes(start, end)
    return {
        "incidents": len(milestones),
        "by_status": dict(zip(statuses["status"], statuses["incidents"].astype(int), strict=True)),
        "ended_share_older_than_day": float(older["ended_at"].notna().mean()) if len(older) else None,
        "late_share": float(lateness.loc[lateness["counted"], "late"].mean()) if lateness["counted"].any() else None,
        "median_resolve_minutes_by_category": minutes.groupby(resolved["category"]).median().round(1).to_dict(),
        "median_resolve_minutes_by_severity": minutes.groupby(resolved["severity"]).median().round(1).to_dict(),
        "open_backlog": int(services.incidents.summary(end)["open"]),
        "alerts": {r.rule: {"opened": int(r.opened), "cleared": int(r.cleared)} for r in episodes.itertuples()},
        "readings_per_station_day": per_station.round(1).to_dict(),
        "rejected_by_feed": dict(zip(feeds["feed"], feeds["rejected_total"].astype(int), strict=True)),
    }


def is_empty(write_path: WritePath) -> bool:
    return TrafficProvider(write_path.engines["traffic"]).reading_span() == (None, None)
