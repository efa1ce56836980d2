"""Bulk loads of raw rows: COPY through a staging table on PostgreSQL, one executemany on SQLite; both skip the
keys that exist, so a bulk load is idempotent like the write path."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy import Connection, Table


@dataclass(frozen=True)
class BulkLoad:
    """How the seeder writes a domain's records as columns instead of one record at a time.

    - `simulate`: "module:callable" giving the demo's records of [t0, t1) as a DataFrame of record fields
      (`ts` aware UTC) — the same records as the domain's `simulate`.
    - `code_field`: the record field naming a registered entity.
    - `stored(ctx, frame)` → (the raw table's rows for the records it accepts, a mask of the records it leaves
      to the per-record path, which refuses them with their reasons).
    - `table()`: the raw table; `keys`: its primary key (existing keys are skipped).
    - `roll_up(ctx, conn, rows)`: adds rows just stored to the rollups, as the write path does (the bulk path
      uses it when every row was new; when some existed, it rebuilds the window's rollups from the table).
    """

    simulate: str
    code_field: str
    stored: Callable[[Any, pd.DataFrame], tuple[pd.DataFrame, pd.Series]]
    table: Callable[[], Table]
    keys: tuple[str, ...]
    roll_up: Callable[[Any, Connection, pd.DataFrame], None]


def copy_new(conn: Connection, table: Table, rows: pd.DataFrame, keys: tuple[str, ...]) -> int:
    """Insert `rows` (columns named like the table's), skipping existing keys; returns how many were inserted."""
    if rows.empty:
        return 0
    columns = list(rows.columns)
    if conn.dialect.name == "postgresql":
        return _pg_copy(conn, table, rows, columns, keys)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(f'INSERT OR IGNORE INTO "{table.name}" ({names}) VALUES ({marks})',
                           zip(*(sqlite_values(rows[c]) for c in columns), strict=True))
        return cursor.rowcount
    finally:
        cursor.close()


def sqlite_values(column: pd.Series) -> list:
    """A column as the values SQLAlchemy stores on SQLite: UTC times as naive text, dates as ISO text, NaN as
    NULL."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return _utc_text(column).tolist()
    if column.dtype == object and isinstance(column.iloc[0], date):
        return [None if v is None else v.isoformat() for v in column]
    if column.isna().any():
        return column.astype(object).where(column.notna(), None).tolist()
    return column.tolist()


def _utc_text(column: pd.Series) -> np.ndarray:
    """Aware times as naive UTC text with microseconds (numpy formats them far faster than strftime)."""
    text = np.datetime_as_string(column.dt.tz_convert("UTC").to_numpy("datetime64[us]"), unit="us")
    return np.char.replace(text, "T", " ")


def _pg_copy(conn: Connection, table: Table, rows: pd.DataFrame, columns: list[str], keys: tuple[str, ...]) -> int:
    """COPY straight into the table when no stored row lies in the rows' time span (a history written into an
    empty range: no key can exist), else through a staging table and INSERT … ON CONFLICT DO NOTHING (in the
    caller's transaction). A row stored meanwhile by another writer makes the straight COPY fail in its
    savepoint, and the staging path skips it."""
    rows = rows.drop_duplicates(list(keys))  # COPY knows no ON CONFLICT, not even among its own rows
    buffer = io.StringIO()
    times = {c: np.char.add(_utc_text(rows[c]), "+00") for c in columns if isinstance(rows[c].dtype, pd.DatetimeTZDtype)}
    rows.assign(**times).to_csv(buffer, sep="\t", header=False, index=False, na_rep="\\N")
    text = buffer.getvalue()
    names = ", ".join(f'"{c}"' for c in columns)
    raw = conn.connection.driver_connection
    span = [k for k in keys if k in times]
    if span and _none_between(raw, table, span[0], rows[span[0]].min(), rows[span[0]].max()):
        try:
            with conn.begin_nested(), raw.cursor() as cursor, \
                    cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                copy.write(text)
            return len(rows)
        except psycopg.errors.UniqueViolation:
            pass
    stage = f"stage_{uuid.uuid4().hex[:12]}"
    with raw.cursor() as cursor:
        cursor.execute(f'CREATE TEMP TABLE "{stage}" (LIKE "{table.name}") ON COMMIT DROP')
        with cursor.copy(f'COPY "{stage}" ({names}) FROM STDIN') as copy:
            copy.write(text)
        key_names = ", ".join(f'"{k}"' for k in keys)
        cursor.execute(f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{stage}" '
                       f"ON CONFLICT ({key_names}) DO NOTHING")
        inserted = cursor.rowcount
        cursor.execute(f'DROP TABLE "{stage}"')
    return inserted


def _none_between(raw, table: Table, column: str, low: pd.Timestamp, high: pd.Timestamp) -> bool:
    with raw.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table.name}" WHERE "{column}" BETWEEN %s AND %s LIMIT 1',
                       (low.to_pydatetime(), high.to_pydatetime()))
        return cursor.fetchone() is None
