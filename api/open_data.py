"""Open data out (read-only): GeoJSON of wards, segments, cameras and stations with their current state;
series, daily KPIs and incidents as JSON or CSV. Public unless `CITYOPS_OPEN_DATA_PUBLIC=false`.

Everything comes from the domain providers; reporters' personal data is never part of an answer.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import AwareDatetime, BaseModel

from api.deps import Problem, feed_of
from data.domains.registry import spec, specs
from data.domains.spec import OpenLayer
from data.rules import lifecycle
from data.store.db import utcnow
from data.store.frames import json_records
from data.wiring.services import get_services
from geo.pack import wards_geojson

MAX_WINDOW = timedelta(days=400)
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # what a date or time parameter may be
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


class Bucket(StrEnum):
    hour = "hour"
    day = "day"


CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def table_response(frame: pd.DataFrame, fmt: Format, name: str) -> Response:
    if fmt is Format.csv:
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, date_format="%Y-%m-%dT%H:%M:%S%z")
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return JSONResponse({"columns": [str(c) for c in frame.columns], "rows": json_records(frame)})


def check_times(*times: datetime | None) -> None:
    """Refuse times no question of this city can be about (they would overflow date arithmetic)."""
    if not all(EARLIEST_DAY <= d.date() <= LATEST_DAY for d in times if d is not None):
        raise HTTPException(400, f"times must lie between {EARLIEST_DAY} and {LATEST_DAY}")


def window(start: datetime | None, end: datetime | None, default: timedelta) -> tuple[datetime, datetime]:
    check_times(start, end)
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


def _layer_route(name: str, layer: OpenLayer, domain: str) -> None:
    async def endpoint(at: AwareDatetime | None = None) -> JSONResponse:
        check_times(at)
        return geojson(await run_in_threadpool(layer.build, get_services().provider(domain), at))

    endpoint.__name__ = f"open_{name}"
    router.add_api_route(f"/{name}.geojson", endpoint, methods=["GET"], response_model=FeatureCollection,
                         summary=layer.summary)


for _spec in specs():
    for _name, _layer in _spec.open_layers.items():
        _layer_route(_name, _layer, _spec.name)

SeriesDomain = StrEnum("SeriesDomain", {s.name: s.name for s in specs() if s.series is not None})


@router.get("/series/{domain}", response_model=Table, responses=CSV_RESPONSE,
            summary="A time series per hour (UTC) or local day, for the city, a ward or one entity")
async def series(domain: SeriesDomain, start: AwareDatetime | None = None, end: AwareDatetime | None = None,
                 bucket: Bucket = Bucket.hour,
                 ward: str | None = Query(None, max_length=24),
                 entity: str | None = Query(None, max_length=32, description="segment or station code"),
                 parameter: str = Query("pm25", max_length=24, description="environment parameter"),
                 format: Format = Format.json) -> Response:
    start, end = window(start, end, timedelta(hours=24) if bucket is Bucket.hour else timedelta(days=30))
    found = spec(domain.value)
    frame = await run_in_threadpool(found.series, get_services().provider(found.name), start, end, bucket.value,
                                    ward, entity, parameter)
    return table_response(frame, format, f"{domain.value}_{bucket.value}")


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


BOARD_COLUMNS = ["code", "pillar", "value", "target", "amber", "better", "placeholder", "state", "delta_day",
                 "delta_7d", "have", "total", "coverage", "as_of"]


def board_frame(day: date) -> pd.DataFrame:
    """The leaders' board of a day as rows: the same provider call as /kpi and the daily report."""
    board = get_services().kpi.board(day)
    return pd.DataFrame([{c: k.get(c) for c in BOARD_COLUMNS} for k in board["kpis"]], columns=BOARD_COLUMNS)


@router.get("/kpi/board", response_model=Table, responses=CSV_RESPONSE,
            summary="The leaders' board of a local day: each KPI by pillar with its value, target, state and trend")
async def kpi_board(day: date | None = None, format: Format = Format.json) -> Response:
    kpi = get_services().kpi
    day = day or kpi.yesterday()
    if not EARLIEST_DAY <= day <= min(LATEST_DAY, kpi.today()):
        raise HTTPException(400, f"day must lie between {EARLIEST_DAY} and today")
    return table_response(await run_in_threadpool(board_frame, day), format, f"kpi_board_{day.isoformat()}")


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
