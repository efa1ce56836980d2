"""Exports of the drill-down by area: `/api/v1/districts/export.csv|xlsx|geojson?metric=…&level=…&from=…&to=…&lang=…`
(analysts, leaders, admins). The same view as the page (`DistrictsProvider.view`), so the file says what the screen
says."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.access import DRILL, require_roles
from data.providers.districts import MAX_DAYS
from data.wiring.services import get_services
from geo.pack import units_geojson
from layouts.i18n import normalise_lang, t

router = APIRouter(prefix="/api/v1/districts", tags=["districts"])

MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HISTORY_DAYS = 800


class Kind(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    geojson = "geojson"


def build(kind: str, metric: str, level: str, first: date, last: date, lang: str) -> tuple[bytes, str]:
    from reports import districts as export

    services = get_services()
    districts = services.districts
    view = districts.view(metric, level, first, last)
    names = districts.indicator_names(lang)
    source = t("districts.simulated", lang) if services.settings.demo else services.pack.meta.get("name_vi", "")
    if kind == "csv":
        content = export.csv_bytes(view, lang, services.zone, names, source)
    elif kind == "xlsx":
        content = export.xlsx_bytes(view, lang, services.zone, names, source)
    else:
        content = export.geojson_bytes(view, units_geojson(services.pack, level), lang, services.zone, names, source)
    return content, export.file_name(view, kind)


@router.get("/export.{kind}", summary="The drill-down's table (CSV with BOM, XLSX) or map values (GeoJSON)",
            responses={200: {"content": {m: {} for m in MEDIA.values()}}, 400: {"description": "Bad question"},
                       401: {"description": "Not signed in"}, 403: {"description": "Not allowed for this role"}},
            dependencies=[Depends(require_roles(*DRILL))])
async def export(kind: Kind, metric: str = "incidents_per_10k", level: str = "ward",
                 first: date | None = Query(None, alias="from"), last: date | None = Query(None, alias="to"),
                 lang: str | None = Query(None, pattern="^(vi|en)$")) -> Response:
    lang = normalise_lang(lang)
    districts = get_services().districts
    today = districts.today()
    last = last or today
    first = first or last - timedelta(days=29)
    if not today - timedelta(days=HISTORY_DAYS) <= first <= last <= today or (last - first).days + 1 > MAX_DAYS:
        raise HTTPException(400, t("districts.error.range", lang))
    if level not in districts.levels():
        raise HTTPException(400, t("districts.error.level", lang))
    if metric not in {m.code for m in districts.metrics()}:
        raise HTTPException(400, t("districts.error.metric", lang))
    content, name = await run_in_threadpool(build, kind.value, metric, level, first, last, lang)
    return Response(content, media_type=MEDIA[kind.value],
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
