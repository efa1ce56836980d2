"""Idempotent inserts and additive rollups, the same on SQLite and PostgreSQL (the write path's toolbox)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, case, text

from data.store.db import dialect_insert


def insert_new(conn: Connection, table, rows: list[dict], keys: list[str]) -> list[dict]:
    """Insert rows, skipping existing keys and repeats within the batch; return the rows inserted."""
    unique = {tuple(r[k] for k in keys): r for r in rows}
    if not unique:
        return []
    if conn.dialect.name == "postgresql":
        returned = _pg_unnest_insert(conn, table, list(unique.values()), keys)
    else:
        stmt = dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys)
        stmt = stmt.returning(*[table.c[k] for k in keys])
        returned = conn.execute(stmt, list(unique.values()))
    return [unique[_key_of(row)] for row in returned]


def added(stmt, table, columns: Iterable[str]) -> dict:
    """ON CONFLICT updates that add the new row's values to the stored ones."""
    return {c: table.c[c] + stmt.excluded[c] for c in columns}


def add_to_rollup(conn: Connection, table, frame: pd.DataFrame, keys: list[str], sums: list[str],
                  minimum: tuple[str, ...] = (), maximum: tuple[str, ...] = ()) -> None:
    """Upsert rollup rows: `sums` columns are added, `minimum`/`maximum` columns keep the extreme."""
    if frame.empty:
        return
    stmt = dialect_insert(conn, table)
    updates = added(stmt, table, sums)
    for column in minimum:
        updates[column] = case((stmt.excluded[column] < table.c[column], stmt.excluded[column]), else_=table.c[column])
    for column in maximum:
        updates[column] = case((stmt.excluded[column] > table.c[column], stmt.excluded[column]), else_=table.c[column])
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), plain_rows(frame))


def hour_starts(ts: pd.Series) -> pd.Series:
    """Hour starts of a timestamp column, as aware UTC datetimes."""
    return pd.to_datetime(ts, utc=True).dt.floor("h")


def local_days(ts: pd.Series, offset_hours: int) -> pd.Series:
    """The local calendar day (a fixed UTC offset) of a timestamp column, as `datetime.date`s."""
    return (pd.to_datetime(ts, utc=True) + pd.Timedelta(hours=offset_hours)).dt.date


def plain_rows(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values (numpy scalars and NaN confuse DB drivers)."""
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")


def _key_of(row) -> tuple:
    """A RETURNING row as a key tuple, with timestamps made aware (SQLite hands back naive UTC)."""
    return tuple(v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v for v in row)


def _pg_unnest_insert(conn: Connection, table, rows: list[dict], keys: list[str]):
    """PostgreSQL: one INSERT … SELECT FROM unnest(arrays) instead of a many-VALUES statement.

    Same result as the generic ON CONFLICT DO NOTHING … RETURNING, several times faster for large batches
    (the driver no longer parses a statement with thousands of placeholders). Values travel as text arrays
    cast to each column's type, so mixed Python types in one column cannot confuse array adaptation.
    """
    columns = list(rows[0])
    types = {c: table.c[c].type.compile(dialect=conn.dialect) for c in columns}
    arrays = {}
    for i, c in enumerate(columns):
        bind = table.c[c].type.bind_processor(conn.dialect)
        values = (r[c] for r in rows)
        values = (bind(v) for v in values) if bind else values
        arrays[f"a{i}"] = [None if v is None else (v.isoformat() if isinstance(v, datetime) else str(v))
                           for v in values]
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    selected = ", ".join(f"CAST(u.c{i} AS {types[c]})" for i, c in enumerate(columns))
    unnest = ", ".join(f"CAST(:a{i} AS TEXT[])" for i in range(len(columns)))
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    key_names = ", ".join(quote(k) for k in keys)
    sql = (f"INSERT INTO {quote(table.name)} ({names}) SELECT {selected} FROM unnest({unnest}) AS u({aliases}) "
           f"ON CONFLICT ({key_names}) DO NOTHING RETURNING {key_names}")
    return conn.execute(text(sql), arrays)


# --- registry rows (from a city pack) --------------------------------------------------------------------------

def upsert(engine, table, rows: list[dict], keys: list[str]) -> None:
    """Insert rows, replacing every non-key column of the rows that exist."""
    if not rows:
        return
    with engine.begin() as conn:
        upsert_rows(conn, table, rows, keys)


def upsert_rows(conn: Connection, table, rows: list[dict], keys: list[str]) -> None:
    """:func:`upsert` in the caller's transaction."""
    if not rows:
        return
    stmt = dialect_insert(conn, table)
    updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def add_missing(engine, table, rows: list[dict], keys: list[str]) -> None:
    """Insert rows whose key is not there yet; existing rows (maybe edited by an admin) are left alone."""
    if rows:
        with engine.begin() as conn:
            conn.execute(dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys), rows)


def geojson_text(geometry) -> str:
    from shapely.geometry import mapping

    return json.dumps(mapping(geometry), separators=(",", ":"))


def none_if_nan(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value
