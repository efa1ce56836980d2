"""The leaders' board: the city's KPIs for a local day by the four pillars (governance, living, environment,
economy), each against its target, with its trend.

Sensed KPIs are computed from the daily rollups and the incidents' milestone columns; the rest are the department
indicators (data/domains/indicators). Every figure of a day is computed *as of the end of that day* (later events
do not change yesterday's on-time rate), so a complete day's figures are kept once computed (`ttl_s`); today's are
computed again at each question.

The formulas (each a pure function below, tested on hand-made data):
- **On time** (the one-stop-shop report's way): the incidents *due* in a day are those finished that day (with a
  resolve target) and those still open at its end past their due time; *late* are those of them that finished
  after their due time or are still open past it; on time = 100 % − late ÷ due.
- **Median time to resolve**: minutes from report to the first resolution, of incidents resolved that day, overall
  and by severity.
- **Backlog**: incidents reported before the end of the day and not ended by then, by category.
- **VN_AQI**: the daily VN_AQI of each air station (QĐ 1459, `env_daily_aqi`); worst and mean of the stations;
  good air = the share of station-days of the 30 days ending that day with a daily VN_AQI ≤ 50 ("Tốt"); the day's
  station-hours per category of the hourly VN_AQI (with the mean).
- **River**: the day's highest level of each gauge against its alarm levels I–III (the stage reached).
- **VN_WQI**: the lowest VN_WQI of the water-quality stations from the day's mean of each parameter (QĐ 1460, the
  parts `data/rules/wqi.py` implements).
- **Congestion index**: the share of segment-hours (segments with readings, each hour weighted equally) whose mean
  speed was below 50 % of free flow, with the five segments slowest against free flow over the day; **peak-hour speed**: the city's mean speed in 07:00–09:00 and 17:00–19:00
  local time.
- **Camera uptime**: the share of camera-seconds online among those with a known state; the longest outage.
- **AI events**: camera AI events of the day, by kind.
"""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data.domains.traffic.models import SLOW_RATIO
from data.rules import aqi, wqi
from data.store.db import utcnow

PILLARS = ("governance", "living", "environment", "economy")
SERIES_DAYS = 30
MEAN_DAYS = 7
GOOD_AQI = 50
PEAK_HOURS = (7, 8, 17, 18)  # local hours starting the peak periods 07–09 and 17–19
CITIZEN_CHANNEL = "citizen_report"
WORST_SEGMENTS = 5


@dataclass(frozen=True)
class KpiDef:
    """A sensed KPI: `unit` (pct, minutes, count, aqi, kmh, m), the pillar it belongs to."""

    code: str
    pillar: str
    unit: str


SENSED = (
    KpiDef("gov.reports_on_time", "governance", "pct"),
    KpiDef("gov.incidents_on_time", "governance", "pct"),
    KpiDef("gov.median_resolve", "governance", "minutes"),
    KpiDef("gov.backlog", "governance", "count"),
    KpiDef("liv.congestion", "living", "pct"),
    KpiDef("liv.peak_speed", "living", "kmh"),
    KpiDef("liv.camera_uptime", "living", "pct"),
    KpiDef("liv.ai_events", "living", "count"),
    KpiDef("env.aqi_worst", "environment", "aqi"),
    KpiDef("env.aqi_mean", "environment", "aqi"),
    KpiDef("env.good_air", "environment", "pct"),
    KpiDef("env.river", "environment", "stage"),
    KpiDef("env.wqi_worst", "environment", "wqi"),
)


def measure(value, have: int | None = None, total: int | None = None, coverage: str | None = None,
            as_of: datetime | None = None, **detail) -> dict:
    """One KPI's figure of one day: value (None: no data), coverage (have of total of what: stations, …)."""
    value = None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)
    return {"value": value, "have": have, "total": total, "coverage": coverage, "as_of": as_of, "detail": detail}


# --- formulas (pure) -----------------------------------------------------------------------------------------

NEVER = np.iinfo(np.int64).max


def _ns(column: pd.Series) -> np.ndarray:
    """UTC times as int64 nanoseconds, a missing time as NEVER (after any moment)."""
    values = pd.to_datetime(column, utc=True).dt.as_unit("ns").array.asi8.copy()
    values[pd.isna(column).to_numpy()] = NEVER
    return values


