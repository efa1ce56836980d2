"""`cityops bench`: the provider queries behind the wall and the history views, timed on a database, against
naive pandas and DuckDB on the raw rows (measured in the same run, answers compared).

    cityops bench                                  # the configured database
    cityops bench --database postgresql+psycopg://…/cityops --database sqlite:///var/year.db --json bench.json
    cityops bench --seed-days 30                   # a fresh SQLite database seeded for the run (then removed)

A city-year to measure: `CITYOPS_DATABASE_URL=sqlite:///var/year.db cityops seed --days 365 --no-rules`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from data.commands.bench import run, table
from data.demo.seed import seed_history
from data.demo.simulation import CitySimulation
from data.store.settings import Settings
from data.wiring.services import Services
from data.wiring.setup import command_services, migrate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cityops bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", default=[], metavar="URL",
                        help="a database to measure (repeatable; default: the configured one)")
    parser.add_argument("--seed-days", type=float, default=None,
                        help="measure a fresh SQLite database seeded with this many days instead")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each provider question")
    parser.add_argument("--baseline-runs", type=int, default=2, help="timed runs of each baseline (pandas, DuckDB)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the reports as JSON")
    args = parser.parse_args(argv)
    reports = []
    if args.seed_days is not None:
        with tempfile.TemporaryDirectory() as folder:
            services = Services.create(Settings(data_dir=Path(folder), demo=False, _env_file=None))
            migrate_all(services)
            seed_history(services.write_path, CitySimulation(services.pack), args.seed_days,
                         end=datetime.now(UTC).replace(microsecond=0), progress=sys.stderr.isatty())
            reports.append(run(services, args.runs, args.baseline_runs))
            services.engines.dispose()
    elif args.database:
        for url in args.database:
            services = Services.create(Settings(database_url=url, demo=False, _env_file=None))
            migrate_all(services)
            reports.append(run(services, args.runs, args.baseline_runs))
            services.engines.dispose()
    else:
        reports.append(run(command_services(), args.runs))
    for report in reports:
        print(table(report), end="\n\n")
    if args.json:
        args.json.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
