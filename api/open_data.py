"""Open data out (read-only): GeoJSON of wards, segments, cameras and stations with their current state;
series, daily KPIs and incidents as JSON or CSV. Public unless `CITYOPS_OPEN_DATA_PUBLIC=false`.

Everything comes from the domain providers; reporters' personal data is never part of an answer.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import AwareDatetime, BaseModel

from api.deps import Problem, feed_of
from data.rules import lifecycle
from data.store.db import utcnow
from data.wiring.services import get_services
from geo.pack import wards_geojson

MAX_WINDOW = timedelta(days=400)
MAX_KPI_DAYS = 400
GEOJSON = "application/geo+json"


def open_access(request: Request) -> None:
    """Open data is public by configuration; otherwise any valid feed token may read it."""
    if not get_services().settings.open_data_public:
        feed_of(request)


router = APIRouter(prefix="/api/v1/open", tags=["open data"], dependencies=[Depends(open_access)],
                   responses={400: {"model": Problem}, 401: {"model": Problem}, 429: {"model": Problem}})


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str | None = None
    properties: dict[str, Any]
    geometry: dict[str, Any] | None


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]


class Table(BaseModel):
    """Rows of a series or table; `columns` names the keys of every row."""

    columns: list[str]
    rows: list[dict[str, Any]]


class Format(StrEnum):
    json = "json"
    csv = "csv"


class SeriesDomain(StrEnum):
    traffic = "traffic"
    environment = "environment"
    incidents = "incidents"
    cameras = "cameras"


class Bucket(StrEnum):
    hour = "hour"
    day = "day"


CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def _plain(value):
    """A frame cell as a JSON value: timestamps as ISO-8601 (UTC), NaN as null, numpy scalars as Python."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def table_response(frame: pd.DataFrame, fmt: Format, name: str) -> Response:
    if fmt is Format.csv:
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, date_format="%Y-%m-%dT%H:%M:%S%z")
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return JSONResponse({"columns": [str(c) for c in frame.columns], "rows": records(frame)})


def features(frame: pd.DataFrame, geometry) -> dict:
    """A FeatureCollection of a frame whose geometry comes from `geometry(row)`."""
    rows = records(frame)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "id": str(row["code"]), "properties": row, "geometry": geometry(row)}
                         for row in rows]}


def point(row: dict) -> dict:
    return {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}


def window(start: datetime | None, end: datetime | None, default: timedelta) -> tuple[datetime, datetime]:
    end = end or utcnow()
    start = start or end - default
    if end <= start:
        raise HTTPException(400, "end must be after start")
    if end - start > MAX_WINDOW:
        raise HTTPException(400, f"window longer than {MAX_WINDOW.days} days")
    return start, end


def geojson(data: dict) -> JSONResponse:
    return JSONResponse(data, media_type=GEOJSON)


@router.get("/wards.geojson", response_model=FeatureCollection, summary="Ward boundaries, simplified for the map")
def wards() -> JSONResponse:
    return geojson(wards_geojson(get_services().pack))


@router.get("/segments.geojson", response_model=FeatureCollection,
            summary="Road segments with their current state (speed, congestion level)")
async def segments(at: AwareDatetime | None = None) -> JSONResponse:
    def build() -> dict:
        traffic = get_services().traffic
        segs = traffic.segments()
        geometry = {code: g.__geo_interface__ for code, g in zip(segs["code"], segs.geometry, strict=True)}
        state = traffic.current(at)[["segment_code", "ts", "speed_kmh", "volume_vph", "occupancy",
                                     "speed_ratio", "level"]]
        frame = pd.DataFrame(segs.drop(columns="geometry")).merge(
            state, left_on="code", right_on="segment_code", how="left").drop(columns="segment_code")
        return features(frame, lambda row: geometry[row["code"]])

    return geojson(await run_in_threadpool(build))


@router.get("/cameras.geojson", response_model=FeatureCollection,
            summary="Cameras with their status (online, since); snapshot URLs are not published")
async def cameras(at: AwareDatetime | None = None) -> JSONResponse:
    def build() -> dict:
        status = get_services().cameras.status(at)
        return features(status[["code", "name", "kind", "ward_code", "lon", "lat", "online", "since", "down_s"]],
                        point)

    return geojson(await run_in_threadpool(build))


@router.get("/stations.geojson", response_model=FeatureCollection,
            summary="Environment stations with the latest VN_AQI (air) and latest readings")
async def stations(at: AwareDatetime | None = None) -> JSONResponse:
    def build() -> dict:
        env = get_services().environment
        frame = pd.DataFrame(env.stations().drop(columns="geometry"))
        aqi = env.aqi_current(at)[["station", "ts", "aqi", "dominant", "category"]].rename(
            columns={"ts": "aqi_ts", "station": "code"})
        frame = frame.merge(aqi, on="code", how="left")
        latest = env.latest(at)
        readings = {code: {r["parameter"]: {"value": r["value"], "unit": r["unit"], "ts": r["ts"]}
                           for r in records(group)} for code, group in latest.groupby("station_code")}
        frame["latest"] = [readings.get(code, {}) for code in frame["code"]]
        return features(frame, point)

    return geojson(await run_in_threadpool(build))