def prepare(milestones: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """`milestones()` rows with their resolve due time (the SLA target of category × severity) and every time as
    nanoseconds, so each day's figures are plain array comparisons."""
    goals = targets[["category", "severity", "resolve_minutes"]]
    frame = milestones.merge(goals, on=["category", "severity"], how="left")
    frame["due"] = frame["reported_at"] + pd.to_timedelta(frame["resolve_minutes"], unit="min")
    for column in ("reported_at", "resolved_at", "ended_at", "due"):
        frame[f"{column}_ns"] = _ns(frame[column])
    frame["has_target"] = frame["resolve_minutes"].notna()
    return frame


def _prepared(milestones: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    return milestones if "due_ns" in milestones else prepare(milestones, targets)


def on_time(milestones: pd.DataFrame, targets: pd.DataFrame | None, start: datetime, end: datetime) -> dict:
    """received, handled, due, late and on_time (%, None when nothing was due) of [start, end) as of `end`, by the
    one-stop-shop formula: due = finished in the window (with a target) + still open at `end` past the due time;
    late = those finished after their due time + those open past it; on time = 100 % − late ÷ due.
    `milestones`: a `milestones()` frame, or one `prepare()`d already (then `targets` is not needed)."""
    f = _prepared(milestones, targets)
    m = timeliness(f, start, end)
    n_due, n_late = int(m["due"].sum()), int(m["late"].sum())
    return {"received": int(m["received"].sum()), "handled": int(m["finished"].sum()), "due": n_due,
            "late": n_late, "on_time": None if n_due == 0 else 100.0 * (1 - n_late / n_due),
            "late_open": int((m["late"] & m["overdue_open"]).sum()),
            "late_finished": int((m["late"] & m["finished"]).sum())}


def timeliness(prepared: pd.DataFrame, start: datetime, end: datetime) -> dict[str, np.ndarray]:
    """The masks behind `on_time()`, one flag per incident of a `prepare()`d frame: received, finished,
    overdue_open, due and late in [start, end) as of `end` (group them to count per ward or unit)."""
    low, high = pd.Timestamp(start).value, pd.Timestamp(end).value
    f = prepared
    reported, ended, due_at = f["reported_at_ns"].to_numpy(), f["ended_at_ns"].to_numpy(), f["due_ns"].to_numpy()
    has_target = f["has_target"].to_numpy()
    alive = reported < high
    has_ended = alive & (ended < high)  # as known at `end`: a later ending does not count yet
    finished = has_ended & (ended >= low)
    overdue_open = alive & ~has_ended & has_target & (due_at < high)
    due = has_target & (finished | overdue_open)
    late = due & (np.where(has_ended, ended, high) > due_at)
    return {"received": alive & (reported >= low), "finished": finished, "overdue_open": overdue_open, "due": due,
            "late": late}


def days_between(first: date, last: date) -> list[date]:
    """Every day first..last."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _times(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A time column as `_ns` nanoseconds: the `prepare()`d copy when the frame has one."""
    return frame[f"{column}_ns"].to_numpy() if f"{column}_ns" in frame else _ns(frame[column])


def median_resolve(milestones: pd.DataFrame, start: datetime, end: datetime) -> dict:
    """Median minutes from report to first resolution of incidents resolved in [start, end): overall (`value`) and
    `by_severity` {severity: minutes}, with `resolved` (how many). Plain arrays: it runs for every day of a
    board."""
    resolved_at = _times(milestones, "resolved_at")
    inside = (resolved_at >= pd.Timestamp(start).value) & (resolved_at < pd.Timestamp(end).value)
    minutes = (resolved_at[inside] - _times(milestones, "reported_at")[inside]) / 1e9 / 60
    severity = milestones["severity"].to_numpy().astype(int)[inside]
    return {"value": float(np.median(minutes)) if len(minutes) else None, "resolved": len(minutes),
            "by_severity": {int(k): round(float(np.median(minutes[severity == k])), 1) for k in np.unique(severity)}}


def backlog(milestones: pd.DataFrame, end: datetime) -> dict:
    """Incidents open at `end` (reported before, not ended by then): `value` and `by_category`."""
    high = pd.Timestamp(end).value
    still = (_times(milestones, "reported_at") < high) & ~(_times(milestones, "ended_at") < high)
    counts = pd.Series(milestones["category"].to_numpy()[still]).value_counts()
    return {"value": int(still.sum()), "by_category": {str(k): int(v) for k, v in counts.items()}}


def aqi_by_day(daily: pd.DataFrame, stations: int) -> dict[date, dict]:
    """Per day of `aqi_daily()` rows with an index: worst (value, station, dominant; the first station at the
    maximum), mean and stations with an index."""
    rows = daily.dropna(subset=["aqi"])
    if rows.empty:
        return {}
    rows = rows.assign(value=rows["aqi"].astype(int))
    by_day = rows.groupby("day", sort=False)["value"]
    worst, means, have = by_day.idxmax(), by_day.mean(), by_day.size()
    return {day: {"worst": int(rows.at[i, "value"]), "mean": float(means[day]), "station": rows.at[i, "station"],
                  "dominant": rows.at[i, "dominant"], "have": int(have[day]), "total": stations}
            for day, i in worst.items()}


def no_aqi(stations: int) -> dict:
    return {"worst": None, "mean": None, "station": None, "dominant": None, "have": 0, "total": stations}


def good_air_by_day(daily: pd.DataFrame, days: list[date], span: int = SERIES_DAYS) -> dict[date, dict]:
    """For each of `days`: the share (%) of station-days of the `span` days ending there whose daily VN_AQI is
    ≤ 50, and how many station-days had an index."""
    rows = daily.dropna(subset=["aqi"])
    per_day = (rows["aqi"].astype(int) <= GOOD_AQI).groupby(rows["day"]).agg(["sum", "size"])
    good, counted = per_day["sum"].to_dict(), per_day["size"].to_dict()
    out = {}
    for last in days:
        window = [last - timedelta(days=i) for i in range(span)]
        n = sum(int(counted.get(d, 0)) for d in window)
        g = sum(int(good.get(d, 0)) for d in window)
        out[last] = {"value": 100.0 * g / n if n else None, "good": g, "station_days": n}
    return out


def congestion(hours: pd.DataFrame, offset_hours: int) -> pd.DataFrame:
    """Per local day from `hourly_congestion()` rows: congestion (% slow segment-hours), peak_speed (km/h in the
    peak hours), segment_hours."""
    if hours.empty:
        return pd.DataFrame(columns=["day", "congestion", "peak_speed", "segment_hours"])
    local = hours["hour"] + pd.Timedelta(hours=offset_hours)
    frame = hours.assign(day=local.dt.date, local_hour=local.dt.hour)
    days = frame.groupby("day").agg(segment_hours=("segment_hours", "sum"), slow_hours=("slow_hours", "sum"))
    peak = frame[frame["local_hour"].isin(PEAK_HOURS)].groupby("day")[["speed_sum", "n"]].sum()
    days["congestion"] = 100.0 * days["slow_hours"] / days["segment_hours"]
    days["peak_speed"] = peak["speed_sum"] / peak["n"]
    return days.reset_index()[["day", "congestion", "peak_speed", "segment_hours"]]


def uptime_by_day(day_rows: pd.DataFrame, cameras: int) -> dict[date, dict]:
    """Per day of `daily_uptime()` rows: uptime (%) of the known camera-seconds, the longest outage (s) and its
    camera (the first at the longest), cameras with a known state."""
    known = day_rows[day_rows["known_s"] > 0]
    if known.empty:
        return {}
    by_day = known.groupby("day", sort=False)
    sums, longest, have = by_day[["online_s", "known_s"]].sum(), by_day["longest_down_s"].idxmax(), by_day.size()
    out = {}
    for day, i in longest.items():
        down = float(known.at[i, "longest_down_s"])
        out[day] = {"value": 100.0 * sums.at[day, "online_s"] / sums.at[day, "known_s"], "have": int(have[day]),
                    "total": cameras, "longest_s": down, "longest_camera": known.at[i, "code"] if down > 0 else None}
    return out


def no_uptime(cameras: int) -> dict:
    return {"value": None, "have": 0, "total": cameras, "longest_s": None, "longest_camera": None}


def wqi_day(means: pd.DataFrame, stations: int) -> dict:
    """From one day's per-station parameter means (station_code, parameter, value): the lowest VN_WQI of the water
    stations (QĐ 1460, the parts in data/rules/wqi.py), its station and category, stations with an index."""
    found = {}
    for station, rows in means.groupby("station_code"):
        index = wqi.wqi(dict(zip(rows["parameter"], rows["value"], strict=True)))
        if index is not None:
            found[station] = index
    if not found:
        return {"value": None, "station": None, "category": None, "have": 0, "total": stations}
    station = min(found, key=lambda s: (found[s], s))
    return {"value": found[station], "station": station, "category": wqi.category(found[station]).key,
            "have": len(found), "total": stations}


def river_by_day(levels: pd.DataFrame) -> dict[date, dict]:
    """Per day of per-gauge maxima (day, station_code, value_max, alarm1..3): the highest stage reached (0 below
    alarm I … 3) — the KPI's value — the gauge (the one furthest over alarm I among those at that stage) and its
    level, and the gauges with a value."""
    rows = levels.dropna(subset=["value_max"])
    if rows.empty:
        return {}
    stage = sum((rows["value_max"] >= rows[f"alarm{i}"]).astype(int) for i in (1, 2, 3))
    rows = rows.assign(stage=stage, margin=rows["value_max"] - rows["alarm1"])
    have = rows.groupby("day").size()
    top = rows.sort_values(["day", "stage", "margin"], ascending=[True, False, False], kind="stable") \
        .drop_duplicates("day")
    return {day: {"value": int(st), "station": code, "level": float(level), "have": int(have[day])}
            for day, st, code, level in zip(top["day"], top["stage"], top["station_code"], top["value_max"],
                                            strict=True)}


NO_RIVER = {"value": None, "station": None, "level": None, "have": 0}


def rag(value: float | None, target: float | None, amber: float | None, better: str) -> str:
    """green at or beyond the target, amber up to the amber threshold, red past it; nodata without a value, none
    without a target."""
    if value is None:
        return "nodata"
    if target is None or (isinstance(target, float) and np.isnan(target)):
        return "none"
    sign = 1 if better == "higher" else -1
    if sign * (value - target) >= 0:
        return "green"
    if amber is not None and not (isinstance(amber, float) and np.isnan(amber)) and sign * (value - amber) >= 0:
        return "amber"
    return "red"


def trend(values: dict[date, float | None], day: date) -> tuple[float | None, float | None]:
    """(value − the previous day's, value − the mean of the 7 days before) of `day`, None where unknown."""
    value = values.get(day)
    if value is None:
        return None, None
    previous = values.get(day - timedelta(days=1))
    week = [v for i in range(1, MEAN_DAYS + 1) if (v := values.get(day - timedelta(days=i))) is not None]
    return (None if previous is None else value - previous), (value - sum(week) / len(week) if week else None)


# --- the provider --------------------------------------------------------------------------------------------

class KpiProvider:
    """`board(day)` → {"day", "complete", "computed_at", "kpis": [...]} with, per KPI: code, pillar, unit, name
    (indicators: vi/en names), value, target, amber, better, placeholder, state (green/amber/red/none),
    delta_day, delta_7d, series [(day, value)] of the 30 days ending `day`, as_of, have/total/coverage, detail.
    `wards(day)`: a frame per ward (ward_code, incidents, per_10k, on_time, aqi_mean, congestion, uptime).
    `notable(day)`: the day's notable events for the report's summary."""

    def __init__(self, incidents, environment, traffic, cameras, indicators, sla: pd.DataFrame, population: dict,
                 offset_hours: int = 7, clock_fn: Callable[[], datetime] = utcnow, ttl_s: float = 3600,
                 prefetch_days: int = 2 * SERIES_DAYS):
        self.incidents, self.environment, self.traffic = incidents, environment, traffic
        self.cameras, self.indicators = cameras, indicators
        self.sla = sla
        self.population = population
        self.offset = offset_hours
        self.clock = clock_fn
        self.ttl_s = ttl_s
        self.prefetch_days = prefetch_days
        self._cache: dict[date, tuple[float, dict]] = {}
        self._wards: dict[date, tuple[float, pd.DataFrame]] = {}
        self._aqi_hours: dict[date, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_services(cls, services) -> KpiProvider:
        wards = services.pack.wards
        population = {str(c): (None if pd.isna(p) else float(p)) for c, p in zip(wards["code"], wards["population"],
                                                                                 strict=True)}
        return cls(services.incidents, services.environment, services.traffic, services.cameras, services.indicators,
                   services.pack.sla, population, services.offset)

    # --- days -----------------------------------------------------------------------------------------------

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=self.offset)
        return start, start + timedelta(days=1)

    def today(self) -> date:
        return (self.clock() + timedelta(hours=self.offset)).date()

    def yesterday(self) -> date:
        return self.today() - timedelta(days=1)

    def _complete(self, day: date, now: datetime) -> bool:
        return self.day_bounds(day)[1] <= now

    def _fresh(self, kept: tuple[float, object] | None, day: date, now: datetime) -> bool:
        """A kept day is fresh for `ttl_s`, or a day when it ended more than two days ago (late data is rare then)."""
        if kept is None:
            return False
        settled = self.day_bounds(day)[1] <= now - timedelta(days=2)
        return clock.monotonic() - kept[0] < (max(self.ttl_s, 86_400) if settled else self.ttl_s)

    def days(self, first: date, last: date, prefetch: bool = True) -> dict[date, dict]:
        """Every KPI's measure for each day first..last: complete days from the cache when fresh. A complete day
        missing is computed with every day of the last `prefetch_days` (one block costs little more than one day),
        so choosing another day of the history afterwards finds it kept."""
        now = self.clock()
        wanted = days_between(first, last)
        found: dict[date, dict] = {}
        with self._lock:
            for day in wanted:
                kept = self._cache.get(day)
                if self._fresh(kept, day, now):
                    found[day] = kept[1]
        missing = [d for d in wanted if d not in found]
        if missing:
            low = min(missing)
            if prefetch and any(self._complete(d, now) for d in missing):
                low = min(low, self.today() - timedelta(days=self.prefetch_days))
            computed = self._compute(low, max(missing), now)
            with self._lock:
                for day, values in computed.items():
                    if self._complete(day, now):
                        self._cache[day] = (clock.monotonic(), values)
            found.update({d: computed.get(d, {}) for d in missing})
        return found

    def _compute(self, first: date, last: date, now: datetime) -> dict[date, dict]:
        days = days_between(first, last)
        out: dict[date, dict] = {d: {} for d in days}
        for block in (self._governance, self._environment, self._living, self._indicators):
            for day, values in block(first, last, now).items():
                out[day].update(values)
        return out

    def _moment(self, day: date, now: datetime) -> datetime:
        """The moment a day is judged at: its end, or now while it lasts."""
        return min(self.day_bounds(day)[1], now)

    def _governance(self, first: date, last: date, now: datetime) -> dict[date, dict]:
        start, _ = self.day_bounds(first)
        end = self._moment(last, now)
        if end <= start:
            return {}
        frame = prepare(self.incidents.active_milestones(start, end), self.sla)
        citizen = frame[frame["channel"] == CITIZEN_CHANNEL]
        out = {}
        for day in days_between(first, last):
            low = self.day_bounds(day)[0]
            high = self._moment(day, now)
            if high <= low:
                continue
            everything, reports = on_time(frame, self.sla, low, high), on_time(citizen, self.sla, low, high)
            median = median_resolve(frame, low, high)
            left = backlog(frame, high)
            out[day] = {
                "gov.reports_on_time": measure(reports["on_time"], as_of=high, **reports),
                "gov.incidents_on_time": measure(everything["on_time"], as_of=high, **everything),
                "gov.median_resolve": measure(median["value"], as_of=high, resolved=median["resolved"],
                                              by_severity=median["by_severity"]),
                "gov.backlog": measure(left["value"], as_of=high, by_category=left["by_category"]),
            }
        return out

    def _environment(self, first: date, last: date, now: datetime) -> dict[date, dict]:
        stations = self.environment.stations()
        air = int((stations["kind"] == "air").sum())
        daily = self.environment.aqi_daily(first - timedelta(days=SERIES_DAYS - 1), last)
        days = days_between(first, last)
        worst, good_air = aqi_by_day(daily, air), good_air_by_day(daily, days)
        gauges = pd.DataFrame(stations[stations["kind"] == "water_level"][["code", "alarm1", "alarm2", "alarm3"]])
        rivers = river_by_day(self.environment.daily_extremes(first, last, "water_level_m").merge(
            gauges, left_on="station_code", right_on="code", how="inner"))
        water = int((stations["kind"] == "water_quality").sum())
        means = self.environment.daily_means(first, last, "water_quality")
        means_by_day = {day: rows for day, rows in means.groupby("day")} if not means.empty else {}
        out = {}
        for day in days:
            high = self._moment(day, now)
            if high <= self.day_bounds(day)[0]:
                continue
            today, good, river = worst.get(day, no_aqi(air)), good_air[day], rivers.get(day, NO_RIVER)
            quality = wqi_day(means_by_day.get(day, means.iloc[:0]), water)
            coverage = {"have": today["have"], "total": air, "coverage": "stations", "as_of": high}
            out[day] = {
                "env.aqi_worst": measure(today["worst"], **coverage, station=today["station"],
                                         dominant=today["dominant"]),
                "env.aqi_mean": measure(today["mean"], **coverage),
                "env.good_air": measure(good["value"], **coverage, good=good["good"], station_days=good["station_days"]),
                "env.river": measure(river["value"], have=river["have"], total=len(gauges), coverage="gauges",
                                     as_of=high, station=river["station"], level=river["level"]),
                "env.wqi_worst": measure(quality["value"], have=quality["have"], total=water, coverage="stations",
                                         as_of=high, station=quality["station"], category=quality["category"]),
            }
        return out

    def _living(self, first: date, last: date, now: datetime) -> dict[date, dict]:
        start, _ = self.day_bounds(first)
        end = self._moment(last, now)
        if end <= start:
            return {}
        segments = len(self.traffic.segments())
        jams = congestion(self.traffic.hourly_congestion(start, end, SLOW_RATIO), self.offset).set_index("day")
        # The five segments slowest against their free flow over each day, and how many reported.
        slowest: dict[date, list] = {}
        reporting: dict[date, int] = {}
        ranked = self.traffic.slowest_by_day(first, last, WORST_SEGMENTS)
        for day, code, count in zip(ranked["day"], ranked["segment_code"], ranked["reporting"], strict=True):
            slowest.setdefault(day, []).append(code)
            reporting[day] = int(count)
        cams = len(self.cameras.cameras())
        up = uptime_by_day(self.cameras.daily_uptime(first, last, until=end), cams)
        events = self.cameras.event_series(start, end, "day")
        kinds_by_day: dict[date, dict] = {}
        for (day, kind), n in events.groupby(["bucket", "kind"])["events"].sum().items():
            kinds_by_day.setdefault(day, {})[str(kind)] = int(n)
        out = {}
        for day in days_between(first, last):
            high = self._moment(day, now)
            if high <= self.day_bounds(day)[0]:
                continue
            seg = {"have": int(reporting.get(day, 0)), "total": segments, "coverage": "segments", "as_of": high}
            row = jams.loc[day] if day in jams.index else None
            # Today so far: only the part of the day that has passed counts.
            cam, kinds = up.get(day, no_uptime(cams)), kinds_by_day.get(day, {})
            out[day] = {
                "liv.congestion": measure(None if row is None else row["congestion"], **seg,
                                          worst=slowest.get(day, [])),
                "liv.peak_speed": measure(None if row is None else row["peak_speed"], **seg),
                "liv.camera_uptime": measure(cam["value"], have=cam["have"], total=cam["total"], coverage="cameras",
                                             as_of=high, longest_s=cam["longest_s"], longest_camera=cam["longest_camera"]),
                "liv.ai_events": measure(sum(kinds.values()), have=cam["have"], total=cam["total"],
                                         coverage="cameras", as_of=high, by_kind=kinds),
            }
        return out

    def _indicators(self, first: date, last: date, now: datetime) -> dict[date, dict]:
        catalogue = self.indicators.catalogue()
        values = self.indicators.values((first - timedelta(days=62)).replace(day=1), last)
        reported: dict[str, list[tuple]] = {}
        for code, period, value, at, simulated in zip(values["indicator_code"], values["period_start"], values["value"],
                                                      values["reported_at"], values["simulated"], strict=True):
            reported.setdefault(code, []).append((period, float(value), at.to_pydatetime(), bool(simulated)))
        out: dict[date, dict] = {}
        for day in days_between(first, last):
            high = self._moment(day, now)
            if high <= self.day_bounds(day)[0]:
                continue
            out[day] = {}
            for code, period in zip(catalogue["code"], catalogue["period"], strict=True):
                # A day's own value; a month's: the newest month reported by then. Only what was reported by then.
                known = [r for r in reported.get(code, ()) if r[2] < high
                         and (r[0] == day if period == "day" else r[0] <= day)]
                row = max(known, key=lambda r: r[0]) if known else None
                out[day][code] = measure(
                    None if row is None else row[1], have=int(row is not None), total=1, coverage="reported",
                    as_of=None if row is None else row[2], period=None if row is None else row[0],
                    simulated=None if row is None else row[3])
        return out

    # --- the board ------------------------------------------------------------------------------------------

    def definitions(self) -> list[dict]:
        """Every KPI of the board in display order (pillar, then sensed before indicators)."""
        catalogue = self.indicators.catalogue()
        found = [{"code": k.code, "pillar": k.pillar, "unit": k.unit, "indicator": False} for k in SENSED]
        found += [{"code": r.code, "pillar": r.pillar, "unit": "pct" if r.unit_vi == "%" else "number",
                   "indicator": True, "name_vi": r.name_vi, "name_en": r.name_en, "unit_vi": r.unit_vi,
                   "unit_en": r.unit_en, "department_vi": r.department_vi, "department_en": r.department_en,
                   "period": r.period} for r in catalogue.itertuples()]
        order = {p: i for i, p in enumerate(PILLARS)}
        return sorted(found, key=lambda k: order.get(k["pillar"], len(order)))

    def board(self, day: date | None = None, prefetch: bool = True) -> dict:
        """The board of `day` (default yesterday); `prefetch=False` computes only the 30 days it shows (a one-off
        report), else a miss computes the recent history too (a page where another day is chosen next)."""
        day = day or self.yesterday()
        now = self.clock()
        first = day - timedelta(days=SERIES_DAYS - 1)
        values = self.days(first, day, prefetch)
        targets = self.indicators.targets().set_index("code")
        kpis = []
        for kpi in self.definitions():
            series = {d: values.get(d, {}).get(kpi["code"], {}).get("value") for d in values}
            today = values.get(day, {}).get(kpi["code"]) or measure(None)
            if kpi["code"] == "env.aqi_mean" and today["value"] is not None:
                today = {**today, "detail": {**today["detail"], "hours": self.aqi_hours(day)}}
            goal = targets.loc[kpi["code"]] if kpi["code"] in targets.index else None
            target = None if goal is None or pd.isna(goal["target"]) else float(goal["target"])
            amber = None if goal is None or pd.isna(goal["amber"]) else float(goal["amber"])
            better = "higher" if goal is None else goal["better"]
            delta_day, delta_7d = trend(series, day)
            state = (river_state(today["value"]) if kpi["code"] == "env.river"
                     else rag(today["value"], target, amber, better))
            kpis.append({**kpi, **today, "target": target, "amber": amber, "better": better,
                         "placeholder": bool(goal["placeholder"]) if goal is not None else True, "state": state,
                         "delta_day": delta_day, "delta_7d": delta_7d,
                         "series": [(d, series[d]) for d in sorted(series)]})
        return {"day": day, "complete": self._complete(day, now), "computed_at": now, "kpis": kpis}

    def wards(self, day: date) -> pd.DataFrame:
        """The `ward_frame()` of a day, kept like the board's days once the day is complete."""
        return self._kept_day(self._wards, day, self.ward_frame)

    def aqi_hours(self, day: date) -> dict[str, int]:
        """Station-hours of the day per VN_AQI category (the air stations' hourly VN_AQI), in the categories' order;
        kept like the board's days."""
        return self._kept_day(self._aqi_hours, day, self._aqi_hours_of)

    def _aqi_hours_of(self, day: date) -> dict[str, int]:
        low, high = self.day_bounds(day)
        hours = self.environment.aqi_hourly(low, min(high, self.clock()))
        counts = hours["category"].dropna().value_counts()
        return {c.key: int(counts.get(c.key, 0)) for c in aqi.CATEGORIES}

    def _kept_day(self, kept_days: dict, day: date, compute):
        now = self.clock()
        with self._lock:
            kept = kept_days.get(day)
        if self._fresh(kept, day, now):
            return kept[1]
        value = compute(day)
        if self._complete(day, now):
            with self._lock:
                kept_days[day] = (clock.monotonic(), value)
        return value

    def ward_frame(self, day: date) -> pd.DataFrame:
        """Per ward for the day: incidents received, per 10,000 residents, on-time %, mean daily VN_AQI of its
        stations, congestion index (% of its segment-hours below half free flow), camera uptime (%)."""
        now = self.clock()
        low, high = self.day_bounds(day)
        high = min(high, now)
        frame = self.incidents.active_milestones(low, high)
        rows = []
        daily_aqi = self.environment.aqi_daily(day, day)
        stations = pd.DataFrame(self.environment.stations("air")[["code", "ward_code"]])
        daily_aqi = daily_aqi.merge(stations, left_on="station", right_on="code", how="left")
        jams = self.traffic.hourly_congestion(low, high, SLOW_RATIO, by_ward=True)
        cams = self.cameras.cameras()[["code", "ward_code"]]
        up = self.cameras.daily_uptime(day, day, until=high).merge(pd.DataFrame(cams), on="code")
        for ward, population in self.population.items():
            mine = frame[frame["ward_code"] == ward]
            timely = on_time(mine, self.sla, low, high)
            ward_aqi = daily_aqi[daily_aqi["ward_code"] == ward]["aqi"].dropna()
            ward_jams = jams[jams["ward_code"] == ward]
            ward_up = up[(up["ward_code"] == ward) & (up["known_s"] > 0)]
            rows.append({
                "ward_code": ward, "incidents": timely["received"],
                "per_10k": None if not population else round(10_000 * timely["received"] / population, 2),
                "on_time": None if timely["on_time"] is None else round(timely["on_time"], 1),
                "aqi_mean": None if ward_aqi.empty else round(float(ward_aqi.astype(float).mean()), 1),
                "congestion": None if ward_jams.empty else round(
                    100 * float(ward_jams["slow_hours"].sum() / ward_jams["segment_hours"].sum()), 1),
                "uptime": None if ward_up.empty else round(100 * ward_up["online_s"].sum() / ward_up["known_s"].sum(), 1),
            })
        return pd.DataFrame(rows, columns=["ward_code", "incidents", "per_10k", "on_time", "aqi_mean", "congestion",
                                           "uptime"])

    def notable(self, day: date, limit: int = 5) -> dict:
        """The day's notable events: the most severe incidents reported, the worst air hours, the longest camera
        outages (from the board's own inputs)."""
        low, high = self.day_bounds(day)
        high = min(high, self.clock())
        incidents = self.incidents.milestones(low, high)
        worst = incidents.sort_values(["severity", "reported_at"]).head(limit)
        hours = self.environment.aqi_hourly(low, high).dropna(subset=["aqi"])
        air = hours.sort_values("aqi", ascending=False).head(limit) if not hours.empty else hours
        up = self.cameras.daily_uptime(day, day, until=high)
        outages = up[up["longest_down_s"] > 0].sort_values("longest_down_s", ascending=False).head(limit)
        return {"incidents": worst, "air": air, "outages": outages}


def river_state(stage: float | None) -> str:
    """Green below alarm I, amber at I, red at II or III (the official alarm levels, not a target)."""
    if stage is None:
        return "nodata"
    return "green" if stage < 1 else ("amber" if stage < 2 else "red")

