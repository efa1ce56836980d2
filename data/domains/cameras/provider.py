"""Cameras provider: registry, status as of any moment (from status changes), uptime and AI events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select

from data.domains.cameras.models import Camera, CameraEvent, CameraEventDaily, CameraStatus
from data.store.frames import (
    DomainProvider,
    as_of,
    bucket_column,
    by_local_day,
    normalise_bucket,
    read_frame,
    window,
)


class CamerasProvider(DomainProvider):
    """Answers camera questions from `cameras`, `camera_status` (changes) and `camera_events`.

    Frames returned:
    - `cameras()`: GeoDataFrame code, name, kind, lon, lat, ward_code, segment_code, snapshot_url, geometry.
    - `status()`: code, name, kind, ward_code, lon, lat, online (bool or None when never reported),
      since (UTC time of the last change), down_s (seconds offline at `at`, 0 when online).
    - `counts()`: kind, total, online, offline, unknown.
    - `uptime()`: code, name, kind, ward_code, uptime (share of the window online, None when unknown).
    - `event_series()`: bucket, kind, events.
    - `wall_order()`: the `status()` frame ordered for a camera wall: offline (longest down first), unknown, online.
    - `snapshot_source()`: code, name, ward_code, snapshot_url of one registered camera (None when unknown).
    """

    def cameras(self, ward: str | None = None, kind: str | None = None) -> gpd.GeoDataFrame:
        return self.sites(Camera, ward, kind)

    def _state_at(self, at: datetime):
        """Subquery: each camera's latest status change at or before `at`."""
        st = CameraStatus
        latest = (select(st.camera_code, func.max(st.ts).label("ts")).where(st.ts <= at)
                  .group_by(st.camera_code).subquery())
        return (select(st.camera_code, st.ts, st.online)
                .join(latest, and_(latest.c.camera_code == st.camera_code, latest.c.ts == st.ts)).subquery())

    def status(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        at = as_of(at)
        cam = Camera
        state = self._state_at(at)
        stmt = (select(cam.code, cam.name, cam.kind, cam.ward_code, cam.lon, cam.lat,
                       state.c.online, state.c.ts.label("since"))
                .outerjoin(state, state.c.camera_code == cam.code).order_by(cam.code))
        if ward:
            stmt = stmt.where(cam.ward_code == ward)
        frame = read_frame(self.engine, stmt, utc_columns=("since",))
        frame["online"] = frame["online"].astype(object).where(frame["online"].notna(), None)
        offline = frame["online"].eq(False)
        frame["down_s"] = 0.0
        frame.loc[offline, "down_s"] = (pd.Timestamp(at) - frame.loc[offline, "since"]).dt.total_seconds()
        return frame

    def wall_order(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        frame = self.status(at, ward)
        rank = frame["online"].map({False: 0, True: 2}).fillna(1).astype(int)
        frame = frame.assign(_rank=rank).sort_values(["_rank", "down_s", "code"], ascending=[True, False, True])
        return frame.drop(columns=["_rank"]).reset_index(drop=True)

    def snapshot_source(self, code: str) -> dict | None:
        cam = Camera
        stmt = select(cam.code, cam.name, cam.ward_code, cam.snapshot_url).where(cam.code == code)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return dict(row) if row else None

    def counts(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        status = self.status(at, ward)
        state = status["online"].map({True: "online", False: "offline"}).fillna("unknown")
        table = pd.crosstab(status["kind"], state)
        for column in ("online", "offline", "unknown"):
            if column not in table:
                table[column] = 0
        table["total"] = table[["online", "offline", "unknown"]].sum(axis=1)
        return table.reset_index()[["kind", "total", "online", "offline", "unknown"]]

    def uptime(self, start: datetime, end: datetime, ward: str | None = None) -> pd.DataFrame:
        """Share of [start, end) each camera was online, from its state at start and its changes inside."""
        start, end = window(start, end)
        st = CameraStatus
        initial = read_frame(self.engine, select(self._state_at(start)), utc_columns=("ts",))
        inside = read_frame(self.engine, select(st.camera_code, st.ts, st.online)
                            .where(st.ts > start, st.ts < end), utc_columns=("ts",))
        initial["ts"] = pd.Timestamp(start)
        changes = pd.concat([initial, inside], ignore_index=True).sort_values(["camera_code", "ts"])
        changes["until"] = changes.groupby("camera_code")["ts"].shift(-1).fillna(pd.Timestamp(end))
        changes["online_s"] = (changes["until"] - changes["ts"]).dt.total_seconds() * changes["online"].astype(float)
        covered = changes.groupby("camera_code").agg(first=("ts", "min"), online_s=("online_s", "sum"))
        covered["uptime"] = covered["online_s"] / (pd.Timestamp(end) - covered["first"]).dt.total_seconds()
        cameras = self.cameras(ward)[["code", "name", "kind", "ward_code"]]
        frame = cameras.merge(covered[["uptime"]], left_on="code", right_index=True, how="left")
        return pd.DataFrame(frame)

    def daily_uptime(self, first: date, last: date, until: datetime | None = None) -> pd.DataFrame:
        """day, code, online_s, known_s (seconds of the local day with a known state), longest_down_s (the longest
        offline stretch inside the day) per camera and local day first..last, from the status changes; nothing after
        `until` counts (today so far)."""
        start = datetime.combine(first, datetime.min.time(), tzinfo=UTC) - timedelta(hours=self.offset)
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=UTC) - timedelta(hours=self.offset)
        end = min(end, until) if until is not None else end
        st = CameraStatus
        initial = read_frame(self.engine, select(self._state_at(start)), utc_columns=("ts",))
        inside = read_frame(self.engine, select(st.camera_code, st.ts, st.online).where(st.ts > start, st.ts < end),
                            utc_columns=("ts",))
        initial["ts"] = pd.Timestamp(start)
        spans = pd.concat([initial, inside], ignore_index=True).sort_values(["camera_code", "ts"])
        spans["until"] = spans.groupby("camera_code")["ts"].shift(-1).fillna(pd.Timestamp(end))
        return daily_spans(spans, first, last, self.offset)

    def daily_events(self, first: date, last: date) -> pd.DataFrame:
        """day, camera_code, events (AI events of every kind) per camera and local day first..last."""
        d = CameraEventDaily
        stmt = (select(d.day, d.camera_code, func.sum(d.events).label("events"))
                .where(d.day >= first, d.day <= last).group_by(d.day, d.camera_code))
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else pd.Series(dtype=object)
        return frame

    def event_series(self, start: datetime, end: datetime, bucket: str = "hour", kind: str | None = None,
                     ward: str | None = None) -> pd.DataFrame:
        """AI events per bucket and kind: whole local days from the daily counts, hours from the events."""
        start, end = window(start, end)
        if bucket == "day":
            frame = by_local_day(self.engine, start, end, self.offset,
                                 lambda low, high: self._event_counts(low, high, bucket, kind, ward),
                                 lambda first, last: self._daily_counts(first, last, kind, ward),
                                 {"events": "sum"}, keys=("kind",))
        else:
            frame = read_frame(self.engine, self._event_counts(start, end, bucket, kind, ward))
        return normalise_bucket(frame, bucket)

    def _event_counts(self, start: datetime, end: datetime, bucket: str, kind: str | None, ward: str | None):
        ev = CameraEvent
        label = bucket_column(ev.ts, bucket, self.offset, hourly=False).label("bucket")
        stmt = (select(label, ev.kind, func.count().label("events"))
                .where(ev.ts >= start, ev.ts < end).group_by(label, ev.kind))
        return _filtered(stmt, ev, kind, ward)

    def _daily_counts(self, first: date, last: date, kind: str | None, ward: str | None):
        d = CameraEventDaily
        stmt = (select(d.day.label("bucket"), d.kind, func.sum(d.events).label("events"))
                .where(d.day >= first, d.day <= last).group_by(d.day, d.kind))
        return _filtered(stmt, d, kind, ward)

    def summary(self, at: datetime | None = None, ward: str | None = None) -> dict:
        counts = self.counts(at, ward)
        return {k: int(counts[k].sum()) for k in ("total", "online", "offline", "unknown")}


def daily_spans(spans: pd.DataFrame, first: date, last: date, offset_hours: int) -> pd.DataFrame:
    """Status spans (camera_code, ts, until, online) cut at local midnights into the day frame of `daily_uptime`:
    a span counts in each local day it overlaps (starting before the day's end, ending after its start).

    Each span is repeated once per local day it reaches and clipped to that day, all at once (no loop over days)."""
    columns = ["day", "code", "online_s", "known_s", "longest_down_s"]
    if spans.empty:
        return pd.DataFrame(columns=columns)
    day_us = 86_400 * 10**6  # local microseconds: exact integers
    epoch, micro, shift = pd.Timestamp(0, tz=UTC), pd.Timedelta(microseconds=1), offset_hours * 3600 * 10**6
    start = ((spans["ts"] - epoch) // micro).to_numpy(dtype=np.int64) + shift
    until = ((spans["until"] - epoch) // micro).to_numpy(dtype=np.int64) + shift
    first_day, last_day = start // day_us, (until - 1) // day_us
    reach = np.maximum(last_day - first_day + 1, 1)  # an empty span still touches the day it lies in
    at = np.repeat(np.arange(len(spans)), reach)
    day = first_day[at] + (np.arange(len(at)) - np.repeat(np.cumsum(reach) - reach, reach))
    low, high = day * day_us, (day + 1) * day_us
    since_epoch = date(1970, 1, 1)
    keep = ((start[at] < high) & (until[at] > low) & (day >= (first - since_epoch).days)
            & (day <= (last - since_epoch).days))
    at, day, low, high = at[keep], day[keep], low[keep], high[keep]
    seconds = (np.minimum(until[at], high) - np.maximum(start[at], low)) / 10**6
    online = spans["online"].astype(bool).to_numpy()[at]
    per = pd.DataFrame({"day": day, "code": spans["camera_code"].to_numpy()[at],
                        "online_s": np.where(online, seconds, 0.0), "known_s": seconds,
                        "down_s": np.where(online, 0.0, seconds)})
    frame = per.groupby(["day", "code"], sort=True).agg(online_s=("online_s", "sum"), known_s=("known_s", "sum"),
                                                         longest_down_s=("down_s", "max")).reset_index()
    frame["day"] = frame["day"].to_numpy().astype("datetime64[D]").astype(object)
    return frame[columns]


def _filtered(stmt, table, kind: str | None, ward: str | None):
    if kind:
        stmt = stmt.where(table.kind == kind)
    if ward:
        stmt = stmt.where(table.ward_code == ward)
    return stmt
