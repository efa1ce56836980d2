"""Rollups rebuilt in set-based SQL from the stored rows (after a bulk load, or for a new rollup table); the
write path keeps them up to date row batch by row batch (data/domains/<name>/writer.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Select, delete, func, insert, select

from data.store.db import aware_utc


@dataclass(frozen=True)
class Rollups:
    """A domain's rollups as a bulk load and an upgrade rebuild them.

    `rebuild(conn, start, end, offset_hours)` recomputes the rollups of [start, end) from the stored rows
    (whole hours and whole local days around it); `unbuilt(conn)` → the (start, end) of stored rows a daily
    rollup does not cover yet (its table is new), else None."""

    rebuild: Callable[[Connection, datetime, datetime, int], None]
    unbuilt: Callable[[Connection], tuple[datetime, datetime] | None]


def hours_of(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The whole UTC hours covering [start, end)."""
    low = start.replace(minute=0, second=0, microsecond=0)
    high = end.replace(minute=0, second=0, microsecond=0)
    return low, high if high == end else high + timedelta(hours=1)


def days_of(start: datetime, end: datetime, offset_hours: int) -> tuple[date, date]:
    """The local days (first, last inclusive) that [start, end) touches."""
    shift = timedelta(hours=offset_hours)
    return (start + shift).date(), (end - timedelta(microseconds=1) + shift).date()


def day_start(day: date, offset_hours: int) -> datetime:
    """The UTC moment a local day begins."""
    return datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=offset_hours)


def replace_range(conn: Connection, table, column, low, high, rows: Select) -> None:
    """Delete `table`'s rows with `column` in [low, high) and insert those `rows` selects (named like the
    table's columns) in their place."""
    conn.execute(delete(table).where(column >= low, column < high))
    conn.execute(insert(table).from_select([c.name for c in rows.selected_columns], rows))


def unbuilt_span(conn: Connection, raw_ts, daily_table) -> tuple[datetime, datetime] | None:
    """(oldest, newest + 1 s) of the stored rows when `daily_table` is empty, else None."""
    if conn.execute(select(1).select_from(daily_table).limit(1)).first() is not None:
        return None
    oldest, newest = conn.execute(select(func.min(raw_ts), func.max(raw_ts))).one()
    if oldest is None:
        return None
    return aware_utc(oldest), aware_utc(newest) + timedelta(seconds=1)
