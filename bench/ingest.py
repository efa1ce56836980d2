"""Bulk ingest throughput: environment records/s through `POST /api/v1/ingest/environment` (a real uvicorn
server on a free port, JSON batches over HTTP) against the raw write path (no HTTP) as the baseline measured in
the same run, on SQLite and on PostgreSQL. Budget: ≥ 20,000 records/s over HTTP on each database.

    .venv/bin/python bench/ingest.py [--records 200000] [--batch 10000] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

BUDGET = 20_000


def records(stations: list[str], n: int, offset: int) -> list[dict]:
    """n distinct pm25 readings (one a minute per station), starting `offset` records into the timeline."""
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    return [{"station": stations[i % len(stations)], "ts": (t0 + timedelta(minutes=i // len(stations))).isoformat(),
             "parameter": "pm25", "value": 10.0 + (i % 97)} for i in range(offset, offset + n)]


def services_on(url: str, data_dir: Path):
    from data.ingest.registry import load_registries
    from data.store.db import Engines, make_engine
    from data.store.schema import migrate
    from data.store.settings import Settings
    from data.wiring.services import Services
    from geo.pack import load_pack

    engine = make_engine(url) if url.startswith("sqlite") else create_engine(url, pool_size=5)
    migrate(engine)
    engines = Engines.single(engine)
    pack = load_pack("thanh_hoa")
    load_registries(engines, pack)
    settings = Settings(data_dir=data_dir, demo=False, ingest_rate="100000/minute", _env_file=None)
    return Services(settings, engines, pack)


def raw(url: str, data_dir: Path, n: int, batch: int) -> float:
    services = services_on(url, data_dir)
    stations = sorted(services.registry.entities("environment"))
    bodies = [records(stations, batch, start) for start in range(0, n, batch)]
    services.write_path.write("environment", records(stations, 1000, n), "bench/raw")  # warm-up, not timed
    started = time.perf_counter()
    accepted = sum(services.write_path.write("environment", body, "bench/raw").accepted for body in bodies)
    elapsed = time.perf_counter() - started
    services.engines.dispose()
    assert accepted == n, accepted
    return n / elapsed


def http(url: str, data_dir: Path, n: int, batch: int) -> float:
    import uvicorn
    from fastapi import FastAPI

    import api
    from data.ingest.tokens import TokenStore
    from data.wiring.services import set_services

    services = services_on(url, data_dir)
    set_services(services)
    server_app = FastAPI()
    api.mount(server_app)
    from tests.live_server import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(server_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    token = TokenStore(services.engines.main).issue(f"bench-{uuid.uuid4().hex[:8]}", "environment")
    stations = sorted(services.registry.entities("environment"))
    bodies = [json.dumps(records(stations, batch, start)).encode() for start in range(0, n, batch)]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            warm_up = json.dumps(records(stations, 1000, n)).encode()
            client.post("/api/v1/ingest/environment", content=warm_up, headers=headers).raise_for_status()
            started = time.perf_counter()
            accepted = 0
            for body in bodies:
                response = client.post("/api/v1/ingest/environment", content=body, headers=headers)
                response.raise_for_status()
                accepted += response.json()["accepted"]
            elapsed = time.perf_counter() - started
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        set_services(None)
        services.engines.dispose()
    assert accepted == n, accepted
    return n / elapsed


def pg_schema_url(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with create_engine(base).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    with create_engine(base).begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"environment records: {args.records:,} in batches of {args.batch:,}; budget {BUDGET:,}/s over HTTP")
    failed = False
    for name in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            figures = {}
            for mode, run in (("raw", raw), ("http", http)):
                if name == "sqlite":
                    url, schema = f"sqlite:///{tmp_path / f'{mode}.db'}", None
                else:
                    url, schema = pg_schema_url(args.pg)
                try:
                    figures[mode] = run(url, tmp_path, args.records, args.batch)
                finally:
                    if schema:
                        drop_schema(args.pg, schema)
            ok = figures["http"] >= BUDGET
            failed |= not ok
            print(f"{name:>10}: write path {figures['raw']:>9,.0f} rec/s | HTTP ingest {figures['http']:>9,.0f} rec/s"
                  f" | ratio HTTP/write path {figures['http'] / figures['raw']:.2f}"
                  f" | budget {'met' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
