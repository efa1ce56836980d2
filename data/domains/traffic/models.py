"""Traffic tables: road segments (registry), readings and their hourly and daily rollups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base

# The additive sums the daily and per-ward rollups keep, from which a bucket's means follow.
SUMS = ("n", "speed_sum", "ratio_sum", "volume_sum", "volume_n")
# A segment-hour is slow when its mean speed is under this share of the segment's free flow (the congestion KPI);
# the per-ward hourly rollup counts them.
SLOW_RATIO = 0.5


class RoadSegment(Base):
    __tablename__ = "road_segments"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    road: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(160))
    road_class: Mapped[str] = mapped_column(String(16))
    lanes: Mapped[int]
    free_flow_kmh: Mapped[float]
    length_m: Mapped[float]
    ward_code: Mapped[str | None] = mapped_column(String(24), index=True)
    lon: Mapped[float]
    lat: Mapped[float]
    geometry: Mapped[str] = mapped_column(Text)


class TrafficObs(Base):
    __tablename__ = "traffic_obs"
    segment_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    speed_kmh: Mapped[float]
    volume_vph: Mapped[int | None]
    occupancy: Mapped[float | None]
    ward_code: Mapped[str | None] = mapped_column(String(24))
    # BRIN on PostgreSQL (migration 0014: the readings arrive in time order), a B-tree elsewhere.
    __table_args__ = (Index("ix_traffic_obs_ts", "ts", postgresql_using="brin",
                            postgresql_with={"pages_per_range": 32}),)


class TrafficHourly(Base):
    __tablename__ = "traffic_hourly"
    segment_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    n: Mapped[int]
    speed_sum: Mapped[float]
    volume_sum: Mapped[float]
    volume_n: Mapped[int]
    __table_args__ = (Index("ix_traffic_hourly_hour_ward", "hour", "ward_code"),)


class TrafficDaily(Base):
    """Per segment and local day (the city's UTC offset): the day's readings summed, with the speed ratio
    (speed / free-flow) pre-summed so a year of city days is read without a join."""

    __tablename__ = "traffic_daily"
    segment_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    n: Mapped[int]
    speed_sum: Mapped[float]
    ratio_sum: Mapped[float]
    volume_sum: Mapped[float]
    volume_n: Mapped[int]
    __table_args__ = (Index("ix_traffic_daily_day_ward", "day", "ward_code"),)


class WardSums:
    """The `SUMS` columns of the per-ward rollups."""

    n: Mapped[int]
    speed_sum: Mapped[float]
    ratio_sum: Mapped[float]
    volume_sum: Mapped[float]
    volume_n: Mapped[int]


class TrafficWardHourly(WardSums, Base):
    """Per ward and hour: its segments' hours summed, the speed ratio pre-summed, so the city's and a ward's hours
    are read from one row per ward instead of one per segment. Segments outside every ward count under ward_code
    "" (in the city's totals, in no ward's)."""

    __tablename__ = "traffic_ward_hourly"
    ward_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    # The ward's segments with readings that hour, and those of them slow (SLOW_RATIO): counted again from the
    # per-segment hours whenever an hour gets readings, since a late reading can make a segment-hour slow or not.
    segment_hours: Mapped[int] = mapped_column(default=0, server_default="0")
    slow_hours: Mapped[int] = mapped_column(default=0, server_default="0")
    __table_args__ = (Index("ix_traffic_ward_hourly_hour", "hour"),)


class TrafficWardDaily(WardSums, Base):
    """Per ward and local day: `TrafficDaily` summed over the ward's segments (ward_code "" as above)."""

    __tablename__ = "traffic_ward_daily"
    ward_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    __table_args__ = (Index("ix_traffic_ward_daily_day", "day"),)
