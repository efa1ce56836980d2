"""Traffic rollups rebuilt from the stored readings: hourly per segment, then daily per segment from the hours,
then both per ward from the segments'."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, case, delete, func, insert, select, update

from data.domains.traffic.models import (
    SLOW_RATIO,
    RoadSegment,
    TrafficDaily,
    TrafficHourly,
    TrafficObs,
    TrafficWardDaily,
    TrafficWardHourly,
)
from data.store.db import hour_floor, local_day
from data.store.rollups import Rollups, day_start, days_of, hours_of, replace_range, unbuilt_span


def rebuild(conn: Connection, start: datetime, end: datetime, offset_hours: int) -> None:
    obs, hourly, daily, seg = TrafficObs, TrafficHourly, TrafficDaily, RoadSegment
    low, high = hours_of(start, end)
    hour = hour_floor(obs.ts)
    replace_range(conn, hourly.__table__, hourly.hour, low, high, (
        select(obs.segment_code, hour.label("hour"), obs.ward_code, func.count().label("n"),
               func.sum(obs.speed_kmh).label("speed_sum"),
               func.coalesce(func.sum(obs.volume_vph), 0).label("volume_sum"),
               func.count(obs.volume_vph).label("volume_n"))
        .where(obs.ts >= low, obs.ts < high).group_by(obs.segment_code, hour, obs.ward_code)))
    first, last = days_of(low, high, offset_hours)
    day = local_day(hourly.hour, offset_hours)
    replace_range(conn, daily.__table__, daily.day, first, last + timedelta(days=1), (
        select(hourly.segment_code, day.label("day"), hourly.ward_code, func.sum(hourly.n).label("n"),
               func.sum(hourly.speed_sum).label("speed_sum"),
               func.sum(hourly.speed_sum / seg.free_flow_kmh).label("ratio_sum"),
               func.sum(hourly.volume_sum).label("volume_sum"), func.sum(hourly.volume_n).label("volume_n"))
        .join(seg, seg.code == hourly.segment_code)
        .where(hourly.hour >= day_start(first, offset_hours),
               hourly.hour < day_start(last + timedelta(days=1), offset_hours))
        .group_by(hourly.segment_code, day, hourly.ward_code)))
    regroup_wards(conn, (low, high), (first, last + timedelta(days=1)))

# The tables `regroup_wards` rewrites.
WARD_TABLES = (TrafficWardHourly, TrafficWardDaily)


def regroup_wards(conn: Connection, hours: tuple | None = None, days: tuple | None = None) -> None:
    """The per-ward rollups of the hours [low, high) and days [first, end) (None: all) summed again from the
    per-segment ones (after a rebuild, or when segments moved to other wards)."""
    hourly, daily, seg = TrafficHourly, TrafficDaily, RoadSegment
    for table, source, column, span, ratio in (
            (TrafficWardHourly.__table__, hourly, "hour", hours, func.sum(hourly.speed_sum / seg.free_flow_kmh)),
            (TrafficWardDaily.__table__, daily, "day", days, func.sum(daily.ratio_sum))):
        ward, at = func.coalesce(source.ward_code, "").label("ward_code"), getattr(source, column)
        rows = select(ward, at.label(column), func.sum(source.n).label("n"),
                      func.sum(source.speed_sum).label("speed_sum"), ratio.label("ratio_sum"),
                      func.sum(source.volume_sum).label("volume_sum"), func.sum(source.volume_n).label("volume_n"))
        if source is hourly:
            rows = rows.add_columns(func.count().label("segment_hours"), func.sum(slow_hour()).label("slow_hours"))
            rows = rows.join(seg, seg.code == hourly.segment_code)
        wipe = delete(table)
        if span is not None:
            rows = rows.where(at >= span[0], at < span[1])
            wipe = wipe.where(table.c[column] >= span[0], table.c[column] < span[1])
        conn.execute(wipe)
        conn.execute(insert(table).from_select([c.name for c in rows.selected_columns], rows.group_by(ward, at)))


def slow_hour(below_ratio: float = SLOW_RATIO):
    """1 for a per-segment hour whose mean speed was under `below_ratio` of the segment's free flow, else 0 (over
    `traffic_hourly` joined to `road_segments`)."""
    return case((TrafficHourly.speed_sum < below_ratio * RoadSegment.free_flow_kmh * TrafficHourly.n, 1), else_=0)


def count_segment_hours(conn: Connection, hours: list[datetime]) -> None:
    """The per-ward hours' segment-hours and slow ones counted again from the per-segment hours (after readings
    were added to these hours: a late or repeated reading may turn a segment-hour slow or not)."""
    ward, h = TrafficWardHourly.__table__, TrafficHourly
    same = (func.coalesce(h.ward_code, "") == ward.c.ward_code) & (h.hour == ward.c.hour)
    counted = select(func.count()).where(same).scalar_subquery()
    slow = (select(func.coalesce(func.sum(slow_hour()), 0)).join(RoadSegment, RoadSegment.code == h.segment_code)
            .where(same).scalar_subquery())
    conn.execute(update(ward).where(ward.c.hour.in_(hours)).values(segment_hours=counted, slow_hours=slow))


ROLLUPS = Rollups(rebuild=rebuild, unbuilt=lambda conn: unbuilt_span(conn, TrafficObs.ts, TrafficDaily.__table__))
