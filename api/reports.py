"""The daily report for download: `/api/v1/reports/daily.pdf|xlsx?day=YYYY-MM-DD&lang=vi` (leaders, analysts,
admins, operators). A day the schedule already wrote (Vietnamese) is served as saved; any other is built from the
same provider calls as /kpi."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.access import KPI, require_roles
from data.wiring.services import get_services
from layouts.i18n import normalise_lang

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HISTORY_DAYS = 800


class Kind(StrEnum):
    pdf = "pdf"
    xlsx = "xlsx"


def build(day: date, kind: str, lang: str) -> bytes:
    from reports.files import saved_days
    from reports.gathered import gather

    services = get_services()
    saved = saved_days(services.settings.data_dir).get(day, {}).get(kind)
    if saved is not None and lang == "vi" and day < services.kpi.today():
        return saved.read_bytes()
    report = gather(services, day, lang)
    if kind == "pdf":
        from reports.pdf import pdf_bytes

        return pdf_bytes(report)
    from reports.xlsx import xlsx_bytes

    return xlsx_bytes(report)


@router.get("/daily.{kind}", summary="The daily situation report of a local day (PDF or XLSX)",
            responses={200: {"content": {MEDIA["pdf"]: {}, MEDIA["xlsx"]: {}}}, 400: {"description": "Bad day"},
                       401: {"description": "Not signed in"}, 403: {"description": "Not allowed for this role"}},
            dependencies=[Depends(require_roles(*KPI))])
async def daily(kind: Kind, day: date | None = None, lang: str | None = Query(None, pattern="^(vi|en)$")) -> Response:
    kpi = get_services().kpi
    day = day or kpi.yesterday()
    if not kpi.today() - timedelta(days=HISTORY_DAYS) <= day <= kpi.today():
        raise HTTPException(400, "day: outside the kept history or in the future")
    content = await run_in_threadpool(build, day, kind.value, normalise_lang(lang))
    name = f"bao-cao-ngay-{day.isoformat()}.{kind.value}"
    return Response(content, media_type=MEDIA[kind.value],
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
