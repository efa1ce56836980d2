"""Traffic provider: road segments, their current state and speed/volume series."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import and_, func, or_, select

from data.domains.traffic.models import (
    SLOW_RATIO,
    SUMS,
    RoadSegment,
    TrafficDaily,
    TrafficHourly,
    TrafficObs,
    TrafficWardDaily,
    TrafficWardHourly,
)
from data.domains.traffic.rollups import slow_hour
from data.store.db import aware_utc
from data.store.frames import (
    DomainProvider,
    as_of,
    bucket_column,
    by_local_day,
    normalise_bucket,
    read_frame,
    to_geoframe,
    window,
)

# Congestion levels by speed as a share of free-flow speed (lower bound of each level).
LEVELS = (("free", 0.75), ("moderate", 0.5), ("heavy", 0.25), ("standstill", 0.0))


def congestion_level(ratio: pd.Series) -> pd.Series:
    """The congestion level of each speed ratio (speed / free-flow); NaN → "unknown"."""
    conditions = [ratio >= low for _, low in LEVELS]
    return pd.Series(np.select(conditions, [name for name, _ in LEVELS], default="unknown"), index=ratio.index)


class TrafficProvider(DomainProvider):
    """Answers traffic questions from `road_segments`, `traffic_obs` and the `traffic_hourly` and `traffic_daily`
    rollups per segment (a segment's series, congestion) and per ward (`traffic_ward_hourly`, `traffic_ward_daily`:
    the city's and a ward's series).

    Frames returned:
    - `segments()`: GeoDataFrame code, road, name, road_class, lanes, free_flow_kmh, length_m, ward_code,
      lon, lat, geometry (LineString).
    - `current()`: segment_code, ward_code, ts, speed_kmh, volume_vph, occupancy, free_flow_kmh,
      speed_ratio (speed / free-flow), level (free/moderate/heavy/standstill/unknown); one row per segment.
    - `series()`: bucket (UTC hour or local date), speed_kmh, volume_vph, speed_ratio, n (readings).
    - `level_counts()`: level, segments.
    - `week_comparison()`: hour (UTC), speed_kmh, speed_kmh_last_week (city mean; NaN where no readings).
    - `slow_segments()`: code, name, ward_code, lon, lat, ratio, n (segments slow all through a window).
    `reading_span()` gives the oldest and newest reading's time.
    """

    def segments(self, ward: str | None = None) -> gpd.GeoDataFrame:
        stmt = select(RoadSegment.__table__).order_by(RoadSegment.code)
        if ward:
            stmt = stmt.where(RoadSegment.ward_code == ward)
        return to_geoframe(read_frame(self.engine, stmt))

    def current(self, at: datetime | None = None, ward: str | None = None,
                max_age: timedelta = timedelta(minutes=30)) -> pd.DataFrame:
        """The latest reading of every segment in (at - max_age, at]; segments without one have NaN speed."""
        at = as_of(at)
        obs, seg = TrafficObs, RoadSegment
        latest = (select(obs.segment_code, func.max(obs.ts).label("ts"))
                  .where(obs.ts > at - max_age, obs.ts <= at).group_by(obs.segment_code).subquery())
        stmt = (select(seg.code.label("segment_code"), seg.ward_code, seg.free_flow_kmh, latest.c.ts,
                       obs.speed_kmh, obs.volume_vph, obs.occupancy)
                .select_from(seg)
                .outerjoin(latest, latest.c.segment_code == seg.code)
                .outerjoin(obs, and_(obs.segment_code == latest.c.segment_code, obs.ts == latest.c.ts))
                .order_by(seg.code))
        if ward:
            stmt = stmt.where(seg.ward_code == ward)
        frame = read_frame(self.engine, stmt, utc_columns=("ts",))
        frame["speed_kmh"] = frame["speed_kmh"].astype(float)
        frame["speed_ratio"] = (frame["speed_kmh"] / frame["free_flow_kmh"]).clip(upper=1.0)
        frame["level"] = congestion_level(frame["speed_ratio"])
        return frame

    def level_counts(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        current = self.current(at, ward)
        counts = current["level"].value_counts()
        order = [name for name, _ in LEVELS] + ["unknown"]
        return pd.DataFrame({"level": order, "segments": [int(counts.get(level, 0)) for level in order]})

    def series(self, start: datetime, end: datetime, bucket: str = "hour", segment: str | None = None,
               ward: str | None = None) -> pd.DataFrame:
        """Mean speed, volume and speed ratio per bucket over [start, end): whole local days from the daily
        rollup, hours from the hourly one."""
        start, end = window(start, end)
        if bucket == "day":
            sums = by_local_day(self.engine, start, end, self.offset,
                                lambda low, high: self._hourly_sums(low, high, bucket, segment, ward),
                                lambda first, last: self._daily_sums(first, last, segment, ward),
                                dict.fromkeys(SUMS, "sum"))
        else:
            sums = read_frame(self.engine, self._hourly_sums(start, end, bucket, segment, ward))
        n = sums["n"].astype(float)
        frame = pd.DataFrame({"bucket": sums["bucket"], "speed_kmh": sums["speed_sum"] / n,
                              "volume_vph": sums["volume_sum"] / sums["volume_n"].where(sums["volume_n"] > 0),
                              "speed_ratio": sums["ratio_sum"] / n, "n": sums["n"].astype(int)})
        return normalise_bucket(frame, bucket)

    def _hourly_sums(self, start: datetime, end: datetime, bucket: str, segment: str | None, ward: str | None):
        if segment is None:  # the city or a ward: the per-ward hours, the speed ratio already summed
            w = TrafficWardHourly.__table__
            label = bucket_column(w.c.hour, bucket, self.offset).label("bucket")
            stmt = (select(label, *(func.sum(w.c[c]).label(c) for c in SUMS))
                    .where(w.c.hour >= start, w.c.hour < end).group_by(label))
            return stmt.where(w.c.ward_code == ward) if ward else stmt
        hourly, seg = TrafficHourly, RoadSegment
        label = bucket_column(hourly.hour, bucket, self.offset).label("bucket")
        stmt = (select(label, func.sum(hourly.n).label("n"), func.sum(hourly.speed_sum).label("speed_sum"),
                       func.sum(hourly.speed_sum / seg.free_flow_kmh).label("ratio_sum"),
                       func.sum(hourly.volume_sum).label("volume_sum"), func.sum(hourly.volume_n).label("volume_n"))
                .join(seg, seg.code == hourly.segment_code)
                .where(hourly.hour >= start, hourly.hour < end, hourly.segment_code == segment).group_by(label))
        return stmt.where(hourly.ward_code == ward) if ward else stmt

    def _daily_sums(self, first: date, last: date, segment: str | None, ward: str | None):
        daily = (TrafficDaily if segment else TrafficWardDaily).__table__
        stmt = (select(daily.c.day.label("bucket"), *(func.sum(daily.c[c]).label(c) for c in SUMS))
                .where(daily.c.day >= first, daily.c.day <= last).group_by(daily.c.day))
        if segment:
            stmt = stmt.where(daily.c.segment_code == segment)
        if ward:
            stmt = stmt.where(daily.c.ward_code == ward)
        return stmt

    def hourly_congestion(self, start: datetime, end: datetime, below_ratio: float = 0.5,
                          by_ward: bool = False) -> pd.DataFrame:
        """hour (UTC), segment_hours (segments with readings that hour), slow_hours (those whose mean speed was
        below `below_ratio` of free flow), n, speed_sum (the city's readings) for the hours in [start, end), from
        the hourly rollup; `by_ward`: per hour and ward_code."""
        start, end = window(start, end)
        if below_ratio == SLOW_RATIO:  # counted per ward and hour as readings arrive: a row per ward, not per segment
            w = TrafficWardHourly.__table__
            keys = (w.c.hour, w.c.ward_code) if by_ward else (w.c.hour,)
            stmt = (select(*keys, func.sum(w.c.segment_hours).label("segment_hours"),
                           func.sum(w.c.slow_hours).label("slow_hours"), func.sum(w.c.n).label("n"),
                           func.sum(w.c.speed_sum).label("speed_sum"))
                    .where(w.c.hour >= start, w.c.hour < end, w.c.segment_hours > 0).group_by(*keys).order_by(*keys))
            frame = read_frame(self.engine, stmt, utc_columns=("hour",))
            if by_ward:  # segments outside every ward are stored under "", as NULL in the per-segment rows
                frame["ward_code"] = frame["ward_code"].astype(object).mask(frame["ward_code"] == "", None)
            return frame
        h, seg = TrafficHourly, RoadSegment
        slow = slow_hour(below_ratio)
        keys = (h.hour, h.ward_code) if by_ward else (h.hour,)
        stmt = (select(*keys, func.count().label("segment_hours"), func.sum(slow).label("slow_hours"),
                       func.sum(h.n).label("n"), func.sum(h.speed_sum).label("speed_sum"))
                .join(seg, seg.code == h.segment_code).where(h.hour >= start, h.hour < end)
                .group_by(*keys).order_by(*keys))
        return read_frame(self.engine, stmt, utc_columns=("hour",))

    def daily_congestion(self, first: date, last: date, below_ratio: float = 0.5) -> pd.DataFrame:
        """day (local), segment_code, segment_hours (hours with readings), slow_hours (those whose mean speed was
        below `below_ratio` of free flow) per segment and local day first..last, from the hourly rollup."""
        start = datetime.combine(first, time(), tzinfo=UTC) - timedelta(hours=self.offset)
        end = start + timedelta(days=(last - first).days + 1)
        h, seg = TrafficHourly, RoadSegment
        slow = slow_hour(below_ratio)
        day = bucket_column(h.hour, "day", self.offset).label("day")
        stmt = (select(day, h.segment_code, func.count().label("segment_hours"), func.sum(slow).label("slow_hours"))
                .join(seg, seg.code == h.segment_code).where(h.hour >= start, h.hour < end)
                .group_by(day, h.segment_code))
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else pd.Series(dtype=object)
        return frame

    def slowest_by_day(self, first: date, last: date, limit: int) -> pd.DataFrame:
        """day, segment_code, rank (1 = slowest against its free flow: the day's mean speed / free flow; ties by
        code) of the `limit` slowest segments of each local day first..last, and `reporting` (the segments with a
        reading that day), from the daily rollup in one statement."""
        d = TrafficDaily
        ranked = (select(d.day, d.segment_code,
                         func.row_number().over(partition_by=d.day, order_by=(d.ratio_sum / d.n, d.segment_code))
                         .label("rank"), func.count().over(partition_by=d.day).label("reporting"))
                  .where(d.day >= first, d.day <= last, d.n > 0).subquery())
        stmt = select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.day, ranked.c.rank)
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else []
        return frame

    def worst_segments(self, at: datetime | None = None, limit: int = 10, ward: str | None = None) -> pd.DataFrame:
        """The slowest segments now, relative to free flow (segments with a reading only), with their names and
        mid-points (lon, lat)."""
        current = self.current(at, ward).dropna(subset=["speed_ratio"])
        names = read_frame(self.engine, select(RoadSegment.code.label("segment_code"), RoadSegment.name,
                                               RoadSegment.lon, RoadSegment.lat))
        return current.nsmallest(limit, "speed_ratio").merge(names, on="segment_code", how="left")

    def week_comparison(self, at: datetime | None = None, hours: int = 24) -> pd.DataFrame:
        """City mean speed for each of the last `hours` hours and for the same hours one week earlier."""
        at = as_of(at)
        end = at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        start, week = end - timedelta(hours=hours), timedelta(days=7)
        # One statement over both windows of the per-ward hours (a row per ward and hour).
        hourly = TrafficWardHourly
        stmt = (select(hourly.hour, func.sum(hourly.speed_sum).label("speed_sum"), func.sum(hourly.n).label("n"))
                .where(or_(and_(hourly.hour >= start, hourly.hour < end),
                           and_(hourly.hour >= start - week, hourly.hour < end - week)))
                .group_by(hourly.hour))
        sums = read_frame(self.engine, stmt, utc_columns=("hour",))
        speed = pd.Series((sums["speed_sum"] / sums["n"].astype(float)).to_numpy(dtype=float), index=sums["hour"])
        hours_index = pd.date_range(start, periods=hours, freq="h")
        return pd.DataFrame({"hour": hours_index, "speed_kmh": speed.reindex(hours_index).to_numpy(dtype=float),
                             "speed_kmh_last_week": speed.reindex(hours_index - week).to_numpy(dtype=float)})

    def slow_segments(self, at: datetime, below_ratio: float, minutes: int) -> pd.DataFrame:
        """code, name, ward_code, lon, lat, ratio (the fastest reading's share of free flow), n: segments whose
        every reading in (at - minutes, at] — at least two — is below `below_ratio` of free-flow speed."""
        obs, seg = TrafficObs, RoadSegment
        ratio = func.max(obs.speed_kmh / seg.free_flow_kmh)
        stmt = (select(seg.code, seg.name, seg.ward_code, seg.lon, seg.lat, ratio.label("ratio"),
                       func.count().label("n"))
                .join(obs, obs.segment_code == seg.code)
                .where(obs.ts > at - timedelta(minutes=max(minutes, 1)), obs.ts <= at)
                .group_by(seg.code, seg.name, seg.ward_code, seg.lon, seg.lat)
                .having(and_(ratio < below_ratio, func.count() >= 2)))
        return read_frame(self.engine, stmt)

    def reading_span(self) -> tuple[datetime | None, datetime | None]:
        """The oldest and the newest reading's time (None, None with no readings)."""
        obs = TrafficObs
        with self.engine.connect() as conn:
            oldest, newest = conn.execute(select(func.min(obs.ts), func.max(obs.ts))).one()
        return aware_utc(oldest), aware_utc(newest)

    def summary(self, at: datetime | None = None, ward: str | None = None) -> dict:
        """City (or ward) figures now: segments, segments reporting, newest reading, mean speed ratio and mean speed
        of the segments reporting, congested."""
        current = self.current(at, ward)
        reporting = current["speed_ratio"].notna()
        latest = current["ts"].max()
        return {"segments": len(current), "reporting": int(reporting.sum()),
                "latest": None if pd.isna(latest) else latest.to_pydatetime(),
                "mean_ratio": float(current.loc[reporting, "speed_ratio"].mean()) if reporting.any() else None,
                "mean_speed_kmh": float(current.loc[reporting, "speed_kmh"].mean()) if reporting.any() else None,
                "congested": int(current["level"].isin(["heavy", "standstill"]).sum())}
