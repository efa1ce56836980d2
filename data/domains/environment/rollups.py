"""Environment rollups: hourly and daily per station and parameter (rebuilt in SQL from the stored readings)
and the daily VN_AQI per air station (recomputed from the hourly means of the days a batch touches)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, func, select

from data.domains.environment.models import EnvDaily, EnvDailyAqi, EnvHourly, EnvObs
from data.rules import aqi
from data.store.db import dialect_insert, hour_floor, local_day
from data.store.inserts import local_days, plain_rows
from data.store.rollups import Rollups, day_start, days_of, hours_of, replace_range, unbuilt_span

# The O3 8-hour means of a day's first hours reach this far into the day before.
AQI_LEAD = timedelta(hours=7)
AQI_COLUMNS = ("aqi", "dominant", *(f"aqi_{p}" for p in aqi.POLLUTANTS))
REBUILD_DAYS = 31  # daily VN_AQI rebuilt a month at a time (memory stays small for a province's year)


def touched_aqi_days(new: pd.DataFrame, offset_hours: int) -> pd.DataFrame:
    """station_code, day: the air stations' local days whose daily VN_AQI new readings (`station_code`,
    `parameter`, `ts`) change — each reading's own day and the day its hour reaches 7 hours on."""
    pollutants = new[new["parameter"].isin(aqi.POLLUTANTS)]
    days = pd.concat([local_days(pollutants["ts"], offset_hours),
                      local_days(pd.to_datetime(pollutants["ts"], utc=True) + AQI_LEAD, offset_hours)])
    codes = pd.concat([pollutants["station_code"], pollutants["station_code"]])
    return pd.DataFrame({"station_code": codes.to_numpy(), "day": days.to_numpy()}).drop_duplicates()


def refresh_daily_aqi(conn: Connection, touched: pd.DataFrame, offset_hours: int) -> int:
    """Recompute the daily VN_AQI of the (station_code, day) pairs `touched` from the hourly means (the same
    computation as over the raw hours: data.rules.aqi.daily_aqi_frame); returns the rows written."""
    if touched.empty:
        return 0
    first, last = touched["day"].min(), touched["day"].max()
    h = EnvHourly
    stmt = (select(h.station_code, h.hour, h.parameter, (h.value_sum / h.n).label("value"), h.ward_code)
            .where(h.station_code.in_(sorted(set(touched["station_code"]))), h.parameter.in_(aqi.POLLUTANTS),
                   h.hour >= day_start(first, offset_hours) - AQI_LEAD,
                   h.hour < day_start(last + timedelta(days=1), offset_hours)))
    hours = pd.DataFrame([tuple(r) for r in conn.execute(stmt)],
                         columns=["station", "ts", "parameter", "value", "ward_code"])
    if hours.empty:
        return 0
    hours["ts"] = pd.to_datetime(hours["ts"], utc=True)
    wards = hours.drop_duplicates("station").set_index("station")["ward_code"]
    daily = aqi.daily_aqi_frame(hours[["station", "ts", "parameter", "value"]], tz_offset_hours=offset_hours)
    daily = daily.rename(columns={"station": "station_code"}).merge(touched, on=["station_code", "day"])
    if daily.empty:
        return 0
    daily["ward_code"] = daily["station_code"].map(wards)
    table = EnvDailyAqi.__table__
    stmt = dialect_insert(conn, table)
    upsert = stmt.on_conflict_do_update(index_elements=["station_code", "day"],
                                        set_={c: stmt.excluded[c] for c in ("ward_code", *AQI_COLUMNS)})
    conn.execute(upsert, plain_rows(daily[["station_code", "day", "ward_code", *AQI_COLUMNS]]))
    return len(daily)


def rebuild(conn: Connection, start: datetime, end: datetime, offset_hours: int) -> None:
    obs, hourly, daily = EnvObs, EnvHourly, EnvDaily
    low, high = hours_of(start, end)
    hour = hour_floor(obs.ts)
    replace_range(conn, hourly.__table__, hourly.hour, low, high, (
        select(obs.station_code, obs.parameter, hour.label("hour"), obs.ward_code, func.count().label("n"),
               func.sum(obs.value).label("value_sum"), func.min(obs.value).label("value_min"),
               func.max(obs.value).label("value_max"))
        .where(obs.ts >= low, obs.ts < high).group_by(obs.station_code, obs.parameter, hour, obs.ward_code)))
    first, last = days_of(low, high, offset_hours)
    day = local_day(hourly.hour, offset_hours)
    replace_range(conn, daily.__table__, daily.day, first, last + timedelta(days=1), (
        select(hourly.station_code, hourly.parameter, day.label("day"), hourly.ward_code,
               func.sum(hourly.n).label("n"), func.sum(hourly.value_sum).label("value_sum"),
               func.min(hourly.value_min).label("value_min"), func.max(hourly.value_max).label("value_max"))
        .where(hourly.hour >= day_start(first, offset_hours),
               hourly.hour < day_start(last + timedelta(days=1), offset_hours))
        .group_by(hourly.station_code, hourly.parameter, day, hourly.ward_code)))
    # The daily VN_AQI of every air station-day in range (and the day after, whose O3 windows reach back).
    last_aqi = last + timedelta(days=1)
    day_now = first
    while day_now <= last_aqi:
        chunk_last = min(day_now + timedelta(days=REBUILD_DAYS - 1), last_aqi)
        pairs = select(daily.station_code, daily.day).where(
            daily.parameter.in_(aqi.POLLUTANTS), daily.day >= day_now, daily.day <= chunk_last).distinct()
        touched = pd.DataFrame([tuple(r) for r in conn.execute(pairs)], columns=["station_code", "day"])
        touched["day"] = pd.to_datetime(touched["day"]).dt.date
        refresh_daily_aqi(conn, touched, offset_hours)
        day_now = chunk_last + timedelta(days=1)


ROLLUPS = Rollups(rebuild=rebuild, unbuilt=lambda conn: unbuilt_span(conn, EnvObs.ts, EnvDaily.__table__))
