"""Helpers shared by the domain providers: time windows, frames from SQL, GeoJSON geometry."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import shape
from sqlalchemy import Engine, Select, String, select, type_coerce

from data.store.db import hour_floor, local_day, utcnow

TZ_OFFSET_HOURS = 7  # default local offset (Asia/Ho_Chi_Minh); providers take the pack's offset
BUCKETS = ("hour", "day")


def as_of(at: datetime | None) -> datetime:
    """The moment a "current state" question is asked for (default: now), as aware UTC."""
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValueError("at= must carry a UTC offset")
    return at.astimezone(UTC)


def window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = as_of(start), as_of(end)
    if end <= start:
        raise ValueError("end must be after start")
    return start, end


def read_frame(engine: Engine, stmt: Select, utc_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of `stmt` as a frame, `utc_columns` as aware UTC times."""
    if engine.dialect.name == "sqlite" and utc_columns and isinstance(stmt, Select):
        stmt = as_stored_text(stmt, utc_columns)
    with engine.connect() as conn:
        result = conn.execute(stmt)
        columns = list(result.keys())
        # Plain tuples: from SQLAlchemy Row objects pandas probes every row (≈ 7× slower on large frames).
        frame = pd.DataFrame([tuple(row) for row in result.fetchall()], columns=columns)
    for column in utc_columns:
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


def as_stored_text(stmt: Select, names: tuple[str, ...]) -> Select:
    """SQLite keeps times as text, which SQLAlchemy parses into a datetime row by row (a third of a large read);
    the named columns come as that text instead, for pandas to read at once."""
    return stmt.with_only_columns(*(type_coerce(c, String).label(c.key) if c.key in names else c
                                    for c in stmt.selected_columns), maintain_column_froms=True)


@lru_cache(maxsize=32_768)
def geometry_of(text: str):
    """A stored GeoJSON geometry as a shapely one, parsed once per process: registries hold the same few thousand
    geometries (a province's segments) that every map refresh reads again. Shapely geometries are immutable."""
    return shape(json.loads(text))


def to_geoframe(frame: pd.DataFrame, geometry_column: str = "geometry") -> gpd.GeoDataFrame:
    geometry = [geometry_of(g) for g in frame[geometry_column]]
    return gpd.GeoDataFrame(frame.drop(columns=[geometry_column]), geometry=geometry, crs="EPSG:4326")


def points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def bucket_column(column, bucket: str, offset_hours: int, hourly: bool = True):
    """SQL for a bucket label: the hour (already an hour for rollups) or the local day."""
    if bucket == "hour":
        return column if hourly else hour_floor(column)
    if bucket == "day":
        return local_day(column, offset_hours)
    raise ValueError(f"bucket must be one of {BUCKETS}")


def normalise_bucket(frame: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """Bucket labels as UTC timestamps (hour) or local dates (day), whatever the dialect returned."""
    if frame.empty:
        frame["bucket"] = pd.Series(dtype="datetime64[ns, UTC]" if bucket == "hour" else object)
        return frame
    if bucket == "hour":
        frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True)
    else:
        frame["bucket"] = pd.to_datetime(frame["bucket"]).dt.date
    return frame.sort_values("bucket").reset_index(drop=True)


def split_days(start: datetime, end: datetime, offset_hours: int) -> tuple[list[tuple[datetime, datetime]],
                                                                         tuple[date, date] | None]:
    """[start, end) as the whole local days inside it (first, last inclusive; None when there is none) and the
    pieces before and after them (UTC windows)."""
    shift = timedelta(hours=offset_hours)
    local_start = start + shift
    first = local_start.date() + timedelta(days=0 if local_start.time() == time() else 1)
    last = (end + shift).date() - timedelta(days=1)
    if first > last:
        return [(start, end)], None
    whole_from = datetime.combine(first, time(), tzinfo=UTC) - shift
    whole_to = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC) - shift
    edges = [(a, b) for a, b in ((start, whole_from), (whole_to, end)) if a < b]
    return edges, (first, last)


def by_local_day(engine: Engine, start: datetime, end: datetime, offset_hours: int,
                 from_hours: Callable[[datetime, datetime], Select], from_days: Callable[[date, date], Select],
                 combine: dict[str, str], keys: tuple[str, ...] = ()) -> pd.DataFrame:
    """Partial aggregates per local day over [start, end): the whole days from a daily rollup
    (`from_days(first, last)`), the hours before and after them from the hourly one (`from_hours(low,
    high)`). Both select `bucket` (the local day), `keys` and the columns of `combine` (column → "sum", "min"
    or "max"), which merge the two sources' rows of one day."""
    edges, days = split_days(start, end, offset_hours)
    parts = [read_frame(engine, from_hours(low, high)) for low, high in edges]
    if days is not None:
        parts.append(read_frame(engine, from_days(*days)))
    frame = pd.concat([p for p in parts if not p.empty] or parts[:1], ignore_index=True)
    if frame.empty:
        return frame
    frame["bucket"] = pd.to_datetime(frame["bucket"]).dt.date
    return frame.groupby(["bucket", *keys], as_index=False).agg(combine)


# --- frames as JSON (open data, pushed records) -----------------------------------------------------------

def json_value(value):
    """A frame cell as a JSON value: timestamps as ISO-8601 (UTC), NaN as null, numpy scalars as Python."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return json_value(value.item())
    return value


def json_records(frame: pd.DataFrame) -> list[dict]:
    return [{k: json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def feature_collection(frame: pd.DataFrame, geometry) -> dict:
    """A GeoJSON FeatureCollection of a frame with a `code` column; `geometry(row)` gives each geometry."""
    rows = json_records(frame)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "id": str(row["code"]), "properties": row, "geometry": geometry(row)}
                         for row in rows]}


def point_geometry(row: dict) -> dict:
    return {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}


class DomainProvider:
    """What every domain's provider is built from: its engine and the city's UTC offset (local days)."""

    def __init__(self, engine: Engine, tz_offset_hours: int = TZ_OFFSET_HOURS):
        self.engine = engine
        self.offset = tz_offset_hours

    def sites(self, model, ward: str | None = None, kind: str | None = None) -> gpd.GeoDataFrame:
        """The rows of a registry of point sites (`model` with code, kind, ward_code, lon, lat) as points."""
        stmt = select(model.__table__).order_by(model.code)
        if kind:
            stmt = stmt.where(model.kind == kind)
        if ward:
            stmt = stmt.where(model.ward_code == ward)
        return points(read_frame(self.engine, stmt))
