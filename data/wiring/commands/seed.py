"""`cityops seed`: simulated history written through the write path, with the alert rules evaluated as it goes.

    cityops seed --days 30            # what the app does on first start
    cityops seed --days 365 --no-rules  # a city-year for benchmarks, without the alert history
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta

from data.demo.seed import history_shape, is_empty, seed_history
from data.demo.simulation import CitySimulation
from data.providers.alerts import AlertsProvider
from data.store.db import utcnow
from data.wiring.setup import command_services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops seed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=30)
    parser.add_argument("--segments", type=int, default=None, help="simulate only the first N road segments")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-rules", action="store_true",
                        help="do not evaluate the alert rules over the history (no alerts in it; faster)")
    args = parser.parse_args(argv)
    services = command_services(create=True)
    if not is_empty(services.write_path):
        # Replaying a history over one already written would re-open and re-clear its alerts at past moments.
        oldest, newest = services.traffic.reading_span()
        print(f"cityops seed: the database already holds a history ({oldest:%Y-%m-%d %H:%M} to "
              f"{newest:%Y-%m-%d %H:%M} UTC); seeding writes one into an empty database only. Nothing was changed.",
              file=sys.stderr)
        return 2
    sim = CitySimulation(services.pack, seed=args.seed, segments=args.segments)
    end = utcnow().replace(microsecond=0)
    began = time.perf_counter()
    counts = seed_history(services.write_path, sim, args.days, end=end,
                          evaluate_rules=None if args.no_rules else AlertsProvider.from_services(services).evaluate)
    seconds = time.perf_counter() - began
    rows = sum(counts.values())
    print("Seeded:", ", ".join(f"{k}={v:,}" for k, v in counts.items()),
          f"— {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
    print(json.dumps(history_shape(services, end - timedelta(days=args.days), end), ensure_ascii=False, indent=1))
    return 0

