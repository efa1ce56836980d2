"""Environment provider: stations, latest readings, VN_AQI (hourly NowCast and daily) and water levels."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select

from data.domains.environment.models import EnvDaily, EnvDailyAqi, EnvHourly, EnvObs, EnvStation
from data.domains.environment.rollups import AQI_COLUMNS
from data.rules import aqi
from data.store.frames import (
    DomainProvider,
    as_of,
    bucket_column,
    by_local_day,
    normalise_bucket,
    read_frame,
    window,
)

# How old an hourly AQI may be and still count as "current" (the NowCast itself needs 2 of the last 3 hours).
AQI_FRESH = timedelta(hours=3)


class EnvironmentProvider(DomainProvider):
    """Answers environment questions from `env_stations`, `env_obs`, the `env_hourly` and `env_daily` rollups and
    the daily VN_AQI (`env_daily_aqi`).

    Frames returned:
    - `stations()`: GeoDataFrame code, name, kind (air/water_quality/water_level/rain), lon, lat, ward_code,
      parameters, alarm1..3, unit, geometry.
    - `latest()`: station_code, parameter, ts, value, unit (the newest reading within `lookback`).
    - `hourly_means()`: station_code, parameter, hour (UTC), value (mean), value_min, value_max, n.
    - `aqi_hourly()`: station, ts (UTC hour start), aqi, dominant, category, aqi_<pollutant>.
    - `aqi_current()`: station, name, lon, lat, ward_code, ts, aqi, dominant, category.
    - `aqi_daily()`: station, day (local date), aqi, dominant, category, aqi_<pollutant>.
    - `series()`: bucket, value, value_min, value_max, n for one parameter.
    - `water_levels()`: station_code, name, lon, lat, ward_code, ts, value (m), alarm1..3, alarm (0 = below I .. 3).
    - `aqi_trend()`: ts (UTC hour), aqi_max, aqi_mean, station_max — the city's hourly VN_AQI over a window.
    - `water_quality_latest()`: station_code, name, ts (newest reading), then one column per parameter.
    - `water_level_series()`: station_code, hour (UTC), value (hourly mean level, m).
    - `reading_counts()`: station_code, kind, parameter, readings.
    """

    def stations(self, kind: str | None = None, ward: str | None = None) -> gpd.GeoDataFrame:
        return self.sites(EnvStation, ward, kind)

    def latest(self, at: datetime | None = None, kind: str | None = None, ward: str | None = None,
               parameter: str | None = None, lookback: timedelta = timedelta(hours=24)) -> pd.DataFrame:
        at = as_of(at)
        obs, st = EnvObs, EnvStation
        newest = (select(obs.station_code, obs.parameter, func.max(obs.ts).label("ts"))
                  .where(obs.ts > at - lookback, obs.ts <= at).group_by(obs.station_code, obs.parameter))
        if parameter:
            newest = newest.where(obs.parameter == parameter)
        newest = newest.subquery()
        stmt = (select(obs.station_code, obs.parameter, obs.ts, obs.value, obs.unit)
                .join(newest, and_(newest.c.station_code == obs.station_code,
                                   newest.c.parameter == obs.parameter, newest.c.ts == obs.ts))
                .join(st, st.code == obs.station_code).order_by(obs.station_code, obs.parameter))
        if kind:
            stmt = stmt.where(st.kind == kind)
        if ward:
            stmt = stmt.where(st.ward_code == ward)
        return read_frame(self.engine, stmt, utc_columns=("ts",))

    def hourly_means(self, start: datetime, end: datetime, station: str | None = None, ward: str | None = None,
                     parameters: tuple[str, ...] | None = None) -> pd.DataFrame:
        start, end = window(start, end)
        h = EnvHourly
        stmt = (select(h.station_code, h.parameter, h.hour, (h.value_sum / h.n).label("value"),
                       h.value_min, h.value_max, h.n)
                .where(h.hour >= start, h.hour < end).order_by(h.station_code, h.parameter, h.hour))
        if station:
            stmt = stmt.where(h.station_code == station)
        if ward:
            stmt = stmt.where(h.ward_code == ward)
        if parameters:
            stmt = stmt.where(h.parameter.in_(parameters))
        return read_frame(self.engine, stmt, utc_columns=("hour",))

    def aqi_hourly(self, start: datetime, end: datetime, station: str | None = None,
                   ward: str | None = None) -> pd.DataFrame:
        """Hourly VN_AQI for hours in [start, end); reads 11 extra hours before start for the NowCast."""
        start, end = window(start, end)
        means = self.hourly_means(start - timedelta(hours=11), end, station, ward, aqi.POLLUTANTS)
        obs = means.rename(columns={"station_code": "station", "hour": "ts"})[["station", "ts", "parameter", "value"]]
        frame = aqi.hourly_aqi_frame(obs)
        return frame[frame["ts"] >= pd.Timestamp(start)].reset_index(drop=True)

    def aqi_current(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        """Each air station's latest hourly VN_AQI no older than 3 hours (None where there is none)."""
        at = as_of(at)
        hours = self.aqi_hourly(at - timedelta(hours=12), at + timedelta(microseconds=1), ward=ward)
        hours = hours[hours["aqi"].notna() & (hours["ts"] >= pd.Timestamp(at - AQI_FRESH))]
        latest = hours.sort_values("ts").groupby("station").tail(1)
        stations = self.stations("air", ward)[["code", "name", "lon", "lat", "ward_code"]]
        frame = stations.merge(latest, left_on="code", right_on="station", how="left")
        frame["station"] = frame["code"]
        return pd.DataFrame(frame.drop(columns=["code"]))

    def aqi_daily(self, first: date, last: date, station: str | None = None, ward: str | None = None) -> pd.DataFrame:
        """Daily VN_AQI for local days first..last (inclusive), from the daily VN_AQI the write path keeps
        (the same computation over the hourly means: `aqi_daily_from_hours`)."""
        d = EnvDailyAqi
        stmt = (select(d.station_code.label("station"), d.day, *(d.__table__.c[c] for c in AQI_COLUMNS))
                .where(d.day >= first, d.day <= last).order_by(d.station_code, d.day))
        if station:
            stmt = stmt.where(d.station_code == station)
        if ward:
            stmt = stmt.where(d.ward_code == ward)
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else pd.Series(dtype=object)
        for column in ("aqi", *(f"aqi_{p}" for p in aqi.POLLUTANTS)):
            frame[column] = frame[column].astype("Int64")
        frame["dominant"] = pd.Series([d if isinstance(d, str) else None for d in frame["dominant"]],
                                      index=frame.index, dtype=object)
        frame.insert(4, "category", pd.Series([None if pd.isna(v) else aqi.category(int(v)).key for v in frame["aqi"]],
                                              index=frame.index, dtype=object))
        return frame

    def aqi_daily_from_hours(self, first: date, last: date, station: str | None = None,
                             ward: str | None = None) -> pd.DataFrame:
        """Daily VN_AQI for local days first..last computed from the hourly means (reads 7 hours before for
        O3 8-h windows): what the daily table holds, recomputed."""
        start_utc = datetime.combine(first, time(), tzinfo=UTC) - timedelta(hours=self.offset)
        end_utc = start_utc + timedelta(days=(last - first).days + 1)
        means = self.hourly_means(start_utc - timedelta(hours=7), end_utc, station, ward, aqi.POLLUTANTS)
        obs = means.rename(columns={"station_code": "station", "hour": "ts"})[["station", "ts", "parameter", "value"]]
        frame = aqi.daily_aqi_frame(obs, tz_offset_hours=self.offset)
        return frame[(frame["day"] >= first) & (frame["day"] <= last)].reset_index(drop=True)

    def series(self, start: datetime, end: datetime, parameter: str, bucket: str = "hour",
               station: str | None = None, ward: str | None = None) -> pd.DataFrame:
        """Mean, extremes and count of one parameter per bucket: whole local days from the daily rollup, hours
        from the hourly one."""
        start, end = window(start, end)
        if bucket == "day":
            sums = by_local_day(self.engine, start, end, self.offset,
                                lambda low, high: self._hourly_sums(low, high, parameter, bucket, station, ward),
                                lambda first, last: self._daily_sums(first, last, parameter, station, ward),
                                {"value_sum": "sum", "value_min": "min", "value_max": "max", "n": "sum"})
        else:
            sums = read_frame(self.engine, self._hourly_sums(start, end, parameter, bucket, station, ward))
        frame = pd.DataFrame({"bucket": sums["bucket"], "value": sums["value_sum"] / sums["n"].astype(float),
                              "value_min": sums["value_min"], "value_max": sums["value_max"],
                              "n": sums["n"].astype(int)})
        return normalise_bucket(frame, bucket)

    def _hourly_sums(self, start: datetime, end: datetime, parameter: str, bucket: str, station: str | None,
                     ward: str | None):
        h = EnvHourly
        label = bucket_column(h.hour, bucket, self.offset).label("bucket")
        stmt = (select(label, func.sum(h.value_sum).label("value_sum"), func.min(h.value_min).label("value_min"),
                       func.max(h.value_max).label("value_max"), func.sum(h.n).label("n"))
                .where(h.hour >= start, h.hour < end, h.parameter == parameter).group_by(label))
        return _filtered(stmt, h, station, ward)

    def _daily_sums(self, first: date, last: date, parameter: str, station: str | None, ward: str | None):
        d = EnvDaily
        stmt = (select(d.day.label("bucket"), func.sum(d.value_sum).label("value_sum"),
                       func.min(d.value_min).label("value_min"), func.max(d.value_max).label("value_max"),
                       func.sum(d.n).label("n"))
                .where(d.day >= first, d.day <= last, d.parameter == parameter).group_by(d.day))
        return _filtered(stmt, d, station, ward)

    def daily_extremes(self, first: date, last: date, parameter: str) -> pd.DataFrame:
        """day, station_code, value_min, value_max, value (mean) of one parameter per station and local day
        first..last, from the daily rollup (today's row holds the day so far)."""
        d = EnvDaily
        stmt = (select(d.day, d.station_code, d.value_min, d.value_max, (d.value_sum / d.n).label("value"))
                .where(d.day >= first, d.day <= last, d.parameter == parameter, d.n > 0)
                .order_by(d.day, d.station_code))
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else []
        return frame

    def daily_means(self, first: date, last: date, kind: str) -> pd.DataFrame:
        """day, station_code, parameter, value (the day's mean) of every parameter of the stations of `kind` per
        local day first..last, from the daily rollup."""
        d, st = EnvDaily, EnvStation
        stmt = (select(d.day, d.station_code, d.parameter, (d.value_sum / d.n).label("value"))
                .join(st, st.code == d.station_code)
                .where(d.day >= first, d.day <= last, st.kind == kind, d.n > 0)
                .order_by(d.day, d.station_code, d.parameter))
        frame = read_frame(self.engine, stmt)
        frame["day"] = pd.to_datetime(frame["day"]).dt.date if not frame.empty else []
        return frame

    def reading_counts(self, start: datetime, end: datetime) -> pd.DataFrame:
        """station_code, kind, parameter, readings: how many readings each station sent per parameter in
        [start, end) (hours wholly inside the window, from the hourly rollup)."""
        start, end = window(start, end)
        h, st = EnvHourly, EnvStation
        stmt = (select(st.code.label("station_code"), st.kind, h.parameter, func.sum(h.n).label("readings"))
                .join(h, h.station_code == st.code).where(h.hour >= start, h.hour < end)
                .group_by(st.code, st.kind, h.parameter).order_by(st.code, h.parameter))
        return read_frame(self.engine, stmt)

    def water_levels(self, at: datetime | None = None) -> pd.DataFrame:
        """Latest river level per gauge with its alarm stage (0 below alarm I, 1..3 at or above I..III)."""
        latest = self.latest(at, kind="water_level", parameter="water_level_m", lookback=timedelta(hours=6))
        gauges = pd.DataFrame(self.stations("water_level")[["code", "name", "lon", "lat", "ward_code", "alarm1", "alarm2",
                                                            "alarm3"]])
        frame = gauges.merge(latest, left_on="code", right_on="station_code", how="left")
        frame["station_code"] = frame["code"]
        levels = frame[["alarm1", "alarm2", "alarm3"]].to_numpy(dtype=float)
        value = frame["value"].to_numpy(dtype=float)[:, None]
        frame["alarm"] = np.where(np.isnan(value[:, 0]), -1, (value >= levels).sum(axis=1))
        return frame.drop(columns=["code"])

    def aqi_trend(self, at: datetime | None = None, hours: int = 24) -> pd.DataFrame:
        """Worst and mean hourly VN_AQI across air stations for the last `hours` hours."""
        at = as_of(at)
        frame = self.aqi_hourly(at - timedelta(hours=hours), at + timedelta(microseconds=1)).dropna(subset=["aqi"])
        if frame.empty:
            return pd.DataFrame({"ts": pd.Series(dtype="datetime64[ns, UTC]"), "aqi_max": [], "aqi_mean": [],
                                 "station_max": []})
        frame["aqi"] = frame["aqi"].astype(float)
        worst = frame.loc[frame.groupby("ts")["aqi"].idxmax(), ["ts", "station"]].set_index("ts")["station"]
        grouped = frame.groupby("ts")["aqi"].agg(aqi_max="max", aqi_mean="mean")
        return grouped.assign(station_max=worst).reset_index()

    def water_quality_latest(self, at: datetime | None = None, lookback: timedelta = timedelta(hours=24)) -> pd.DataFrame:
        latest = self.latest(at, kind="water_quality", lookback=lookback)
        names = pd.DataFrame(self.stations("water_quality")[["code", "name"]]).rename(columns={"code": "station_code"})
        if latest.empty:
            return names.assign(ts=pd.Series(dtype="datetime64[ns, UTC]"))
        wide = latest.pivot(index="station_code", columns="parameter", values="value")
        newest = latest.groupby("station_code")["ts"].max().rename("ts")
        return names.merge(newest, on="station_code", how="left").merge(wide, on="station_code", how="left")

    def water_level_series(self, start: datetime, end: datetime) -> pd.DataFrame:
        means = self.hourly_means(start, end, parameters=("water_level_m",))
        return means[["station_code", "hour", "value"]]

    def summary(self, at: datetime | None = None, ward: str | None = None) -> dict:
        """The worst current VN_AQI and where it is; None values when no station has a fresh index."""
        current = self.aqi_current(at, ward).dropna(subset=["aqi"])
        if current.empty:
            return {"aqi": None, "station": None, "category": None, "dominant": None, "stations": 0}
        worst = current.loc[current["aqi"].astype(int).idxmax()]
        return {"aqi": int(worst["aqi"]), "station": worst["name"], "category": worst["category"],
                "dominant": worst["dominant"], "stations": len(current)}


def _filtered(stmt, table, station: str | None, ward: str | None):
    if station:
        stmt = stmt.where(table.station_code == station)
    if ward:
        stmt = stmt.where(table.ward_code == ward)
    return stmt
