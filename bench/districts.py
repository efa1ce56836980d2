"""The drill-down by area (/districts): server time of its interactions — choosing a metric, range or level (the
map, the player's days, the exports), a step of the day player, a unit's detail, a comparison, the CSV export —
called as the browser calls them (the callbacks themselves, with a signed-in analyst, their answers serialised as
Dash sends them) — first in a process that has read nothing yet ("cold"), then after the warm-up a process does in
the background once ready, then with what the provider keeps — over a 30-day range and, when the database holds a year, a 365-day range.

The baseline, measured in the same run: the per-ward figures the leaders' board already has (`KpiProvider.ward_frame`),
computed for every day of the range — the way to a day-by-day ward table without the drill-down. Budgets (issue 13):
an interaction ≤ 300 ms p95 over 30 days, ≤ 500 ms over 365 days; a player step ≤ 150 ms.

    .venv/bin/python bench/districts.py --data-dir /path/to/a/seeded/data/dir [--runs 30] [--days 30 365]
    .venv/bin/python bench/districts.py        # seeds 30 simulated days into a temporary folder first (minutes)

The database is copied first (the bench adds a user to sign in with); SQLite only. "cold" is the first ask of a
process (nothing kept yet); later asks reuse the settled days and views the provider keeps.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.kpi import line, percentile, prepared  # noqa: E402

BUDGETS_MS = {30: 300, 365: 500}
STEP_BUDGET_MS = 150


def timed(call, *args) -> float:
    """Milliseconds of `call(*args)` and of serialising its answer as Dash does."""
    from plotly.utils import PlotlyJSONEncoder

    started = time.perf_counter()
    json.dumps(call(*args), cls=PlotlyJSONEncoder)
    return 1000 * (time.perf_counter() - started)


def triggered(prop_id: str) -> None:
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": None}]))


def run_range(services, days: int, runs: int, rng: random.Random) -> dict[str, list[float]]:
    from api.districts import build
    from callbacks import districts as cb
    from data.providers.districts import SENSED, DistrictsProvider
    from data.providers.kpi import KpiProvider

    today = services.districts.today()
    first, last = today - timedelta(days=days - 1), today
    query = {"from": first.isoformat(), "to": last.isoformat()}
    metrics = [m.code for m in SENSED]
    results: dict[str, list[float]] = {k: [] for k in ("baseline", "cold", "warm-up", "warmed", "choose", "step",
                                                       "detail", "compare", "export")}

    # Baseline: the leaders' ward table, for every day of the range (a fresh provider: nothing kept).
    for _ in range(2):
        kpi = KpiProvider.from_services(services)
        started = time.perf_counter()
        for i in range(days):
            kpi.ward_frame(first + timedelta(days=i))
        results["baseline"].append(1000 * (time.perf_counter() - started))

    # Cold: each metric's first ask in a fresh provider (as after a restart).
    services.__dict__["districts"] = DistrictsProvider.from_services(services)
    triggered("districts-metric.value")
    for metric in metrics:
        results["cold"].append(timed(cb.choose, metric, "custom", query["from"], query["to"], "ward", 0, None, None, "vi"))
    # What a process does once ready (in the background), then each metric's first ask.
    services.__dict__["districts"] = DistrictsProvider.from_services(services)
    started = time.perf_counter()
    services.districts.warm()
    results["warm-up"].append(1000 * (time.perf_counter() - started))
    for metric in metrics:
        results["warmed"].append(timed(cb.choose, metric, "custom", query["from"], query["to"], "ward", 0, None, None,
                                       "vi"))
    for _ in range(runs):
        metric, level = rng.choice(metrics), rng.choice(services.districts.levels())  # a pack of one level: wards
        units = list(services.districts.units(level)["code"])
        state = {**query, "metric": metric, "level": level}
        results["choose"].append(timed(cb.choose, metric, "custom", query["from"], query["to"], level, 0, None, None, "vi"))
        results["step"].append(timed(cb.step, rng.randint(0, days), state, "vi"))
        results["detail"].append(timed(cb.detail, rng.choice(units), state, rng.randint(0, days), "vi"))
        results["compare"].append(timed(cb.compare, rng.sample(units, rng.randint(2, 4)), state, 0, "vi"))
        results["export"].append(timed(lambda *asked: len(build(*asked)[0]), "csv", metric, level, first, last, "vi"))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, nargs="+", default=[30, 365])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cityops-bench-districts-"))
    try:
        return run(prepared(args.data_dir, folder), args.runs, args.days)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(data_dir: Path, runs: int, ranges: list[int]) -> int:
    from starlette.requests import HTTPConnection

    from api import access
    from data.commands.users import UserStore
    from data.store.settings import Settings
    from data.wiring.services import Services, set_services

    services = Services.create(Settings(data_dir=data_dir, demo=False, _env_file=None))
    set_services(services)
    UserStore(services.engines.main).create("bench.analyst", "analyst", "bench-password-1")
    access._connection.set(HTTPConnection({"type": "http", "session": {"user": "bench.analyst"}}))
    span = services.traffic.reading_span()
    held = 0 if span[0] is None else (span[1] - span[0]).days + 1
    print(f"database at {data_dir} (SQLite), {held} days of readings")
    rng = random.Random(13)
    ok = True
    for days in ranges:
        if days > held + 1:
            print(f"{days}-day range: skipped, the database holds {held} days")
            continue
        results = run_range(services, days, runs, rng)
        print(f"--- {days}-day range")
        print(line("baseline: the board's ward table, each day", results["baseline"]))
        for name, label in (("cold", "choose a metric, first ask (cold)"), ("warm-up", "warm-up once ready (background)"),
                            ("warmed", "choose a metric, first ask after it"), ("choose", "choose metric/level (kept)"),
                            ("step", "player step"), ("detail", "a unit's detail"), ("compare", "compare 2-4 units"),
                            ("export", "CSV export")):
            print(line(label, results[name]))
        interactions = [v for k in ("choose", "detail", "compare", "export") for v in results[k]]
        worst, step = percentile(interactions, 0.95), percentile(results["step"], 0.95)
        budget = BUDGETS_MS.get(days, BUDGETS_MS[365])
        baseline = sorted(results["baseline"])[0]
        interactions += results["warmed"]
        worst = percentile(interactions, 0.95)
        print(f"interactions p95 {worst:.1f} ms (budget {budget}), cold p95 {percentile(results['cold'], 0.95):.1f} ms, "
              f"step p95 {step:.1f} ms (budget {STEP_BUDGET_MS}); baseline ÷ cold ask "
              f"{baseline / max(percentile(results['cold'], 0.5), 1e-9):.1f}×")
        met = worst <= budget and step <= STEP_BUDGET_MS
        print(f"budget: {'met' if met else 'MISSED'}")
        ok = ok and met
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
