"""A pack at province scale on SQLite: the time to load it, to set up its database, to run simulator ticks, to
evaluate the alert rules and to build the overview map's traces, and the size of the boundaries the map fetches.

    .venv/bin/python bench/province.py [--city thanh_hoa_province] [--history-minutes 60] [--ticks 20]

Figures are medians over the repeats (first calls, which fill caches, are shown apart).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(call, repeat: int = 1) -> tuple[float, float, object]:
    """(first call ms, median of the next `repeat` calls ms, the last result)."""
    start = time.perf_counter()
    result = call()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times) if times else first, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", default="thanh_hoa_province")
    parser.add_argument("--history-minutes", type=int, default=60)
    parser.add_argument("--ticks", type=int, default=20)
    args = parser.parse_args(argv)

    from geo.pack import load_pack, wards_geojson

    rows: list[tuple[str, str]] = []
    start = time.perf_counter()
    pack = load_pack(args.city)
    rows.append(("load the pack", f"{(time.perf_counter() - start) * 1000:.0f} ms"))
    rows.append(("units / segments / cameras / stations / response units",
                 f"{len(pack.wards)} / {len(pack.roads)} / {len(pack.cameras)} / {len(pack.stations)} / "
                 f"{len(pack.response_units)}"))
    first, _, geo = timed(lambda: wards_geojson(pack))
    body = json.dumps(geo, ensure_ascii=False, separators=(",", ":")).encode()
    rows.append(("map boundaries (coverage-simplified, once per process)", f"{first:.0f} ms"))
    rows.append(("map boundaries size (raw / gzip)", f"{len(body) / 1e6:.2f} MB / {len(gzip.compress(body)) / 1e6:.2f} MB"))

    from data.demo.live import LiveSimulator
    from data.demo.seed import write_window
    from data.demo.simulation import CitySimulation
    from data.providers.alerts import AlertsProvider
    from data.store.settings import Settings
    from data.wiring.services import Services, set_services
    from data.wiring.setup import migrate_all

    with tempfile.TemporaryDirectory() as folder:
        services = Services.create(Settings(data_dir=Path(folder), city=args.city, demo=False, _env_file=None))
        start = time.perf_counter()
        migrate_all(services)
        rows.append(("migrate and load the registries (SQLite)", f"{(time.perf_counter() - start) * 1000:.0f} ms"))
        sim = CitySimulation(services.pack)
        clock_now = [services.traffic.reading_span()[1]]
        from data.store.db import utcnow

        now = utcnow().replace(microsecond=0)
        start = time.perf_counter()
        counts = write_window(services.write_path, sim, now - timedelta(minutes=args.history_minutes), now)
        rows.append((f"write {args.history_minutes} min of history ({sum(counts.values())} records)",
                     f"{(time.perf_counter() - start) * 1000:.0f} ms"))
        clock_now[0] = now
        live = LiveSimulator(services.write_path, sim, services.traffic, interval_s=5.0, clock=lambda: clock_now[0])

        def tick():
            clock_now[0] += timedelta(seconds=5)
            return live.tick()

        first, median, _ = timed(tick, args.ticks)
        rows.append(("simulator tick of 5 s (first / median)", f"{first:.0f} ms / {median:.0f} ms"))
        alerts = AlertsProvider.from_services(services, clock=lambda: clock_now[0])
        first, median, _ = timed(lambda: alerts.evaluate(clock_now[0]), 5)
        rows.append(("alert rules evaluated (first / median)", f"{first:.0f} ms / {median:.0f} ms"))

        set_services(services)
        try:
            from callbacks.domains import module
            from callbacks.overview import refresh_overview
            from layouts.domains import views

            for view in views():
                first, median, traces = timed(lambda name=view.name: module(name).map_traces("vi"), 5)
                size = len(json.dumps(traces, separators=(",", ":")))
                rows.append((f"overview map traces: {view.name} (first / median, JSON)",
                             f"{first:.0f} ms / {median:.0f} ms, {size / 1e6:.2f} MB"))

            def pushed() -> dict:
                return {"versions": services.watcher.snapshot()[1]}

            start = time.perf_counter()
            figure, *_cards, _updated, seen = refresh_overview(pushed(), None, "vi")
            size = len(json.dumps(figure.to_plotly_json(), separators=(",", ":")))
            rows.append(("overview map callback, first draw (every domain)",
                         f"{(time.perf_counter() - start) * 1000:.0f} ms, {size / 1e6:.2f} MB"))
            updates = []
            for _ in range(5):
                clock_now[0] += timedelta(minutes=1)
                live.tick()
                services.watcher.refresh()
                start = time.perf_counter()
                figure, *_cards, _updated, seen = refresh_overview(pushed(), seen, "vi")
                updates.append(((time.perf_counter() - start) * 1000,
                                len(json.dumps(getattr(figure, "to_plotly_json", lambda: {})(),
                                               separators=(",", ":")))))
            rows.append(("overview map callback after a minute of ticks (median ms, MB sent)",
                         f"{statistics.median(u[0] for u in updates):.0f} ms, "
                         f"{statistics.median(u[1] for u in updates) / 1e6:.2f} MB"))
            codes = pack.wards["code"].tolist()
            values = {"type": "choroplethmap", "geojson": "/api/v1/geo/wards.geojson", "featureidkey": "id",
                      "locations": codes, "z": [round(float(i % 97), 1) for i in range(len(codes))]}
            rows.append(("a choropleth of every unit by URL (values only, JSON)",
                         f"{len(json.dumps(values, separators=(',', ':'))) / 1e3:.1f} kB"))
        finally:
            set_services(None)
            services.engines.dispose()

    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
