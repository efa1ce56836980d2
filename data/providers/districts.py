"""The analysts' drill-down (/districts): one metric per unit over a range of local days, day by day (the player)
and over the whole range, under the wards in force (level "ward") or the former units (level "former").

Both levels group the same events: a site (camera, station, road segment) or an incident belongs to a ward by the
ward code the write path gave it, and to a former unit by where it is (point in polygon, the pack's former units).
Counts therefore add up to the same city figure under either level; the city figure of a rate is computed from
the city's own counts (and, per 10,000 residents, the population of the wards in force), never as a mean of units.

The metrics (the formulas of the leaders' board, `data/providers/kpi.py`, per unit):
- **incidents per 10,000 residents**: incidents reported in the range ÷ the unit's population × 10,000;
- **median time to resolve** (minutes): of the incidents first resolved in the range (a day: resolved that day);
- **on time** (%): the one-stop-shop formula over the range window (a day: that day's window);
- **mean / worst VN_AQI**: the mean / the highest daily VN_AQI of the unit's air stations;
- **good-air days**: days on which every reporting air station of the unit had a daily VN_AQI ≤ 50 ("Tốt");
- **congestion index** (%): segment-hours below half free flow ÷ segment-hours with readings;
- **camera uptime** (%): camera-seconds online ÷ camera-seconds with a known state;
- **AI events**: camera AI events of every kind;
- **department indicators reported per ward** (`ind.<code>`): the mean of the ward's reported periods starting
  in the range (wards only: departments report per ward in force).
"""

from __future__ import annotations

import threading
import time as clock
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data.providers.kpi import GOOD_AQI, SLOW_RATIO, prepare, timeliness
from data.store.db import utcnow
from geo.pack import UnitLocator

LEVELS = ("ward", "former")
MAX_DAYS = 366
INDICATOR_PREFIX = "ind."


@dataclass(frozen=True)
class Metric:
    """A metric of the drill-down: its `unit` (per_10k, minutes, pct, aqi, days, count) and which way is
    better ("higher", "lower"; ranks put the best first)."""

    code: str
    unit: str
    better: str
    levels: tuple[str, ...] = LEVELS


SENSED = (
    Metric("incidents_per_10k", "per_10k", "lower"),
    Metric("median_resolve", "minutes", "lower"),
    Metric("on_time", "pct", "higher"),
    Metric("aqi_mean", "aqi", "lower"),
    Metric("aqi_worst", "aqi", "lower"),
    Metric("good_air_days", "days", "higher"),
    Metric("congestion", "pct", "lower"),
    Metric("camera_uptime", "pct", "higher"),
    Metric("ai_events", "count", "lower"),
)


@dataclass(frozen=True)
class DistrictView:
    """One metric under one level over first..last: `totals` (code, value, rank) over the range, `daily` (index:
    every day of the range, one column per unit code; NaN: no data), the city's figure over the range and per
    day, and the units (see `_units_of`)."""

    metric: Metric
    level: str
    first: date
    last: date
    units: pd.DataFrame
    totals: pd.DataFrame
    daily: pd.DataFrame
    city: float | None
    city_daily: pd.Series
    computed_at: datetime

    @property
    def days(self) -> list[date]:
        return list(self.daily.index)


@dataclass
class Grouped:
    """What one family of metrics reads once for a level and range: per item (incident, site-day) its unit index
    and its local day index; `frame` holds the items."""

    frame: pd.DataFrame
    unit: np.ndarray  # index into the level's units, -1: in none
    day: np.ndarray  # index into the range's days, -1: outside


class DayFrames:
    """A site-level frame of local days (one row per site and day, a `day` column) read by `fetch(first, last)`;
    settled days are kept, so a range asks the database only for the days it has not seen (in one read)."""

    def __init__(self, fetch: Callable[[date, date], pd.DataFrame], settled: Callable[[date], bool]):
        self.fetch, self.settled = fetch, settled
        self._kept: dict[date, pd.DataFrame] = {}
        self._lock = threading.Lock()

    def get(self, first: date, last: date) -> pd.DataFrame:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        with self._lock:
            kept = {d: self._kept[d] for d in days if d in self._kept}
        missing = [d for d in days if d not in kept]
        if missing:
            fresh = self.fetch(missing[0], missing[-1])
            by_day = dict(tuple(fresh.groupby("day"))) if not fresh.empty else {}
            for day in missing:
                part = by_day.get(day, fresh.iloc[0:0])
                kept[day] = part
            with self._lock:
                self._kept.update({d: kept[d] for d in missing if self.settled(d)})
        parts = [kept[d] for d in days if not kept[d].empty]
        if not parts:
            return kept[days[0]] if days else pd.DataFrame()
        return pd.concat(parts, ignore_index=True)


