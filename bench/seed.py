"""Seeding throughput: the same simulated days written by the per-record write path (the baseline) and by the
bulk path, each into a fresh database, alternating, on SQLite and (with --pg) PostgreSQL. Prints rows/s of
wall time and of the process's CPU time (the machine may be shared), medians over the repetitions, and the ratio.
Budget: ≥ 200,000 rows/s. For scale, the storage's own ceiling in the same run: the bulk domains' raw rows of the
same days (simulated beforehand) written by the bare bulk insert alone into a fresh database, with no validation,
no rollups and no other domain.

    .venv/bin/python bench/seed.py [--days 3] [--repeat 3] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from data.demo.seed import write_window  # noqa: E402
from data.demo.simulation import CitySimulation  # noqa: E402
from data.domains.registry import specs  # noqa: E402
from data.ingest.bulk import raw_tables  # noqa: E402
from data.store.bulk import copy_new  # noqa: E402
from data.store.db import Engines, make_engine  # noqa: E402
from data.store.partitions import keep_ahead  # noqa: E402
from data.store.settings import Settings  # noqa: E402
from data.wiring.services import Services  # noqa: E402
from data.wiring.setup import migrate_all  # noqa: E402

END = datetime(2026, 11, 1, tzinfo=UTC)
BUDGET = 200_000


def fresh(kind: str, folder: Path, pg: str | None):
    """Migrated services on a new SQLite file or a new PostgreSQL schema, and how to remove them."""
    if kind == "sqlite":
        path = folder / f"{uuid.uuid4().hex}.db"
        engines = Engines.single(make_engine(f"sqlite:///{path}"))
        drop = path.unlink
    else:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(pg)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engines = Engines.single(create_engine(pg, connect_args={"options": f"-csearch_path={schema}"}))

        def drop():
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    services = Services.create(Settings(data_dir=folder, demo=False, _env_file=None), engines)
    migrate_all(services)
    return services, drop


def seed_once(kind: str, folder: Path, pg: str | None, days: float, bulk: bool) -> tuple[int, float, float]:
    services, drop = fresh(kind, folder, pg)
    sim = CitySimulation(services.pack, seed=2025)
    start = END - timedelta(days=days)
    wall, cpu = time.perf_counter(), time.process_time()
    rows = 0
    day = start
    while day < END:  # day-long windows, as the seeder writes them without rules
        counts = write_window(services.write_path, sim, day, min(day + timedelta(days=1), END), lambda d: f"seed/{d}",
                              expected_every_s=0, reported_since=start, bulk=bulk)
        rows += sum(counts.values())
        day += timedelta(days=1)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    services.engines.dispose()
    drop()
    return rows, wall, cpu


def bare_once(kind: str, folder: Path, pg: str | None, days: float) -> tuple[int, float, float]:
    """The raw rows of the bulk domains, simulated and shaped beforehand, written by `copy_new` alone (one
    transaction a day)."""
    services, drop = fresh(kind, folder, pg)
    sim = CitySimulation(services.pack, seed=2025)
    start = END - timedelta(days=days)
    for engine, tables in raw_tables(services.write_path.engines):
        keep_ahead(engine, tables, since=start)
    loads = []
    day = start
    while day < END:
        for found in specs():
            if found.bulk is not None:
                rows, _left = found.bulk.stored(services.write_path, sim.frame(found.name, day, min(day + timedelta(days=1), END)))
                loads.append((services.engines[found.name], found.bulk, rows))
        day += timedelta(days=1)
    wall, cpu = time.perf_counter(), time.process_time()
    rows = 0
    for engine, load, frame in loads:
        with engine.begin() as conn:
            rows += copy_new(conn, load.table(), frame, load.keys)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    services.engines.dispose()
    drop()
    return rows, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", default=None)
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if args.pg else [])
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            runs = {"record": [], "bulk": [], "bare": []}
            for _ in range(args.repeat):
                runs["record"].append(seed_once(kind, Path(folder), args.pg, args.days, False))
                runs["bulk"].append(seed_once(kind, Path(folder), args.pg, args.days, True))
                runs["bare"].append(bare_once(kind, Path(folder), args.pg, args.days))
            rates = {}
            for run, label in (("record", "per-record write path"), ("bulk", "bulk path"),
                               ("bare", "storage ceiling")):
                rows = runs[run][0][0]
                wall = statistics.median(rows / w for _, w, _ in runs[run])
                cpu = statistics.median(rows / c for _, _, c in runs[run])
                rates[run] = (wall, cpu)
                print(f"{kind:<10} {label:<22} {rows:>9,} rows  {wall:>9,.0f} rows/s  {cpu:>9,.0f} rows per CPU-s")
            print(f"{kind:<10} bulk / per-record: ×{rates['bulk'][0] / rates['record'][0]:.1f} (wall), "
                  f"×{rates['bulk'][1] / rates['record'][1]:.1f} (CPU); bulk / storage ceiling: "
                  f"{rates['bulk'][0] / rates['bare'][0]:.2f}; budget {BUDGET:,} rows/s")


if __name__ == "__main__":
    main()
