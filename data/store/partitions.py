"""Raw observations by time: monthly partitions on PostgreSQL (native range partitioning, kept ahead of the data
by a job), and retention — raw rows kept `raw_retention_days`, the rollups for good.

Each partitioned table has a DEFAULT partition, so a write never fails for want of a month; `keep_ahead` creates
the months the data needs (rows that reached the default first are moved into their month) and the next ones.
Retention drops whole months on PostgreSQL and deletes rows on SQLite; daily and hourly rollups are kept."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine, delete, text

from data.store.background import BackgroundLoop
from data.store.db import utcnow

log = logging.getLogger("cityops")
MONTH = re.compile(r"_p(\d{4})(\d{2})$")


def is_partition(name: str) -> bool:
    """A partition's table name (a month or the default one): not in the models, left out of schema comparisons."""
    return bool(MONTH.search(name)) or name.endswith("_default")


def include_object(obj, name, type_, reflected, _compare_to) -> bool:
    """Alembic's filter: partitions and their indexes are the partitioned table's business, not the models'."""
    table = getattr(obj, "table", None) if type_ == "index" else obj
    table_name = name if type_ == "table" else getattr(table, "name", "")
    return not (reflected and is_partition(table_name or ""))


def month_start(day: date) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=UTC)


def next_month(start: datetime) -> datetime:
    return datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)


def is_partitioned(conn: Connection, table: str) -> bool:
    return conn.dialect.name == "postgresql" and conn.execute(text(
        "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        "WHERE c.relname = :t AND c.relnamespace = to_regnamespace(current_schema())"), {"t": table}).first() is not None


def months(conn: Connection, table: str) -> list[str]:
    """The monthly partitions of `table`, oldest first."""
    names = conn.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :t "
        "AND p.relnamespace = to_regnamespace(current_schema())"), {"t": table}).scalars()
    return sorted(n for n in names if MONTH.search(n))


def partition_name(table: str, start: datetime) -> str:
    return f"{table}_p{start:%Y%m}"


def add_month(conn: Connection, table, start: datetime) -> bool:
    """Create the partition of the month beginning at `start` (UTC), moving its rows out of the default one.
    False when it exists already."""
    name = partition_name(table.name, start)
    if name in months(conn, table.name):
        return False
    end = next_month(start)
    ts = table.c.ts.name
    bounds = {"lo": start, "hi": end}
    conn.execute(text(f'CREATE TABLE "{name}" (LIKE "{table.name}" INCLUDING DEFAULTS)'))
    default = f"{table.name}_default"
    conn.execute(text(f'INSERT INTO "{name}" SELECT * FROM "{default}" WHERE "{ts}" >= :lo AND "{ts}" < :hi'), bounds)
    conn.execute(text(f'DELETE FROM "{default}" WHERE "{ts}" >= :lo AND "{ts}" < :hi'), bounds)
    conn.execute(text(f"ALTER TABLE \"{table.name}\" ATTACH PARTITION \"{name}\" FOR VALUES FROM "
                      f"('{start.isoformat()}') TO ('{end.isoformat()}')"))
    return True


def keep_ahead(engine: Engine, tables: list, months_ahead: int = 2, now: datetime | None = None,
               since: datetime | None = None) -> int:
    """Partitions for every month that rows of the default partition fall in, from `since` (a history about to be
    written) and for the current month and `months_ahead` after it; returns how many were created. Nothing to do
    off PostgreSQL."""
    now = now or utcnow()
    created = 0
    with engine.begin() as conn:
        for table in tables:
            if not is_partitioned(conn, table.name):
                continue
            ts = table.c.ts.name
            oldest, newest = conn.execute(text(
                f'SELECT min("{ts}"), max("{ts}") FROM "{table.name}_default"')).one()
            start = month_start(min(oldest or now, since or now).date())
            last = month_start(max(newest or now, now).date())
            for _ in range(months_ahead):
                last = next_month(last)
            while start <= last:
                created += add_month(conn, table, start)
                start = next_month(start)
    return created


def drop_expired(engine: Engine, tables: list, keep_days: int, now: datetime | None = None) -> int:
    """Raw rows older than `keep_days`: whole months dropped on PostgreSQL (a month goes once all of it is
    older), rows deleted elsewhere. Returns the partitions dropped or rows deleted."""
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    removed = 0
    with engine.begin() as conn:
        for table in tables:
            if is_partitioned(conn, table.name):
                for name in months(conn, table.name):
                    year, month = map(int, MONTH.search(name).groups())
                    if next_month(datetime(year, month, 1, tzinfo=UTC)) <= cutoff:
                        conn.execute(text(f'ALTER TABLE "{table.name}" DETACH PARTITION "{name}"'))
                        conn.execute(text(f'DROP TABLE "{name}"'))
                        removed += 1
            else:
                removed += conn.execute(delete(table).where(table.c.ts < cutoff)).rowcount
    return removed


class PartitionJob(BackgroundLoop):
    """Keeps the months ahead and applies retention, once an hour (in the jobs process)."""

    name = "cityops-partitions"

    def __init__(self, targets: list[tuple[Engine, list]], keep_days: int | None, every_s: float = 3600.0):
        super().__init__()
        self.targets = targets
        self.keep_days = keep_days
        self.every_s = every_s

    def step(self) -> None:
        for engine, tables in self.targets:
            created = keep_ahead(engine, tables)
            dropped = drop_expired(engine, tables, self.keep_days) if self.keep_days else 0
            if created or dropped:
                log.info("partitions: %s created, %s expired removed", created, dropped)
        self.stopping.wait(self.every_s)
