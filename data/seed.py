"""Seed the database with simulated history through the shared write path.

    python -m data.seed --days 30            # what the app does on first start
    python -m data.seed --days 365 --segments 160
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select
from tqdm import tqdm

from data import models as m
from data.db import utcnow
from data.incidents import IncidentsProvider
from data.services import get_services
from data.setup import migrate_all
from data.simulation import SOURCE, CitySimulation
from data.writes import WritePath

DOMAINS = ("traffic", "environment", "cameras")


def seed_feed(domain: str) -> str:
    return f"seed/{domain}"


def write_window(write_path: WritePath, sim: CitySimulation, t0: datetime, t1: datetime,
                 feed_for=lambda d: f"{SOURCE}/{d}", expected_every_s: int | None = None) -> Counter:
    """Write every simulated record of [t0, t1); returns accepted counts per table."""
    counts: Counter = Counter()
    for domain in DOMAINS:
        result = write_path.write(domain, sim.records(domain, t0, t1), feed_for(domain), expected_every_s)
        counts[domain] += result.accepted
    new, events = sim.incidents(t0, t1)
    counts["incidents"] += write_path.write("incidents", new, feed_for("incidents"), expected_every_s).accepted
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
                 progress: bool = True) -> Counter:
    """Simulate `days` of history up to `end` (default now), a day at a time with a progress bar."""
    end = (end or utcnow()).replace(microsecond=0)
    start = end - timedelta(days=days)
    # Cameras begin online; outages in the history switch them off and on again.
    write_path.write("cameras", sim.initial_camera_status(start - timedelta(seconds=1)), seed_feed("cameras"), 0)
    counts: Counter = Counter()
    steps = max(1, int(round(days * 24 / 6)))  # six-hour chunks keep memory and transactions small
    step = (end - start) / steps
    with tqdm(total=steps, desc="Seeding history", unit="chunk", disable=not progress) as bar:
        for i in range(steps):
            t0, t1 = start + i * step, start + (i + 1) * step
            counts += write_window(write_path, sim, t0, t1, seed_feed, expected_every_s=0)
            bar.set_postfix(rows=sum(counts.values()))
            bar.update()
    return counts


def is_empty(write_path: WritePath) -> bool:
    with write_path.engines["traffic"].connect() as conn:
        return conn.execute(select(func.count()).select_from(m.TrafficObs)).scalar_one() == 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=30)
    parser.add_argument("--segments", type=int, default=None, help="simulate only the first N road segments")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    services = get_services()
    migrate_all(services)
    sim = CitySimulation(services.pack, seed=args.seed, segments=args.segments)
    counts = seed_history(services.write_path, sim, args.days)
    print("Seeded:", ", ".join(f"{k}={v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
