"""`cityops bench` answers every question on both databases, and its baselines (naive pandas, DuckDB on the raw
rows) give the providers' answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from data.commands import bench
from data.demo.seed import write_window
from data.demo.simulation import CitySimulation
from data.ingest.write_path import WritePath
from data.wiring.commands import bench as bench_command

NOW = datetime(2026, 11, 20, 9, 41, tzinfo=UTC)


def test_bench_baselines_agree_with_the_providers(db_services):
    write = WritePath(db_services.engines, db_services.registry, clock=lambda: NOW, offset_hours=7)
    write_window(write, CitySimulation(db_services.pack, seed=3), NOW - timedelta(days=3), NOW, bulk=True)
    report = bench.run(db_services, runs=1, baseline_runs=1)
    assert report["days"] == 3 and report["raw_rows"]["traffic_obs"] > 10_000
    results = {r["question"]: r for r in report["results"]}
    assert set(results) == {name for name, _, _ in bench.questions(bench.window_of(db_services))}
    compared = {(q, base): r[base]["agrees"] for q, r in results.items() for base in ("pandas", "duckdb") if base in r}
    assert len(compared) == 5 and all(compared.values()), compared
    assert results["traffic: city by day"]["rows"] == 3 and results["traffic: one ward by day"]["rows"] == 3
    assert all(r["budget_ms"] == 200.0 for r in results.values() if r["scope"] == "range")
    text = bench.table(report)
    assert "traffic: city by day" in text and "DIFFERS" not in text


def test_bench_command_writes_its_table_as_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench_command.main(["--seed-days", "1", "--runs", "1", "--json", str(out)]) == 0
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert reports[0]["database"] == "sqlite" and reports[0]["results"]
    assert "p50 ms" in capsys.readouterr().out
