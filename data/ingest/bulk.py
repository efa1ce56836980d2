"""The seeder's bulk path: the write path's guarantees for records that come as columns.

A frame of one domain's records is checked as a whole — one record of the batch through the record model (the
batch's shape), then every row against the model's bounds, the registry's codes, the future and the domain's
own checks, vectorised — and the rows that pass are copied in at once; in the same transaction they are added to
the rollups as the write path adds its rows when all were new, else the window's rollups are rebuilt in set-based
SQL. Rows that fail any check go through the per-record path, which refuses
them with their index and reason, so nothing is accepted here that the write path would refuse."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from annotated_types import Ge, Le, MaxLen
from pydantic import BaseModel

from data.domains.registry import spec, specs
from data.ingest.write_path import MAX_FUTURE, WritePath, WriteResult
from data.store.bulk import copy_new


def bulk_write(write_path: WritePath, domain: str, frame: pd.DataFrame, feed: str,
               expected_every_s: int = 0) -> WriteResult:
    """Write a frame of `domain`'s records (fields as columns, `ts` aware UTC); like `WritePath.write`."""
    found = spec(domain)
    load = found.bulk
    if frame.empty:
        return WriteResult()
    frame = frame.reset_index(drop=True)
    if write_path.refusals(domain, [record_of(frame.iloc[0])]):  # the batch does not look like the records the domain takes: judge each one
        return write_path.write(domain, frame_records(frame), feed, expected_every_s)
    suspect = out_of_bounds(found.record, frame)
    suspect |= ~frame[load.code_field].isin(list(write_path.entities(domain)))
    suspect |= frame[found.record_time] > pd.Timestamp(write_path.clock() + MAX_FUTURE)
    rows, left = load.stored(write_path, frame[~suspect])
    suspect |= left.reindex(frame.index, fill_value=False)
    result = WriteResult()
    if suspect.any():
        per_record = write_path.write(domain, frame_records(frame[suspect]), feed, expected_every_s)
        positions = frame.index[suspect]
        result.rejected = [r.at(int(positions[r.index])) for r in per_record.rejected]
        result.accepted, result.duplicates = per_record.accepted, per_record.duplicates
    start = frame[found.record_time].min().to_pydatetime()
    end = frame[found.record_time].max().to_pydatetime() + timedelta(seconds=1)
    with write_path.engines[domain].begin() as conn:
        inserted = copy_new(conn, load.table(), rows, load.keys)
        if inserted == len(rows):  # every row new (a history's usual case): add them as the write path does
            load.roll_up(write_path, conn, rows)
        elif inserted:  # which rows were new is not known here: the window's rollups from the table
            found.rollups.rebuild(conn, start, end, write_path.offset)
        if inserted:
            write_path.bump_version(conn, domain)
    result.accepted += inserted
    result.duplicates += len(rows) - inserted
    data_ts = end - timedelta(seconds=1) if found.tracks_data_time else None
    write_path.record_feed(feed, domain, len(rows), 0, data_ts, expected_every_s, True)
    if inserted:
        write_path.notify(domain)
    return result


def raw_tables(engines) -> list[tuple]:
    """(engine, raw observation tables in it): the tables bulk loads write, partitioned by month on PostgreSQL."""
    by_engine: dict = {}
    for found in specs():
        if found.bulk is not None:
            engine = engines[found.name]
            by_engine.setdefault(id(engine), (engine, []))[1].append(found.bulk.table())
    return list(by_engine.values())


def out_of_bounds(model: type[BaseModel], frame: pd.DataFrame) -> pd.Series:
    """Rows whose values break the model's bounds (ge, le, max_length) or miss a required field."""
    bad = pd.Series(False, index=frame.index)
    for name, info in model.model_fields.items():
        if name not in frame:
            if info.is_required():
                bad |= True
            continue
        column = frame[name]
        if info.is_required():
            bad |= column.isna()
        for bound in info.metadata:
            if isinstance(bound, Ge):
                bad |= column.notna() & ~(column >= bound.ge)
            elif isinstance(bound, Le):
                bad |= column.notna() & ~(column <= bound.le)
            elif isinstance(bound, MaxLen):
                bad |= column.notna() & (column.astype(str).str.len() > bound.max_length)
    return bad


def record_of(row: pd.Series) -> dict:
    return {k: (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for k, v in row.items()
            if not (isinstance(v, float) and pd.isna(v))}


def frame_records(frame: pd.DataFrame) -> list[dict]:
    return [record_of(row) for _, row in frame.iterrows()]

