"""Camera rollups rebuilt from the stored AI events: events per camera, local day and kind. (Status is kept as
changes, a few a day per camera, so uptime over a year reads them directly.)"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from data.domains.cameras.models import CameraEvent, CameraEventDaily
from data.store.db import local_day
from data.store.rollups import Rollups, day_start, days_of, replace_range, unbuilt_span


def rebuild(conn: Connection, start: datetime, end: datetime, offset_hours: int) -> None:
    ev, daily = CameraEvent, CameraEventDaily
    first, last = days_of(start, end, offset_hours)
    day = local_day(ev.ts, offset_hours)
    replace_range(conn, daily.__table__, daily.day, first, last + timedelta(days=1), (
        select(ev.camera_code, day.label("day"), ev.kind, ev.ward_code, func.count().label("events"))
        .where(ev.ts >= day_start(first, offset_hours), ev.ts < day_start(last + timedelta(days=1), offset_hours))
        .group_by(ev.camera_code, day, ev.kind, ev.ward_code)))


ROLLUPS = Rollups(rebuild=rebuild, unbuilt=lambda conn: unbuilt_span(conn, CameraEvent.ts, CameraEventDaily.__table__))
