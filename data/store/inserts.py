"""Idempotent inserts and additive rollups, the same on SQLite and PostgreSQL (the write path's toolbox)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, text

from data.store.bulk import sqlite_values
from data.store.db import dialect_insert

SQLITE_VARIABLES = 32_766  # SQLite's limit on a statement's parameters since 3.32


def insert_new(conn: Connection, table, rows: list[dict], keys: list[str]) -> list[dict]:
    """Insert rows, skipping existing keys and repeats within the batch; return the rows inserted."""
    unique = {tuple(r[k] for k in keys): r for r in rows}
    if not unique:
        return []
    if conn.dialect.name == "postgresql":  # aware times come back: equal (and hashed) as the instants sent
        returned = _pg_unnest_insert(conn, table, list(unique.values()), keys).cursor.fetchall()  # plain tuples
        return [unique[row] for row in returned]
    columns = list(next(iter(unique.values())))
    if any(c.default is not None for c in table.columns if c.name not in columns):  # Python-side defaults
        stmt = dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys)
        stmt = stmt.returning(*[table.c[k] for k in keys])
        return [unique[_key_of(row)] for row in conn.execute(stmt, list(unique.values()))]
    return _sqlite_insert_new(conn, table, list(unique.values()), columns, keys)


def _sqlite_insert_new(conn: Connection, table, rows: list[dict], columns: list[str], keys: list[str]) -> list[dict]:
    """SQLite: multi-row INSERT … ON CONFLICT DO NOTHING RETURNING the keys on the driver's cursor, the values
    bound by the columns' own SQLAlchemy processors (as stored by the generic statement, at a fraction of its
    per-row cost). The keys come back as stored and are matched on the rows' bound keys."""
    binds = [table.c[c].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for c in columns]
    bound = [[bind(r[c]) if bind and r[c] is not None else r[c] for r in rows]
             for c, bind in zip(columns, binds, strict=True)]
    at = [columns.index(k) for k in keys]
    by_key = {tuple(bound[i][n] for i in at): row for n, row in enumerate(rows)}
    names = ", ".join(f'"{c}"' for c in columns)
    returned = ", ".join(f'"{k}"' for k in keys)
    per_statement = SQLITE_VARIABLES // len(columns)
    cursor = conn.connection.cursor()
    inserted = []
    try:
        for start in range(0, len(rows), per_statement):
            count = min(per_statement, len(rows) - start)
            values = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * count)
            cursor.execute(f'INSERT INTO "{table.name}" ({names}) VALUES {values} ON CONFLICT ({", ".join(keys)}) '
                           f'DO NOTHING RETURNING {returned}',
                           [column[n] for n in range(start, start + count) for column in bound])
            inserted.extend(by_key[tuple(row)] for row in cursor.fetchall())
    finally:
        cursor.close()
    return inserted


def added(stmt, table, columns: Iterable[str]) -> dict:
    """ON CONFLICT updates that add the new row's values to the stored ones."""
    return {c: table.c[c] + stmt.excluded[c] for c in columns}


def add_to_rollup(conn: Connection, table, frame: pd.DataFrame, keys: list[str], sums: list[str],
                  minimum: tuple[str, ...] = (), maximum: tuple[str, ...] = ()) -> None:
    """Upsert rollup rows: `sums` columns are added, `minimum`/`maximum` columns keep the extreme."""
    if frame.empty:
        return
    if conn.dialect.name == "postgresql":  # one statement over arrays: a batch's thousands of rows at once
        quote = conn.dialect.identifier_preparer.quote
        stored = quote(table.name)
        sets = [f"{quote(c)} = {stored}.{quote(c)} + EXCLUDED.{quote(c)}" for c in sums]
        sets += [f"{quote(c)} = LEAST({stored}.{quote(c)}, EXCLUDED.{quote(c)})" for c in minimum]
        sets += [f"{quote(c)} = GREATEST({stored}.{quote(c)}, EXCLUDED.{quote(c)})" for c in maximum]
        updates = ", ".join(sets)
        columns = list(frame.columns)
        _pg_unnest(conn, table, columns, {c: frame[c].tolist() for c in columns},
                   f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {updates}")
        return
    # SQLite: one executemany of plain values on the driver's cursor (SQLAlchemy's per-row binding cost more
    # than the upserts themselves); min() and max() of two values are scalar functions there.
    sets = [f'"{c}" = "{c}" + excluded."{c}"' for c in sums]
    sets += [f'"{c}" = min("{c}", excluded."{c}")' for c in minimum]
    sets += [f'"{c}" = max("{c}", excluded."{c}")' for c in maximum]
    columns = list(frame.columns)
    names = ", ".join(f'"{c}"' for c in columns)
    sql = (f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))}) '
           f'ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {", ".join(sets)}')
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql, zip(*(sqlite_values(frame[c]) for c in columns), strict=True))
    finally:
        cursor.close()


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
    """PostgreSQL: ON CONFLICT DO NOTHING … RETURNING the keys, as one statement over arrays (`_pg_unnest`)."""
    columns = list(rows[0])
    key_names = ", ".join(conn.dialect.identifier_preparer.quote(k) for k in keys)
    return _pg_unnest(conn, table, columns, {c: [r[c] for r in rows] for c in columns},
                      f"ON CONFLICT ({key_names}) DO NOTHING RETURNING {key_names}")


def _pg_unnest(conn: Connection, table, columns: list[str], values: dict[str, list], conflict: str):
    """PostgreSQL: one INSERT … SELECT FROM unnest(arrays) … `conflict` instead of a many-VALUES statement.

    Several times faster than the generic statements for large batches (the driver no longer parses a statement
    with thousands of placeholders, nor sends one per row). Values travel as text arrays cast to each column's
    type, so mixed Python types in one column cannot confuse array adaptation; NaN travels as NULL.
    """
    types = {c: table.c[c].type.compile(dialect=conn.dialect) for c in columns}
    arrays = {}
    for i, c in enumerate(columns):
        bind = table.c[c].type.bind_processor(conn.dialect)
        column = [bind(v) for v in values[c]] if bind else values[c]
        arrays[f"a{i}"] = _array_literal(_as_text(column))
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    selected = ", ".join(f"CAST(u.c{i} AS {types[c]})" for i, c in enumerate(columns))
    unnest = ", ".join(f"CAST(:a{i} AS TEXT[])" for i in range(len(columns)))
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    sql = (f"INSERT INTO {quote(table.name)} ({names}) SELECT {selected} FROM unnest({unnest}) AS u({aliases}) "
           f"{conflict}")
    return conn.execute(text(sql), arrays)


def _array_literal(values: list) -> str:
    """A text[] literal: every element quoted (backslashes and quotes escaped), NULL bare. One string for the
    driver to send, several times faster than its adapting a list of thousands of strings."""
    return "{" + ",".join("NULL" if v is None else '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for v in values) + "}"


def _as_text(values: list) -> list:
    """Values as PostgreSQL's text input (None and NaN as NULL); one conversion for a column of one type."""
    kinds = {type(v) for v in values}
    if kinds <= {str, type(None)}:
        return values
    if kinds <= {int, type(None)}:
        return [None if v is None else str(v) for v in values]
    if kinds <= {float, type(None)}:
        return [None if v is None or v != v else repr(v) for v in values]
    if len(kinds - {type(None)}) == 1 and issubclass(next(iter(kinds - {type(None)})), datetime | date):
        return [None if v is None else v.isoformat() for v in values]
    return [None if v is None or (isinstance(v, float) and v != v)
            else (v.isoformat() if isinstance(v, datetime | date) else str(v)) for v in values]


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