@router.get("/series/{domain}", response_model=Table, responses=CSV_RESPONSE,
            summary="A time series per hour (UTC) or local day, for the city, a ward or one entity")
async def series(domain: SeriesDomain, start: AwareDatetime | None = None, end: AwareDatetime | None = None,
                 bucket: Bucket = Bucket.hour,
                 ward: str | None = Query(None, max_length=24),
                 entity: str | None = Query(None, max_length=32, description="segment or station code"),
                 parameter: str = Query("pm25", max_length=24, description="environment parameter"),
                 format: Format = Format.json) -> Response:
    start, end = window(start, end, timedelta(hours=24) if bucket is Bucket.hour else timedelta(days=30))
    services = get_services()

    def build() -> pd.DataFrame:
        if domain is SeriesDomain.traffic:
            return services.traffic.series(start, end, bucket.value, segment=entity, ward=ward)
        if domain is SeriesDomain.environment:
            return services.environment.series(start, end, parameter, bucket.value, station=entity, ward=ward)
        if domain is SeriesDomain.cameras:
            return services.cameras.event_series(start, end, bucket.value, ward=ward)
        return services.incidents.series(start, end, bucket.value, ward=ward)

    return table_response(await run_in_threadpool(build), format, f"{domain.value}_{bucket.value}")


def daily_kpis(first: date, last: date, ward: str | None) -> pd.DataFrame:
    services = get_services()
    start = datetime.combine(first, datetime.min.time(), tzinfo=services.zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=services.zone)
    days = pd.DataFrame({"day": [first + timedelta(days=i) for i in range((last - first).days + 1)]})
    traffic = services.traffic.series(start, end, "day", ward=ward)[["bucket", "speed_kmh", "speed_ratio"]]
    incidents = services.incidents.series(start, end, "day", ward=ward).rename(
        columns={"incidents": "incidents_reported"})
    aqi = services.environment.aqi_daily(first, last, ward=ward)
    aqi = (aqi.groupby("day")["aqi"].max().rename("aqi_max").reset_index() if not aqi.empty
           else pd.DataFrame({"day": [], "aqi_max": []}))
    events = services.cameras.event_series(start, end, "day", ward=ward)
    events = events.groupby("bucket")["events"].sum().rename("camera_events").reset_index()
    frame = days.merge(traffic.rename(columns={"bucket": "day", "speed_kmh": "traffic_speed_kmh",
                                               "speed_ratio": "traffic_speed_ratio"}), on="day", how="left")
    frame = frame.merge(incidents.rename(columns={"bucket": "day"}), on="day", how="left")
    frame = frame.merge(aqi, on="day", how="left")
    frame = frame.merge(events.rename(columns={"bucket": "day"}), on="day", how="left")
    for column in ("incidents_reported", "camera_events"):
        frame[column] = frame[column].fillna(0).astype(int)
    return frame


EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)


@router.get("/kpi/daily", response_model=Table, responses=CSV_RESPONSE,
            summary="Daily KPIs per local day: mean traffic speed, incidents reported, worst VN_AQI, camera events")
async def kpi_daily(first: date | None = None, last: date | None = None,
                    ward: str | None = Query(None, max_length=24), format: Format = Format.json) -> Response:
    today = (utcnow().astimezone(get_services().zone)).date()
    last = last or today
    if not all(EARLIEST_DAY <= d <= LATEST_DAY for d in (first, last) if d is not None):
        raise HTTPException(400, f"dates must lie between {EARLIEST_DAY} and {LATEST_DAY}")
    first = first or last - timedelta(days=6)
    if last < first:
        raise HTTPException(400, "last must not be before first")
    if (last - first).days >= MAX_KPI_DAYS:
        raise HTTPException(400, f"at most {MAX_KPI_DAYS} days")
    return table_response(await run_in_threadpool(daily_kpis, first, last, ward), format, "kpi_daily")


INCIDENT_COLUMNS = ["id", "source", "category", "severity", "title", "lon", "lat", "ward_code", "reported_at",
                    "status", "status_since"]


@router.get("/incidents", response_model=Table, responses=CSV_RESPONSE,
            summary="Incidents reported in a window with their status (no reporter data; positions to ~10 m)")
async def incidents(start: AwareDatetime | None = None, end: AwareDatetime | None = None,
                    status: str | None = Query(None, max_length=16),
                    category: str | None = Query(None, max_length=32),
                    ward: str | None = Query(None, max_length=24),
                    limit: int = Query(1000, ge=1, le=10_000), format: Format = Format.json) -> Response:
    start, end = window(start, end, timedelta(days=7))
    if status is not None and status not in lifecycle.STATUSES:
        raise HTTPException(400, f"status must be one of {', '.join(lifecycle.STATUSES)}")

    def build() -> pd.DataFrame:
        frame = get_services().incidents.incidents(at=end, ward=ward, category=category, since=start,
                                                   status=(status,) if status else None)
        frame = frame[INCIDENT_COLUMNS].head(limit).copy()
        frame[["lon", "lat"]] = frame[["lon", "lat"]].round(4)
        return frame

    return table_response(await run_in_threadpool(build), format, "incidents")