def _by(frame: pd.DataFrame, codes: list[str], days: list[date], value: str, how: str) -> tuple[pd.DataFrame,
                                                                                            pd.Series]:
    """A (day, code, value) frame as the `daily` table (every day × every code) and per code over the range."""
    if frame.empty:
        empty = pd.DataFrame(np.nan, index=pd.Index(days, name="day"), columns=codes)
        return empty, pd.Series(np.nan, index=codes, dtype=float)
    daily = frame.pivot_table(index="day", columns="code", values=value, aggfunc=how)
    totals = frame.groupby("code")[value].agg(how)
    return (daily.reindex(index=pd.Index(days, name="day"), columns=codes).astype(float),
            totals.reindex(codes).astype(float))


class DistrictsProvider:
    """Builds `DistrictView`s from the domain providers and keeps them: a view of a range that ended more than two
    days ago is kept until evicted (least recently used), a newer one for `ttl_s`."""

    def __init__(self, incidents, environment, traffic, cameras, indicators, units: pd.DataFrame, sla: pd.DataFrame,
                 crosswalk: pd.DataFrame | None = None, offset_hours: int = 7, clock_fn: Callable[[], datetime] = utcnow, ttl_s: float = 60.0,
                 keep: int = 64):
        self.incidents, self.environment, self.traffic = incidents, environment, traffic
        self.cameras, self.indicators = cameras, indicators
        self.sla = sla
        self.offset = offset_hours
        self.clock = clock_fn
        self.ttl_s = ttl_s
        self.keep = keep
        self._units = {level: _units_of(units, level, crosswalk) for level in LEVELS}
        self._locators = {level: UnitLocator(units[units["level"] == level]) for level in LEVELS
                          if (units["level"] == level).any()}
        self._views: OrderedDict[tuple, tuple[float, DistrictView]] = OrderedDict()
        settled = self._settled
        self._days = {
            "congestion": DayFrames(lambda a, b: traffic.daily_congestion(a, b, SLOW_RATIO), settled),
            "uptime": DayFrames(lambda a, b: cameras.daily_uptime(a, b, until=self.clock())
                                .rename(columns={"code": "camera_code"}), settled),
            "events": DayFrames(cameras.daily_events, settled),
            "aqi": DayFrames(environment.aqi_daily, settled),
        }
        self._lock = threading.Lock()

    @classmethod
    def from_services(cls, services) -> DistrictsProvider:
        return cls(services.incidents, services.environment, services.traffic, services.cameras, services.indicators,
                   services.pack.units, services.pack.sla, services.pack.crosswalk, services.offset)

    # --- what may be asked -----------------------------------------------------------------------------------

    def levels(self) -> list[str]:
        return [level for level in LEVELS if level in self._locators]

    def units(self, level: str) -> pd.DataFrame:
        return self._units[level]

    def metrics(self) -> list[Metric]:
        """The sensed metrics, then every department indicator some ward reports."""
        catalogue = self.indicators.catalogue()
        per_ward = self.indicators.reported_by_ward()
        extra = [Metric(f"{INDICATOR_PREFIX}{row.code}", str(row.unit_vi), str(row.better), ("ward",))
                 for row in catalogue.itertuples() if row.code in per_ward]
        return [*SENSED, *extra]

    def indicator_names(self, lang: str) -> dict[str, str]:
        catalogue = self.indicators.catalogue()
        return dict(zip(catalogue["code"], catalogue["name_vi" if lang == "vi" else "name_en"], strict=True))

    def metric(self, code: str) -> Metric:
        found = next((m for m in self.metrics() if m.code == code), None)
        if found is None:
            raise ValueError(f"unknown metric {code!r}")
        return found

    def today(self) -> date:
        return (self.clock() + timedelta(hours=self.offset)).date()

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=self.offset)

    def warm(self, days: int = MAX_DAYS) -> None:
        """Read the settled days of the last `days` once (a process's first year-long ask then finds them kept)."""
        today = self.today()
        first, last = today - timedelta(days=days - 1), today - timedelta(days=3)
        if last >= first:
            for frames in self._days.values():
                frames.get(first, last)

    # --- views -----------------------------------------------------------------------------------------------

    def view(self, metric: str, level: str, first: date, last: date) -> DistrictView:
        """The view of `metric` under `level` over the local days first..last (inclusive, at most MAX_DAYS)."""
        if level not in self.levels():
            raise ValueError(f"unknown level {level!r}")
        if last < first or (last - first).days + 1 > MAX_DAYS:
            raise ValueError(f"a range of 1 to {MAX_DAYS} days is needed")
        key = (metric, level, first, last)
        now = clock.monotonic()
        with self._lock:
            kept = self._views.get(key)
            if kept is not None and (self._settled(last) or now - kept[0] < self.ttl_s):
                self._views.move_to_end(key)
                return kept[1]
        found = self._build(self.metric(metric), level, first, last)
        with self._lock:
            self._views[key] = (now, found)
            while len(self._views) > self.keep:
                self._views.popitem(last=False)
        return found

    def _settled(self, day: date) -> bool:
        """A day that ended more than two days ago: late data is rare then, its figures are kept."""
        return self.day_start(day + timedelta(days=3)) <= self.clock()

    def _build(self, metric: Metric, level: str, first: date, last: date) -> DistrictView:
        units = self._units[level]
        codes = list(units["code"])
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        if level not in metric.levels:
            daily, totals, city = _by(pd.DataFrame(), codes, days, "value", "sum") + (None,)
            city_daily = pd.Series(np.nan, index=daily.index)
        else:
            daily, totals, city, city_daily = self._figures(metric, level, units, days)
        frame = pd.DataFrame({"code": codes, "value": totals.to_numpy()})
        frame["rank"] = frame["value"].rank(method="min", ascending=metric.better == "lower")
        return DistrictView(metric, level, first, last, units, frame, daily, city, city_daily, self.clock())

    def _figures(self, metric: Metric, level: str, units: pd.DataFrame, days: list[date]):
        code = metric.code
        if code in ("incidents_per_10k", "median_resolve", "on_time"):
            return self._incident_figures(code, level, units, days)
        if code in ("aqi_mean", "aqi_worst", "good_air_days"):
            return self._air_figures(code, level, units, days)
        if code == "congestion":
            frame = self._days["congestion"].get(days[0], days[-1])
            return self._ratio_figures(self._at_sites(frame, "segment_code", self.traffic.segments(), level),
                                       units, days, "slow_hours", "segment_hours")
        if code == "camera_uptime":
            frame = self._days["uptime"].get(days[0], days[-1])
            return self._ratio_figures(self._at_sites(frame, "camera_code", self.cameras.cameras(), level),
                                       units, days, "online_s", "known_s")
        if code == "ai_events":
            frame = self._at_sites(self._days["events"].get(days[0], days[-1]), "camera_code",
                                   self.cameras.cameras(), level)
            daily, totals = _by(frame, list(units["code"]), days, "events", "sum")
            city_daily = frame.groupby("day")["events"].sum().reindex(daily.index).fillna(0)
            return daily.fillna(0), totals.fillna(0), float(city_daily.sum()), city_daily
        if code.startswith(INDICATOR_PREFIX):
            return self._indicator_figures(code.removeprefix(INDICATOR_PREFIX), units, days)
        raise ValueError(f"unknown metric {code!r}")

    # --- one unit ------------------------------------------------------------------------------------------------

    def incidents_in(self, level: str, code: str, first: date, last: date) -> pd.DataFrame:
        """The incidents reported in first..last in the unit, newest first, with their status now: the columns of
        `IncidentsProvider.incidents()`."""
        end = min(self.day_start(last + timedelta(days=1)), self.clock())
        frame = self.incidents.incidents(end, ward=code if level == "ward" else None, since=self.day_start(first))
        if level != "ward" and not frame.empty:
            frame = frame[[c == code for c in self._unit_codes(level, frame["ward_code"], frame["lon"], frame["lat"])]]
        return frame.reset_index(drop=True)

    def sites_in(self, level: str, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The unit's cameras (code, name, kind, online, since) and air stations with their VN_AQI now (station,
        name, kind, aqi) — a station of another kind has no aqi."""
        cameras = self.cameras.status()
        stations = pd.DataFrame(self.environment.stations()[["code", "name", "kind", "ward_code", "lon", "lat"]])
        air = self.environment.aqi_current()[["station", "aqi"]]
        stations = stations.merge(air, left_on="code", right_on="station", how="left").drop(columns=["station"])
        return tuple(f[[c == code for c in self._unit_codes(level, f["ward_code"], f["lon"], f["lat"])]]
                     .reset_index(drop=True) for f in (cameras, stations))

    # --- where things are --------------------------------------------------------------------------------------

    def _unit_codes(self, level: str, ward_codes: pd.Series, lons, lats) -> list[str | None]:
        if level == "ward":
            return [None if pd.isna(c) else str(c) for c in ward_codes]
        return self._locators[level].locate_many(lons, lats)

    def _at_sites(self, frame: pd.DataFrame, key: str, sites: pd.DataFrame, level: str) -> pd.DataFrame:
        """`frame` (one row per site and day, site code in `key`) with the unit `code` of each site."""
        points = sites.geometry.representative_point() if hasattr(sites, "geometry") else None
        lons = points.x if points is not None else sites["lon"]
        lats = points.y if points is not None else sites["lat"]
        where = pd.DataFrame({key: sites["code"].astype(str).to_numpy(),
                              "code": self._unit_codes(level, sites["ward_code"], lons, lats)})
        return frame.merge(where, on=key, how="inner").dropna(subset=["code"])

    # --- families of metrics -----------------------------------------------------------------------------------

    def _ratio_figures(self, frame: pd.DataFrame, units: pd.DataFrame, days: list[date], part: str, whole: str):
        """100 × Σpart ÷ Σwhole per unit-day, per unit over the range and for the city."""
        codes = list(units["code"])
        frame = frame[frame[whole] > 0]
        parts, part_totals = _by(frame, codes, days, part, "sum")
        wholes, whole_totals = _by(frame, codes, days, whole, "sum")
        city_days = frame.groupby("day")[[part, whole]].sum().reindex(parts.index)
        whole_sum = float(frame[whole].sum())
        return (100 * parts / wholes.where(wholes > 0), 100 * part_totals / whole_totals.where(whole_totals > 0),
                None if whole_sum == 0 else 100 * float(frame[part].sum()) / whole_sum,
                100 * city_days[part] / city_days[whole].where(city_days[whole] > 0))

    def _air_figures(self, code: str, level: str, units: pd.DataFrame, days: list[date]):
        frame = self._days["aqi"].get(days[0], days[-1]).dropna(subset=["aqi"])
        frame = frame.assign(aqi=frame["aqi"].astype(float))
        frame = self._at_sites(frame.rename(columns={"station": "station_code"}), "station_code",
                               self.environment.stations("air"), level)
        codes = list(units["code"])
        if code == "good_air_days":
            # A good day of a unit: every station of it that reported had a daily VN_AQI ≤ 50.
            worst = frame.groupby(["day", "code"], as_index=False)["aqi"].max()
            worst["good"] = (worst["aqi"] <= GOOD_AQI).astype(float)
            daily, totals = _by(worst, codes, days, "good", "sum")
            city = frame.groupby("day")["aqi"].max().reindex(daily.index)
            city_daily = (city <= GOOD_AQI).astype(float).where(city.notna())
            return daily, totals, float(city_daily.sum()) if city_daily.notna().any() else None, city_daily
        how = "mean" if code == "aqi_mean" else "max"
        daily, totals = _by(frame, codes, days, "aqi", how)
        city_daily = frame.groupby("day")["aqi"].agg(how).reindex(daily.index)
        return daily, totals, None if frame.empty else float(frame["aqi"].agg(how)), city_daily

    def _incident_figures(self, code: str, level: str, units: pd.DataFrame, days: list[date]):
        start, end = self.day_start(days[0]), min(self.day_start(days[-1] + timedelta(days=1)), self.clock())
        frame = prepare(self.incidents.active_milestones(start, end), self.sla)
        codes = list(units["code"])
        index = {c: i for i, c in enumerate(codes)}
        unit = np.array([index.get(c, -1) if c else -1 for c in
                         self._unit_codes(level, frame["ward_code"], frame["lon"], frame["lat"])], dtype=int)
        n = len(codes)
        bounds = [(self.day_start(d), min(self.day_start(d + timedelta(days=1)), end)) for d in days]
        if code == "incidents_per_10k":
            return self._per_10k(frame, unit, units, days, bounds, start, end)
        if code == "on_time":
            rows = [self._on_time(frame, unit, n, low, high) for low, high in bounds]
            daily = pd.DataFrame([r[0] for r in rows], index=pd.Index(days, name="day"), columns=codes)
            totals, city = self._on_time(frame, unit, n, start, end)
            return daily, pd.Series(totals, index=codes), city, pd.Series([r[1] for r in rows], index=daily.index)
        # median time to resolve, by the local day of the first resolution
        resolved = frame[(frame["resolved_at"] >= pd.Timestamp(start)) & (frame["resolved_at"] < pd.Timestamp(end))]
        minutes = (resolved["resolved_at"] - resolved["reported_at"]).dt.total_seconds() / 60
        local = (resolved["resolved_at"] + pd.Timedelta(hours=self.offset)).dt.date
        unit_of = pd.Series(unit, index=frame.index).loc[resolved.index]
        long = pd.DataFrame({"day": local, "code": [codes[i] if i >= 0 else None for i in unit_of],
                             "minutes": minutes}).dropna(subset=["code"])
        daily, totals = _by(long, codes, days, "minutes", "median")
        city_daily = pd.Series(minutes.to_numpy(), index=local.to_numpy()).groupby(level=0).median().reindex(
            daily.index)
        return daily, totals, float(minutes.median()) if len(minutes) else None, city_daily

    def _per_10k(self, frame, unit, units, days, bounds, start, end):
        population = units["population"].astype(float).to_numpy()
        population = np.where(population > 0, population, np.nan)
        n = len(units)
        counts = []
        for low, high in bounds:
            received = timeliness(frame, low, high)["received"] & (unit >= 0)
            counts.append(np.bincount(unit[received], minlength=n))
        counts = np.array(counts, dtype=float).reshape(len(days), n)
        daily = pd.DataFrame(10_000 * counts / population, index=pd.Index(days, name="day"), columns=list(units["code"]))
        received = timeliness(frame, start, end)["received"]
        totals = 10_000 * np.bincount(unit[received & (unit >= 0)], minlength=n) / population
        city_population = self._units["ward"]["population"].astype(float).sum()
        city_counts = pd.Series([int(timeliness(frame, low, high)["received"].sum()) for low, high in bounds],
                                index=daily.index)
        per = (lambda count: 10_000 * count / city_population) if city_population > 0 else (lambda _count: np.nan)
        return daily, pd.Series(totals, index=list(units["code"])), float(per(received.sum())), per(city_counts)

    @staticmethod
    def _on_time(frame: pd.DataFrame, unit: np.ndarray, n: int, low: datetime, high: datetime):
        """On time (%) per unit and for the whole city in [low, high)."""
        m = timeliness(frame, low, high)
        inside = unit >= 0
        due = np.bincount(unit[m["due"] & inside], minlength=n).astype(float)
        late = np.bincount(unit[m["late"] & inside], minlength=n).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_unit = np.where(due > 0, 100 * (1 - late / due), np.nan)
        city_due = int(m["due"].sum())
        return per_unit, None if city_due == 0 else 100 * (1 - int(m["late"].sum()) / city_due)

    def _indicator_figures(self, indicator: str, units: pd.DataFrame, days: list[date]):
        values = self.indicators.values(days[0], days[-1], indicator=indicator, scope=None)
        values = values.rename(columns={"period_start": "day"})
        wards, city = values[values["scope"] != "city"], values[values["scope"] == "city"]
        daily, totals = _by(wards.rename(columns={"scope": "code"}), list(units["code"]), days, "value", "mean")
        city_daily = city.groupby("day")["value"].mean().reindex(daily.index)
        return daily, totals, None if city.empty else float(city["value"].mean()), city_daily


def _units_of(units: pd.DataFrame, level: str, crosswalk: pd.DataFrame | None) -> pd.DataFrame:
    """code, name, short_name, population, valid_from, valid_to and `wards` (a former unit: the wards in force it
    went to, by the crosswalk; a ward: itself) of one level, by code."""
    mine = units[units["level"] == level]
    columns = ["code", "name", "short_name", "population", "valid_from", "valid_to"]
    frame = pd.DataFrame({c: mine.get(c) for c in columns}).reset_index(drop=True)
    frame["code"] = frame["code"].astype(str)
    went_to = ({} if crosswalk is None or crosswalk.empty else
               crosswalk.groupby(crosswalk["former_code"].astype(str))["ward_code"].agg(lambda c: sorted(map(str, set(c)))))
    frame["wards"] = [[code] if level == "ward" else list(went_to.get(code, [])) for code in frame["code"]]
    return frame.sort_values("code").reset_index(drop=True)
