"""Alarms provider: what must take over a control-room wall at a moment, each with a stable id per event.

An alarm is one *event*: its id stays the same while the condition lasts and changes when it ends and
starts again (or escalates), so a wall shows it once, however often it refreshes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from data.domains.environment.provider import EnvironmentProvider
from data.domains.incidents.provider import IncidentsProvider
from data.providers.feeds import STALE_AFTER, FeedsProvider
from data.rules import lifecycle
from data.rules.aqi import category as aqi_category
from data.store.frames import as_of

AIR_ALARM_AQI = 201  # "Rất xấu" (very bad) and above
COLUMNS = ["alarm_id", "kind", "severity", "subject", "detail", "value", "threshold", "since", "lon", "lat", "ward_code"]


def _iso(ts) -> str:
    return pd.Timestamp(ts).tz_convert("UTC").strftime("%Y%m%dT%H%M%SZ")


def _run_start(times: pd.Series, above: pd.Series):
    """The first time of the trailing run of True values (times ascending); None when the last is False."""
    start = None
    for ts, flag in zip(reversed(times.tolist()), reversed(above.tolist()), strict=True):
        if not flag:
            break
        start = ts
    return start


class AlarmsProvider:
    """Answers "which alarms are active at `at`" from the incident, environment and feed providers.

    Frame from `active()` (most urgent first): alarm_id (stable per event), kind (incident / air / river /
    feed), severity (1 = most urgent .. 3), subject (incident title, station, gauge or feed name),
    detail (incident category, dominant pollutant, alarm stage "1".."3", or the feed's domain),
    value (VN_AQI, level in m, or seconds since the feed was last seen; NaN for incidents),
    threshold (VN_AQI 201, the gauge's alarm level, or the feed's stale age in s), since (UTC start of the
    event), lon, lat (NaN for feeds: they have no place), ward_code (None where unknown).

    The events: severity-1 incidents still in status "new" and reported within `new_within`; air
    stations whose current VN_AQI is ≥ 201; river gauges whose latest level is at or above alarm level I;
    feeds in state "stale".
    """

    def __init__(self, incidents: IncidentsProvider, environment: EnvironmentProvider, feeds: FeedsProvider,
                 new_within: timedelta = timedelta(hours=1)):
        self.incidents = incidents
        self.environment = environment
        self.feeds = feeds
        self.new_within = new_within

    @classmethod
    def from_services(cls, services) -> AlarmsProvider:
        return cls(services.incidents, services.environment, services.feeds)

    def active(self, at: datetime | None = None) -> pd.DataFrame:
        at = as_of(at)
        rows = self._incidents(at) + self._air(at) + self._river(at) + self._feeds(at)
        frame = pd.DataFrame(rows, columns=COLUMNS)
        frame["since"] = pd.to_datetime(frame["since"], utc=True)
        for column in ("value", "threshold", "lon", "lat"):
            frame[column] = frame[column].astype(float)
        frame = frame.sort_values(["severity", "since"], ascending=[True, False], kind="stable")
        return frame.reset_index(drop=True)

    def _incidents(self, at: datetime) -> list[dict]:
        frame = self.incidents.incidents(at, status=(lifecycle.NEW,), since=at - self.new_within)
        frame = frame[frame["severity"] == 1]
        return [{"alarm_id": f"incident:{row.id}", "kind": "incident", "severity": 1, "subject": row.title,
                 "detail": row.category, "value": None, "threshold": None, "since": row.reported_at,
                 "lon": row.lon, "lat": row.lat, "ward_code": row.ward_code} for row in frame.itertuples()]

    def _air(self, at: datetime) -> list[dict]:
        current = self.environment.aqi_current(at).dropna(subset=["aqi"])
        current = current[current["aqi"].astype(float) >= AIR_ALARM_AQI]
        if current.empty:
            return []
        hours = self.environment.aqi_hourly(at - timedelta(hours=24), at + timedelta(microseconds=1))
        rows = []
        for row in current.itertuples():
            cat = aqi_category(int(row.aqi))
            series = hours[hours["station"] == row.station].sort_values("ts")
            since = _run_start(series["ts"], series["aqi"].astype(float) >= AIR_ALARM_AQI) or row.ts
            rows.append({"alarm_id": f"air:{row.station}:{cat.key}:{_iso(since)}", "kind": "air",
                         "severity": 1 if cat.key == "hazardous" else 2, "subject": row.name,
                         "detail": row.dominant, "value": int(row.aqi), "threshold": AIR_ALARM_AQI,
                         "since": since, "lon": row.lon, "lat": row.lat, "ward_code": row.ward_code})
        return rows

    def _river(self, at: datetime) -> list[dict]:
        levels = self.environment.water_levels(at)
        levels = levels[levels["alarm"] >= 1]
        if levels.empty:
            return []
        series = self.environment.water_level_series(at - timedelta(hours=24), at + timedelta(microseconds=1))
        rows = []
        for row in levels.itertuples():
            hourly = series[series["station_code"] == row.station_code].sort_values("hour")
            since = _run_start(hourly["hour"], hourly["value"] >= row.alarm1)
            since = since if since is not None else pd.Timestamp(row.ts).floor("h")
            stage = int(row.alarm)
            rows.append({"alarm_id": f"river:{row.station_code}:{stage}:{_iso(since)}", "kind": "river",
                         "severity": 4 - stage, "subject": row.name, "detail": str(stage), "value": row.value,
                         "threshold": getattr(row, f"alarm{stage}"), "since": since, "lon": row.lon,
                         "lat": row.lat, "ward_code": None})
        return rows

    def _feeds(self, at: datetime) -> list[dict]:
        status = self.feeds.status(at)
        stale = status[status["state"] == "stale"]
        return [{"alarm_id": f"feed:{row.feed}:{_iso(row.last_seen)}", "kind": "feed", "severity": 3,
                 "subject": row.feed, "detail": row.domain, "value": row.age_s,
                 "threshold": STALE_AFTER * row.expected_every_s,
                 "since": row.last_seen + pd.Timedelta(seconds=STALE_AFTER * row.expected_every_s),
                 "lon": None, "lat": None, "ward_code": None} for row in stale.itertuples()]
