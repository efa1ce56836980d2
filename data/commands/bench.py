"""Benchmarks of the provider queries behind the wall (the state now) and the history views (whole days over
the stored range), p50/p95 over repeated runs, with the same answers computed from the raw rows by naive pandas
(read the rows, group them) and by DuckDB (the rows loaded into it beforehand, then scanned), measured in the
same run, their ratios, and a check that every baseline agrees with the provider."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from data.domains.environment.models import EnvObs
from data.domains.traffic.models import RoadSegment, TrafficObs
from data.providers.kpi import KpiProvider
from data.rules import aqi
from data.store.frames import read_frame

# Budgets of the issue that asked for them: a question over the range ≤ 200 ms at p95; open incidents ≤ 50 ms.
RANGE_BUDGET_MS = 200.0
BUDGETS_MS = {"incidents: open now": 50.0, "kpi: board of a day, first ask": 300.0,
              "kpi: board of a day, cached": 300.0}


@dataclass(frozen=True)
class Window:
    """What the questions ask about: the latest reading (`now`), whole local days `first`..`last` and their UTC
    bounds [`start`, `end`), a ward."""

    now: datetime
    first: date
    last: date
    start: datetime
    end: datetime
    ward: str
    offset: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass
class Result:
    question: str
    scope: str  # "now" or "range"
    ms: list[float]
    rows: int
    baselines: dict[str, dict] = field(default_factory=dict)  # name → {"ms": [...], "agrees": bool}

    def p(self, q: float, ms: list[float] | None = None) -> float:
        return float(np.percentile(ms if ms is not None else self.ms, q))

    @property
    def budget(self) -> float | None:
        return BUDGETS_MS.get(self.question, RANGE_BUDGET_MS if self.scope == "range" else None)

    def as_dict(self) -> dict:
        out = {"question": self.question, "scope": self.scope, "rows": self.rows, "p50_ms": round(self.p(50), 2),
               "p95_ms": round(self.p(95), 2), "budget_ms": self.budget,
               "within_budget": None if self.budget is None else self.p(95) <= self.budget}
        for name, base in self.baselines.items():
            out[name] = {"p50_ms": round(self.p(50, base["ms"]), 2), "agrees": base["agrees"],
                         "provider_faster_by": round(self.p(50, base["ms"]) / max(self.p(50), 1e-9), 1)}
        return out


def window_of(services) -> Window | None:
    """The whole local days of stored traffic readings (the last one may be partial), and the most populous ward."""
    oldest, newest = services.traffic.reading_span()
    if newest is None:
        return None
    offset = services.offset
    shift = timedelta(hours=offset)
    first, last = (oldest + shift).date() + timedelta(days=1), (newest + shift).date()
    first = min(first, last)
    start = datetime.combine(first, datetime.min.time(), tzinfo=UTC) - shift
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=UTC) - shift
    wards = services.pack.wards
    ward = str(wards.sort_values("population", ascending=False)["code"].iloc[0])
    return Window(newest, first, last, start, end, ward, offset)


def questions(w: Window) -> list[tuple[str, str, Callable]]:
    """(question, scope, call(services)) — what the wall asks every refresh and what the history views ask."""
    at = w.now
    return [
        ("traffic: summary now", "now", lambda s: s.traffic.summary(at)),
        ("traffic: current state", "now", lambda s: s.traffic.current(at)),
        ("traffic: worst segments", "now", lambda s: s.traffic.worst_segments(at)),
        ("traffic: week comparison", "now", lambda s: s.traffic.week_comparison(at)),
        ("environment: VN_AQI now", "now", lambda s: s.environment.aqi_current(at)),
        ("environment: river levels", "now", lambda s: s.environment.water_levels(at)),
        ("cameras: status now", "now", lambda s: s.cameras.status(at)),
        ("incidents: open now", "now", lambda s: s.incidents.incidents(at, open_only=True)),
        ("incidents: summary now", "now", lambda s: s.incidents.summary(at)),
        ("traffic: city by day", "range", lambda s: s.traffic.series(w.start, w.end, bucket="day")),
        ("traffic: one ward by day", "range", lambda s: s.traffic.series(w.start, w.end, bucket="day", ward=w.ward)),
        ("environment: daily VN_AQI, all stations", "range", lambda s: s.environment.aqi_daily(w.first, w.last)),
        ("environment: PM2.5 by day", "range",
         lambda s: s.environment.series(w.start, w.end, "pm25", bucket="day")),
        ("cameras: AI events by day", "range", lambda s: s.cameras.event_series(w.start, w.end, bucket="day")),
        ("incidents: counts by status", "range", lambda s: s.incidents.counts(w.start, w.end, by="status")),
        # /kpi: a fresh provider computes the day and its 30-day trends; the process's keeps complete days.
        ("kpi: board of a day, first ask", "kpi",
         lambda s: KpiProvider.from_services(s).board(w.last - timedelta(days=1), prefetch=False)),
        ("kpi: board of a day, cached", "kpi", lambda s: s.kpi.board(w.last - timedelta(days=1))),
    ]


def timed(call: Callable[[], object], runs: int, warm_up: bool = True) -> tuple[list[float], object]:
    """Milliseconds of `runs` calls (after one warm-up call unless told otherwise), and the last answer."""
    answer = call() if warm_up else None
    ms = []
    for _ in range(runs):
        began = time.perf_counter()
        answer = call()
        ms.append((time.perf_counter() - began) * 1000)
    return ms, answer


# --- baselines on the raw rows --------------------------------------------------------------------------------

def _raw_traffic(services, w: Window, ward: str | None) -> pd.DataFrame:
    obs, seg = TrafficObs, RoadSegment
    stmt = (select(obs.ts, obs.speed_kmh, seg.free_flow_kmh).join(seg, seg.code == obs.segment_code)
            .where(obs.ts >= w.start, obs.ts < w.end))
    if ward:
        stmt = stmt.where(obs.ward_code == ward)
    return read_frame(services.traffic.engine, stmt)


def pandas_traffic_by_day(services, w: Window, ward: str | None) -> pd.DataFrame:
    raw = _raw_traffic(services, w, ward)
    day = (pd.to_datetime(raw["ts"], utc=True) + pd.Timedelta(hours=w.offset)).dt.date
    raw = raw.assign(bucket=day, ratio=raw["speed_kmh"] / raw["free_flow_kmh"])
    return raw.groupby("bucket").agg(speed_kmh=("speed_kmh", "mean"), speed_ratio=("ratio", "mean")).reset_index()


class DuckTraffic:
    """The raw traffic rows of the window loaded into DuckDB (untimed), then scanned per question."""

    def __init__(self, services, w: Window):
        import duckdb

        raw = read_frame(services.traffic.engine, select(TrafficObs.ts, TrafficObs.speed_kmh, TrafficObs.ward_code,
                                                         RoadSegment.free_flow_kmh)
                         .join(RoadSegment, RoadSegment.code == TrafficObs.segment_code)
                         .where(TrafficObs.ts >= w.start, TrafficObs.ts < w.end))
        raw["ts"] = pd.to_datetime(raw["ts"], utc=True).dt.tz_localize(None)
        self.db = duckdb.connect()
        self.db.execute("SET threads = 2")
        self.db.register("raw_frame", raw)
        self.db.execute("CREATE TABLE traffic AS SELECT * FROM raw_frame")
        self.db.unregister("raw_frame")
        self.offset = w.offset

    def by_day(self, ward: str | None) -> pd.DataFrame:
        where = "WHERE ward_code = ?" if ward else ""
        sql = (f"SELECT CAST(ts + INTERVAL {int(self.offset)} HOUR AS DATE) AS bucket, avg(speed_kmh) AS speed_kmh, "
               f"avg(speed_kmh / free_flow_kmh) AS speed_ratio FROM traffic {where} GROUP BY 1 ORDER BY 1")
        frame = self.db.execute(sql, [ward] if ward else []).df()
        frame["bucket"] = pd.to_datetime(frame["bucket"]).dt.date
        return frame


def pandas_daily_aqi(services, w: Window) -> pd.DataFrame:
    """Raw readings → hourly means → the official daily VN_AQI, all in pandas."""
    obs = EnvObs
    raw = read_frame(services.environment.engine,
                     select(obs.station_code, obs.parameter, obs.ts, obs.value)
                     .where(obs.ts >= w.start - timedelta(hours=7), obs.ts < w.end,
                            obs.parameter.in_(aqi.POLLUTANTS)))
    raw["ts"] = pd.to_datetime(raw["ts"], utc=True).dt.floor("h")
    hourly = raw.groupby(["station_code", "parameter", "ts"])["value"].mean().reset_index()
    frame = aqi.daily_aqi_frame(hourly.rename(columns={"station_code": "station"}), tz_offset_hours=w.offset)
    return frame[(frame["day"] >= w.first) & (frame["day"] <= w.last)].reset_index(drop=True)


def same_traffic(provider: pd.DataFrame, other: pd.DataFrame) -> bool:
    left = provider.set_index("bucket")[["speed_kmh", "speed_ratio"]].astype(float)
    right = other.set_index("bucket")[["speed_kmh", "speed_ratio"]].astype(float)
    return list(left.index) == list(right.index) and np.allclose(left.to_numpy(), right.to_numpy(), rtol=1e-9)


def same_daily_aqi(provider: pd.DataFrame, other: pd.DataFrame) -> bool:
    keys = ["station", "day"]
    left = provider.sort_values(keys).reset_index(drop=True)
    right = other.sort_values(keys).reset_index(drop=True)
    columns = ["aqi", *(f"aqi_{p}" for p in aqi.POLLUTANTS)]
    return (left[keys].astype(object).values.tolist() == right[keys].astype(object).values.tolist()
            and left[columns].astype("Int64").equals(right[columns].astype("Int64")))


# --- the run ----------------------------------------------------------------------------------------------------

def run(services, runs: int = 10, baseline_runs: int = 2) -> dict:
    """Every question on `services`' database, with the baselines for the range questions."""
    w = window_of(services)
    if w is None:
        raise ValueError("the database holds no traffic readings: seed it first (cityops seed)")
    results = []
    answers = {}
    for name, scope, call in questions(w):
        ms, answer = timed(lambda call=call: call(services), runs)
        answers[name] = answer
        results.append(Result(name, scope, ms, len(answer) if isinstance(answer, pd.DataFrame) else 1))
    by_name = {r.question: r for r in results}
    duck_load_ms = _baselines(services, w, by_name, answers, runs, baseline_runs) if baseline_runs else None
    engine = services.traffic.engine
    with engine.connect() as conn:
        raw_rows = {"traffic_obs": conn.execute(select(func.count()).select_from(TrafficObs)).scalar_one(),
                    "env_obs": conn.execute(select(func.count()).select_from(EnvObs)).scalar_one()}
    return {
        "database": engine.dialect.name, "city": services.pack.slug,
        "days": w.days, "first_day": w.first.isoformat(), "last_day": w.last.isoformat(), "ward": w.ward,
        "raw_rows": raw_rows, "runs": runs, "duckdb_load_ms": None if duck_load_ms is None else round(duck_load_ms, 1),
        "machine": {"python": platform.python_version(), "system": platform.platform(),
                    "cpus": _cpus()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "results": [r.as_dict() for r in results],
    }


def _baselines(services, w: Window, by_name: dict, answers: dict, runs: int, baseline_runs: int) -> float:
    """The range questions again from the raw rows (naive pandas, DuckDB); returns DuckDB's load time (ms)."""
    began = time.perf_counter()
    duck = DuckTraffic(services, w)
    duck_load_ms = (time.perf_counter() - began) * 1000
    for name, ward in (("traffic: city by day", None), ("traffic: one ward by day", w.ward)):
        ms, answer = timed(lambda ward=ward: pandas_traffic_by_day(services, w, ward), baseline_runs, warm_up=False)
        by_name[name].baselines["pandas"] = {"ms": ms, "agrees": same_traffic(answers[name], answer)}
        ms, answer = timed(lambda ward=ward: duck.by_day(ward), runs)
        by_name[name].baselines["duckdb"] = {"ms": ms, "agrees": same_traffic(answers[name], answer)}
    name = "environment: daily VN_AQI, all stations"
    ms, answer = timed(lambda: pandas_daily_aqi(services, w), baseline_runs, warm_up=False)
    by_name[name].baselines["pandas"] = {"ms": ms, "agrees": same_daily_aqi(answers[name], answer)}
    return duck_load_ms


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def table(report: dict) -> str:
    """The report as a text table (one line a question)."""
    head = (f"{report['database']} · {report['days']} days ({report['first_day']} … {report['last_day']}) · "
            f"raw rows: {report['raw_rows']['traffic_obs']:,} traffic, {report['raw_rows']['env_obs']:,} environment"
            f" · {report['runs']} runs · {report['measured_at']}")
    lines = [head, f"{'question':<42} {'rows':>6} {'p50 ms':>9} {'p95 ms':>9} {'budget':>7}  baselines (p50 ms, ×)"]
    for r in report["results"]:
        budget = "" if r["budget_ms"] is None else ("ok " if r["within_budget"] else "MISS ") + f"{r['budget_ms']:.0f}"
        bases = "  ".join(f"{n} {r[n]['p50_ms']:,.1f} ({r[n]['provider_faster_by']}×{'' if r[n]['agrees'] else ', DIFFERS'})"
                          for n in ("pandas", "duckdb") if n in r)
        lines.append(f"{r['question']:<42} {r['rows']:>6} {r['p50_ms']:>9.2f} {r['p95_ms']:>9.2f} {budget:>7}  {bases}")
    return "\n".join(lines)
